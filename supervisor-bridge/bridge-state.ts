import type { ActorRef } from '../actors/core/index.js';
import type { XmlRpcValue } from '../xmlrpc/values.js';
import { describeError, isSupvisorsError } from '../errors/errors.js';
import type { Logger } from '../log/logger.js';
import { readClock, type Clock } from '../clock/clock.js';
import type { ExtraArgsStore } from './extra-args.js';
import { readJsonObject, writeJsonObject } from './json-file.js';
import { applyStateEvent, DETAILED_STATES, withDetails, type LocalProcess } from '../supervisor/local-process.js';
import type { BridgeMessage, BridgeNotice } from './messages.js';
import { buildModel, diffModels, isBeyondNumprocs, type LocalModel } from './model.js';
import { mapPrograms, type ProgramSection } from '../supervisor/program-map.js';
import type { SupervisorEvent } from '../supervisor/events.js';
import { toConfigInfo, toList, toProcessInfo, type SupervisorConfigInfo, type SupervisorProcessInfo } from '../supervisor/records.js';
import { RUNNING_STATES, STOPPED_STATES } from '../vocabulary/supervisor-states.js';
import { namespecOf } from '../supervisor/namespec.js';

/** What the bridge needs of an XML-RPC client to supervisord (SupervisorClient, or a fake). */
export interface SupervisorCalls {
  call(method: string, params?: XmlRpcValue[]): Promise<XmlRpcValue>;
}

export interface BridgeOptions {
  client: SupervisorCalls;
  /** The program sections of the configuration, read again at every resync. */
  sections: () => readonly ProgramSection[];
  /** Where extra arguments are written for the supvisors-args shim; undefined = not set up. */
  extraArgs?: ExtraArgsStore;
  disabilitiesFile?: string;
  numprocsFile?: string;
  clock?: () => Clock;
}

/**
 * supervisord's child keeps supervisord's signal handlers until it execs the program: a SIGTERM
 * sent in between is lost, and the process then only ends by SIGKILL, stopwaitsecs later. So the
 * stops the runtime imposes (disabled program, beyond numprocs) wait this long after they are
 * asked, which is right after the spawn when a process is started behind the runtime's back.
 */
export const SPAWN_GRACE_MS = 300;

/** Up to this many processes to complete, one getProcessInfo each; beyond, one getAllProcessInfo. */
const DETAILS_ONE_BY_ONE = 8;

/** A deferred answer: re-checked after every model change until it settles or times out. */
export interface Waiter {
  /** undefined while pending; true, or an Error, once settled. */
  check(model: LocalModel): true | Error | undefined;
  settle(outcome: true | Error): void;
  deadline: number;
  onTimeout(): true | Error;
}

const mustStop = (process: LocalProcess): boolean =>
  process.disabled && (process.state === 'STARTING' || process.state === 'RUNNING' || process.state === 'BACKOFF');

/**
 * The state of the bridge actor and the operations on it. Only the bridge actor calls these, one
 * message at a time; this is the actor's imperative shell, the decisions live in model.ts,
 * local-process.ts and program-map.ts.
 */
export class BridgeState {
  model: LocalModel = new Map();
  configs = new Map<string, SupervisorConfigInfo>();
  sections: readonly ProgramSection[] = [];
  /** Namespecs of processes hidden by a reduced numprocs. */
  hidden = new Set<string>();
  /** Namespecs whose last event left out what supervisord knows (see readDetails). */
  readonly detailsPending = new Set<string>();
  /** Stops imposed by the runtime, by namespec: why, and when asked (monotonic seconds; see SPAWN_GRACE_MS). */
  readonly stopsPending = new Map<string, { why: string; since: number }>();
  disabledPrograms: Set<string>;
  /**
   * Processes whose start `enable` reset to 0 (Supvisors 0.19 resets Supervisor's laststart so
   * that autostart acts), by namespec, with the start supervisord still holds: shown as 0 until
   * supervisord shows a later one.
   */
  readonly startsReset = new Map<string, number>();
  numprocs: Map<string, number>;
  synced = false;
  lastPoolSerial: number | undefined;
  resyncs = 0;
  lastResyncError = '';
  readonly subscribers: ActorRef<BridgeNotice>[] = [];
  readonly waiters = new Set<Waiter>();
  readonly clock: () => Clock;
  /** Set by the bridge actor: a message to itself, for what settles outside its handlers. */
  tellSelf: (message: BridgeMessage) => void = () => undefined;

  constructor(
    readonly options: BridgeOptions,
    readonly log: Logger,
  ) {
    this.clock = options.clock ?? readClock;
    this.disabledPrograms = new Set(
      Object.entries(options.disabilitiesFile === undefined ? {} : readJsonObject(options.disabilitiesFile))
        .filter(([, disabled]) => disabled === true)
        .map(([program]) => program),
    );
    this.numprocs = new Map(
      Object.entries(options.numprocsFile === undefined ? {} : readJsonObject(options.numprocsFile)).flatMap(([program, value]) =>
        typeof value === 'number' && Number.isInteger(value) && value > 0 ? [[program, value] as const] : [],
      ),
    );
  }

  get client(): SupervisorCalls {
    return this.options.client;
  }

  // ---- resync --------------------------------------------------------------------------------

  /** Rebuilds the model from supervisord's full state and tells subscribers what changed. */
  async resync(reason: string): Promise<void> {
    this.log.info(`resync from supervisord (${reason})`);
    const [infos, configs] = await Promise.all([
      this.client.call('supervisor.getAllProcessInfo').then((value) => toList(value, toProcessInfo, 'getAllProcessInfo')),
      this.client.call('supervisor.getAllConfigInfo').then((value) => toList(value, toConfigInfo, 'getAllConfigInfo')),
    ]);
    this.sections = this.options.sections();
    this.configs = new Map(configs.map((config) => [namespecOf(config.group, config.name), config]));
    const previous = this.model;
    this.model = this.withStartsReset(buildModel(
      {
        infos,
        configs,
        programs: mapPrograms(infos, this.sections),
        extraArgs: this.options.extraArgs?.readAll() ?? new Map(),
        disabledPrograms: this.disabledPrograms,
        numprocs: this.numprocs,
        hidden: this.hidden,
      },
      this.clock(),
    ));
    this.hidden = new Set(infos.map((info) => namespecOf(info.group, info.name)).filter((key) => !this.model.has(key)));
    for (const info of infos) {
      const key = namespecOf(info.group, info.name);
      if (this.hidden.has(key) && RUNNING_STATES.includes(info.state)) this.imposeStop(key, 'beyond the numprocs in use');
    }
    this.detailsPending.clear(); // the snapshot holds them
    this.synced = true;
    this.resyncs += 1;
    this.lastResyncError = '';
    const { changed, removed } = diffModels(previous, this.model);
    for (const process of changed) this.notify({ type: 'local-process', process });
    for (const process of removed) this.notify({ type: 'local-process-removed', process });
    this.notify({ type: 'local-synced', model: this.model });
    this.persistDisabilities();
    for (const process of this.model.values()) this.enforce(process);
    this.checkWaiters();
  }

  // ---- events --------------------------------------------------------------------------------

  /**
   * Applies one event. Answers a reason to resync when it cannot be applied safely: events lost,
   * groups changed, or an event that does not follow from the state we know (older than our
   * snapshot, or one missed: its from_state is not our state).
   */
  applyEvent(event: SupervisorEvent, poolSerial: number): string | undefined {
    const previous = this.lastPoolSerial;
    if (previous !== undefined && poolSerial >= 0 && poolSerial <= previous) return undefined; // sent again by supervisord
    this.lastPoolSerial = poolSerial;
    if (previous !== undefined && poolSerial > previous + 1) return `events ${previous + 1}..${poolSerial - 1} were lost`;
    if (!this.synced) return undefined; // the coming resync covers it
    switch (event.kind) {
      case 'process-state':
        return this.applyProcessState(event);
      case 'group-added':
      case 'group-removed':
        return `group ${event.group} ${event.kind === 'group-added' ? 'added' : 'removed'}`;
      case 'supervisor-running':
        return 'supervisord is RUNNING';
      case 'supervisor-stopping':
        this.log.info('supervisord is stopping');
        return undefined;
      case 'tick':
      case 'other':
        return undefined;
    }
  }

  private applyProcessState(event: Extract<SupervisorEvent, { kind: 'process-state' }>): string | undefined {
    const key = namespecOf(event.group, event.name);
    const known = this.model.get(key);
    if (known === undefined) {
      if (!this.hidden.has(key)) return `unknown process ${key}`;
      if (RUNNING_STATES.includes(event.state)) this.imposeStop(key, 'beyond the numprocs in use');
      return undefined;
    }
    // Already in our snapshot (the event was emitted before it was taken): nothing to apply.
    if (event.state === known.state && (event.pid === undefined || event.pid === known.pid)) return undefined;
    if (event.fromState !== known.state) return `${key}: ${event.fromState} -> ${event.state} while ${known.state} was known`;
    // Events buffered while no runtime listened can follow from our snapshot's state by chance
    // (a process stopped and started again meanwhile): the pid tells an older incarnation.
    if (known.pid > 0 && event.pid !== undefined && event.pid !== known.pid) {
      return `${key}: ${event.fromState} -> ${event.state} of pid ${event.pid} while pid ${known.pid} was known`;
    }
    const process = applyStateEvent(known, event, this.clock());
    if (process.state === 'STARTING') this.startsReset.delete(key);
    this.log.debug(`${key}: ${known.state} -> ${process.state}${process.pid > 0 ? ` (pid ${process.pid})` : ''}`);
    if (STOPPED_STATES.includes(process.state) && isBeyondNumprocs(process, this.numprocs)) {
      // A lazy numprocs decrease: the obsolete process goes once stopped.
      const model = new Map(this.model);
      model.delete(key);
      this.model = model;
      this.hidden.add(key);
      this.notify({ type: 'local-process-removed', process });
    } else {
      this.replace(process);
      if (DETAILED_STATES.includes(process.state)) this.detailsPending.add(key);
    }
    this.enforce(process);
    this.checkWaiters();
    return undefined;
  }

  /**
   * Completes the processes that stopped or exited since the last read with supervisord's record:
   * PROCESS_STATE events carry no exit status and no spawn error. The read runs beside the
   * actor's mailbox (its result comes back as a `details` message), one record per process for a
   * few, one getAllProcessInfo for a burst.
   */
  readDetails(): void {
    if (this.detailsPending.size === 0) return;
    const pending = [...this.detailsPending];
    this.detailsPending.clear();
    const read =
      pending.length <= DETAILS_ONE_BY_ONE
        ? Promise.all(pending.map((key) => this.client.call('supervisor.getProcessInfo', [this.qualified(key)]).then(toProcessInfo)))
        : this.client.call('supervisor.getAllProcessInfo').then((value) => toList(value, toProcessInfo, 'getAllProcessInfo'));
    read.then(
      (infos) => this.tellSelf({ type: 'details', infos: infos.filter((info) => pending.includes(namespecOf(info.group, info.name))) }),
      (thrown: unknown) => this.tellSelf({ type: 'resync', reason: `exit details unreadable: ${describeError(thrown)}` }),
    );
  }

  /** Applies records read by readDetails to the processes still in the state they were read in. */
  applyDetails(infos: readonly SupervisorProcessInfo[]): void {
    const clock = this.clock();
    for (const info of infos) {
      const known = this.model.get(namespecOf(info.group, info.name));
      if (known === undefined || known.state !== info.state) continue;
      const process = this.withStartReset(withDetails(known, info, clock));
      const fields = ['exitstatus', 'spawnerr', 'start', 'stop'] as const;
      if (fields.some((field) => process[field] !== known[field])) this.replace(process);
    }
  }

  /** Resets the start of a stopped process to 0, until supervisord shows it started again. */
  resetStart(process: LocalProcess): LocalProcess {
    if (RUNNING_STATES.includes(process.state) || process.state === 'STOPPING') return process;
    const key = namespecOf(process.group, process.name);
    this.startsReset.set(key, Math.max(process.start, this.startsReset.get(key) ?? 0));
    return { ...process, start: 0, startMonotonic: 0 };
  }

  /** A process as supervisord reports it, its start still 0 if enable reset it and it has not started since. */
  private withStartReset(process: LocalProcess): LocalProcess {
    const key = namespecOf(process.group, process.name);
    const forgotten = this.startsReset.get(key);
    if (forgotten === undefined) return process;
    // Supervisor's start is stamped before ours (an event's), so a later start is a new one.
    if (RUNNING_STATES.includes(process.state) || process.state === 'STOPPING' || process.start > forgotten) {
      this.startsReset.delete(key);
      return process;
    }
    return { ...process, start: 0, startMonotonic: 0 };
  }

  private withStartsReset(model: LocalModel): LocalModel {
    for (const key of this.startsReset.keys()) if (!model.has(key)) this.startsReset.delete(key);
    return this.startsReset.size === 0 ? model : new Map([...model].map(([key, process]) => [key, this.withStartReset(process)]));
  }

  /** `group:name`, the form supervisord accepts for every process. */
  private qualified(key: string): string {
    const process = this.model.get(key);
    return process === undefined ? key : `${process.group}:${process.name}`;
  }

  // ---- helpers for commands ------------------------------------------------------------------

  replace(process: LocalProcess): void {
    const model = new Map(this.model);
    model.set(namespecOf(process.group, process.name), process);
    this.model = model;
    this.notify({ type: 'local-process', process });
  }

  notify(notice: BridgeNotice): void {
    for (const subscriber of this.subscribers) subscriber.tell(notice);
  }

  /** A disabled program (Supervisor #591) is never left running, whoever started it. */
  private enforce(process: LocalProcess): void {
    if (mustStop(process)) this.imposeStop(namespecOf(process.group, process.name), `program ${process.programName} is disabled`);
  }

  private imposeStop(key: string, why: string): void {
    if (!this.stopsPending.has(key)) this.stopsPending.set(key, { why, since: this.clock().monotonic });
  }

  /** Sends the imposed stops whose grace is over, if they still hold; the younger ones wait on. */
  imposeStops(): void {
    const now = this.clock().monotonic;
    for (const [key, { why, since }] of this.stopsPending) {
      if ((now - since) * 1000 < SPAWN_GRACE_MS) continue;
      this.stopsPending.delete(key);
      const process = this.model.get(key);
      if (process === undefined ? this.hidden.has(key) : mustStop(process)) this.stop(key, why);
    }
  }

  /** Asks supervisord to stop a process, without waiting; an already stopped one is fine. */
  stop(key: string, why: string): void {
    this.log.warn(`stopping ${key}: ${why}`);
    this.client.call('supervisor.stopProcess', [key, false]).catch((thrown: unknown) => {
      if (!(isSupvisorsError(thrown) && thrown.fault === 'NOT_RUNNING')) this.log.error(`could not stop ${key}: ${describeError(thrown)}`);
    });
  }

  processesOf(program: string): LocalProcess[] {
    return [...this.model.values()].filter((process) => process.programName === program);
  }

  knowsProgram(program: string): boolean {
    return this.sections.some((section) => section.name === program) || this.processesOf(program).length > 0;
  }

  persistDisabilities(): void {
    if (this.options.disabilitiesFile === undefined) return;
    const programs = new Set([...this.model.values()].map((process) => process.programName));
    for (const program of this.disabledPrograms) programs.add(program);
    const content = Object.fromEntries([...programs].sort().map((program) => [program, this.disabledPrograms.has(program)]));
    try {
      writeJsonObject(this.options.disabilitiesFile, content);
    } catch (thrown) {
      this.log.error(`cannot write disabilities_file ${this.options.disabilitiesFile}: ${describeError(thrown)}`);
    }
  }

  persistNumprocs(): void {
    if (this.options.numprocsFile === undefined) {
      this.log.warn('numprocs changes are not persisted: set numprocs_file in [supvisors]');
      return;
    }
    writeJsonObject(this.options.numprocsFile, Object.fromEntries([...this.numprocs].sort()));
  }

  /** Settles the waiters whose condition holds now (or whose time is up). */
  checkWaiters(now = Date.now()): void {
    for (const waiter of this.waiters) {
      const outcome = now >= waiter.deadline ? waiter.onTimeout() : waiter.check(this.model);
      if (outcome === undefined) continue;
      this.waiters.delete(waiter);
      waiter.settle(outcome);
    }
  }
}
