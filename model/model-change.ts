/**
 * One change of the cluster model, as its owner (the context actor) tells it to the actors that
 * follow it (starter, stopper, failure handler, event feed): the model after the change, the
 * namespecs it touched, and its one cause when it has one.
 */
import type { ClusterModel } from './cluster-model.js';
import type { LocalProcess } from '../supervisor/local-process.js';
import type { ProcessState } from '../vocabulary/supervisor-states.js';

export interface ModelChange {
  readonly model: ClusterModel;
  readonly namespecs: readonly string[];
  /** Those that ran on an instance just lost and now run nowhere. */
  readonly lost?: { readonly from: string; readonly namespecs: readonly string[] };
  /** The one report behind this change (a process event of an instance). */
  readonly reported?: { readonly identifier: string; readonly process: LocalProcess; readonly disabledChanged: boolean };
  /** A process an instance no longer has (removed from its configuration, numprocs). */
  readonly removed?: { readonly identifier: string; readonly group: string; readonly name: string };
  /** A state forced by the starter (no resource, a refused start). */
  readonly forced?: { readonly namespec: string; readonly state: ProcessState; readonly reason: string };
}
