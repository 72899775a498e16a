/**
 * Application and process control (spec/xmlrpc.md §7.2, §7.3): start, stop and restart of
 * applications and processes, start_any_process. Parameters are checked here (strategy,
 * names against the cluster model, faults in the spec's order); the work is the starter's and
 * the stopper's, whose deferred answers are these methods' deferred results (`wait`).
 */
import type { ActorRef } from '../../actors/core/index.js';
import type { ContextMessage } from '../../actors/context/messages.js';
import type { StarterMessage } from '../../actors/starter/messages.js';
import type { TestStartEntry } from '../../actors/starter/placement-inputs.js';
import type { StopperMessage } from '../../actors/stopper/messages.js';
import { isSupvisorsError, rpcFault } from '../../errors/errors.js';
import type { FaultName } from '../../errors/faults.js';
import type { ClusterModel } from '../../model/cluster-model.js';
import type { ConciliatorMessage } from '../../actors/conciliator/conciliator.js';
import { implement, type Implementation } from '../xmlrpc/method.js';
import { parseEnumParam } from './enum-param.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';
import { conciliationStrategyNames, startingStrategyNames } from '../../vocabulary/strategies.js';
import { splitNamespec } from '../../supervisor/namespec.js';
import type { ClusterView } from '../../actors/state-machine/view.js';
import { resolveNames } from '../../cluster/instances.js';
import { SHIM_NAME, usesShim } from '../../supervisor-bridge/extra-args.js';

export interface ControlMethodsDeps {
  readonly context: ActorRef<ContextMessage>;
  readonly starter: ActorRef<StarterMessage>;
  readonly stopper: ActorRef<StopperMessage>;
  readonly conciliator: ActorRef<ConciliatorMessage>;
  /** The instances list, for the identifier of stop_process_on. */
  readonly view: Pick<ClusterView, 'list'>;
  /** Every strategy name of a kind accepted: the built-ins first (their index is their wire value), then plugins'. */
  readonly strategyNames: (kind: 'starting' | 'conciliation') => readonly string[];
}

/** A deferred start / stop can take as long as its jobs: the actors' own timeouts bound it. */
const NO_TIMEOUT_MS = 24 * 3600 * 1000;

/** `strategy` given as a name or as the built-in's int value (§3.6). */
export function parseStrategy(value: XmlRpcValue | undefined, names: readonly string[]): string {
  return parseEnumParam(value, names, startingStrategyNames, "<enum 'StartingStrategies'>");
}

/** The namespecs a `name`, `group:name` or `group:*` (or `group:`, as Supervisor reads it) stands for, or the BAD_NAME fault. */
export function resolveNamespec(model: ClusterModel, spec: string): string[] {
  const { application, process } = splitNamespec(spec);
  if (!model.applications.includes(application)) throw rpcFault('BAD_NAME', `application=${application} unknown to Supvisors`);
  const members = [...model.processes.values()].filter((record) => record.application === application);
  if (process === undefined) return members.map((record) => record.namespec);
  const found = members.find((record) => record.name === process);
  if (found === undefined) throw rpcFault('BAD_NAME', `process=${process} unknown in application=${application}`);
  return [found.namespec];
}

/**
 * Extra arguments reach a program only through the `supvisors-args` shim (docs/configuration.md,
 * "Extra arguments"): a start with extra arguments of a process whose command does not use it on
 * an instance that has it is refused before anything is stopped or started, as start_args refuses it.
 */
export function checkExtraArgs(model: ClusterModel, namespecs: readonly string[], extraArgs: string): void {
  if (extraArgs.trim() === '') return;
  for (const namespec of namespecs) {
    const without = [...(model.processes.get(namespec)?.infos.values() ?? [])].find((info) => !usesShim(info.command));
    if (without !== undefined) throw rpcFault('NOT_APPLICABLE', `program=${without.programName} does not take extra arguments: its command must start with ${SHIM_NAME}`);
  }
}

const str = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');
const isFault = (error: unknown, fault: FaultName): boolean => isSupvisorsError(error) && error.fault === fault;

/**
 * restart_application / restart_process: stop (nothing running is fine), then start; when
 * neither could act, `ABNORMAL_TERMINATION: failed to restart <what>`.
 */
async function restart(what: string, stop: () => Promise<boolean>, start: () => Promise<boolean>): Promise<boolean> {
  const stopped = await stop().then(
    () => true,
    (error: unknown) => {
      if (isFault(error, 'NOT_RUNNING')) return false;
      throw error;
    },
  );
  return start().catch((error: unknown) => {
    if (!stopped) throw rpcFault('ABNORMAL_TERMINATION', `failed to restart ${what}`);
    throw error;
  });
}

export function controlMethods(deps: ControlMethodsDeps): Implementation[] {
  const model = (): Promise<ClusterModel> => deps.context.ask<ClusterModel>((replyTo) => ({ type: 'get-model', replyTo }));
  const startApplication = (strategy: string, application: string, wait: boolean): Promise<boolean> =>
    deps.starter.ask<boolean>((replyTo) => ({ type: 'start-application', application, strategy, wait, replyTo }), NO_TIMEOUT_MS);
  const stopApplication = (application: string, wait: boolean): Promise<boolean> =>
    deps.stopper.ask<boolean>((replyTo) => ({ type: 'stop-application', application, wait, replyTo }), NO_TIMEOUT_MS);
  const startProcesses = (strategy: string, namespecs: readonly string[], extraArgs: string, wait: boolean, given?: string): Promise<boolean> =>
    deps.starter.ask<boolean>((replyTo) => ({ type: 'start-processes', namespecs, strategy, extraArgs, wait, replyTo, ...(given === undefined ? {} : { given }) }), NO_TIMEOUT_MS);
  const stopProcesses = (namespecs: readonly string[], wait: boolean, identifiers?: readonly string[]): Promise<boolean> =>
    deps.stopper.ask<boolean>((replyTo) => ({ type: 'stop-processes', namespecs, wait, replyTo, ...(identifiers === undefined ? {} : { identifiers }) }), NO_TIMEOUT_MS);

  const testStart = (strategy: string, application: string, namespecs: readonly string[] | undefined): Promise<XmlRpcValue> =>
    deps.starter.ask<TestStartEntry[]>((replyTo) => ({ type: 'test-start', application, namespecs, strategy, replyTo })).then((entries) => entries.map((entry) => ({ ...entry })));

  return [
    implement('supvisors.conciliate', ([strategy]) => {
      const chosen = parseEnumParam(strategy, deps.strategyNames('conciliation'), conciliationStrategyNames, "<enum 'ConciliationStrategies'>");
      return deps.conciliator.ask<boolean>((replyTo) => ({ type: 'conciliate', strategy: chosen, replyTo }));
    }),
    implement('supvisors.conciliate_process', async ([strategy, namespec]) => {
      const chosen = parseEnumParam(strategy, deps.strategyNames('conciliation'), conciliationStrategyNames, "<enum 'ConciliationStrategies'>");
      const namespecs = resolveNamespec(await model(), str(namespec));
      return deps.conciliator.ask<boolean>((replyTo) => ({ type: 'conciliate', strategy: chosen, namespecs, replyTo }));
    }),
    implement('supvisors.test_start_application', ([strategy, application]) => testStart(parseStrategy(strategy, deps.strategyNames('starting')), str(application), undefined)),
    implement('supvisors.test_start_process', async ([strategy, namespec]) => {
      const chosen = parseStrategy(strategy, deps.strategyNames('starting'));
      const namespecs = resolveNamespec(await model(), str(namespec));
      const application = splitNamespec(str(namespec)).application;
      return testStart(chosen, application, namespecs);
    }),
    implement('supvisors.restart_sequence', ([wait]) => deps.starter.ask<boolean>((replyTo) => ({ type: 'restart-sequence', wait: wait === true, replyTo }), NO_TIMEOUT_MS)),
    implement('supvisors.start_application', ([strategy, application, wait]) => startApplication(parseStrategy(strategy, deps.strategyNames('starting')), str(application), wait === true)),
    implement('supvisors.stop_application', ([application, wait]) => stopApplication(str(application), wait === true)),
    implement('supvisors.restart_application', async ([strategy, application, wait]) => {
      const name = str(application);
      const chosen = parseStrategy(strategy, deps.strategyNames('starting'));
      return restart(name, () => stopApplication(name, true), () => startApplication(chosen, name, wait === true));
    }),
    implement('supvisors.start_process', async ([strategy, namespec, extraArgs, wait]) => {
      const chosen = parseStrategy(strategy, deps.strategyNames('starting'));
      const current = await model();
      const namespecs = resolveNamespec(current, str(namespec));
      checkExtraArgs(current, namespecs, str(extraArgs));
      return startProcesses(chosen, namespecs, str(extraArgs), wait === true, str(namespec));
    }),
    implement('supvisors.start_any_process', async ([strategy, regex, extraArgs, wait]) => {
      const chosen = parseStrategy(strategy, deps.strategyNames('starting'));
      let pattern: RegExp;
      try {
        pattern = new RegExp(str(regex));
      } catch (error) {
        throw rpcFault('INCORRECT_PARAMETERS', `regex=${str(regex)}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const current = await model();
      const candidates = [...current.processes.values()].filter((record) => pattern.test(record.namespec) && record.synthesis.runningIdentifiers.length === 0);
      for (const record of candidates) {
        checkExtraArgs(current, [record.namespec], str(extraArgs));
        try {
          await startProcesses(chosen, [record.namespec], str(extraArgs), wait === true);
          return record.namespec;
        } catch (error) {
          if (!isFault(error, 'ABNORMAL_TERMINATION')) throw error;
        }
      }
      throw rpcFault('FAILED', `no candidate process matching "${str(regex)}"`);
    }),
    implement('supvisors.stop_process', async ([namespec, wait]) => stopProcesses(resolveNamespec(await model(), str(namespec)), wait === true)),
    implement('supvisors.stop_process_on', async ([identifier, namespec, wait]) => {
      const name = str(identifier);
      const { identifiers } = resolveNames(deps.view.list, [name]);
      if (identifiers.length === 0) throw rpcFault('BAD_NAME', `identifier=${name} is unknown to Supvisors`);
      const current = await model();
      // the stopper checks that they run somewhere; here: on one of these instances
      const namespecs = resolveNamespec(current, str(namespec)).filter((key) => current.processes.get(key)?.synthesis.runningIdentifiers.some((running) => identifiers.includes(running)) === true);
      if (namespecs.length === 0) throw rpcFault('NOT_RUNNING', `${str(namespec)} not running on ${name}`);
      return stopProcesses(namespecs, wait === true, identifiers);
    }),
    implement('supvisors.restart_process', async ([strategy, namespec, extraArgs, wait]) => {
      const chosen = parseStrategy(strategy, deps.strategyNames('starting'));
      const current = await model();
      const namespecs = resolveNamespec(current, str(namespec));
      checkExtraArgs(current, namespecs, str(extraArgs));
      return restart(str(namespec), () => stopProcesses(namespecs, true), () => startProcesses(chosen, namespecs, str(extraArgs), wait === true));
    }),
  ];
}
