/**
 * npm run bench:actors — throughput, ask latency, memory per idle actor and the cost of the
 * timing metrics of the actor runtime. Best of a few rounds, to smooth the noise of a shared VM.
 */
import { performance } from 'node:perf_hooks';
import { ActorSystem, type ActorRef, type ReplyTo } from '../actors/core/index.js';
import { Logger } from '../log/logger.js';
import { percentile, report } from './report.js';

type Bench = { readonly type: 'inc' } | { readonly type: 'count'; readonly replyTo: ReplyTo<number> };

const quiet = (): Logger => Logger.create({ level: 'critical' });

function counter(system: ActorSystem, name: string): ActorRef<Bench> {
  return system.spawn<Bench>(name, () => {
    let count = 0;
    return {
      receive(message) {
        if (message.type === 'inc') count += 1;
        else message.replyTo.reply(count);
      },
    };
  });
}

async function throughput(actors: number, messages: number, timing: boolean): Promise<number> {
  const system = new ActorSystem({ logger: quiet(), timing });
  const refs = Array.from({ length: actors }, (_, index) => counter(system, `counter-${index}`));
  const batch = 1000;
  const started = performance.now();
  for (let sent = 0; sent < messages; sent += batch) {
    for (let index = 0; index < batch; index += 1) (refs[index % actors]).tell({ type: 'inc' });
    await Promise.resolve();
  }
  const counts = await Promise.all(refs.map((ref) => ref.ask<number>((replyTo) => ({ type: 'count', replyTo }))));
  const elapsed = (performance.now() - started) / 1000;
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total !== messages) throw new Error(`lost messages: ${total} of ${messages}`);
  await system.shutdown();
  return messages / elapsed;
}

async function best(rounds: number, run: () => Promise<number>): Promise<number> {
  let top = 0;
  for (let round = 0; round < rounds; round += 1) top = Math.max(top, await run());
  return top;
}

async function askLatency(samples: number): Promise<number[]> {
  const system = new ActorSystem({ logger: quiet() });
  const ref = counter(system, 'echo');
  const times: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const started = performance.now();
    await ref.ask<number>((replyTo) => ({ type: 'count', replyTo }));
    times.push((performance.now() - started) * 1000);
  }
  await system.shutdown();
  return times.slice(samples / 10).sort((a, b) => a - b); // first 10 % is warm-up
}

async function idleActorMemory(count: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  const system = new ActorSystem({ logger: quiet() });
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let index = 0; index < count; index += 1) counter(system, `idle-${index}`);
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const after = process.memoryUsage().heapUsed;
  await system.shutdown();
  return (after - before) / count;
}

const messages = 2_000_000;
await throughput(1, 200_000, true); // warm-up
const withTiming = await best(3, () => throughput(1, messages, true));
const withoutTiming = await best(3, () => throughput(1, messages, false));
report('tell_throughput_1_actor', withTiming, 'msgs/s', 0);
report('tell_throughput_100_actors', await best(3, () => throughput(100, messages, true)), 'msgs/s', 0);
const latencies = await askLatency(50_000);
report('ask_rtt_p50', percentile(latencies, 0.5), 'us', 2);
report('ask_rtt_p99', percentile(latencies, 0.99), 'us', 2);
report('idle_actor_memory', await idleActorMemory(10_000), 'bytes', 0);
report('metrics_overhead', Math.max(0, ((withoutTiming - withTiming) / withoutTiming) * 100), '%', 1);
