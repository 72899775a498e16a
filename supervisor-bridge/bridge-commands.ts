import type { ReplyTo } from '../actors/core/index.js';
import { describeError, isSupvisorsError, rpcFault, toError } from '../errors/errors.js';
import { Faults } from '../errors/faults.js';
import { pythonList } from '../errors/python-text.js';
import type { BridgeState, Waiter } from './bridge-state.js';
import { ARGS_DIR_VARIABLE, SHIM_NAME, usesShim } from './extra-args.js';
import type { LocalProcess } from '../supervisor/local-process.js';
import type { BatchOutcome } from './messages.js';
import type { BatchFault } from '../supervisor/records.js';
import type { LocalModel } from './model.js';
import { hasProcessNumber } from '../supervisor/program-map.js';
import { toMulticallFaults, toProcessInfo } from '../supervisor/records.js';
import { RUNNING_STATES } from '../vocabulary/supervisor-states.js';
import { namespecKey, namespecOf } from '../supervisor/namespec.js';

/**
 * The commands of the bridge: start with extra arguments, stop, both also in batches,
 * enable/disable, numprocs. Each checks its parameters against the local model (faults as
 * spec/xmlrpc.md §7.3), acts through supervisord, and answers now or through a waiter (the
 * XML-RPC "deferred" result).
 */

const isRunning = (process: LocalProcess): boolean => RUNNING_STATES.includes(process.state) || process.state === 'STOPPING';
const keyOf = (process: LocalProcess): string => namespecOf(process.group, process.name);

/** Resolves a namespec (`name`, `group:name`) to its model key. */
function resolve(state: BridgeState, spec: string): LocalProcess | undefined {
  return state.model.get(namespecKey(spec));
}

/** Waits (bounded) until the processes of a program are stopped, then answers true or STILL_RUNNING. */
function untilStopped(state: BridgeState, program: string, names: readonly string[], replyTo: ReplyTo<boolean>): Waiter {
  const margin = Math.max(...state.processesOf(program).map((process) => process.stopwaitsecs), 10) + 5;
  const still = (): string[] => names.filter((key) => {
    const process = state.model.get(key);
    return process !== undefined && isRunning(process);
  });
  return {
    check: () => (still().length === 0 ? true : undefined),
    settle: (outcome) => (outcome === true ? replyTo.reply(true) : replyTo.fail(outcome)),
    deadline: Date.now() + margin * 1000,
    onTimeout: () => rpcFault('STILL_RUNNING', `processes=${pythonList(still())}`),
  };
}

/**
 * Whether supervisord itself still runs a process the model shows running: the model follows
 * supervisord one event behind, and a client may start a process right after its
 * supervisor.stopProcess returned (Supvisors' restart does), before the STOPPED event is read.
 */
async function stillRunning(state: BridgeState, key: string): Promise<boolean> {
  const info = toProcessInfo(await state.client.call('supervisor.getProcessInfo', [key]));
  return RUNNING_STATES.includes(info.state) || info.state === 'STOPPING';
}

/**
 * The checks of a start (faults as spec/xmlrpc.md §7.3, in Supvisors' order), then its extra
 * arguments stored for the shim and set in the model. Answers the `group:name` to start.
 */
async function checkStart(state: BridgeState, spec: string, extraArgs: string): Promise<string> {
  if (spec.endsWith(':*')) throw rpcFault('BAD_NAME', `namespec=${spec}: start_args starts one process, not a group`);
  const process = resolve(state, spec);
  if (process === undefined) throw rpcFault('BAD_NAME', `namespec=${spec} unknown to Supervisor`);
  const key = keyOf(process);
  if (process.disabled) throw rpcFault('DISABLED', key);
  if (isRunning(process) && (await stillRunning(state, key))) throw rpcFault('ALREADY_STARTED', key);
  const store = state.options.extraArgs;
  if (usesShim(process.command) && store !== undefined) {
    try {
      store.write(process.group, process.name, extraArgs);
    } catch (thrown) {
      throw rpcFault('INCORRECT_PARAMETERS', `extra_args=${extraArgs}: ${describeError(thrown)}`);
    }
  } else if (extraArgs.trim() !== '') {
    throw rpcFault(
      'NOT_APPLICABLE',
      usesShim(process.command)
        ? `extra arguments need ${ARGS_DIR_VARIABLE} in the environment of supervisord ([supervisord] environment)`
        : `program=${process.programName} does not take extra arguments: its command must start with ${SHIM_NAME}`,
    );
  }
  state.replace({ ...process, extraArgs: extraArgs.trim() });
  return key;
}

export async function startArgs(state: BridgeState, spec: string, extraArgs: string, wait: boolean, replyTo: ReplyTo<boolean>): Promise<void> {
  const key = await checkStart(state, spec, extraArgs);
  // monotonic, not the epoch second: a previous run started earlier in the same second must not pass for this one
  const startedAt = state.clock().monotonic;
  state.client.call('supervisor.startProcess', [key, wait]).then(
    () => state.tellSelf({ type: 'started', key, startedAt, wait, replyTo }),
    (thrown: unknown) => replyTo.fail(toError(thrown)),
  );
}

/** The check of a stop: a known process. Answers the `group:name` to stop. */
function checkStop(state: BridgeState, spec: string): string {
  const process = resolve(state, spec);
  if (process === undefined) throw rpcFault('BAD_NAME', `namespec=${spec} unknown to Supervisor`);
  return keyOf(process);
}

/** Asks supervisord to stop a process, without waiting: NOT_RUNNING and BAD_NAME come back as faults. */
export function stopProcess(state: BridgeState, spec: string, replyTo: ReplyTo<boolean>): void {
  state.client.call('supervisor.stopProcess', [checkStop(state, spec), false]).then(
    () => replyTo.reply(true),
    (thrown: unknown) => replyTo.fail(toError(thrown)),
  );
}

/** One item of a batch after its checks: the `group:name` to send, or its refusal. */
type CheckedItem = { readonly namespec: string; readonly key: string } | { readonly namespec: string; readonly fault: BatchFault };

/** A refusal as plain data, to travel in a batch's outcomes. */
function toBatchFault(thrown: unknown): BatchFault {
  return isSupvisorsError(thrown) ? { code: thrown.faultCode, text: thrown.faultString } : { code: Faults.FAILED, text: `FAILED: ${describeError(thrown)}` };
}

/**
 * The items that passed their checks, sent to supervisord as one system.multicall of `method`
 * (`[group:name, false]`: no wait, so supervisord defers none of them). Answers one outcome per
 * item in the order given; when the multicall itself fails, each item sent carries its fault.
 */
function sendBatch(
  state: BridgeState,
  method: 'supervisor.startProcess' | 'supervisor.stopProcess',
  items: readonly CheckedItem[],
  replyTo: ReplyTo<readonly BatchOutcome[]>,
): void {
  const outcomes = (faults: readonly (BatchFault | undefined)[]): BatchOutcome[] => {
    let sent = 0;
    return items.map((item) => {
      const fault = 'fault' in item ? item.fault : faults[sent++];
      return fault === undefined ? { namespec: item.namespec } : { namespec: item.namespec, fault };
    });
  };
  const keys = items.flatMap((item) => ('key' in item ? [item.key] : []));
  if (keys.length === 0) return replyTo.reply(outcomes([]));
  state.client.call('system.multicall', [keys.map((key) => ({ methodName: method, params: [key, false] }))]).then(
    (answer) => {
      let faults: (BatchFault | undefined)[];
      try {
        faults = toMulticallFaults(answer, keys.length);
      } catch (thrown) {
        faults = keys.map(() => toBatchFault(thrown));
      }
      replyTo.reply(outcomes(faults));
    },
    (thrown: unknown) => replyTo.reply(outcomes(keys.map(() => toBatchFault(thrown)))),
  );
}

/**
 * `start-args` without wait for several processes, in one request to supervisord. Each item is
 * checked as a `start-args`, in the order given (a namespec given twice passes twice: supervisord
 * refuses the second with ALREADY_STARTED). supervisord's acceptance is the whole answer, as
 * afterStart answers a start without wait at once: the model follows from supervisord's events.
 */
export async function startBatch(
  state: BridgeState,
  starts: readonly { namespec: string; extraArgs: string }[],
  replyTo: ReplyTo<readonly BatchOutcome[]>,
): Promise<void> {
  const items: CheckedItem[] = [];
  for (const { namespec, extraArgs } of starts) {
    try {
      items.push({ namespec, key: await checkStart(state, namespec, extraArgs) });
    } catch (thrown) {
      items.push({ namespec, fault: toBatchFault(thrown) });
    }
  }
  sendBatch(state, 'supervisor.startProcess', items, replyTo);
}

/** `stop-process` for several processes, in one request to supervisord. */
export function stopBatch(state: BridgeState, namespecs: readonly string[], replyTo: ReplyTo<readonly BatchOutcome[]>): void {
  const items = namespecs.map((namespec): CheckedItem => {
    try {
      return { namespec, key: checkStop(state, namespec) };
    } catch (thrown) {
      return { namespec, fault: toBatchFault(thrown) };
    }
  });
  sendBatch(state, 'supervisor.stopProcess', items, replyTo);
}

/**
 * Answers a start once the model shows what supervisord has done: with wait, supervisord answers
 * when the process is RUNNING, and a get_local_process_info right after must agree, while the
 * events of the start may still be on their way. The new run is the one whose STARTING was seen
 * after the call (`startMonotonic`, stamped at the event). Bounded: true anyway after a few seconds.
 */
export function afterStart(state: BridgeState, started: { key: string; startedAt: number; wait: boolean; replyTo: ReplyTo<boolean> }): void {
  const { key, startedAt, replyTo } = started;
  const caughtUp = (model: LocalModel): boolean => {
    const process = model.get(key);
    return process === undefined || (process.startMonotonic >= startedAt && process.state !== 'STARTING');
  };
  if (!started.wait || caughtUp(state.model)) return replyTo.reply(true);
  state.waiters.add({
    check: (model) => (caughtUp(model) ? true : undefined),
    settle: (outcome) => (outcome === true ? replyTo.reply(true) : replyTo.fail(outcome)),
    deadline: Date.now() + 5000,
    onTimeout: () => true,
  });
}

function knownProgram(state: BridgeState, program: string): void {
  if (!state.knowsProgram(program)) throw rpcFault('BAD_NAME', `program=${program} unknown to Supvisors`);
}

export function setDisabled(state: BridgeState, program: string, disabled: boolean, wait: boolean, replyTo: ReplyTo<boolean>): void {
  knownProgram(state, program);
  if (disabled) state.disabledPrograms.add(program);
  else state.disabledPrograms.delete(program);
  state.persistDisabilities();
  const processes = state.processesOf(program);
  // Enabling resets the start of the stopped processes to 0, as Supvisors 0.19 does.
  for (const process of processes) state.replace(disabled ? { ...process, disabled } : state.resetStart({ ...process, disabled }));
  if (disabled) {
    const running = processes.filter(isRunning).map(keyOf);
    for (const key of running) state.stop(key, `program ${program} disabled`);
    if (!wait || running.length === 0) return replyTo.reply(true);
    state.waiters.add(untilStopped(state, program, running, replyTo));
    state.checkWaiters();
    return;
  }
  // Enabling lets autostart act on the STOPPED processes, as supervisord's transition does once 0.19 reset their start.
  for (const process of processes) {
    if (process.autostart && process.state === 'STOPPED') {
      state.client.call('supervisor.startProcess', [keyOf(process), false]).catch((thrown: unknown) => {
        state.log.error(`autostart of ${keyOf(process)} after enable failed: ${describeError(thrown)}`);
      });
    }
  }
  replyTo.reply(true);
}

export async function updateNumprocs(
  state: BridgeState,
  program: string,
  numprocs: number,
  options: { wait: boolean; lazy: boolean },
  replyTo: ReplyTo<boolean>,
): Promise<void> {
  knownProgram(state, program);
  if (!Number.isInteger(numprocs) || numprocs <= 0) {
    throw rpcFault('INCORRECT_PARAMETERS', `program=${program} incorrect numprocs=${numprocs} - integer > 0 expected`);
  }
  const section = state.sections.find((candidate) => candidate.name === program);
  if (section === undefined || !hasProcessNumber(section)) throw rpcFault('NOT_APPLICABLE', `numprocs not applicable to program=${program}`);
  if (numprocs > section.numprocs) {
    throw rpcFault(
      'NOT_APPLICABLE',
      `numprocs=${numprocs} exceeds ${section.numprocs}, the numprocs of program=${program} in its section: raise it there and run supervisorctl update`,
    );
  }
  const current = state.numprocs.get(program) ?? section.numprocs;
  if (numprocs === current) return replyTo.reply(true);
  if (numprocs === section.numprocs) state.numprocs.delete(program);
  else state.numprocs.set(program, numprocs);
  state.persistNumprocs();
  if (numprocs > current) {
    await state.resync(`numprocs of ${program} raised to ${numprocs}`);
    for (const process of state.processesOf(program)) {
      if (process.processIndex >= current && process.autostart && !isRunning(process)) {
        state.client.call('supervisor.startProcess', [keyOf(process), false]).catch((thrown: unknown) => {
          state.log.error(`autostart of ${keyOf(process)} failed: ${describeError(thrown)}`);
        });
      }
    }
    return replyTo.reply(true);
  }
  const obsolete = state.processesOf(program).filter((process) => process.processIndex >= numprocs);
  const running = obsolete.filter(isRunning).map(keyOf);
  if (!options.lazy) for (const key of running) state.stop(key, `numprocs of ${program} reduced to ${numprocs}`);
  await state.resync(`numprocs of ${program} reduced to ${numprocs}`);
  if (options.lazy || !options.wait || running.length === 0) return replyTo.reply(true);
  state.waiters.add(untilStopped(state, program, running, replyTo));
  state.checkWaiters();
}
