/**
 * The cluster that bench:dashboard simulates: instances, applications of programs spread over
 * them, each process RUNNING or STOPPED on its one instance. Pure: it answers the snapshot
 * methods the page calls at load (the payloads of payloads/*.ts) and turns a state change into
 * the messages a node publishes for it (docs/events.md: `event`, then the process's `process`
 * status, then its application's `application` status), with the wire shapes of events/payloads.ts.
 */
import type { ApplicationStatusBody, ProcessStateEventBody, ProcessStatusBody, PublishedEvent } from '../../events/payloads.js';
import { markFloats } from '../../events/json.js';
import type { ApplicationInfoPayload, InnerProcessInfoPayload, ProcessInfoPayload } from '../../payloads/application-payloads.js';
import type { InstanceInfoPayload } from '../../payloads/instance-info.js';
import type { SupvisorsStatePayload } from '../../payloads/state-modes-payloads.js';
import { ProcessStates } from '../../vocabulary/supervisor-states.js';
import { applicationStates, instanceStateCode, supvisorsStateCode, type ApplicationState } from '../../vocabulary/supvisors-states.js';

/** The two states the bench moves processes between. */
export type SimulatedState = 'RUNNING' | 'STOPPED';

export interface SimulatedProcess {
  readonly application: string;
  readonly program: string;
  readonly namespec: string;
  /** The instance it runs on when RUNNING. */
  readonly identifier: string;
  readonly pid: number;
}

export interface ClusterShape {
  readonly instances: number;
  readonly applications: number;
  readonly programsPerApplication: number;
}

/** What the application light of the menu says: its state, and `, minor failure` when some of its processes are stopped. */
export function applicationLabel(state: ApplicationState, minorFailure: boolean): string {
  return `${state}${minorFailure ? ', minor failure' : ''}`;
}

const pad = (value: number): string => String(value).padStart(2, '0');

export class SimulatedCluster {
  readonly identifiers: readonly string[];
  readonly applications: readonly string[];
  readonly processes: readonly SimulatedProcess[];
  private readonly states = new Map<string, SimulatedState>();
  private readonly byNamespec = new Map<string, SimulatedProcess>();
  /** Seconds since the simulated nodes started (their monotonic clocks). */
  private readonly startedMs = Date.now();

  constructor(shape: ClusterShape) {
    this.identifiers = Array.from({ length: shape.instances }, (_, index) => `node${pad(index + 1)}:60000`);
    this.applications = Array.from({ length: shape.applications }, (_, index) => `app_${pad(index)}`);
    this.processes = this.applications.flatMap((application, appIndex) =>
      Array.from({ length: shape.programsPerApplication }, (_, programIndex): SimulatedProcess => {
        const program = `prog_${pad(programIndex)}`;
        const rank = appIndex * shape.programsPerApplication + programIndex;
        return { application, program, namespec: `${application}:${program}`, identifier: this.identifiers[rank % shape.instances] ?? '', pid: 10_000 + rank };
      }),
    );
    for (const process of this.processes) {
      this.states.set(process.namespec, 'RUNNING');
      this.byNamespec.set(process.namespec, process);
    }
  }

  stateOf(namespec: string): SimulatedState {
    return this.states.get(namespec) ?? 'STOPPED';
  }

  /** The processes of an application, in program order. */
  process(namespec: string): SimulatedProcess | undefined {
    return this.byNamespec.get(namespec);
  }

  processesOf(application: string): SimulatedProcess[] {
    return this.processes.filter((process) => process.application === application);
  }

  /** RUNNING while one of its processes runs, minor failure while some (not all) are stopped. */
  applicationStatus(application: string): { state: ApplicationState; minorFailure: boolean } {
    const states = this.processesOf(application).map((process) => this.stateOf(process.namespec));
    const running = states.filter((state) => state === 'RUNNING').length;
    return { state: running > 0 ? 'RUNNING' : 'STOPPED', minorFailure: running > 0 && running < states.length };
  }

  private monotonic(): number {
    return (Date.now() - this.startedMs) / 1000 + 1000;
  }

  private nick(identifier: string): string {
    return identifier.split(':')[0] ?? identifier;
  }

  supvisorsState(): SupvisorsStatePayload {
    const [master = ''] = this.identifiers;
    return {
      identifier: master,
      nick_identifier: this.nick(master),
      now_monotonic: this.monotonic(),
      fsm_statecode: supvisorsStateCode('OPERATION'),
      fsm_statename: 'OPERATION',
      degraded_mode: false,
      discovery_mode: false,
      master_identifier: master,
      starting_jobs: [],
      stopping_jobs: [],
      instance_states: Object.fromEntries(this.identifiers.map((identifier) => [identifier, 'RUNNING'])),
    };
  }

  instancesInfo(): InstanceInfoPayload[] {
    const nowS = Math.trunc(Date.now() / 1000);
    return this.identifiers.map((identifier, index) => ({
      identifier,
      nick_identifier: this.nick(identifier),
      node_name: this.nick(identifier),
      port: 60000,
      statecode: instanceStateCode('RUNNING'),
      statename: 'RUNNING',
      loading: this.processes.filter((process) => process.identifier === identifier && this.stateOf(process.namespec) === 'RUNNING').length,
      process_failure: false,
      remote_sequence_counter: 100 + index,
      remote_time: nowS,
      remote_mtime: this.monotonic(),
      local_sequence_counter: 100,
      local_time: nowS,
      local_mtime: this.monotonic(),
    }));
  }

  applicationInfo(application: string): ApplicationInfoPayload {
    const { state, minorFailure } = this.applicationStatus(application);
    return { application_name: application, managed: true, now_monotonic: this.monotonic(), statecode: applicationStates.indexOf(state), statename: state, major_failure: false, minor_failure: minorFailure };
  }

  applicationsInfo(): ApplicationInfoPayload[] {
    return this.applications.map((application) => this.applicationInfo(application));
  }

  processInfo(process: SimulatedProcess): ProcessInfoPayload {
    const state = this.stateOf(process.namespec);
    return {
      application_name: process.application,
      process_name: process.program,
      now_monotonic: this.monotonic(),
      statecode: ProcessStates[state],
      statename: state,
      expected_exit: true,
      last_event_mtime: 900,
      identifiers: state === 'RUNNING' ? [process.identifier] : [],
      extra_args: '',
    };
  }

  processesInfo(): ProcessInfoPayload[] {
    return this.processes.map((process) => this.processInfo(process));
  }

  /** all_inner_process_info of one instance: its processes, as it reports them. */
  innerProcessesInfo(identifier: string): InnerProcessInfoPayload[] {
    const now = Math.trunc(Date.now() / 1000);
    const monotonic = this.monotonic();
    return this.processes
      .filter((process) => process.identifier === identifier)
      .map((process) => {
        const state = this.stateOf(process.namespec);
        const running = state === 'RUNNING';
        return {
          name: process.program,
          group: process.application,
          state: ProcessStates[state],
          statename: state,
          start: now - 100,
          stop: running ? 0 : now - 50,
          now,
          pid: running ? process.pid : 0,
          description: running ? `pid ${process.pid}, uptime 0:01:40` : 'Not started',
          spawnerr: '',
          expected: true,
          start_monotonic: monotonic - 100,
          stop_monotonic: running ? 0 : monotonic - 50,
          now_monotonic: monotonic,
          extra_args: '',
          startsecs: 1,
          stopwaitsecs: 10,
          process_index: 0,
          program_name: process.program,
          disabled: false,
          has_stdout: true,
          has_stderr: false,
          exitstatus: 0,
          local_mtime: monotonic - 100,
          event_time: monotonic - 100,
          uptime: running ? 100 : 0,
          has_crashed: false,
          identifier,
          nick_identifier: this.nick(identifier),
        };
      });
  }

  /**
   * Moves `namespec` to the other state (RUNNING <-> STOPPED) and returns what a node publishes
   * for that change: the `event` of its instance, its `process` status, its application's
   * `application` status.
   */
  flip(namespec: string): PublishedEvent[] {
    const process = this.byNamespec.get(namespec);
    if (process === undefined) throw new Error(`no simulated process ${namespec}`);
    const state: SimulatedState = this.stateOf(namespec) === 'RUNNING' ? 'STOPPED' : 'RUNNING';
    this.states.set(namespec, state);
    const monotonic = this.monotonic();
    const event: ProcessStateEventBody = {
      identifier: process.identifier,
      nick_identifier: this.nick(process.identifier),
      name: process.program,
      group: process.application,
      state: ProcessStates[state],
      now: Date.now() / 1000,
      now_monotonic: monotonic,
      pid: state === 'RUNNING' ? process.pid : 0,
      expected: true,
      spawnerr: '',
      extra_args: '',
      disabled: false,
      event_mtime: monotonic,
    };
    const status: ProcessStatusBody = this.processInfo(process);
    const application: ApplicationStatusBody = this.applicationInfo(process.application);
    return [
      { header: 'event', body: markFloats(event, ['now', 'now_monotonic', 'event_mtime']) },
      { header: 'process', body: markFloats(status, ['now_monotonic', 'last_event_mtime']) },
      { header: 'application', body: markFloats(application, ['now_monotonic']) },
    ];
  }
}
