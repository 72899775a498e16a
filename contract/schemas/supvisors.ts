/**
 * JSON Schemas (TypeBox) of the `supvisors.*` results: the structures S1..S10 of
 * spec/xmlrpc.md §5, as our payload builders (payloads/) write them.
 *
 * - Ints are `Type.Integer`, Python floats `Type.Number` (an XML-RPC double is a plain number
 *   in JSON). Closed name lists (states, built-in-only strategies) are unions of literals;
 *   names a plugin or a rules file may extend are strings.
 * - Objects stay open (additional properties allowed): a newer server adding a key must not
 *   break an older client.
 * - A key Python Supvisors 0.19 leaves out while our server writes it (our additions) is
 *   optional, so that the client's type holds against both servers.
 * - The name lists come from the leaf modules that define them (no I/O, no actor: the client
 *   bundles this folder). test/contract/supvisors-schemas.test.ts checks the schemas against the
 *   builders' values, and against their types where the builders type the names.
 */
import { processStateNames } from './supervisor.js';
import { Type, type TArray, type TLiteral, type TNumber, type TObject, type TString, type TUnion } from '@sinclair/typebox';
import { applicationStates, instanceStateNames, supvisorsStateNames } from '../../vocabulary/supvisors-states.js';
import { conciliationStrategyNames, distributionRuleNames, startingStrategyNames, strategyKinds, supvisorsFailureStrategyNames } from '../../vocabulary/strategies.js';

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/** One of a closed list of names. */
function oneOf<const T extends readonly string[]>(names: T, description: string): TUnion<Literals<T>> {
  return Type.Union(names.map((name) => Type.Literal(name)), { description }) as TUnion<Literals<T>>;
}

const supvisorsStateName = oneOf(supvisorsStateNames, 'SupvisorsStates name');
const instanceStateName = oneOf(instanceStateNames, 'SupvisorsInstanceStates name');
const applicationStateName = oneOf(applicationStates, 'ApplicationStates name');
const processStateName = oneOf(processStateNames, 'Supervisor process state name');

const monotonic = (description: string): TNumber => Type.Number({ description: `monotonic seconds: ${description}` });
const nowMonotonic = monotonic('the answer, on the answering host');
const identifiers = (description: string): TArray<TString> => Type.Array(Type.String(), { description });
const openStrategy = (description: string, builtIn: string): TString => Type.String({ description: `${description}: ${builtIn}, or a name a plugin or the rules file brings` });

// ---------------------------------------------------------------------------------------------
// S1 StateModes (xmlrpc.md §5.1) and the small status structs of §7.1

const stateModesFields = {
  identifier: Type.String({ description: 'Supvisors identifier of the instance described' }),
  nick_identifier: Type.String(),
  now_monotonic: nowMonotonic,
  fsm_statecode: Type.Integer({ description: 'SupvisorsStates value' }),
  fsm_statename: supvisorsStateName,
  degraded_mode: Type.Boolean({ description: 'an expected instance (STRICT / LIST / CORE condition) is missing' }),
  discovery_mode: Type.Boolean({ description: 'multicast discovery enabled' }),
  master_identifier: Type.String({ description: "the Master as that instance knows it; '' when none" }),
  instance_states: Type.Record(Type.String(), instanceStateName, { description: 'identifier → state of every instance, as that instance sees it' }),
};

export const SupvisorsStateInfo = Type.Object(
  {
    ...stateModesFields,
    starting_jobs: identifiers('the instances having starting jobs in progress'),
    stopping_jobs: identifiers('the instances having stopping jobs in progress'),
  },
  { description: 'State and modes of the answering instance (S1), jobs as the identifiers having some' },
);

export const InstanceStateModes = Type.Object(
  {
    ...stateModesFields,
    starting_jobs: Type.Boolean({ description: 'that instance has starting jobs in progress' }),
    stopping_jobs: Type.Boolean({ description: 'that instance has stopping jobs in progress' }),
  },
  { description: 'State and modes of one instance as last received from it (S1), jobs as booleans; defaults when it is STOPPED or ISOLATED' },
);

export const MasterIdentifier = Type.Object(
  { identifier: Type.Optional(Type.String()), nick_identifier: Type.Optional(Type.String()) },
  { description: 'The Master instance; an empty struct when there is none' },
);

export const Strategies = Type.Object(
  {
    'auto-fencing': Type.Boolean({ description: 'an instance found inactive is isolated' }),
    starting: openStrategy('the starting_strategy option', startingStrategyNames.join(', ')),
    conciliation: openStrategy('the conciliation_strategy option', conciliationStrategyNames.join(', ')),
    supvisors_failure: oneOf(supvisorsFailureStrategyNames, 'the supvisors_failure_strategy option'),
  },
  { description: 'The strategy options; peers compare this struct during their handshake' },
);

export const AllStrategies = Type.Array(
  Type.Object({
    name: Type.String({ description: 'the name given wherever a strategy of its kind is selected' }),
    kind: oneOf(strategyKinds, 'the kind: where the strategy applies (actor: a plugin that follows the cluster)'),
    origin: Type.String({ description: "'built-in', or the file of the plugin that brings it" }),
  }),
  { description: 'Every strategy this node knows, the built-ins first, then the plugins in the order of the plugins option' },
);

export const StatisticsStatus = Type.Object(
  {
    host_stats: Type.Boolean({ description: 'host statistics collected (false without a collector)' }),
    process_stats: Type.Boolean({ description: 'process statistics collected (false without a collector)' }),
    collecting_period: Type.Number({ description: 'seconds; an int while it is the default, a double once configured or updated' }),
  },
  { description: 'Statistics collection of the answering instance' },
);

// ---------------------------------------------------------------------------------------------
// S9 NetworkInfo (xmlrpc.md §5.9)

const NicAddresses = Type.Object(
  {
    host_name: Type.String({ description: "reverse lookup of the address; '' when unresolvable" }),
    aliases: Type.Array(Type.String()),
    ipv4_addresses: Type.Array(Type.String()),
    nic_info: Type.Object({ nic_name: Type.String(), ipv4_address: Type.String(), netmask: Type.String() }),
  },
  { description: 'One network interface and the names of its address' },
);

export const NetworkInfo = Type.Object(
  {
    identifier: Type.String(),
    nick_identifier: Type.String(),
    host_id: Type.String({ description: 'the host as written in supvisors_list' }),
    http_port: Type.Integer(),
    stereotypes: Type.Array(Type.String(), { description: 'in no guaranteed order' }),
    network: Type.Optional(
      Type.Object(
        {
          machine_id: Type.String({ description: 'the hardware address: 6 lower-case hex byte pairs joined by ":"' }),
          fqdn: Type.String(),
          addresses: Type.Record(Type.String(), NicAddresses, { description: 'per non-loopback interface name' }),
        },
        { description: 'known for the answering instance, and for a remote one after its handshake' },
      ),
    ),
  },
  { description: 'Network identity of an instance (S9)' },
);

// ---------------------------------------------------------------------------------------------
// S2 InstanceInfo (xmlrpc.md §5.2)

export const InstanceInfo = Type.Object(
  {
    identifier: Type.String(),
    nick_identifier: Type.String(),
    node_name: Type.String({ description: 'the host as written in supvisors_list' }),
    port: Type.Integer({ description: 'HTTP port' }),
    statecode: Type.Integer({ description: 'SupvisorsInstanceStates value' }),
    statename: instanceStateName,
    loading: Type.Integer({ description: 'sum of the expected_loading of the processes running there (may exceed 100)' }),
    process_failure: Type.Boolean({ description: 'one of its processes is FATAL or exited unexpectedly' }),
    remote_sequence_counter: Type.Integer({ description: 'tick counter of its last heartbeat (0 before any)' }),
    remote_time: Type.Integer({ description: 'epoch seconds of its last heartbeat, on its clock' }),
    remote_mtime: monotonic('its last heartbeat, on its clock'),
    local_sequence_counter: Type.Integer({ description: 'local tick counter when its last heartbeat arrived' }),
    local_time: Type.Integer({ description: 'local epoch seconds when its last heartbeat arrived' }),
    local_mtime: monotonic('arrival of its last heartbeat, on the local clock'),
  },
  { description: 'An instance as the answering instance sees it (S2)' },
);

// ---------------------------------------------------------------------------------------------
// S3 ApplicationInfo, S4 ProcessInfo (xmlrpc.md §5.3, §5.4)

export const ApplicationInfo = Type.Object(
  {
    application_name: Type.String(),
    managed: Type.Boolean({ description: 'the rules files describe it' }),
    now_monotonic: nowMonotonic,
    statecode: Type.Integer({ description: 'ApplicationStates value' }),
    statename: applicationStateName,
    major_failure: Type.Boolean({ description: 'not operational: a required process failed, or the operational_status formula is false' }),
    minor_failure: Type.Boolean({ description: 'degraded: another process failed (false when major_failure)' }),
  },
  { description: 'An application, cluster-wide (S3)' },
);

export const ProcessInfo = Type.Object(
  {
    application_name: Type.String(),
    process_name: Type.String(),
    now_monotonic: nowMonotonic,
    statecode: Type.Integer({ description: 'Supervisor process state value of the displayed state (a state forced by Supvisors first)' }),
    statename: processStateName,
    expected_exit: Type.Boolean({ description: 'the exit was expected (meaningful for EXITED)' }),
    last_event_mtime: monotonic('last news of the process from any instance, on the local clock'),
    identifiers: identifiers('the instances where it runs; more than one is a conflict'),
    extra_args: Type.String({ description: 'extra arguments applied to its command' }),
  },
  { description: 'A process, cluster-wide (S4)' },
);

// ---------------------------------------------------------------------------------------------
// S5 LocalProcessInfo, S6 InnerProcessInfo (xmlrpc.md §5.5, §5.6)

const localProcessFields = {
  name: Type.String(),
  group: Type.String(),
  state: Type.Integer({ description: 'Supervisor process state value' }),
  statename: processStateName,
  start: Type.Integer({ description: 'epoch seconds of the last start; 0 if never' }),
  stop: Type.Integer({ description: 'epoch seconds of the last stop; 0 if never' }),
  now: Type.Integer({ description: 'epoch seconds of the answer' }),
  pid: Type.Integer({ description: '0 when not running' }),
  description: Type.String({ description: "Supervisor's text, e.g. 'pid 11865, uptime 0:00:14'" }),
  spawnerr: Type.String({ description: "spawn error; '' if none" }),
  expected: Type.Boolean({ description: 'the exit was expected' }),
  start_monotonic: monotonic('last start; 0 if never'),
  stop_monotonic: monotonic('last stop; 0 if never'),
  now_monotonic: nowMonotonic,
  extra_args: Type.String({ description: 'extra arguments applied to its command' }),
  startsecs: Type.Integer(),
  stopwaitsecs: Type.Integer(),
  process_index: Type.Integer({ description: "0-based index in its program's processes" }),
  program_name: Type.String({ description: 'its [program:x] (or fcgi-program / eventlistener) section name' }),
  disabled: Type.Boolean({ description: 'its program is disabled' }),
  has_stdout: Type.Boolean({ description: 'a stdout log file is configured' }),
  has_stderr: Type.Boolean({ description: 'a stderr log file is configured' }),
  exitstatus: Type.Optional(Type.Integer({ description: "Supervisor's exit status of the last exit; not in Python Supvisors" })),
};

export const LocalProcessInfo = Type.Object(localProcessFields, { description: "A process as the answering instance's Supervisor has it (S5)" });

export const InnerProcessInfo = Type.Object(
  {
    ...localProcessFields,
    // Python Supvisors merges its events into the record: these become floats there.
    start: Type.Number({ description: 'epoch seconds of the last start; 0 if never (a float in Python Supvisors after events)' }),
    stop: Type.Number({ description: 'epoch seconds of the last stop; 0 if never (a float in Python Supvisors after events)' }),
    now: Type.Number({ description: 'epoch seconds on the reporting instance (a float in Python Supvisors after events)' }),
    local_mtime: monotonic('when the record was stored, on the local clock'),
    event_time: monotonic('last change the instance reported, on its clock'),
    uptime: Type.Number({ description: 'seconds; 0 when neither RUNNING nor STOPPING' }),
    has_crashed: Type.Boolean({ description: 'the process crashed on that instance' }),
    identifier: Type.Optional(Type.String({ description: 'the reporting instance (Python Supvisors: once a process event came from it)' })),
    nick_identifier: Type.Optional(Type.String({ description: 'its nick (Python Supvisors: once a process event came from it)' })),
  },
  { description: 'The record kept of a process on one instance (S6); for debugging, not normative' },
);

// ---------------------------------------------------------------------------------------------
// S7 ApplicationRules, S8 ProcessRules (xmlrpc.md §5.7, §5.8)

const sequences = {
  start_sequence: Type.Integer({ description: 'rank in the start sequence; 0: not started automatically' }),
  stop_sequence: Type.Integer({ description: 'rank in the stop sequence' }),
};
const failureStrategies = {
  starting_failure_strategy: openStrategy('StartingFailureStrategies name', 'ABORT, STOP, CONTINUE'),
  running_failure_strategy: openStrategy(
    'RunningFailureStrategies name',
    'CONTINUE, RESTART_PROCESS, STOP_APPLICATION, RESTART_APPLICATION, SHUTDOWN, RESTART',
  ),
};
const ruleIdentifiers = identifiers("the names written in the rules after alias expansion; ['*'] by default, [] while a '#' / '@' rule is unresolved");

const ManagedApplicationRules = Type.Object(
  {
    application_name: Type.String(),
    managed: Type.Literal(true),
    distribution: oneOf(distributionRuleNames, 'DistributionRules name'),
    identifiers: ruleIdentifiers,
    ...sequences,
    starting_strategy: openStrategy('StartingStrategies name', 'CONFIG, LESS_LOADED, MOST_LOADED, LOCAL, LESS_LOADED_NODE, MOST_LOADED_NODE'),
    ...failureStrategies,
    status_formula: Type.String({ description: "the operational_status formula; '' if none or invalid" }),
  },
  { description: 'The rules of a managed application' },
);

const UnmanagedApplicationRules = Type.Object(
  { application_name: Type.String(), managed: Type.Literal(false) },
  { description: 'An application the rules files do not describe: no rules' },
);

export const ApplicationRules = Type.Union([ManagedApplicationRules, UnmanagedApplicationRules], { description: 'The rules of an application (S7)' });

export const ProcessRules = Type.Object(
  {
    application_name: Type.String(),
    process_name: Type.String(),
    identifiers: ruleIdentifiers,
    ...sequences,
    required: Type.Boolean({ description: 'its failure is a major failure of the application' }),
    wait_exit: Type.Boolean({ description: 'the start sequence waits for it to exit' }),
    expected_loading: Type.Integer({ description: 'expected load on its instance, in percent' }),
    ...failureStrategies,
  },
  { description: 'The rules of a process (S8)' },
);

// ---------------------------------------------------------------------------------------------
// S10 TestStartResult (xmlrpc.md §5.10)

export const TestStartEntry = Type.Object(
  {
    application_name: Type.String(),
    process_name: Type.String(),
    state: oneOf(processStateNames, 'the predicted state: RUNNING, EXITED for a wait_exit program, FATAL without resource; its current state when it already runs'),
    forced_reason: Type.String({ description: "why the state is forced, e.g. 'No resource available'; '' otherwise" }),
    running_identifiers: identifiers('where it would run'),
  },
  { description: 'What a start would give for one process (an item of S10)' },
);

// ---------------------------------------------------------------------------------------------
// get_actor_diagnostics (ours, actors/core/diagnostics.ts SystemDiagnostics)

const Loose = (description: string): TObject => Type.Object({}, { additionalProperties: true, description });

export const ActorDiagnostics = Type.Object(
  {
    node: Type.String({ description: 'the identifier of the node' }),
    at: Type.Number({ description: 'epoch seconds of the snapshot' }),
    uptimeS: Type.Number({ description: 'seconds since the actor system started' }),
    timing: Type.Boolean({ description: 'the processing and waiting times are measured' }),
    actors: Type.Array(Loose('an actor: name, parent, kind, status, children, timers, restarts, lastFailure, health (of the worker thread of a plugin), mailbox metrics, peek of its queued messages')),
    deadLetters: Loose('dead letters: total, byReason, recent'),
    escalations: Type.Integer({ description: 'failures escalated to the actor system' }),
    peers: Type.Optional(Type.Unknown({ description: 'the peer links' })),
    eventLoop: Type.Optional(Loose('the event-loop delay over the last 10 s window: p50Ms, p99Ms, maxMs, meanMs, windowS, endedAt (epoch ms)')),
    memory: Type.Optional(Loose('where the runtime\'s memory goes, MiB: rssMiB, heapTotalMiB, heapUsedMiB, externalMiB, arrayBuffersMiB, spaces (by V8 heap space: committedMiB, usedMiB)')),
    events: Type.Optional(Type.Unknown({ description: "the event publisher's figures" })),
  },
  { additionalProperties: true, description: 'Not in Python Supvisors: the actor diagnostics of a node (mailbox metrics, queued messages, dead letters)' },
);
