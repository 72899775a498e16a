/**
 * The types a plugin written in TypeScript needs, in one place (docs/extending.md): the package
 * exports this module as `supvisors-ts/plugin`. Types only: a plugin imports them with
 * `import type`, and its compiled module imports nothing from the package.
 */
export type { ActorHost, PluginDescription, PluginEvent, PluginKind, RunningFailure } from './protocol.js';
export type { ConciliationAction, ConflictInstance, ConflictingProcess } from '../strategies/conciliation.js';
export type { PlacementContext, PlacementInput, ScoredCandidate } from '../strategies/placement.js';
