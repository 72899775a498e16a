/**
 * A plugin template (docs/extending.md): copy this file, keep the function of the kind you write,
 * delete the other three, set `name` and `kind`, and name the compiled file in the `plugins`
 * option. (template.mjs, beside it, is the same in plain JavaScript.)
 *
 * As it is, this module loads: a starting strategy MY_STRATEGY that places like CONFIG (the first
 * valid candidate).
 *
 * Every plugin runs in a worker thread of its own, one call at a time. A call that takes longer
 * than `plugin_timeout` (default 5 s), or throws, or a worker that exits, gets the worker
 * terminated and started again: the module is imported again, its state starts afresh. Data in
 * and out is plain data (copied between threads): no functions, no class instances.
 */
// Outside these sources, with the package installed: from 'supvisors-ts/plugin'.
import type { ActorHost, ConciliationAction, ConflictingProcess, PlacementInput, PluginEvent, RunningFailure } from '../../plugin-worker/plugin-types.js';

/** The name users select: upper case (`[A-Z][A-Z0-9_]*`), not a built-in name of its kind, unique among the plugins. */
export const name = 'MY_STRATEGY';

/** `'starting'` (choose), `'running_failure'` (decide), `'conciliation'` (conciliate) or `'actor'` (start). */
export const kind = 'starting';

/**
 * starting: where one process (or, for a SINGLE_INSTANCE application, the whole application)
 * starts. Called once per placement and must answer at once (no promise).
 * - `input.candidates`: the instances it may start on, in the order of its rule's identifiers,
 *   each `{ identifier, machineId, valid, nodeLoading, instanceLoading }`; `valid` is false when
 *   its node would go over 100 % with this load;
 * - `input.load`: the expected_loading to place;
 * - `input.localIdentifier`: the instance asking.
 * Answer the identifier of a VALID candidate, or null when none fits (the start then fails with
 * "No resource available").
 */
export function choose(input: PlacementInput): string | null {
  return input.candidates.find((candidate) => candidate.valid)?.identifier ?? null;
}

/**
 * running_failure: what to do about one failed process, asked on the Master.
 * - `failure.namespec`, `failure.application`: the process and its application;
 * - `failure.cause`: 'crash' (exited unexpectedly or FATAL) or 'instance_lost' (its instance is lost);
 * - `failure.state`, `failure.applicationState`: their states now;
 * - `failure.sequenced`: whether it is in its application's start sequence.
 * Answer a built-in running failure strategy: CONTINUE, RESTART_PROCESS, STOP_APPLICATION,
 * RESTART_APPLICATION, SHUTDOWN or RESTART. Anything else, an exception or a timeout: CONTINUE.
 */
export function decide(failure: RunningFailure): string {
  return failure.cause === 'instance_lost' ? 'RESTART_PROCESS' : 'CONTINUE';
}

/**
 * conciliation: how to end the conflicts (processes running on several instances), asked on the
 * Master. Each conflict is `{ namespec, instances: [{ identifier, state, startMonotonic,
 * nowMonotonic }] }` (both times on that instance's monotonic clock, in seconds).
 * Answer a list of actions, each one of
 * - `{ kind: 'stop', namespec, identifiers }`: stop it on these instances;
 * - `{ kind: 'restart', namespec }`: stop it everywhere and start it once;
 * - `{ kind: 'running-failure', namespec }`: apply its running failure strategy.
 * A conflict without action stays for the operator; an exception or a timeout: no action at all.
 */
export function conciliate(conflicts: readonly ConflictingProcess[]): ConciliationAction[] {
  return conflicts.map((conflict) => ({ kind: 'restart', namespec: conflict.namespec }));
}

/**
 * actor: an actor started with the node and stopped with it, fed with the node's event stream
 * (`{ header, body }`, as the event stream publishes them, docs/events.md). `headers`
 * (optional) chooses the headers it follows among supvisors, instance, application, process,
 * event, hstats, pstats, process_added and application_added; all when absent.
 * - `host.call(method, params)`: any XML-RPC method of this node, e.g.
 *   `await host.call('supvisors.get_application_info', ['my_app'])`;
 * - `host.log(level, text)`: a line in supvisorsd's log, level 'info', 'warn' or 'error'.
 * Return `{ receive(event), stop() }` (`stop` optional; each may return a promise).
 */
export const headers = ['process'];

export function start(host: ActorHost): { receive(event: PluginEvent): void; stop(): void } {
  host.log('info', 'started');
  return {
    receive(event) {
      host.log('info', `received ${event.header}`);
    },
    stop() {
      host.log('info', 'stopped');
    },
  };
}
