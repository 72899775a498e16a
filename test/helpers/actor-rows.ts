/** Fixtures of the actor diagnostics views (actors/diagnostics/): rows, actors and node snapshots. */
import type { ActorDiagnostics } from '../../actors/core/diagnostics.js';
import type { ActorRow } from '../../actors/diagnostics/actor-rows.js';
import { actorOf, type NodeSnapshot } from '../../actors/diagnostics/snapshot-reading.js';

/** A row of node1, every figure 0 unless given. */
export const actorRow = (actor: string, fields: Partial<ActorRow> = {}): ActorRow => ({
  node: 'node1',
  at: 0,
  actor,
  status: 'running',
  depth: 0,
  highWater: 0,
  oldestAgeMs: 0,
  ratePerS: null,
  processed: 0,
  handlingP99Us: 0,
  waitingP99Us: 0,
  failed: 0,
  dropped: 0,
  restarts: 0,
  lastType: '',
  ...fields,
});

/** A running actor with the mailbox figures given, the others 0. */
export const actorWith = (name: string, mailbox: Partial<ActorDiagnostics['mailbox']> = {}, restarts = 0): ActorDiagnostics => ({
  ...actorOf({ name, status: 'running', restarts }),
  mailbox: { ...actorOf({}).mailbox, ...mailbox },
});

/** A snapshot of `node` taken `uptimeS` seconds after its start, without dead letters or peers. */
export const snapshotOf = (node: string, uptimeS: number, actors: readonly ActorDiagnostics[]): NodeSnapshot => ({
  node,
  at: 1000 + uptimeS,
  uptimeS,
  actors,
  deadLetters: { total: 0, byReason: {} },
});
