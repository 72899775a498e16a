/**
 * Host and process sampling from /proc and /sys, through a `ProcSource` so that the same code
 * runs on the real files (synchronous reads, in the worker thread) and on captured text in tests.
 */
import { readFileSync, readdirSync, statfsSync } from 'node:fs';
import type { HostSample, IoCounters, ProcessRawSample } from '../stats-compiler/types.js';
import { SUPERVISORD_NAMESPEC } from '../stats-compiler/types.js';
import {
  CLOCK_TICKS_PER_SECOND,
  childrenIndex,
  descendantsOf,
  diskUsagePercent,
  isInterfaceUp,
  memoryPercent,
  pageSizeFrom,
  parseCoreTimes,
  parseDiskstats,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parsePhysicalFilesystems,
  parsePidStat,
  parseStatm,
  parseStatusRssKb,
  physicalMounts,
  withAverage,
  type PidStat,
} from './proc-parsers.js';
import type { MonitoredProcess, SupervisordEntry } from './protocol.js';

export interface FsUsage {
  readonly blocks: number;
  readonly free: number;
  readonly available: number;
}

/** Where the samplers read from. `read` answers undefined for a missing or unreadable file. */
export interface ProcSource {
  read(path: string): string | undefined;
  list(directory: string): string[];
  statfs(path: string): FsUsage | undefined;
}

/**
 * The real files, read synchronously: in the worker thread a synchronous read costs less than
 * an asynchronous one (no thread-pool hop) and keeps the work, and its CPU time, on that thread.
 */
export const realProc: ProcSource = {
  read(path) {
    try {
      return readFileSync(path, 'latin1');
    } catch {
      return undefined;
    }
  },
  list(directory) {
    try {
      return readdirSync(directory);
    } catch {
      return [];
    }
  },
  statfs(path) {
    try {
      const stats = statfsSync(path);
      return { blocks: stats.blocks, free: stats.bfree, available: stats.bavail };
    } catch {
      return undefined;
    }
  },
};

function required(source: ProcSource, path: string): string {
  const text = source.read(path);
  if (text === undefined) throw new Error(`cannot read ${path}`);
  return text;
}

/** The network interfaces that are up, with their byte counters. */
export function sampleNetIo(source: ProcSource): Record<string, IoCounters> {
  const result: Record<string, IoCounters> = {};
  for (const [name, counters] of Object.entries(parseNetDev(required(source, '/proc/net/dev')))) {
    const flags = source.read(`/sys/class/net/${name}/flags`);
    if (flags !== undefined && isInterfaceUp(flags)) result[name] = counters;
  }
  return result;
}

/** Usage percent per mounted partition of a block-device filesystem; unreadable ones skipped. */
export function sampleDiskUsage(source: ProcSource): Record<string, number> {
  const physical = parsePhysicalFilesystems(source.read('/proc/filesystems') ?? '');
  const result: Record<string, number> = {};
  for (const mount of physicalMounts(parseMounts(required(source, '/proc/mounts')), physical)) {
    const usage = source.statfs(mount.mountpoint);
    if (usage !== undefined) result[mount.mountpoint] = diskUsagePercent(usage.blocks, usage.free, usage.available);
  }
  return result;
}

/** One host sample (spec/stats.md §2.1). Throws when a mandatory file cannot be read. */
export function sampleHost(source: ProcSource, now: number): HostSample {
  return {
    now,
    cpu: withAverage(parseCoreTimes(required(source, '/proc/stat'))),
    mem: memoryPercent(parseMeminfo(required(source, '/proc/meminfo'))),
    net_io: sampleNetIo(source),
    disk_usage: sampleDiskUsage(source),
    disk_io: parseDiskstats(source.read('/proc/diskstats') ?? ''),
  };
}

/** Every process of the host, read once per sample (the descendants need the whole tree). */
export function readProcessTable(source: ProcSource): Map<number, PidStat> {
  const table = new Map<number, PidStat>();
  for (const name of source.list('/proc')) {
    const code = name.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    const text = source.read(`/proc/${name}/stat`);
    const entry = text === undefined ? undefined : parsePidStat(text);
    if (entry !== undefined) table.set(entry.pid, entry);
  }
  return table;
}

/** The page size of this host, from our own status and statm. */
export function readPageSize(source: ProcSource): number {
  const rssKb = parseStatusRssKb(source.read('/proc/self/status') ?? '');
  const resident = parseStatm(source.read('/proc/self/statm') ?? '')?.resident;
  return pageSizeFrom(rssKb, resident);
}

export interface ProcessSampling {
  readonly samples: ProcessRawSample[];
  readonly vanished: MonitoredProcess[];
}

/** Logical cores of the host: the cpuN lines of /proc/stat. */
export function countCores(source: ProcSource): number {
  return Math.max(1, parseCoreTimes(source.read('/proc/stat') ?? '').length);
}

/**
 * One sample per monitored process (spec/stats.md §3.1): CPU seconds and memory percent of
 * the process and all its living descendants; a stopped sample (pid 0) for a process that is
 * gone. Then the `supervisord` entry (its pids without children, summed, with `nb_cores`).
 */
export function sampleProcesses(
  source: ProcSource,
  now: number,
  processes: readonly MonitoredProcess[],
  supervisord: SupervisordEntry | undefined,
  pageSize: number,
): ProcessSampling {
  const samples: ProcessRawSample[] = [];
  const vanished: MonitoredProcess[] = [];
  if (processes.length === 0 && supervisord === undefined) return { samples, vanished };
  const memTotalBytes = parseMeminfo(required(source, '/proc/meminfo')).totalKb * 1024;
  const memoryOf = (pages: number): number => (memTotalBytes <= 0 ? 0 : ((pages * pageSize) / memTotalBytes) * 100);
  const table = readProcessTable(source);
  const children = processes.length === 0 ? new Map<number, number[]>() : childrenIndex(table.values());
  for (const monitored of processes) {
    const root = table.get(monitored.pid);
    if (root === undefined || root.state === 'Z') {
      samples.push({ namespec: monitored.namespec, pid: 0, now });
      vanished.push(monitored);
      continue;
    }
    let ticks = root.utime + root.stime;
    let pages = root.rss;
    for (const pid of descendantsOf(monitored.pid, children)) {
      const entry = table.get(pid);
      if (entry === undefined) continue;
      ticks += entry.utime + entry.stime;
      pages += entry.rss;
    }
    samples.push({
      namespec: monitored.namespec,
      pid: monitored.pid,
      now,
      proc_work: ticks / CLOCK_TICKS_PER_SECOND,
      proc_memory: memoryOf(pages),
    });
  }
  if (supervisord !== undefined) {
    const entries = [...new Set(supervisord.pids)].map((pid) => table.get(pid)).filter((entry) => entry !== undefined);
    if (entries.length > 0) {
      samples.push({
        namespec: SUPERVISORD_NAMESPEC,
        pid: supervisord.pid,
        now,
        proc_work: entries.reduce((sum, entry) => sum + entry.utime + entry.stime, 0) / CLOCK_TICKS_PER_SECOND,
        proc_memory: memoryOf(entries.reduce((sum, entry) => sum + entry.rss, 0)),
        nb_cores: countCores(source),
      });
    }
  }
  return { samples, vanished };
}

/** CPU seconds used so far by the calling thread (synchronous read: /proc/thread-self is the caller). */
export function threadCpuSeconds(source: ProcSource): number {
  const entry = parsePidStat(source.read('/proc/thread-self/stat') ?? '');
  return entry === undefined ? 0 : (entry.utime + entry.stime) / CLOCK_TICKS_PER_SECOND;
}
