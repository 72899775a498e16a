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
import { conciliationStrategies, startingStrategies } from '../../strategies/types.js';
import type { ConciliatorMessage } from '../../actors/conciliator/conciliator.js';
import type { ParamSpec, XmlRpcMethod } from '../xmlrpc/method.js';
import type { XmlRpcValue } from '../../xmlrpc/values.js';

export interface ControlMethodsDeps {
  readonly context: ActorRef<ContextMessage>;
  readonly starter: ActorRef<StarterMessage>;
  readonly stopper: ActorRef<StopperMessage>;
  readonly conciliator: ActorRef<ConciliatorMessage>;
  /** Every strategy name accepted: the built-ins first (their index is their wire value), then plugins'. */
  readonly strategyNames: () => readonly string[];
}

/** A deferred start / stop can take as long as its jobs: the actors' own timeouts bound it. */
const NO_TIMEOUT_MS = 24 * 3600 * 1000;

/** `strategy` given as a name or as the built-in's int value (§3.6). */
export function parseStrategy(value: XmlRpcValue | undefined, names: readonly string[]): string {
  return parseEnumParam(value, names, startingStrategies, "<enum 'StartingStrategies'>");
}

/**
 * An enum parameter as Supvisors reads it: a name among `names`, or the int value of one of the
 * `builtins` (their index); any other type is refused.
 */
export function parseEnumParam<N extends string>(value: XmlRpcValue | undefined, names: readonly N[], builtins: readonly N[], enumText: string): N {
  if (typeof value === 'string') {
    const found = names.find((name) => name === value);
    if (found !== undefined) return found;
    throw rpcFault('INCORRECT_PARAMETERS', `invalid ${enumText} value=${value} - string expected in [${names.map((name) => `'${name}'`).join(', ')}]`);
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    const name = builtins[value];
    if (name !== undefined) return name;
    throw rpcFault('INCORRECT_PARAMETERS', `invalid ${enumText} value=${value} - integer expected in [${builtins.map((_, index) => index).join(', ')}]`);
  }
  const [text, pythonType] = typeof value === 'boolean' ? [value ? 'True' : 'False', 'bool'] : typeof value === 'number' ? [String(value), 'float'] : [JSON.stringify(value) ?? 'None', 'object'];
  throw rpcFault('INCORRECT_PARAMETERS', `invalid ${enumText} value=${text} type=<class '${pythonType}'> - type string or integer expected`);
}

/** The namespecs a `name`, `group:name` or `group:*` stands for, or the BAD_NAME fault. */
export function resolveNamespec(model: ClusterModel, spec: string): string[] {
  const colon = spec.indexOf(':');
  const group = colon < 0 ? spec : spec.slice(0, colon);
  const name = colon < 0 ? spec : spec.slice(colon + 1);
  if (!model.applications.includes(group)) throw rpcFault('BAD_NAME', `application=${group} unknown to Supvisors`);
  const members = [...model.processes.values()].filter((record) => record.application === group);
  if (name === '*') return members.map((record) => record.namespec);
  const found = members.find((record) => record.name === name);
  if (found === undefined) throw rpcFault('BAD_NAME', `process=${name} unknown in application=${group}`);
  return [found.namespec];
}

/** start_process and restart_process take the same parameters. */
const processStartParams: ParamSpec[] = [
  { name: 'strategy', type: 'string|int' },
  { name: 'namespec', type: 'string' },
  { name: 'extra_args', type: 'string', default: '' },
  { name: 'wait', type: 'boolean', default: true },
];

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

export function controlMethods(deps: ControlMethodsDeps): XmlRpcMethod[] {
  const model = (): Promise<ClusterModel> => deps.context.ask<ClusterModel>((replyTo) => ({ type: 'get-model', replyTo }));
  const startApplication = (strategy: string, application: string, wait: boolean): Promise<boolean> =>
    deps.starter.ask<boolean>((replyTo) => ({ type: 'start-application', application, strategy, wait, replyTo }), NO_TIMEOUT_MS);
  const stopApplication = (application: string, wait: boolean): Promise<boolean> =>
    deps.stopper.ask<boolean>((replyTo) => ({ type: 'stop-application', application, wait, replyTo }), NO_TIMEOUT_MS);
  const startProcesses = (strategy: string, namespecs: readonly string[], extraArgs: string, wait: boolean, given?: string): Promise<boolean> =>
    deps.starter.ask<boolean>((replyTo) => ({ type: 'start-processes', namespecs, strategy, extraArgs, wait, replyTo, ...(given === undefined ? {} : { given }) }), NO_TIMEOUT_MS);
  const stopProcesses = (namespecs: readonly string[], wait: boolean): Promise<boolean> =>
    deps.stopper.ask<boolean>((replyTo) => ({ type: 'stop-processes', namespecs, wait, replyTo }), NO_TIMEOUT_MS);

  const testStart = (strategy: string, application: string, namespecs: readonly string[] | undefined): Promise<XmlRpcValue> =>
    deps.starter.ask<TestStartEntry[]>((replyTo) => ({ type: 'test-start', application, namespecs, strategy, replyTo })).then((entries) => entries.map((entry) => ({ ...entry })));

  return [
    {
      name: 'supvisors.conciliate',
      params: [{ name: 'strategy', type: 'string|int' }],
      signature: ['bool', 'str'],
      help: 'Solve the current conflicts with the conciliation strategy (false for USER: nothing done).\n@param str strategy\n@return bool',
      call: ([strategy]) => {
        const chosen = parseEnumParam(strategy, conciliationStrategies, conciliationStrategies, "<enum 'ConciliationStrategies'>");
        return deps.conciliator.ask<boolean>((replyTo) => ({ type: 'conciliate', strategy: chosen, replyTo }));
      },
    },
    {
      name: 'supvisors.test_start_application',
      params: [{ name: 'strategy', type: 'string|int' }, { name: 'application_name', type: 'string' }],
      signature: ['array', 'str', 'str'],
      help: 'Predict where the application would start, nothing started.\n@param str strategy\n@param str application_name\n@return list',
      call: ([strategy, application]) => testStart(parseStrategy(strategy, deps.strategyNames()), str(application), undefined),
    },
    {
      name: 'supvisors.test_start_process',
      params: [{ name: 'strategy', type: 'string|int' }, { name: 'namespec', type: 'string' }],
      signature: ['array', 'str', 'str'],
      help: 'Predict where the process(es) would start, nothing started.\n@param str strategy\n@param str namespec\n@return list',
      call: async ([strategy, namespec]) => {
        const chosen = parseStrategy(strategy, deps.strategyNames());
        const namespecs = resolveNamespec(await model(), str(namespec));
        const application = str(namespec).split(':')[0] ?? '';
        return testStart(chosen, application, namespecs);
      },
    },
    {
      name: 'supvisors.restart_sequence',
      params: [{ name: 'wait', type: 'boolean', default: true }],
      signature: ['bool', 'bool'],
      help: 'Run the DISTRIBUTION start sequence again for the managed applications that need it.\n@param bool wait\n@return bool',
      call: ([wait]) => deps.starter.ask<boolean>((replyTo) => ({ type: 'restart-sequence', wait: wait === true, replyTo }), NO_TIMEOUT_MS),
    },
    {
      name: 'supvisors.start_application',
      params: [{ name: 'strategy', type: 'string|int' }, { name: 'application_name', type: 'string' }, { name: 'wait', type: 'boolean', default: true }],
      signature: ['bool', 'str', 'str', 'bool'],
      help: 'Start the managed application by its start sequence, placing its processes with the strategy.\n@param str strategy\n@param str application_name\n@param bool wait\n@return bool',
      call: ([strategy, application, wait]) => startApplication(parseStrategy(strategy, deps.strategyNames()), str(application), wait === true),
    },
    {
      name: 'supvisors.stop_application',
      params: [{ name: 'application_name', type: 'string' }, { name: 'wait', type: 'boolean', default: true }],
      signature: ['bool', 'str', 'bool'],
      help: 'Stop the managed application by its stop sequence, wherever its processes run.\n@param str application_name\n@param bool wait\n@return bool',
      call: ([application, wait]) => stopApplication(str(application), wait === true),
    },
    {
      name: 'supvisors.restart_application',
      params: [{ name: 'strategy', type: 'string|int' }, { name: 'application_name', type: 'string' }, { name: 'wait', type: 'boolean', default: true }],
      signature: ['bool', 'str', 'str', 'bool'],
      help: 'Stop then start the application.\n@param str strategy\n@param str application_name\n@param bool wait\n@return bool',
      call: async ([strategy, application, wait]) => {
        const name = str(application);
        const chosen = parseStrategy(strategy, deps.strategyNames());
        return restart(name, () => stopApplication(name, true), () => startApplication(chosen, name, wait === true));
      },
    },
    {
      name: 'supvisors.start_process',
      params: processStartParams,
      signature: ['bool', 'str', 'str', 'str', 'bool'],
      help: 'Start the process(es) with the strategy (group:* for a whole application).\n@param str strategy\n@param str namespec\n@param str extra_args\n@param bool wait\n@return bool',
      call: async ([strategy, namespec, extraArgs, wait]) => {
        const chosen = parseStrategy(strategy, deps.strategyNames());
        const namespecs = resolveNamespec(await model(), str(namespec));
        return startProcesses(chosen, namespecs, str(extraArgs), wait === true, str(namespec));
      },
    },
    {
      name: 'supvisors.start_any_process',
      params: [
        { name: 'strategy', type: 'string|int' },
        { name: 'regex', type: 'string' },
        { name: 'extra_args', type: 'string', default: '' },
        { name: 'wait', type: 'boolean', default: true },
      ],
      signature: ['str', 'str', 'str', 'str', 'bool'],
      help: 'Start the first process whose namespec matches the regular expression and that the strategy can place.\n@param str strategy\n@param str regex\n@param str extra_args\n@param bool wait\n@return str',
      call: async ([strategy, regex, extraArgs, wait]) => {
        const chosen = parseStrategy(strategy, deps.strategyNames());
        let pattern: RegExp;
        try {
          pattern = new RegExp(str(regex));
        } catch (error) {
          throw rpcFault('INCORRECT_PARAMETERS', `regex=${str(regex)}: ${error instanceof Error ? error.message : String(error)}`);
        }
        const candidates = [...(await model()).processes.values()].filter((record) => pattern.test(record.namespec) && record.synthesis.runningIdentifiers.length === 0);
        for (const record of candidates) {
          try {
            await startProcesses(chosen, [record.namespec], str(extraArgs), wait === true);
            return record.namespec;
          } catch (error) {
            if (!isFault(error, 'ABNORMAL_TERMINATION')) throw error;
          }
        }
        throw rpcFault('FAILED', `no candidate process matching "${str(regex)}"`);
      },
    },
    {
      name: 'supvisors.stop_process',
      params: [{ name: 'namespec', type: 'string' }, { name: 'wait', type: 'boolean', default: true }],
      signature: ['bool', 'str', 'bool'],
      help: 'Stop the process(es) wherever they run (group:* for a whole application).\n@param str namespec\n@param bool wait\n@return bool',
      call: async ([namespec, wait]) => stopProcesses(resolveNamespec(await model(), str(namespec)), wait === true),
    },
    {
      name: 'supvisors.restart_process',
      params: processStartParams,
      signature: ['bool', 'str', 'str', 'str', 'bool'],
      help: 'Stop then start the process(es), placed anew with the strategy.\n@param str strategy\n@param str namespec\n@param str extra_args\n@param bool wait\n@return bool',
      call: async ([strategy, namespec, extraArgs, wait]) => {
        const chosen = parseStrategy(strategy, deps.strategyNames());
        const namespecs = resolveNamespec(await model(), str(namespec));
        return restart(str(namespec), () => stopProcesses(namespecs, true), () => startProcesses(chosen, namespecs, str(extraArgs), wait === true));
      },
    },
  ];
}
