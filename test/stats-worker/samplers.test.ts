import assert from 'node:assert/strict';
import { sampleHost, sampleProcesses, type FsUsage, type ProcSource } from '../../stats-worker/samplers.js';
import { isStoppedSample, type ProcessSample } from '../../stats-compiler/types.js';

/** A /proc made of captured text. */
function fakeProc(files: Record<string, string>, usage: Record<string, FsUsage> = {}): ProcSource {
  return {
    read: (path) => files[path],
    list: (directory) => {
      const prefix = directory.endsWith('/') ? directory : `${directory}/`;
      const names = new Set<string>();
      for (const path of Object.keys(files)) if (path.startsWith(prefix)) names.add(path.slice(prefix.length).split('/')[0]);
      return [...names];
    },
    statfs: (path) => usage[path],
  };
}

/** A /proc/<pid>/stat line with the fields the sampler reads. */
function statLine(pid: number, ppid: number, utime: number, stime: number, rss: number, state = 'S'): string {
  const fields = [state, ppid, pid, pid, 0, -1, 4194304, 0, 0, 0, 0, utime, stime, 0, 0, 20, 0, 1, 0, 1000, 1_000_000, rss];
  return `${pid} (prog ${pid}) ${fields.join(' ')} 0 0 0\n`;
}

const HOST_FILES = {
  '/proc/stat': 'cpu  300 0 100 600 0 0 0 0 0 0\ncpu0 100 0 50 300 0 0 0 0 0 0\ncpu1 200 0 50 300 0 0 0 0 0 0\n',
  '/proc/meminfo': 'MemTotal: 1000000 kB\nMemAvailable: 750000 kB\n',
  '/proc/net/dev': 'Inter-|\n face |\n lo: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0\n eth0: 300 1 0 0 0 0 0 0 400 2 0 0 0 0 0 0\n eth1: 5 1 0 0 0 0 0 0 6 2 0 0 0 0 0 0\n',
  '/sys/class/net/lo/flags': '0x9\n',
  '/sys/class/net/eth0/flags': '0x1003\n',
  '/sys/class/net/eth1/flags': '0x1002\n',
  '/proc/filesystems': 'nodev\tproc\nnodev\ttmpfs\n\text4\n',
  '/proc/mounts': 'proc /proc proc rw 0 0\n/dev/sda1 / ext4 rw 0 0\ntmpfs /run tmpfs rw 0 0\n/dev/sda2 /data ext4 rw 0 0\n',
  '/proc/diskstats': '   8 0 sda 10 0 20 0 30 0 40 0 0 0 0 0 0 0 0\n',
};

describe('samplers on captured /proc text', () => {
  it('takes a host sample: cores with their average, memory, interfaces up, partitions, disks', () => {
    const sample = sampleHost(fakeProc(HOST_FILES, { '/': { blocks: 100, free: 50, available: 40 } }), 42.5);
    assert.deepEqual(sample, {
      now: 42.5,
      cpu: [[2, 3], [1.5, 3], [2.5, 3]],
      mem: 25,
      net_io: { lo: [100, 200], eth0: [300, 400] },
      // /data cannot be stat'ed: skipped (permission errors are skipped as in psutil).
      disk_usage: { '/': 55.6 },
      disk_io: { sda: [20 * 512, 40 * 512] },
    });
  });

  it('fails the host sample when /proc/stat cannot be read', () => {
    const files: Record<string, string> = { ...HOST_FILES };
    delete files['/proc/stat'];
    assert.throws(() => sampleHost(fakeProc(files), 1), /cannot read \/proc\/stat/);
  });

  it('measures a process with all its descendants, reports vanished ones, and the supervisord entry', () => {
    const files = {
      '/proc/meminfo': 'MemTotal: 1000 kB\nMemAvailable: 500 kB\n',
      '/proc/stat': HOST_FILES['/proc/stat'],
      '/proc/1/stat': statLine(1, 0, 1, 1, 10),
      '/proc/100/stat': statLine(100, 1, 50, 25, 5), // supervisord
      '/proc/101/stat': statLine(101, 100, 10, 0, 2), // supvisorsd
      '/proc/200/stat': statLine(200, 100, 100, 50, 20), // a program
      '/proc/201/stat': statLine(201, 200, 30, 20, 10), // its child
      '/proc/202/stat': statLine(202, 201, 5, 5, 1), // its grandchild
      '/proc/300/stat': statLine(300, 100, 1, 1, 1, 'Z'), // a zombie
      '/proc/self/stat': statLine(101, 100, 10, 0, 2),
    };
    const { samples, vanished } = sampleProcesses(
      fakeProc(files),
      7,
      [
        { namespec: 'app:prog', pid: 200 },
        { namespec: 'app:gone', pid: 999 },
        { namespec: 'app:zombie', pid: 300 },
      ],
      { pid: 100, pids: [100, 101, 100] },
      1024,
    );
    const prog = samples[0] as ProcessSample;
    assert.equal(prog.namespec, 'app:prog');
    assert.equal(prog.pid, 200);
    assert.equal(prog.now, 7);
    assert.equal(prog.proc_work, (100 + 50 + 30 + 20 + 5 + 5) / 100);
    // (20 + 10 + 1) pages of 1 KiB out of 1000 KiB.
    assert.ok(Math.abs(prog.proc_memory - 3.1) < 1e-9);
    assert.deepEqual(samples[1], { namespec: 'app:gone', pid: 0, now: 7 });
    assert.deepEqual(samples[2], { namespec: 'app:zombie', pid: 0, now: 7 });
    assert.deepEqual(vanished, [{ namespec: 'app:gone', pid: 999 }, { namespec: 'app:zombie', pid: 300 }]);
    const supervisord = samples[3] as ProcessSample;
    assert.equal(isStoppedSample(supervisord), false);
    assert.deepEqual(
      { ...supervisord, proc_memory: Math.round(supervisord.proc_memory * 1000) / 1000 },
      // Without children: 100 and 101 only, each counted once.
      { namespec: 'supervisord', pid: 100, now: 7, proc_work: 0.85, proc_memory: 0.7, nb_cores: 2 },
    );
    assert.equal(samples.length, 4);
  });

  it('reads nothing when there is nothing to measure', () => {
    const { samples, vanished } = sampleProcesses(fakeProc({}), 1, [], undefined, 4096);
    assert.deepEqual(samples, []);
    assert.deepEqual(vanished, []);
  });
});
