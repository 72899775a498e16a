import type { ActorRef } from '../actors/core/index.js';
import type { XmlRpcValue } from '../api/xmlrpc/values.js';
import { isSupvisorsError, toError } from '../errors/errors.js';
import type { Logger } from '../log/logger.js';
import { readClock, type Clock } from './clock.js';
import type { ExtraArgsStore } from './extra-args.js';
import { readJsonObject, writeJsonObject } from './json-file.js';
import { applyStateEvent, fromSupervisor, namespec, type LocalProcess } from './local-process.js';
import type { BridgeNotice } from './messages.js';
import { buildModel, diffModels, isBeyondNumprocs, type LocalModel } from './model.js';
import { RUNNING_STATES, STOPPED_STATES } from './process-states.js';
import { mapPrograms, type ProgramSection } from './program-map.js';
import type { SupervisorEvent } from './supervisor-events.js';
import { toConfigInfo, toList, toProcessInfo, type SupervisorConfigInfo } from './supervisor-records.js';

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

/** What an event asks for beyond its own update. */
export type Followup = { readonly kind: 'resync' | 'refresh'; readonly reason: string; readonly key?: string } | undefined;

/** A deferred answer: re-checked after every model change until it settles or times out. */
export interface Waiter {
  /** undefined while pending; true, or an Error, once settled. */
  check(model: LocalModel): true | Error | undefined;
  settle(outcome: true | Error): void;
  deadline: number;
  onTimeout(): Error;
}

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
  disabledPrograms: Set<string>;
  numprocs: Map<string, number>;
  synced = false;
  lastPoolSerial: number | undefined;
  resyncs = 0;
  lastResyncError = '';
  readonly subscribers: ActorRef<BridgeNotice>[] = [];
  readonly waiters = new Set<Waiter>();
  readonly clock: () => Clock;

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
    this.configs = new Map(configs.map((config) => [namespec(config.group, config.name), config]));
    const previous = this.model;
    this.model = buildModel(
      {
        infos,
        configs,
        programs: mapPrograms(infos, this.sections),
        extraArgs: this.options.extraArgs?.readAll() ?? new Map(),
        disabledPrograms: this.disabledPrograms,
        numprocs: this.numprocs,
      },
      this.clock(),
    );
    this.hidden = new Set(infos.map((info) => namespec(info.group, info.name)).filter((key) => !this.model.has(key)));
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
   * Applies one event. Answers what to do when it cannot be applied safely: a full resync (events
   * lost, groups changed), or a refresh of one process whose event does not follow from the state
   * we know (an event older than our snapshot, or one missed).
   */
  applyEvent(event: SupervisorEvent, poolSerial: number): Followup {
    const previous = this.lastPoolSerial;
    if (previous !== undefined && poolSerial >= 0 && poolSerial <= previous) return undefined; // sent again by supervisord
    this.lastPoolSerial = poolSerial;
    if (previous !== undefined && poolSerial > previous + 1) return { kind: 'resync', reason: `events ${previous + 1}..${poolSerial - 1} were lost` };
    if (!this.synced) return undefined; // the coming resync covers it
    switch (event.kind) {
      case 'process-state':
        return this.applyProcessState(event);
      case 'group-added':
      case 'group-removed':
        return { kind: 'resync', reason: `group ${event.group} ${event.kind === 'group-added' ? 'added' : 'removed'}` };
      case 'supervisor-running':
        return { kind: 'resync', reason: 'supervisord is RUNNING' };
      case 'supervisor-stopping':
        this.log.info('supervisord is stopping');
        return undefined;
      case 'tick':
      case 'other':
        return undefined;
    }
  }

  private applyProcessState(event: Extract<SupervisorEvent, { kind: 'process-state' }>): Followup {
    const key = namespec(event.group, event.name);
    const known = this.model.get(key);
    if (known === undefined) {
      if (!this.hidden.has(key)) return { kind: 'resync', reason: `unknown process ${key}` };
      if (RUNNING_STATES.includes(event.state)) this.stop(key, 'beyond the numprocs in use');
      return undefined;
    }
    if (event.fromState !== known.state) {
      return { kind: 'refresh', key, reason: `${key}: ${event.fromState} -> ${event.state} while ${known.state} was known` };
    }
    const process = applyStateEvent(known, event, this.clock());
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
    }
    this.enforce(process);
    this.checkWaiters();
    return undefined;
  }

  /** Reads one process again from supervisord (see applyEvent). */
  async refresh(key: string): Promise<void> {
    const known = this.model.get(key);
    if (known === undefined) return;
    const info = toProcessInfo(await this.client.call('supervisor.getProcessInfo', [`${known.group}:${known.name}`]));
    const process = fromSupervisor(
      info,
      this.configs.get(key),
      known,
      { extraArgs: known.extraArgs, disabled: known.disabled },
      this.clock(),
    );
    if (process.state !== known.state || process.pid !== known.pid) {
      this.log.debug(`${key}: ${known.state} -> ${process.state} (read again from supervisord)`);
      this.replace(process);
      this.enforce(process);
      this.checkWaiters();
    }
  }

  // ---- helpers for commands ------------------------------------------------------------------

  replace(process: LocalProcess): void {
    const model = new Map(this.model);
    model.set(namespec(process.group, process.name), process);
    this.model = model;
    this.notify({ type: 'local-process', process });
  }

  notify(notice: BridgeNotice): void {
    for (const subscriber of this.subscribers) subscriber.tell(notice);
  }

  /** A disabled program (Supervisor #591) is never left running, whoever started it. */
  private enforce(process: LocalProcess): void {
    if (process.disabled && (process.state === 'STARTING' || process.state === 'RUNNING' || process.state === 'BACKOFF')) {
      this.stop(namespec(process.group, process.name), `program ${process.programName} is disabled`);
    }
  }

  /** Asks supervisord to stop a process, without waiting; an already stopped one is fine. */
  stop(key: string, why: string): void {
    this.log.warn(`stopping ${key}: ${why}`);
    this.client.call('supervisor.stopProcess', [key, false]).catch((thrown: unknown) => {
      if (!(isSupvisorsError(thrown) && thrown.fault === 'NOT_RUNNING')) this.log.error(`could not stop ${key}: ${toError(thrown).message}`);
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
      this.log.error(`cannot write disabilities_file ${this.options.disabilitiesFile}: ${toError(thrown).message}`);
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
