/**
 * Parsers of Linux /proc (and /sys) text: pure functions, unit-tested on captured text.
 * Counters are returned in the kernel's units (clock ticks, pages, sectors) unless the name
 * says otherwise; the samplers convert.
 */
import type { CpuTimes, IoCounters } from '../stats-compiler/types.js';

/** USER_HZ: the unit of /proc CPU times. 100 on every mainstream Linux architecture (x86, arm, arm64, ppc, s390, riscv). */
export const CLOCK_TICKS_PER_SECOND = 100;
/** /proc/diskstats counts 512-byte sectors whatever the device's sector size. */
export const DISKSTATS_SECTOR_BYTES = 512;

/**
 * `/proc/stat` cpuN lines → `[work, idle]` seconds per logical core (in file order).
 * `work = user + nice + system + irq + softirq + steal` (guest is already inside user/nice),
 * `idle = idle + iowait`. The aggregated `cpu ` line is not used.
 */
export function parseCoreTimes(text: string, ticksPerSecond = CLOCK_TICKS_PER_SECOND): CpuTimes[] {
  const cores: CpuTimes[] = [];
  for (const line of text.split('\n')) {
    if (!/^cpu\d+\s/.test(line)) continue;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    cores.push([(user + nice + system + irq + softirq + steal) / ticksPerSecond, (idle + iowait) / ticksPerSecond]);
  }
  return cores;
}

/** Index 0 = arithmetic mean of the per-core work and idle, then the cores. */
export function withAverage(cores: readonly CpuTimes[]): CpuTimes[] {
  if (cores.length === 0) return [];
  let work = 0;
  let idle = 0;
  for (const [coreWork, coreIdle] of cores) {
    work += coreWork;
    idle += coreIdle;
  }
  return [[work / cores.length, idle / cores.length], ...cores];
}

export interface MemInfo {
  readonly totalKb: number;
  /** MemAvailable, or MemFree + Buffers + Cached on kernels older than 3.14. */
  readonly availableKb: number;
}

/** `/proc/meminfo` → total and available memory, kB. */
export function parseMeminfo(text: string): MemInfo {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([\w()]+):\s+(\d+)/.exec(line);
    if (match !== null) values.set(match[1], Number(match[2]));
  }
  const totalKb = values.get('MemTotal') ?? 0;
  const availableKb =
    values.get('MemAvailable') ?? (values.get('MemFree') ?? 0) + (values.get('Buffers') ?? 0) + (values.get('Cached') ?? 0);
  return { totalKb, availableKb };
}

/** Rounds like psutil's `usage_percent(..., round_=1)`. */
export function roundPercent(value: number): number {
  return Math.round(value * 10) / 10;
}

/** psutil's virtual memory percent: `(total − available) / total × 100`, 1 decimal. */
export function memoryPercent(info: MemInfo): number {
  return info.totalKb <= 0 ? 0 : roundPercent(((info.totalKb - info.availableKb) / info.totalKb) * 100);
}

/** `/proc/net/dev` → interface → `[bytes received, bytes sent]`. */
export function parseNetDev(text: string): Record<string, IoCounters> {
  const result: Record<string, IoCounters> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (name === '' || fields.length < 9) continue;
    result[name] = [fields[0], fields[8]];
  }
  return result;
}

/** `/sys/class/net/<nic>/flags` (hex) → whether IFF_UP is set. */
export function isInterfaceUp(flagsText: string): boolean {
  const flags = Number.parseInt(flagsText.trim(), 16);
  return Number.isFinite(flags) && (flags & 0x1) !== 0;
}

/**
 * `/proc/diskstats` → device → `[bytes read, bytes written]`, every device listed (disks,
 * partitions, loop devices), as psutil's `disk_io_counters(perdisk=True)`.
 */
export function parseDiskstats(text: string): Record<string, IoCounters> {
  const result: Record<string, IoCounters> = {};
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 7) continue;
    const name = fields[2];
    // 14+ fields: reads, merged, sectors read, ms, writes, merged, sectors written, ...
    // 7 fields (old partition format): reads, sectors read, writes, sectors written.
    const [read, written] = fields.length >= 14 ? [fields[5], fields[9]] : [fields[4], fields[6]];
    result[name] = [Number(read) * DISKSTATS_SECTOR_BYTES, Number(written) * DISKSTATS_SECTOR_BYTES];
  }
  return result;
}

export interface MountEntry {
  readonly device: string;
  readonly mountpoint: string;
  readonly fstype: string;
}

/** Undoes the octal escapes of /proc/mounts (`\040` for a space, `\011`, `\012`, `\134`). */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** `/proc/mounts` (or /proc/self/mounts) → its entries. */
export function parseMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3) continue;
    entries.push({
      device: unescapeMountField(fields[0]),
      mountpoint: unescapeMountField(fields[1]),
      fstype: fields[2],
    });
  }
  return entries;
}

/** `/proc/filesystems` → the types that need a block device (the lines without `nodev`), plus zfs. */
export function parsePhysicalFilesystems(text: string): Set<string> {
  const types = new Set<string>(['zfs']);
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('nodev')) continue;
    types.add(line.trim());
  }
  return types;
}

/**
 * The partitions psutil's `disk_partitions(all=False)` lists: a real device (not empty, not
 * `none`) and a filesystem type backed by a block device. Pseudo filesystems (proc, sysfs,
 * tmpfs, cgroup, overlay, nsfs...) are left out. One entry per mount point (the last wins).
 */
export function physicalMounts(mounts: readonly MountEntry[], physicalTypes: ReadonlySet<string>): MountEntry[] {
  const byMountpoint = new Map<string, MountEntry>();
  for (const mount of mounts) {
    if (mount.device === '' || mount.device === 'none' || !physicalTypes.has(mount.fstype)) continue;
    byMountpoint.set(mount.mountpoint, mount);
  }
  return [...byMountpoint.values()];
}

/** psutil's disk usage percent: `used / (used + available to users) × 100`, 1 decimal. */
export function diskUsagePercent(blocks: number, free: number, available: number): number {
  const used = blocks - free;
  const total = used + available;
  return total <= 0 ? 0 : roundPercent((used / total) * 100);
}

export interface PidStat {
  readonly pid: number;
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  /** Clock ticks. */
  readonly utime: number;
  readonly stime: number;
  /** Resident set size, pages (the same kernel counter as statm's `resident`). */
  readonly rss: number;
}

/**
 * `/proc/<pid>/stat` → its fields of interest. The command name may hold spaces and
 * parentheses: the fields after it are found from the last `)`. Undefined on malformed text.
 */
export function parsePidStat(text: string): PidStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // fields[0] is field 3 (state) of proc(5).
  const fields = text.slice(close + 1).trim().split(/\s+/);
  if (!Number.isInteger(pid) || fields.length < 22) return undefined;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: fields[0],
    ppid: Number(fields[1]),
    utime: Number(fields[11]),
    stime: Number(fields[12]),
    rss: Number(fields[21]),
  };
}

/** `/proc/<pid>/statm` → sizes in pages. */
export function parseStatm(text: string): { size: number; resident: number; shared: number } | undefined {
  const fields = text.trim().split(/\s+/).map(Number);
  if (fields.length < 3 || fields.some((value) => !Number.isFinite(value))) return undefined;
  return { size: fields[0], resident: fields[1], shared: fields[2] };
}

/** A `<key>: <n> kB` line of /proc/<pid>/status (or smaps_rollup), kB; undefined when absent. */
export function parseStatusFieldKb(text: string, key: string): number | undefined {
  const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
  return match === null ? undefined : Number(match[1]);
}

/** `VmRSS` of /proc/<pid>/status, kB; undefined when absent (kernel threads). */
export function parseStatusRssKb(text: string): number | undefined {
  return parseStatusFieldKb(text, 'VmRSS');
}

const PAGE_SIZES = [4096, 8192, 16384, 65536];

/**
 * The page size, from one process's RSS read in kB (status) and in pages (statm): the
 * supported size nearest to the ratio (both are read a moment apart, so the ratio is rough).
 * 4096 when it cannot be told.
 */
export function pageSizeFrom(rssKb: number | undefined, residentPages: number | undefined): number {
  if (rssKb === undefined || residentPages === undefined || residentPages <= 0 || rssKb <= 0) return 4096;
  const ratio = (rssKb * 1024) / residentPages;
  let best = 4096;
  for (const size of PAGE_SIZES) if (Math.abs(Math.log2(size / ratio)) < Math.abs(Math.log2(best / ratio))) best = size;
  return best;
}

/** Parent → children index of a process table. */
export function childrenIndex(table: Iterable<PidStat>): Map<number, number[]> {
  const index = new Map<number, number[]>();
  for (const entry of table) {
    const siblings = index.get(entry.ppid);
    if (siblings === undefined) index.set(entry.ppid, [entry.pid]);
    else siblings.push(entry.pid);
  }
  return index;
}

/** All descendants of `pid` (children, grandchildren...), breadth first; `pid` itself excluded. */
export function descendantsOf(pid: number, children: ReadonlyMap<number, readonly number[]>): number[] {
  const found: number[] = [];
  const seen = new Set<number>([pid]);
  const queue = [pid];
  for (let head = 0; head < queue.length; head += 1) {
    for (const child of children.get(queue[head]) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}
