/**
 * Real processes for the statistics tests: a CPU spinner (alone or as the child of an idle
 * parent), a memory grower, idle sleepers. Every one is killed by PID by `killAll()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setPriority } from 'node:os';

const spawned: ChildProcess[] = [];
const extraPids: number[] = [];

function track(child: ChildProcess): ChildProcess {
  spawned.push(child);
  return child;
}

/**
 * Raises a spinner's priority (nice -10) when allowed (root), so that it gets most of a core
 * even on a loaded shared host during the few seconds a test lasts; ignored otherwise.
 */
function favour(pid: number): void {
  try {
    setPriority(pid, -10);
  } catch {
    // not permitted: the spinner competes at normal priority
  }
}

/** `node -e 'for(;;){}'`: one core's worth of CPU. */
export function spawnSpinner(): number {
  const pid = track(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' })).pid as number;
  favour(pid);
  return pid;
}

/** An idle node parent whose child spins: the parent's statistics must include its child. */
export async function spawnSpinnerFamily(timeoutMs = 5000): Promise<{ parent: number; child: number }> {
  const script =
    "const c=require('child_process').spawn(process.execPath,['-e','for(;;){}'],{stdio:'ignore'});" +
    "process.stdout.write(c.pid+'\\n');setInterval(()=>{},1000);";
  const parent = track(spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] }));
  const stdout = parent.stdout;
  if (stdout === null) throw new Error('no stdout');
  let text = '';
  const child = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the spinner family did not report its child pid')), timeoutMs);
    stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(Number(text.trim()));
      }
    });
  });
  stdout.destroy();
  extraPids.push(child);
  favour(child);
  return { parent: parent.pid as number, child };
}

/** Allocates and touches 40 MB every 100 ms, up to `maxMb`, then holds it. */
export function spawnMemoryGrower(maxMb = 400): number {
  const script = `const a=[];const t=setInterval(()=>{a.push(Buffer.alloc(40*1024*1024,1));if(a.length*40>=${maxMb})clearInterval(t);},100);setInterval(()=>{},1000);`;
  return track(spawn(process.execPath, ['-e', script], { stdio: 'ignore' })).pid as number;
}

/** `sleep 1000`. */
export function spawnSleeper(): number {
  return track(spawn('sleep', ['1000'], { stdio: 'ignore' })).pid as number;
}

export function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Kills every process spawned here (grandchildren first) and waits, bounded, for our children to exit. */
export async function killAll(timeoutMs = 5000): Promise<void> {
  for (const pid of extraPids.splice(0)) killPid(pid);
  const children = spawned.splice(0);
  const exits = children
    .filter((child) => child.exitCode === null && child.signalCode === null)
    .map((child) => once(child, 'exit'));
  for (const child of children) if (child.pid !== undefined) killPid(child.pid);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(exits),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
