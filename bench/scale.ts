/**
 * npm run bench:scale — starting at scale on real clusters on loopback (local-cluster/), the
 * figures of issue 12, each the median of `--rounds` rounds (3), in seconds:
 * - distribution_300_3_nodes_spread: the same, each application's programs on one node (their rules'
 *   identifiers, round robin over the 3): supervisord spawns about 100 processes a second, so
 *   the 300 on one instance (CONFIG, as in Python's figure) are bound by the first instance's.
 * - distribution_300_3_nodes / distribution_300_10_nodes: 15 applications × 20 programs (`sleep`,
 *   startsecs=0), application and program start_sequence 1, CONFIG; from the Master (node1, the
 *   smallest nick) entering DISTRIBUTION to the 300 programs RUNNING as node1's event stream
 *   tells them. The entry is seen by polling node1's get_supvisors_state every 10 ms (the
 *   stream's `supvisors` message is only published at the next round, up to heartbeat_period
 *   later); the last node is launched only once the poll and the stream are on, so that nothing
 *   is missed. A new cluster each round.
 * - operation_10_nodes (operation_20_nodes with --large): from launching the supervisords
 *   (nothing auto-started) to every node answering OPERATION (polled every 50 ms). A new cluster
 *   each round.
 * - start_100_nowait / start_20_nowait: on 3 nodes in OPERATION, start_application(CONFIG, app,
 *   False) of 100 / 20 programs (one start_sequence rank) called on node1, until node2's event
 *   stream has them all RUNNING; the application stopped (wait=True) between rounds.
 * - xmlrpc_up: one node, the 300 programs of the distribution figures in its configuration (not
 *   started); from launching supervisord to our runtime answering XML-RPC
 *   (supvisors.get_api_version, polled every 50 ms).
 * Every node's synchro_options is STRICT with the full supvisors_list (the launcher's default):
 * synchronization ends as soon as every node is there. `--only a,b` measures some figures only.
 * BENCH_DEBUG=1 prints every sample on stderr, the Master's log line of its DISTRIBUTION entry and
 * the failed handshakes the runtimes logged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventClient } from '../client/index.js';
import { startCluster, struct, waitFor, type Cluster, type ClusterOptions, type LocalNode } from '../local-cluster/index.js';
import { median, report } from './report.js';
import { applications, programSections, rulesXml, type ScaleApplication } from './scale/configuration.js';
import { parseScaleOptions, type Figure } from './scale/options.js';
import { ProcessStates } from './scale/process-states.js';

const debug = process.env['BENCH_DEBUG'] === '1';
const note = (text: string): void => {
  if (debug) process.stderr.write(`${text}\n`);
};

/** 15 applications × 20 programs, started at DISTRIBUTION. */
const DISTRIBUTED = applications('dist', 15, 20, true);
const DISTRIBUTED_PROGRAMS = DISTRIBUTED.reduce((sum, application) => sum + application.programs, 0);
const isDistributed = (name: string): boolean => DISTRIBUTED.some((application) => application.name === name);
/** The same applications, each on one of 3 nodes. */
const SPREAD = applications('dist', 15, 20, true, 3);
/** Started on demand by start_application. */
const ON_DEMAND: readonly ScaleApplication[] = [
  { name: 'app20', programs: 20, autoStart: false },
  { name: 'app100', programs: 100, autoStart: false },
];

/** A rules file for `all` in `dir`, and the [supvisors] line naming it. */
function rulesOption(dir: string, all: readonly ScaleApplication[]): string {
  const file = join(dir, `rules-${all.map((application) => application.name).join('-').slice(0, 60)}.xml`);
  writeFileSync(file, rulesXml(all));
  return `rules_files = ${file}`;
}

function nodeAt(cluster: Cluster, index: number): LocalNode {
  const node = cluster.nodes[index];
  if (node === undefined) throw new Error(`no node ${index + 1} in a cluster of ${cluster.nodes.length}`);
  return node;
}

/** `node`'s event stream feeding `states` (then `onChange`), open. */
async function followProcesses(node: LocalNode, states: ProcessStates, onChange: () => void): Promise<EventClient> {
  const { user, password } = node.settings.credentials;
  const events = new EventClient({
    host: node.host,
    port: node.httpPort,
    basePath: '/events',
    credentials: { username: user, password },
    headers: ['process'],
    handlers: {
      process: (body) => {
        states.update(body);
        onChange();
      },
    },
    // the runtime may not listen yet: try again soon, so that the stream is open as early as it can be
    reconnect: { minMs: 20, maxMs: 100, factor: 1.5 },
    onError: (error) => note(`event stream of ${node.nick}: ${error.message}`),
  });
  try {
    await events.waitOpen(30_000);
  } catch (error) {
    await events.close();
    throw error;
  }
  return events;
}

/** When `count` processes of the applications `applications` accepts were first seen RUNNING. */
class RunningGoal {
  reachedAt: number | undefined;
  constructor(
    private readonly states: ProcessStates,
    private readonly applications: (name: string) => boolean,
    readonly count: number,
  ) {}

  check(): void {
    if (this.reachedAt === undefined && this.states.running(this.applications) >= this.count) this.reachedAt = performance.now();
  }

  async wait(timeoutMs: number): Promise<number> {
    this.check();
    await waitFor(`${this.count} processes RUNNING (seen ${this.states.running(this.applications)})`, () => this.reachedAt !== undefined, { timeoutMs, intervalMs: 5 });
    return this.reachedAt ?? Number.NaN;
  }
}

/** startCluster, `body`, then every node SIGKILLed (hundreds of programs make a graceful stop slow) and its folder removed. */
async function withCluster<T>(n: number, options: ClusterOptions, body: (cluster: Cluster) => Promise<T>): Promise<T> {
  const cluster = await startCluster(n, options);
  try {
    return await body(cluster);
  } catch (error) {
    note(cluster.logs(40));
    throw error;
  } finally {
    if (debug) noteHandshakeFailures(cluster);
    await Promise.allSettled(cluster.nodes.map((node) => cluster.killNode(node)));
    await cluster.stop();
  }
}

const HANDSHAKE_FAILED = /handshake failed/;
/** An instance seen leaving RUNNING (the state machine's `instance <id> RUNNING -> <state>: <why>`). */
const PEER_LEFT = /instance \S+ RUNNING -> /;

/** The runtimes' log lines about failed handshakes (issue 12 saw timeouts with 6 and 10 nodes). */
function noteHandshakeFailures(cluster: Cluster): void {
  for (const node of cluster.nodes) {
    const lines = node.runtimeLog().split('\n').filter((line) => HANDSHAKE_FAILED.test(line));
    if (lines.length > 0) note(`${node.nick}: ${lines.length} failed handshake(s), first: ${lines[0]}`);
  }
}

/** How many lines of every node's runtime log match each pattern. */
function logCounts(cluster: Cluster, patterns: readonly RegExp[]): number[] {
  const lines = cluster.nodes.flatMap((node) => node.runtimeLog().split('\n'));
  return patterns.map((pattern) => lines.filter((line) => pattern.test(line)).length);
}

/** One round of distribution_300_<n>_nodes: seconds from the Master entering DISTRIBUTION to the 300 programs RUNNING. */
async function distributionRound(n: number, dir: string, distributed: readonly ScaleApplication[] = DISTRIBUTED): Promise<number> {
  const last = n - 1;
  const options: ClusterOptions = {
    programs: () => programSections(distributed),
    supvisors: rulesOption(dir, distributed),
    launch: Array.from({ length: last }, (_, index) => index),
  };
  return withCluster(n, options, async (cluster) => {
    const master = nodeAt(cluster, 0);
    await cluster.waitRuntimes([master], 30_000);
    const states = new ProcessStates();
    const goal = new RunningGoal(states, isDistributed, DISTRIBUTED_PROGRAMS);
    const events = await followProcesses(master, states, () => goal.check());
    try {
      // synchronization (STRICT) waits for the last node: launched now, its arrival starts the election
      await cluster.launch(nodeAt(cluster, last));
      let enteredAt = Number.NaN;
      await waitFor(
        `${master.nick} in DISTRIBUTION`,
        async () => {
          const sent = performance.now();
          const state = await cluster.stateOf(master);
          if (state === 'OPERATION') throw new Error(`${master.nick} in OPERATION before DISTRIBUTION was seen`);
          if (state === 'DISTRIBUTION') {
            enteredAt = sent;
            note(`${master.nick} seen in DISTRIBUTION at ${new Date(performance.timeOrigin + sent).toISOString()} (poll)`);
          }
          return state === 'DISTRIBUTION';
        },
        { timeoutMs: 60_000, intervalMs: 10 },
      );
      const atEntry = debug ? logCounts(cluster, [HANDSHAKE_FAILED, PEER_LEFT]) : [];
      const runningAt = await goal.wait(120_000);
      if (debug) {
        const [handshakes = 0, left = 0] = atEntry;
        const [handshakesNow = 0, leftNow = 0] = logCounts(cluster, [HANDSHAKE_FAILED, PEER_LEFT]);
        note(`failed handshakes: ${handshakes} before DISTRIBUTION, ${handshakesNow - handshakes} during; peers seen leaving RUNNING: ${left} before, ${leftNow - left} during`);
      }
      note(`${master.nick}'s log: ${master.runtimeLog().split('\n').find((line) => line.includes('-> DISTRIBUTION')) ?? 'no line with -> DISTRIBUTION'}`);
      const { identifier } = struct(await cluster.call(master, 'supvisors.get_master_identifier'));
      if (identifier !== master.identifier) note(`the Master is ${JSON.stringify(identifier)}, not ${master.nick}: the entry measured is ${master.nick}'s`);
      return (runningAt - enteredAt) / 1000;
    } finally {
      await events.close();
    }
  });
}

/** One round of operation_<n>_nodes: seconds from launching the supervisords to all in OPERATION. */
async function operationRound(n: number): Promise<number> {
  const t0 = performance.now();
  return withCluster(n, {}, async (cluster) => {
    await cluster.waitState(cluster.nodes, 'OPERATION', 60_000);
    return (performance.now() - t0) / 1000;
  });
}

/** One round of xmlrpc_up: seconds from launching supervisord (with the 300 programs) to the runtime answering XML-RPC. */
async function xmlrpcUpRound(): Promise<number> {
  return withCluster(1, { launch: [], programs: () => programSections(DISTRIBUTED) }, async (cluster) => {
    const node = nodeAt(cluster, 0);
    const t0 = performance.now();
    await cluster.launch(node);
    await cluster.waitRuntimes([node], 30_000);
    return (performance.now() - t0) / 1000;
  });
}

/** start_100_nowait and start_20_nowait: `rounds` of each on one cluster of 3 nodes; the samples by figure. */
async function startSamples(rounds: number, dir: string, wanted: readonly Figure[]): Promise<Map<Figure, number[]>> {
  const measured = ([['start_100_nowait', 'app100'], ['start_20_nowait', 'app20']] as const).filter(([figure]) => wanted.includes(figure));
  const samples = new Map<Figure, number[]>(measured.map(([figure]) => [figure, []]));
  await withCluster(3, { programs: () => programSections(ON_DEMAND), supvisors: rulesOption(dir, ON_DEMAND) }, async (cluster) => {
    await cluster.waitState(cluster.nodes, 'OPERATION', 60_000);
    const caller = nodeAt(cluster, 0);
    const observer = nodeAt(cluster, 1);
    const states = new ProcessStates();
    let goal: RunningGoal | undefined;
    const events = await followProcesses(observer, states, () => goal?.check());
    try {
      for (let round = 0; round < rounds; round += 1) {
        for (const [figure, name] of measured) {
          const programs = ON_DEMAND.find((application) => application.name === name)?.programs ?? 0;
          const ofApplication = (application: string): boolean => application === name;
          await waitFor(`${observer.nick} to see ${name} stopped`, () => states.running(ofApplication) === 0, { timeoutMs: 30_000, intervalMs: 10 });
          goal = new RunningGoal(states, ofApplication, programs);
          const t0 = performance.now();
          await cluster.call(caller, 'supvisors.start_application', ['CONFIG', name, false], 30_000);
          const seconds = ((await goal.wait(60_000)) - t0) / 1000;
          samples.get(figure)?.push(seconds);
          note(`${figure} round ${round + 1}: ${seconds.toFixed(3)} s`);
          await cluster.call(caller, 'supvisors.stop_application', [name, true], 60_000);
        }
      }
    } finally {
      await events.close();
    }
  });
  return samples;
}

async function rounds(figure: Figure, count: number, round: () => Promise<number>): Promise<void> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    samples.push(await round());
    note(`${figure} round ${index + 1}: ${samples.at(-1)?.toFixed(3)} s`);
  }
  report(figure, median(samples), 's', 2);
}

let options;
try {
  options = parseScaleOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const { figures } = options;
const dir = mkdtempSync(join(tmpdir(), 'supvisors-bench-scale-'));
try {
  for (const figure of figures) {
    switch (figure) {
      case 'distribution_300_3_nodes':
        await rounds(figure, options.rounds, () => distributionRound(3, dir));
        break;
      case 'distribution_300_3_nodes_spread':
        await rounds(figure, options.rounds, () => distributionRound(3, dir, SPREAD));
        break;
      case 'distribution_300_10_nodes':
        await rounds(figure, options.rounds, () => distributionRound(10, dir));
        break;
      case 'operation_10_nodes':
        await rounds(figure, options.rounds, () => operationRound(10));
        break;
      case 'operation_20_nodes':
        await rounds(figure, options.rounds, () => operationRound(20));
        break;
      case 'start_100_nowait':
      case 'start_20_nowait':
        // one cluster for both: measured when the first of them comes
        if (figure === 'start_100_nowait' || !figures.includes('start_100_nowait')) {
          for (const [name, samples] of await startSamples(options.rounds, dir, figures)) report(name, median(samples), 's', 2);
        }
        break;
      case 'xmlrpc_up':
        await rounds(figure, options.rounds, xmlrpcUpRound);
        break;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
