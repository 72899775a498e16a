/**
 * JSON Schemas (TypeBox) of the `supvisors.*` results: the structures S1..S10 of
 * spec/xmlrpc.md §5, as our payload builders (payloads/, cluster/state-modes.ts) write them.
 */
import { Type } from '@sinclair/typebox';

// Placeholders until each structure is written down.
export const SupvisorsStateInfo = Type.Unknown();
export const InstanceStateModes = Type.Unknown();
export const MasterIdentifier = Type.Unknown();
export const Strategies = Type.Unknown();
export const StatisticsStatus = Type.Unknown();
export const NetworkInfo = Type.Unknown();
export const InstanceInfo = Type.Unknown();
export const ApplicationInfo = Type.Unknown();
export const ApplicationRules = Type.Unknown();
export const ProcessInfo = Type.Unknown();
export const LocalProcessInfo = Type.Unknown();
export const InnerProcessInfo = Type.Unknown();
export const ProcessRules = Type.Unknown();
export const TestStartEntry = Type.Unknown();
export const ActorDiagnostics = Type.Unknown();
