/**
 * Our own supvisorsctl commands (actors, peek, events, logs) against a real 2-node cluster:
 * node1 publishes events on its event port too (event_link = WS), node2 on its main port only; `ticker` (both nodes) writes a line
 * every 0.2 s, `sleeper` (node1) just runs. The following commands are run with a signal and a
 * spy on their output, so that a test waits for what they printed, then aborts them (Ctrl-C).
 */
import assert from 'node:assert/strict';
import type { Command, Output } from '../../cli/command.js';
import { actorsCommand, eventsCommand, logsCommand, peekCommand } from '../../cli/commands/ours.js';
import { formatTable } from '../../cli/table.js';
import { runCommand, type CommandRun } from '../helpers/cli.js';
import { clusterLogsOnFailure, startCluster, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { freePort } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';

const programs = (index: number): string => `
[program:ticker]
command = /bin/sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i from node${index + 1}"; sleep 0.2; done'
autostart = false
startsecs = 0
stopwaitsecs = 1
${
  index === 0
    ? `[program:sleeper]
command = sleep 1000
autostart = false
startsecs = 0
`
    : ''
}`;

const BUILT_IN_ACTORS = ['supervisor-bridge', 'instance-tracker', 'state-machine', 'context', 'starter', 'stopper', 'failure-handler', 'conciliator', 'stats', 'diagnostics'];

/** The command with its output also written, as it comes, to `seen` (a table as its lines, a document as JSON). */
function spied(command: Command, seen: string[]): Command {
  const spy = (out: Output): Output => ({
    json: out.json,
    color: out.color,
    line: (text) => (seen.push(text), out.line(text)),
    table: (columns, rows) => (seen.push(...formatTable(columns, rows)), out.table(columns, rows)),
    document: (value) => (seen.push(JSON.stringify(value)), out.document(value)),
    jsonLine: (value) => (seen.push(JSON.stringify(value)), out.jsonLine(value)),
    error: (text) => (seen.push(text), out.error(text)),
    progress: (text) => out.progress(text),
  });
  return { ...command, run: (context, args) => command.run({ ...context, out: spy(context.out) }, args) };
}

/** A following command started, its live output, and how to stop it as Ctrl-C does. */
function follow(command: Command, node: ClusterNode, args: readonly string[], json = false): { seen: string[]; stop: () => Promise<CommandRun> } {
  const seen: string[] = [];
  const controller = new AbortController();
  const done = runCommand(spied(command, seen), node.httpPort, args, { json, signal: controller.signal });
  return {
    seen,
    stop: () => {
      controller.abort();
      return done;
    },
  };
}

/** The documents of JSON Lines (--watch, events, logs). */
function jsonLines(run: CommandRun): unknown[] {
  return run.lines.map((text) => JSON.parse(text) as unknown);
}

const cells = (line: string): string[] => line.trim().split(/\s+/);

describe('our supvisorsctl commands on 2 nodes', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  const nodes = (): readonly [ClusterNode, ClusterNode] => (cluster as Cluster).nodes as [ClusterNode, ClusterNode];

  before(async () => {
    const eventPort = await freePort();
    cluster = await startCluster(2, { programs, perNode: (index) => (index === 0 ? `event_link = WS\nevent_port = ${eventPort}` : '') });
    await cluster.waitState(cluster.nodes, 'OPERATION', 30_000);
  });
  after(async () => {
    await cluster?.stop();
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });

  describe('actors', () => {
    it('shows the actors of every node with numbers, busiest first', async () => {
      const [node1] = nodes();
      const run = await runCommand(actorsCommand, node1.httpPort, []);
      assert.equal(run.code, 0, run.stderr);
      const [title, ...rows] = run.lines.map(cells);
      assert.deepEqual(title, ['Node', 'Actor', 'Status', 'Depth', 'HWM', 'Oldest', 'ms', 'Rate/s', 'Handle', 'p99', 'ms', 'Wait', 'p99', 'ms', 'Failed', 'Restarts']);
      for (const nick of ['node1', 'node2']) {
        const names = rows.filter((row) => row[0] === nick).map((row) => row[1]);
        for (const actor of BUILT_IN_ACTORS) assert.ok(names.includes(actor), `${nick} ${actor} in ${names.join(' ')}`);
      }
      assert.ok(rows.some((row) => row[1] === 'event-publisher' && row[0] === 'node1'));
      for (const row of rows) {
        assert.equal(row.length, 11, row.join(' '));
        // after two snapshots 1 s apart, every rate is known
        for (const cell of row.slice(3)) assert.ok(Number.isFinite(Number(cell)), `${row.join(' ')}: ${cell}`);
      }
      const depthAge = rows.map((row) => [Number(row[3]), Number(row[5])] as const);
      for (let index = 1; index < depthAge.length; index += 1) {
        const [[depth, age], [nextDepth, nextAge]] = [depthAge[index - 1] ?? [0, 0], depthAge[index] ?? [0, 0]];
        assert.ok(depth > nextDepth || (depth === nextDepth && age >= nextAge), `depth then age, descending: ${JSON.stringify(depthAge)}`);
      }
    });

    it('--json --node --sort: the rows of one node as a document, in that order', async () => {
      const [node1] = nodes();
      const run = await runCommand(actorsCommand, node1.httpPort, ['--node', 'node2', '--sort=name'], { json: true });
      assert.equal(run.code, 0, run.stdout);
      const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
      assert.ok(rows.length >= BUILT_IN_ACTORS.length);
      for (const row of rows) {
        assert.deepEqual(Object.keys(row).sort(), ['actor', 'at', 'depth', 'dropped', 'failed', 'handlingP99Us', 'highWater', 'lastType', 'node', 'oldestAgeMs', 'processed', 'ratePerS', 'restarts', 'status', 'waitingP99Us']);
        assert.equal(row['node'], 'node2');
        assert.equal(typeof row['ratePerS'], 'number');
      }
      const names = rows.map((row) => String(row['actor']));
      assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
      const byRate = JSON.parse((await runCommand(actorsCommand, node1.httpPort, ['--sort', 'rate'], { json: true })).stdout) as { ratePerS: number }[];
      assert.deepEqual(byRate.map((row) => row.ratePerS), byRate.map((row) => row.ratePerS).sort((a, b) => b - a));
    });

    it('--watch: a table per period until Ctrl-C, a document per period with --json', async () => {
      const [, node2] = nodes();
      const text = follow(actorsCommand, node2, ['--watch', '0.2', '--node', 'node1']);
      await waitFor('two tables', () => text.seen.filter((line) => line.includes('actors at')).length >= 2, { timeoutMs: 10_000 });
      const run = await text.stop();
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /every 0\.2 s \(Ctrl-C to stop\)\nNode +Actor/);
      const json = follow(actorsCommand, node2, ['--watch', '0.2'], true);
      await waitFor('two documents', () => json.seen.length >= 2, { timeoutMs: 10_000 });
      const lines = await json.stop();
      assert.equal(lines.code, 0);
      const periods = jsonLines(lines) as { node: string }[][];
      assert.ok(periods.length >= 2);
      for (const rows of periods) assert.deepEqual([...new Set(rows.map((row) => row.node))].sort(), ['node1', 'node2']);
    });

    it('wrong arguments: exit 2 and the help; an unknown node: exit 1', async () => {
      const [node1] = nodes();
      const wrong = await runCommand(actorsCommand, node1.httpPort, ['--sort', 'size']);
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /^ERROR: --sort takes one of depth, age, rate, p99, restarts, name/);
      assert.equal(wrong.lines[0], actorsCommand.usage);
      const unknown = await runCommand(actorsCommand, node1.httpPort, ['--node', 'node9']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /^ERROR: unknown node node9 \(nodes: node1, node2\)/);
    });
  });

  describe('peek', () => {
    it("shows an actor's mailbox, of a remote node too", async () => {
      const [node1] = nodes();
      const run = await runCommand(peekCommand, node1.httpPort, ['node2', 'state-machine', '5']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.lines[0] ?? '', /^node2 state-machine: running, \d+ restarts$/);
      assert.match(run.stdout, /\nmailbox: depth \d+, high-water \d+, unbounded, oldest message \d+ ms\n/);
      assert.match(run.stdout, /\nhandling: mean [\d.]+ ms, p99 [\d.]+ ms; waiting: mean [\d.]+ ms, p99 [\d.]+ ms\n/);
      const json = await runCommand(peekCommand, node1.httpPort, ['node1', 'context'], { json: true });
      const document = JSON.parse(json.stdout) as { node: string; actor: string; mailbox: { processed: number }; queued: unknown[] };
      assert.equal(document.node, 'node1');
      assert.equal(document.actor, 'context');
      assert.ok(document.mailbox.processed > 0);
      assert.ok(Array.isArray(document.queued));
    });

    it('an unknown node or actor: exit 1; wrong arguments: exit 2', async () => {
      const [node1] = nodes();
      const node = await runCommand(peekCommand, node1.httpPort, ['node9', 'context']);
      assert.equal(node.code, 1);
      assert.match(node.stderr, /^ERROR \(BAD_NAME: .*node9/);
      const actor = await runCommand(peekCommand, node1.httpPort, ['node2', 'nobody']);
      assert.equal(actor.code, 1);
      assert.match(actor.stderr, /^ERROR: no actor nobody on node2 \(actors: .*state-machine/);
      const count = await runCommand(peekCommand, node1.httpPort, ['node2', 'context', '51']);
      assert.equal(count.code, 2);
      assert.deepEqual(count.lines, [peekCommand.usage, ...peekCommand.help]);
      assert.equal((await runCommand(peekCommand, node1.httpPort, ['node2'])).code, 2);
    });
  });

  describe('events', () => {
    /** The event clients of a node's publisher (supvisors.get_actor_diagnostics' `events`); node1 by default. */
    const subscribers = async (node = nodes()[0]): Promise<number> => {
      const diagnostics = (await (cluster as Cluster).call(node, 'supvisors.get_actor_diagnostics', [0, ''])) as { events?: { clients?: unknown[] } };
      return diagnostics.events?.clients?.length ?? 0;
    };

    it('follows the process events until Ctrl-C, as lines or JSON documents', async () => {
      const [node1] = nodes();
      const text = follow(eventsCommand, node1, ['process']);
      const json = follow(eventsCommand, node1, ['process_status', 'event'], true);
      await waitFor('2 subscribers', async () => (await subscribers()) >= 2, { timeoutMs: 10_000, intervalMs: 50 });
      await node1.supervisor.call('supervisor.startProcess', ['sleeper']);
      await waitFor('sleeper RUNNING line', () => text.seen.some((line) => /^\d\d:\d\d:\d\d process sleeper RUNNING on node1$/.test(line)), { timeoutMs: 10_000 });
      await waitFor('sleeper documents', () => json.seen.some((line) => line.includes('"header":"event"')) && json.seen.some((line) => line.includes('"statename":"RUNNING"')), {
        timeoutMs: 10_000,
      });
      const lines = await text.stop();
      assert.equal(lines.code, 0, lines.stderr);
      assert.ok(lines.lines.every((line) => / process /.test(line)), lines.stdout);
      const run = await json.stop();
      assert.equal(run.code, 0);
      const messages = jsonLines(run) as { header: string; body: Record<string, unknown> }[];
      assert.deepEqual([...new Set(messages.map((message) => message.header))].sort(), ['event', 'process']);
      assert.ok(messages.some((message) => message.header === 'process' && message.body['process_name'] === 'sleeper' && message.body['statename'] === 'RUNNING'));
      await node1.supervisor.call('supervisor.stopProcess', ['sleeper']);
    });

    it('a node with event_link = NONE streams on its port too; an unknown header: exit 2', async () => {
      const [node1, node2] = nodes();
      const quiet = follow(eventsCommand, node2, ['process']);
      await waitFor('a subscriber on node2', async () => (await subscribers(node2)) >= 1, { timeoutMs: 10_000, intervalMs: 50 });
      await node1.supervisor.call('supervisor.startProcess', ['sleeper']);
      await waitFor('sleeper RUNNING line from node2', () => quiet.seen.some((line) => / process sleeper RUNNING on node1$/.test(line)), { timeoutMs: 10_000 });
      assert.equal((await quiet.stop()).code, 0);
      await node1.supervisor.call('supervisor.stopProcess', ['sleeper']);
      const wrong = await runCommand(eventsCommand, node1.httpPort, ['process', 'bogus']);
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /^ERROR: unknown event header bogus/);
    });
  });

  describe('logs', () => {
    it('follows a process of node2 from node1, then on node1 where it runs next, until Ctrl-C', async () => {
      const [node1, node2] = nodes();
      await node2.supervisor.call('supervisor.startProcess', ['ticker']);
      await waitFor('ticker seen running on node2', async () => {
        const [info] = (await (cluster as Cluster).call(node1, 'supvisors.get_process_info', ['ticker'])) as { identifiers: string[] }[];
        return info?.identifiers.includes(node2.identifier) === true;
      });
      const logs = follow(logsCommand, node1, ['ticker']);
      const tickFrom = (nick: string) => (): boolean => logs.seen.some((line) => line.endsWith(` from ${nick}`));
      await waitFor('a tick from node2', tickFrom('node2'), { timeoutMs: 10_000 });
      await node2.supervisor.call('supervisor.stopProcess', ['ticker']);
      await node1.supervisor.call('supervisor.startProcess', ['ticker']);
      await waitFor('a tick from node1', tickFrom('node1'), { timeoutMs: 15_000 });
      const run = await logs.stop();
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.lines[0], '==> ticker on node2 <==');
      const moved = run.lines.indexOf('==> ticker moved to node1 <==');
      assert.ok(moved > 0, run.stdout);
      // every line once, in order: the numbers follow each other on each node
      const ticks = (lines: readonly string[], nick: string): number[] =>
        lines.filter((line) => !line.startsWith('==> ticker is ')).map((line) => Number(new RegExp(`^tick (\\d+) from ${nick}$`).exec(line)?.[1]));
      for (const [numbers, nick] of [[ticks(run.lines.slice(1, moved), 'node2'), 'node2'], [ticks(run.lines.slice(moved + 1), 'node1'), 'node1']] as const) {
        assert.ok(numbers.length > 0, nick);
        assert.deepEqual(numbers, numbers.map((_, index) => index + 1), `${nick}: ${run.stdout}`);
      }
      await node1.supervisor.call('supervisor.stopProcess', ['ticker']);
    });

    it('a process running nowhere: exit 1; wrong arguments: exit 2', async () => {
      const [node1] = nodes();
      const stopped = await runCommand(logsCommand, node1.httpPort, ['sleeper']);
      assert.equal(stopped.code, 1);
      assert.match(stopped.stderr, /^ERROR: sleeper is not running anywhere \((STOPPED|EXITED)\)/);
      const unknown = await runCommand(logsCommand, node1.httpPort, ['nothing']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /^ERROR \(BAD_NAME: /);
      const channel = await runCommand(logsCommand, node1.httpPort, ['ticker', 'stdin']);
      assert.equal(channel.code, 2);
      assert.deepEqual(channel.lines, [logsCommand.usage, ...logsCommand.help]);
      assert.equal((await runCommand(logsCommand, node1.httpPort, [])).code, 2);
    });
  });
});
