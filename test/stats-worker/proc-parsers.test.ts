import assert from 'node:assert/strict';
import {
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
  unescapeMountField,
  withAverage,
  type PidStat,
} from '../../stats-worker/proc-parsers.js';

// Captured on a 2-core Linux 6.x host.
const PROC_STAT = `cpu  505328 0 103829 1749084 993 0 3387 390 0 0
cpu0 245545 0 50218 883525 147 0 1695 200 0 0
cpu1 259782 0 53610 865559 846 0 1691 190 0 0
intr 4676937 0 0 0 0 0
ctxt 9311925
btime 1763776000
processes 12600
`;

const MEMINFO = `MemTotal:       24683656 kB
MemFree:        24113260 kB
MemAvailable:   24144760 kB
Buffers:            1924 kB
Cached:           194700 kB
SwapCached:            0 kB
Active(anon):      12000 kB
`;

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 2383201342 1239075    0    0    0     0          0         0 2383201342 1239075    0    0    0     0       0          0
  ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  eth0: 501706876   21358    0    0    0     0          0         0  2162081   16126    0    0    0     0       0          0
svh8658n0: 1396343     554    0    0    0     0          0         0   187995     922    0    0    0     0       0          0
`;

const DISKSTATS = `   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
 254       0 vda 105845 14796 4175506 28572 74755 68556 2544560 17246 0 22524 59187 78124 68 1046480 13336 79 32
 253       0 zram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   8       1 sda1 1200 300 2400 30
`;

const MOUNTS = `proc /proc proc rw,relatime 0 0
sysfs /sys sysfs rw,relatime 0 0
tmpfs /dev/shm tmpfs rw,relatime,size=24683656k 0 0
/dev/vda / ext4 rw,relatime,discard 0 0
overlay /var/lib/docker/overlay2/abc/merged overlay rw 0 0
cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0
/dev/vda /run/netns ext4 rw,relatime 0 0
nsfs /run/netns/ns0 nsfs rw 0 0
/dev/sdb1 /media/usb\\040key vfat rw 0 0
none /mnt/none ext4 rw 0 0
`;

const FILESYSTEMS = `nodev	sysfs
nodev	tmpfs
nodev	proc
nodev	cgroup
nodev	overlay
nodev	nsfs
	ext3
	ext2
	ext4
	vfat
	xfs
`;

const PID1_STAT =
  '1 (process_api) S 0 0 0 0 -1 4194560 86048 94266969 0 3320 185 273 481438 96772 10 -10 11 0 14 36388864 2419 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';

describe('/proc parsers', () => {
  it('reads per-core work and idle seconds from /proc/stat (work = user+nice+system+irq+softirq+steal, idle = idle+iowait)', () => {
    const cores = parseCoreTimes(PROC_STAT);
    assert.equal(cores.length, 2);
    assert.deepEqual(cores[0], [(245545 + 0 + 50218 + 0 + 1695 + 200) / 100, (883525 + 147) / 100]);
    assert.deepEqual(cores[1], [(259782 + 53610 + 1691 + 190) / 100, (865559 + 846) / 100]);
  });

  it('puts the mean of the cores first', () => {
    assert.deepEqual(withAverage([[10, 30], [20, 50]]), [[15, 40], [10, 30], [20, 50]]);
    assert.deepEqual(withAverage([]), []);
  });

  it('computes the memory percent as psutil does, from MemAvailable, with 1 decimal', () => {
    const info = parseMeminfo(MEMINFO);
    assert.deepEqual(info, { totalKb: 24683656, availableKb: 24144760 });
    assert.equal(memoryPercent(info), 2.2);
    assert.deepEqual(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 150 kB\n'), { totalKb: 1000, availableKb: 300 });
    assert.equal(memoryPercent({ totalKb: 0, availableKb: 0 }), 0);
  });

  it('reads receive and send bytes per interface from /proc/net/dev', () => {
    assert.deepEqual(parseNetDev(NET_DEV), {
      lo: [2383201342, 2383201342],
      ifb0: [0, 0],
      eth0: [501706876, 2162081],
      svh8658n0: [1396343, 187995],
    });
  });

  it('tells an interface up from its IFF_UP flag', () => {
    assert.equal(isInterfaceUp('0x1003\n'), true);
    assert.equal(isInterfaceUp('0x9\n'), true);
    assert.equal(isInterfaceUp('0x1002\n'), false);
    assert.equal(isInterfaceUp('0x82\n'), false);
    assert.equal(isInterfaceUp('garbage'), false);
  });

  it('reads bytes read and written per block device from /proc/diskstats (512-byte sectors, both formats)', () => {
    assert.deepEqual(parseDiskstats(DISKSTATS), {
      loop0: [0, 0],
      vda: [4175506 * 512, 2544560 * 512],
      zram0: [0, 0],
      sda1: [300 * 512, 30 * 512],
    });
  });

  it('keeps the mounts of block-device filesystems only, unescaping mount points', () => {
    const mounts = parseMounts(MOUNTS);
    assert.equal(mounts.length, 10);
    assert.equal(unescapeMountField('/media/usb\\040key'), '/media/usb key');
    const physical = parsePhysicalFilesystems(FILESYSTEMS);
    assert.ok(physical.has('ext4') && physical.has('zfs') && !physical.has('tmpfs') && !physical.has('overlay'));
    assert.deepEqual(
      physicalMounts(mounts, physical).map((mount) => mount.mountpoint),
      ['/', '/run/netns', '/media/usb key'],
    );
  });

  it('computes the disk usage percent as psutil (used / (used + available to users))', () => {
    // 1000 blocks, 400 free of which 300 available to users: used 600, percent 600/900.
    assert.equal(diskUsagePercent(1000, 400, 300), 66.7);
    assert.equal(diskUsagePercent(0, 0, 0), 0);
  });

  it('parses /proc/<pid>/stat, command names with spaces and parentheses included', () => {
    assert.deepEqual(parsePidStat(PID1_STAT), {
      pid: 1, comm: 'process_api', state: 'S', ppid: 0, utime: 185, stime: 273, rss: 2419,
    });
    const weird = PID1_STAT.replace('1 (process_api) S 0', '4242 (my (odd) prog) R 17');
    assert.deepEqual(parsePidStat(weird), { pid: 4242, comm: 'my (odd) prog', state: 'R', ppid: 17, utime: 185, stime: 273, rss: 2419 });
    assert.equal(parsePidStat(''), undefined);
    assert.equal(parsePidStat('12 (short) S 1 2 3'), undefined);
  });

  it('parses statm and the VmRSS of status, and tells the page size from them', () => {
    assert.deepEqual(parseStatm('765 414 387 5 0 123 0\n'), { size: 765, resident: 414, shared: 387 });
    assert.equal(parseStatm('x'), undefined);
    assert.equal(parseStatusRssKb('Name:\tnode\nVmRSS:\t   1656 kB\nRssAnon:\t 100 kB\n'), 1656);
    assert.equal(parseStatusRssKb('Name:\tkthreadd\n'), undefined);
    assert.equal(pageSizeFrom(1656, 414), 4096);
    assert.equal(pageSizeFrom(1660, 414), 4096);
    assert.equal(pageSizeFrom(6624, 414), 16384);
    assert.equal(pageSizeFrom(26496, 414), 65536);
    assert.equal(pageSizeFrom(undefined, 414), 4096);
  });

  it('finds all descendants of a process from the ppid of every process', () => {
    const entry = (pid: number, ppid: number): PidStat => ({ pid, ppid, comm: 'x', state: 'S', utime: 0, stime: 0, rss: 0 });
    const table = [entry(1, 0), entry(10, 1), entry(11, 10), entry(12, 10), entry(13, 12), entry(20, 1), entry(21, 20)];
    const index = childrenIndex(table);
    assert.deepEqual(descendantsOf(10, index), [11, 12, 13]);
    assert.deepEqual(descendantsOf(20, index), [21]);
    assert.deepEqual(descendantsOf(13, index), []);
    assert.deepEqual(descendantsOf(1, index).sort((a, b) => a - b), [10, 11, 12, 13, 20, 21]);
    // A cycle (pid reuse seen mid-scan) does not loop forever.
    assert.deepEqual(descendantsOf(30, childrenIndex([entry(30, 31), entry(31, 30)])), [31]);
  });
});
