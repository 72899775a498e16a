/**
 * Statistics control (spec/xmlrpc.md §7.1 get_statistics_status, §7.5), local instance only,
 * answered by the stats actor. `collecting_period` is an int while it is the default, a double
 * once configured or updated, as Python Supvisors answers; without a collector (no /proc) the
 * changes fail with NOT_INSTALLED.
 *
 * And our read methods (contract/supvisors-statistics.ts): the compiled series of any instance
 * and its host inventory. Every node's stats actor compiles its peers' samples while the
 * cluster works, so the local actor answers first; an instance it has nothing of (e.g. this
 * node joined later) is asked over the transport. The inventory is read by each node once and
 * kept here once fetched from a peer.
 */
import type { ActorRef, ReplyTo } from '../../actors/core/index.js';
import type { HostInventory } from '../../actors/stats/host-inventory.js';
import type { StatsMessage, StatsStatusReply } from '../../actors/stats/messages.js';
import { describeError, isSupvisorsError, rpcFault } from '../../errors/errors.js';
import { namespecKey } from '../../supervisor/namespec.js';
import type { HostStatsView, IoSeriesView, ProcessStatsView, SeriesView } from '../../stats-compiler/compiler.js';
import { SUPERVISORD_NAMESPEC } from '../../stats-compiler/types.js';
import { implement, type Implementation } from '../xmlrpc/method.js';
import { XmlRpcDouble, type XmlRpcStruct, type XmlRpcValue } from '../../xmlrpc/values.js';
import { byCodePoint } from '../../vocabulary/name-order.js';

export interface StatisticsMethodsContext {
  /** This node's stats actor. */
  readonly stats: ActorRef<StatsMessage>;
  readonly localIdentifier: string;
  /** `stats_periods` of this node, ascending. */
  readonly periods: readonly number[];
  /** The identifier of an instance named by its identifier or nick; undefined when unknown. */
  readonly resolveIdentifier: (name: string) => string | undefined;
  /** The stats actor of another instance (transport.remoteRef). */
  readonly remoteStats: (identifier: string) => ActorRef<StatsMessage>;
  /** Whether Supvisors knows the process (its model key). */
  readonly knownProcess: (namespec: string) => Promise<boolean>;
}

/** How long a peer is given to answer a read. */
const REMOTE_READ_MS = 5000;

const str = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');
const double = (value: number): XmlRpcDouble => new XmlRpcDouble(value);

/** A series as its XML-RPC struct: every number a double (a Python float), what cannot be computed left out. */
function seriesStruct(series: SeriesView): XmlRpcStruct {
  const { summary } = series;
  const optional = (key: string, value: number | undefined): XmlRpcStruct => (value === undefined || !Number.isFinite(value) ? {} : { [key]: double(value) });
  return {
    times: series.times.map(double),
    values: series.values.map(double),
    summary: {
      points: summary.points,
      ...optional('latest', summary.latest),
      ...optional('mean', summary.mean),
      ...(summary.trend === undefined ? {} : { trend: summary.trend }),
      ...optional('slope', summary.slope),
      ...optional('slope_per_period', summary.slopePerPeriod),
      ...optional('stddev', summary.stddev),
    },
  };
}

const EMPTY_SERIES: SeriesView = { times: [], values: [], summary: { points: 0 } };

function ioStructs(entries: Readonly<Record<string, IoSeriesView>>, inKey: string, outKey: string): XmlRpcStruct[] {
  return Object.entries(entries)
    .sort(([a], [b]) => byCodePoint(a, b))
    .map(([name, io]) => ({ name, [inKey]: seriesStruct(io.in), [outKey]: seriesStruct(io.out) }));
}

function hostStruct(identifier: string, period: number, periods: readonly number[], view: HostStatsView | undefined): XmlRpcStruct {
  return {
    identifier,
    period: double(period),
    periods: periods.map(double),
    cores: view?.cores ?? 0,
    cpu: (view?.cpu ?? []).map(seriesStruct),
    mem: seriesStruct(view?.mem ?? EMPTY_SERIES),
    net_io: ioStructs(view?.netIo ?? {}, 'rx', 'tx'),
    disk_io: ioStructs(view?.diskIo ?? {}, 'read', 'write'),
    disk_usage: Object.entries(view?.diskUsage ?? {})
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([name, usage]) => ({ name, usage: seriesStruct(usage) })),
  };
}

function processStruct(identifier: string, namespec: string, period: number, periods: readonly number[], view: ProcessStatsView | undefined): XmlRpcStruct {
  return {
    identifier,
    namespec,
    period: double(period),
    periods: periods.map(double),
    pid: view?.pid ?? 0,
    irix_mode: view?.irixMode ?? false,
    nb_cores: view?.nbCores ?? 1,
    cpu: seriesStruct(view?.cpu ?? EMPTY_SERIES),
    mem: seriesStruct(view?.mem ?? EMPTY_SERIES),
  };
}

export function statisticsMethods(stats: ActorRef<StatsMessage>): Implementation[] {
  const change = (message: (replyTo: ReplyTo<boolean>) => StatsMessage): Promise<XmlRpcValue> => stats.ask<boolean>(message);
  return [
    implement('supvisors.get_statistics_status', async () => {
      const { status, collectingPeriodIsDouble } = await stats.ask<StatsStatusReply>((replyTo) => ({ type: 'status', replyTo }));
      return {
        host_stats: status.host_stats,
        process_stats: status.process_stats,
        collecting_period: collectingPeriodIsDouble ? new XmlRpcDouble(status.collecting_period) : status.collecting_period,
      };
    }),
    implement('supvisors.enable_host_statistics', ([enabled]) => change((replyTo) => ({ type: 'enable-host', enabled: enabled === true, replyTo }))),
    implement('supvisors.enable_process_statistics', ([enabled]) => change((replyTo) => ({ type: 'enable-process', enabled: enabled === true, replyTo }))),
    implement('supvisors.update_collecting_period', ([period]) => change((replyTo) => ({ type: 'update-period', period: typeof period === 'number' ? period : 0, replyTo }))),
  ];
}

/** Our read methods: the series of any instance, its host inventory. */
export function statisticsReadMethods(context: StatisticsMethodsContext): Implementation[] {
  const { stats, localIdentifier, periods } = context;
  const inventories = new Map<string, HostInventory>();

  const identifierOf = (name: XmlRpcValue | undefined): string => {
    const identifier = context.resolveIdentifier(str(name));
    if (identifier === undefined) throw rpcFault('BAD_NAME', `identifier=${str(name)} is unknown to Supvisors`);
    return identifier;
  };
  const periodOf = (value: XmlRpcValue | undefined): number => {
    const asked = typeof value === 'number' ? value : 0;
    const period = asked === 0 ? periods[0] : periods.find((one) => one === asked);
    if (period === undefined) throw rpcFault('INCORRECT_PARAMETERS', `period=${asked} is not one of stats_periods (${periods.join(', ')})`);
    return period;
  };
  /** The local answer, else the instance's own; a peer that does not answer is FAILED. */
  const read = async <R>(identifier: string, build: (replyTo: ReplyTo<R | undefined>) => StatsMessage): Promise<R | undefined> => {
    const local = await stats.ask<R | undefined>(build);
    if (local !== undefined || identifier === localIdentifier) return local;
    // an undefined reply crosses the wire as null
    return (await remote(identifier, () => context.remoteStats(identifier).ask<R | null | undefined>(build, REMOTE_READ_MS))) ?? undefined;
  };
  const remote = async <R>(identifier: string, ask: () => Promise<R>): Promise<R> => {
    try {
      return await ask();
    } catch (thrown) {
      if (isSupvisorsError(thrown) && thrown.code === 'RPC_FAULT') throw thrown;
      throw rpcFault('FAILED', `${identifier} did not answer: ${describeError(thrown)}`);
    }
  };

  return [
    implement('supvisors.get_host_statistics', async ([name, asked]) => {
      const identifier = identifierOf(name);
      const period = periodOf(asked);
      const view = await read<HostStatsView>(identifier, (replyTo) => ({ type: 'host-stats', identifier, period, replyTo }));
      return hostStruct(identifier, period, periods, view);
    }),
    implement('supvisors.get_process_statistics', async ([name, spec, asked]) => {
      const identifier = identifierOf(name);
      const namespec = str(spec) === SUPERVISORD_NAMESPEC ? SUPERVISORD_NAMESPEC : namespecKey(str(spec));
      if (namespec !== SUPERVISORD_NAMESPEC && !(await context.knownProcess(namespec))) throw rpcFault('BAD_NAME', `namespec=${str(spec)} is unknown to Supvisors`);
      const period = periodOf(asked);
      const view = await read<ProcessStatsView>(identifier, (replyTo) => ({ type: 'process-stats', namespec, identifier, period, replyTo }));
      return processStruct(identifier, namespec, period, periods, view);
    }),
    implement('supvisors.get_host_inventory', async ([name]) => {
      const identifier = identifierOf(name);
      let inventory = inventories.get(identifier);
      if (inventory === undefined) {
        const ask = (ref: ActorRef<StatsMessage>, timeoutMs?: number): Promise<HostInventory> => ref.ask<HostInventory>((replyTo) => ({ type: 'host-inventory', replyTo }), timeoutMs);
        inventory = identifier === localIdentifier ? await ask(stats) : await remote(identifier, () => ask(context.remoteStats(identifier), REMOTE_READ_MS));
        inventories.set(identifier, inventory);
      }
      return { identifier, ...inventory, cpu_frequency: double(inventory.cpu_frequency), memory_total: double(inventory.memory_total) };
    }),
  ];
}
