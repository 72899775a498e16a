/**
 * Every Supvisors command of supvisorsctl (spec/cli.md §3.1-3.5) against a real 3-node cluster,
 * run as cli/main.ts runs them (test/helpers/cli.ts), on node1: the text output as Python's
 * supvisorsctl prints it (identifiers, ports, times, PIDs and counters replaced by
 * placeholders of the same width, so that the column layout is checked too), the --json
 * document, the exit code; wrong arguments (exit 2 + help) and faults (exit 1 + ERROR line);
 * the progress lines of a long start (a terminal's Output given to command.run) and Ctrl-C
 * during a waiting start (said, exit 1, the start completes at the server). It ends with
 * sreload and sshutdown of the cluster.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SupvisorsClient } from '../../client/index.js';
import type { Command } from '../../cli/command.js';
import { applicationCommands } from '../../cli/commands/applications.js';
import { processCommands } from '../../cli/commands/processes.js';
import { controlCommands } from '../../cli/commands/supvisors-control.js';
import { statusCommands } from '../../cli/commands/supvisors-status.js';
import { runCommand, type CommandRun } from '../helpers/cli.js';
import { alive, clusterLogsOnFailure, PASSWORD, startCluster, USER, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { freePort } from '../helpers/supervisord.js';
import { waitFor } from '../helpers/wait.js';
import { RecordingOutput } from './recording-output.js';

const programs = `
[group:web]
programs = front,back
[program:front]
command = sleep 1000
autostart = false
startsecs = 0
stopwaitsecs = 1
[program:back]
command = %(shim)s /bin/sh -c 'exec sleep 1000' back
autostart = false
startsecs = 0
stopwaitsecs = 1
[program:slow]
command = sleep 1000
autostart = false
startsecs = 3
stopwaitsecs = 1
[group:auto]
programs = daemon,helper
[program:daemon]
command = sleep 1000
autostart = false
startsecs = 0
stopwaitsecs = 1
[program:helper]
command = sleep 1000
autostart = false
startsecs = 0
stopwaitsecs = 1
[program:pool]
command = sleep 1000
process_name = %(program_name)s_%(process_num)d
numprocs = 3
autostart = false
startsecs = 0
stopwaitsecs = 1
[group:misc]
programs = solo
[program:solo]
command = sleep 1000
autostart = false
startsecs = 0
stopwaitsecs = 1
`;

// web and slow: managed, started on demand; auto: started at DISTRIBUTION (restart_sequence's);
// pool and misc: unmanaged.
const rules = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="web">
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
  <application name="slow">
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
  <application name="auto">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="daemon"><start_sequence>1</start_sequence><required>true</required></program>
      <program name="helper"><start_sequence>1</start_sequence></program>
    </programs>
  </application>
</root>
`;

const commands: readonly Command[] = [...statusCommands, ...controlCommands, ...applicationCommands, ...processCommands];

function named(name: string): Command {
  const found = commands.find((command) => command.name === name);
  if (found === undefined) throw new Error(`no command ${name}`);
  return found;
}

/** The cell under `title` (fixed `width`) replaced by `#`s, for values that change from run to run. */
function blankColumn(lines: readonly string[], title: string, width: number): string[] {
  const start = lines[0]?.indexOf(title) ?? -1;
  if (start < 0) return [...lines];
  return lines.map((line, index) => (index === 0 || line.length <= start ? line : `${line.slice(0, start)}${'#'.padEnd(width)}${line.slice(start + width)}`.trimEnd()));
}

describe('supvisorsctl Supvisors commands on 3 nodes', function () {
  this.timeout(90_000);
  let cluster: Cluster | undefined;
  let dir: string | undefined;
  const nodes = (): readonly [ClusterNode, ClusterNode, ClusterNode] => (cluster as Cluster).nodes as [ClusterNode, ClusterNode, ClusterNode];

  /** Identifiers and ports as `127.0.0.1:PORTn` / `PORTn` (the ports have 5 digits: same width), times as HH:MM:SS. */
  function normalise(text: string): string {
    let result = text;
    for (const node of nodes()) result = result.replaceAll(node.identifier, `127.0.0.1:PORT${node.index + 1}`).replace(new RegExp(`\\b${node.httpPort}\\b`, 'g'), `PORT${node.index + 1}`);
    return result.replace(/\b\d\d:\d\d:\d\d\b/g, 'HH:MM:SS');
  }
  const lines = (run: CommandRun): string[] => run.lines.map(normalise);
  /** The title, then the rows sorted (the server sorts the instances by identifier: random ports). */
  const sortedRows = (all: readonly string[]): string[] => [...all.slice(0, 1), ...all.slice(1).sort()];
  const document = (run: CommandRun): unknown => JSON.parse(run.stdout) as unknown;
  const run = (name: string, args: readonly string[] = [], json = false, node?: ClusterNode): Promise<CommandRun> => runCommand(named(name), (node ?? nodes()[0]).httpPort, args, { json });
  const statename = async (namespec: string): Promise<string[]> =>
    ((await (cluster as Cluster).call(nodes()[0], 'supvisors.get_process_info', [namespec])) as { statename: string }[]).map((info) => info.statename);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supvisors-cli-commands-'));
    writeFileSync(join(dir, 'rules.xml'), rules);
    const eventPorts = [await freePort(), await freePort(), await freePort()];
    cluster = await startCluster(3, {
      programs: () => programs,
      supvisors: `rules_files = ${join(dir, 'rules.xml')}\nevent_link = WS`,
      perNode: (index) => `event_port = ${eventPorts[index] ?? 0}`,
    });
    await cluster.waitState(cluster.nodes, 'OPERATION', 30_000);
    await waitFor('auto started at DISTRIBUTION', async () => (await statename('auto:*')).join() === 'RUNNING,RUNNING', { timeoutMs: 10_000, intervalMs: 50 });
    assert.ok(
      cluster.nodes.every((node) => String(node.httpPort).length === 5),
      'the placeholders keep the width of 5-digit ports',
    );
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('status: sversion, sstate, master, strategies, stats_status (text, --json, exit 0)', async () => {
    const version = await run('sversion');
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^0\.19(\.\d+)?\n$/);
    assert.deepEqual(document(await run('sversion', [], true)), { version: version.lines[0], errors: [] });

    assert.deepEqual(lines(await run('sstate')), [
      'Nickname  Supvisors identifier  State           Degraded  Discovery  Master           Starting  Stopping',
      'node1     127.0.0.1:PORT1       OPERATION       False     False      127.0.0.1:PORT1  []        []',
    ]);
    assert.deepEqual(sortedRows(lines(await run('sstate', ['all']))), [
      'Nickname  Supvisors identifier  State           Degraded  Discovery  Master           Starting  Stopping',
      'node1     127.0.0.1:PORT1       OPERATION       False     False      127.0.0.1:PORT1  False     False',
      'node2     127.0.0.1:PORT2       OPERATION       False     False      127.0.0.1:PORT1  False     False',
      'node3     127.0.0.1:PORT3       OPERATION       False     False      127.0.0.1:PORT1  False     False',
    ]);
    assert.deepEqual(sortedRows(lines(await run('sstate', ['node3', nodes()[1].identifier]))).slice(1), [
      'node2     127.0.0.1:PORT2       OPERATION       False     False      127.0.0.1:PORT1  False     False',
      'node3     127.0.0.1:PORT3       OPERATION       False     False      127.0.0.1:PORT1  False     False',
    ]);
    const state = document(await run('sstate', [], true)) as { state: { identifier: string; fsm_statename: string; starting_jobs: unknown }; errors: unknown[] };
    assert.deepEqual([state.state.identifier, state.state.fsm_statename, state.state.starting_jobs, state.errors], [nodes()[0].identifier, 'OPERATION', [], []]);
    const all = document(await run('sstate', ['all'], true)) as { instances: { nick_identifier: string; starting_jobs: unknown }[] };
    assert.deepEqual(
      all.instances.map((instance) => [instance.nick_identifier, instance.starting_jobs]).sort(),
      [
        ['node1', false],
        ['node2', false],
        ['node3', false],
      ],
    );

    assert.deepEqual(lines(await run('master')), ['Nick identifier: node1', 'Identifier:      127.0.0.1:PORT1']);
    assert.deepEqual(document(await run('master', [], true)), { master: { identifier: nodes()[0].identifier, nick_identifier: 'node1' }, errors: [] });
    assert.deepEqual(lines(await run('strategies')), ['Auto-fencing: False', 'Failure:      CONTINUE', 'Conciliation: USER', 'Starting:     CONFIG']);
    assert.deepEqual(document(await run('strategies', [], true)), {
      strategies: { 'auto-fencing': false, starting: 'CONFIG', conciliation: 'USER', supvisors_failure: 'CONTINUE' },
      errors: [],
    });
    const strategyLines = lines(await run('all_strategies'));
    assert.match(strategyLines[0] ?? '', /^Name +Kind +Origin$/);
    assert.match(strategyLines[1] ?? '', /^CONFIG +starting +built-in$/);
    assert.equal(strategyLines.length, 1 + 24, 'the title and the 24 built-in strategies (no plugin here)');
    const allDocument = document(await run('all_strategies', [], true)) as { strategies: unknown[]; errors: unknown[] };
    assert.deepEqual([allDocument.strategies.length, allDocument.strategies.at(-1), allDocument.errors], [24, { name: 'SHUTDOWN', kind: 'supvisors_failure', origin: 'built-in' }, []]);
    assert.deepEqual(lines(await run('stats_status')), ['Collecting Host statistics:    True', 'Collecting Process statistics: True', 'Collecting statistics period:  5']);
    assert.deepEqual(document(await run('stats_status', [], true)), { statistics: { host_stats: true, process_stats: true, collecting_period: 5 }, errors: [] });
  });

  it('status: instance_status, application_info, application_rules (text, --json, exit 0)', async () => {
    const instances = await run('instance_status');
    assert.equal(instances.code, 0);
    assert.deepEqual(sortedRows(blankColumn(lines(instances), 'Counter', 9)), [
      'Nickname  Supvisors identifier  Host       Port   State      Load  Time      Counter  Processes',
      'node1     127.0.0.1:PORT1       127.0.0.1  PORT1  RUNNING    0%    HH:MM:SS  #        ok',
      'node2     127.0.0.1:PORT2       127.0.0.1  PORT2  RUNNING    0%    HH:MM:SS  #        ok',
      'node3     127.0.0.1:PORT3       127.0.0.1  PORT3  RUNNING    0%    HH:MM:SS  #        ok',
    ]);
    assert.deepEqual(
      lines(await run('instance_status', ['node2'])).map((line) => line.slice(0, 16)),
      ['Nickname  Supvis', 'node2     127.0.'],
    );
    const json = document(await run('instance_status', [nodes()[2].identifier], true)) as { instances: { nick_identifier: string; port: number }[] };
    assert.deepEqual(
      json.instances.map((info) => [info.nick_identifier, info.port]),
      [['node3', nodes()[2].httpPort]],
    );

    assert.deepEqual(lines(await run('application_info')), [
      'Application  State     Major  Minor',
      'auto         RUNNING   False  False',
      'misc         STOPPED   False  False',
      'pool         STOPPED   False  False',
      'slow         STOPPED   False  False',
      'web          STOPPED   False  False',
    ]);
    const applications = document(await run('application_info', ['web', 'misc'], true)) as { applications: { application_name: string; managed: boolean }[] };
    assert.deepEqual(
      applications.applications.map((info) => [info.application_name, info.managed]),
      [
        ['misc', false],
        ['web', true],
      ],
    );

    assert.deepEqual(lines(await run('application_rules')), [
      'Application  Managed  Distribution     Supervisor  Start  Stop   Starting          Starting_Failure  Running_Failure',
      "auto         True     ALL_INSTANCES    ['*']       1      1      CONFIG            ABORT             CONTINUE",
      'misc         False    n/a              n/a         n/a    n/a    n/a               n/a               n/a',
      'pool         False    n/a              n/a         n/a    n/a    n/a               n/a               n/a',
      "slow         True     ALL_INSTANCES    ['*']       0      0      CONFIG            ABORT             CONTINUE",
      "web          True     ALL_INSTANCES    ['*']       0      0      CONFIG            ABORT             CONTINUE",
    ]);
    assert.deepEqual(document(await run('application_rules', ['misc'], true)), { rules: [{ application_name: 'misc', managed: false }], errors: [] });
  });

  it('status: sstatus, local_status, process_rules, conflicts (text, --json, exit 0)', async () => {
    assert.deepEqual(lines(await run('sstatus')), [
      'Application  Process  State       Expected  Supervisor',
      "auto         daemon   RUNNING     n/a       ['127.0.0.1:PORT1']",
      "auto         helper   RUNNING     n/a       ['127.0.0.1:PORT1']",
      'misc         solo     STOPPED     n/a       []',
      'pool         pool_0   STOPPED     n/a       []',
      'pool         pool_1   STOPPED     n/a       []',
      'pool         pool_2   STOPPED     n/a       []',
      'slow         slow     STOPPED     n/a       []',
      'web          back     STOPPED     n/a       []',
      'web          front    STOPPED     n/a       []',
    ]);
    assert.deepEqual(lines(await run('sstatus', ['web:*', 'slow'])), [
      'Application  Process  State       Expected  Supervisor',
      'web          back     STOPPED     n/a       []',
      'web          front    STOPPED     n/a       []',
      'slow         slow     STOPPED     n/a       []',
    ]);
    const processes = document(await run('sstatus', ['auto:daemon'], true)) as { processes: { process_name: string; identifiers: string[] }[]; errors: unknown[] };
    assert.deepEqual(
      processes.processes.map((info) => [info.process_name, info.identifiers]),
      [['daemon', [nodes()[0].identifier]]],
    );

    assert.deepEqual(blankColumn(lines(await run('local_status', ['auto:daemon', 'web:*', 'slow'])), 'PID', 8), [
      'Application  Process  Disabled  State       Start       Now         PID     Extra args',
      'auto         daemon   False     RUNNING     HH:MM:SS    HH:MM:SS    #',
      'web          back     False     STOPPED     0           HH:MM:SS    #',
      'web          front    False     STOPPED     0           HH:MM:SS    #',
      'slow         slow     False     STOPPED     0           HH:MM:SS    #',
    ]);
    const local = document(await run('local_status', [], true)) as { processes: { group: string; name: string }[] };
    assert.ok(local.processes.length > 0 && !local.processes.some((info) => info.group === 'supvisors'), "every local process but the runtime's own listener");

    assert.deepEqual(lines(await run('process_rules', ['web:*', 'auto:daemon'])), [
      'Application  Process  Start  Stop   Required    WaitExit    Loading     Strategy              Supervisor',
      "auto         daemon   1      1      True        False       0%          CONTINUE              ['*']",
      "web          back     1      1      False       False       0%          CONTINUE              ['*']",
      "web          front    1      1      False       False       0%          CONTINUE              ['*']",
    ]);
    const allRules = document(await run('process_rules', [], true)) as { rules: unknown[] };
    assert.equal(allRules.rules.length, 9);

    const none = await run('conflicts');
    assert.deepEqual([none.code, none.stdout], [0, '']);
    assert.deepEqual(document(await run('conflicts', [], true)), { conflicts: [], errors: [] });
  });

  it('faults: the ERROR line on stdout (the others still done), exit 1; --json errors', async () => {
    const status = await run('sstatus', ['web:front', 'nope']);
    assert.equal(status.code, 1);
    assert.deepEqual(lines(status), [
      'nope: ERROR (BAD_NAME: application=nope unknown to Supvisors)',
      'Application  Process  State       Expected  Supervisor',
      'web          front    STOPPED     n/a       []',
    ]);
    const json = await run('sstatus', ['nope'], true);
    assert.equal(json.code, 1);
    assert.deepEqual(document(json), { processes: [], errors: [{ namespec: 'nope', code: 10, fault: 'BAD_NAME', message: 'BAD_NAME: application=nope unknown to Supvisors' }] });
    const rules = await run('application_rules', ['nope']);
    assert.deepEqual([rules.code, rules.lines[0]], [1, 'nope: ERROR (BAD_NAME: application=nope unknown to Supvisors)']);
    const processRules = await run('process_rules', ['web:nope']);
    assert.deepEqual([processRules.code, processRules.lines[0]], [1, 'web:nope: ERROR (BAD_NAME: process=nope unknown in application=web)']);
    const conciliate = await run('conciliate', ['SENICIDE']);
    assert.deepEqual([conciliate.code, conciliate.lines], [1, ["ERROR (BAD_SUPVISORS_STATE: invalid Supvisors state=OPERATION - state expected in ['CONCILIATION'])"]]);
    const endSync = await run('end_sync', [], true);
    assert.equal(endSync.code, 1);
    assert.deepEqual(document(endSync), {
      results: [],
      errors: [{ code: 101, fault: 'BAD_SUPVISORS_STATE', message: "BAD_SUPVISORS_STATE: invalid Supvisors state=OPERATION - state expected in ['SYNCHRONIZATION']" }],
    });
    // auto runs: the start sequence has nothing to start
    const sequence = await run('restart_sequence');
    assert.deepEqual([sequence.code, sequence.lines], [1, ['ERROR (ABNORMAL_TERMINATION: failed to trigger start sequence)']]);
    const any = await run('start_any_process', ['CONFIG', 'nomatch']);
    assert.deepEqual([any.code, any.lines], [1, ['"nomatch": ERROR (FAILED: no candidate process matching "nomatch")']]);
  });

  it('wrong arguments: ERROR on stderr, then the usage and help, exit 2 (nothing sent)', async () => {
    const cases: [string, string[], string][] = [
      ['sstate', [], ''],
      ['start_application', [], 'ERROR: start_application requires at least a strategy'],
      ['start_application', ['config', 'web'], 'ERROR: unknown strategy for start_application. use one of ['],
      ['restart_application', ['SENICIDE'], 'ERROR: unknown strategy for restart_application'],
      ['test_start_application', ['CONFIG'], 'ERROR: test_start_application requires a strategy and an application name'],
      ['test_start_application', ['CONFIG', 'nope'], 'ERROR: unknown application "nope"'],
      ['start_process', [], 'ERROR: start_process requires at least a strategy'],
      ['start_process_args', ['CONFIG', 'web:back'], 'ERROR: start_process_args requires a strategy, a program namespec and extra arguments'],
      ['start_any_process', ['CONFIG'], 'ERROR: start_any_process requires a strategy and at least a regular expression'],
      ['start_any_process_args', ['LOCAL', 'x'], 'ERROR: start_any_process_args requires'],
      ['start_args', ['web:back'], 'ERROR: start_args requires a process name and extra arguments'],
      ['all_start', [], 'ERROR: all_start requires a process name'],
      ['all_start_args', ['web:back'], 'ERROR: all_start_args requires a process name and extra arguments'],
      ['restart_process', ['x'], 'ERROR: unknown strategy for restart_process'],
      ['test_start_process', ['CONFIG'], 'ERROR: test_start_process requires a strategy and a process name'],
      ['update_numprocs', ['pool'], 'ERROR: update_numprocs requires a program name and a numprocs values'],
      ['update_numprocs', ['pool', '0'], 'ERROR: numprocs must be a strictly positive integer'],
      ['lazy_update_numprocs', ['pool', 'x'], 'ERROR: numprocs must be a strictly positive integer'],
      ['enable', [], 'ERROR: enable requires a program name'],
      ['disable', [], 'ERROR: disable requires a program name'],
      ['loglevel', [], 'ERROR: loglevel requires a level'],
      ['loglevel', ['INFO'], 'ERROR: unknown level for Logger'],
      ['conciliate', [], 'ERROR: conciliate requires a strategy'],
      ['conciliate', ['CONFIG'], 'ERROR: unknown strategy for conciliate'],
      ['end_sync', ['node1', 'node2'], 'ERROR: end_sync optionally takes one single Supvisors identifier'],
      ['enable_stats', ['cpu'], 'ERROR: enable_stats takes host, process or all'],
      ['disable_stats', ['host', 'mem'], 'ERROR: disable_stats takes host, process or all'],
      ['stats_period', [], 'ERROR: stats_period requires a period'],
      ['stats_period', ['x'], 'ERROR: invalid period "x"'],
    ];
    for (const [name, args, error] of cases.slice(1)) {
      const command = named(name);
      const result = await run(name, args);
      assert.equal(result.code, 2, `${name} ${args.join(' ')}`);
      assert.ok(result.stderr.startsWith(error) && result.stderr.endsWith('\n'), `${name}: ${result.stderr}`);
      assert.deepEqual(result.lines, [command.usage, ...command.help], name);
    }
    assert.deepEqual(document(await run('loglevel', ['INFO'], true)), { errors: ['ERROR: unknown level for Logger'] });
    // Python's client asserts a positive period: its generic error, exit 1
    const zero = await run('stats_period', ['0']);
    assert.deepEqual([zero.code, zero.stdout, zero.stderr], [1, '', 'error: the statistics period must be strictly positive (0)\n']);
    // unmanaged: the error and the help, the exit status left alone (Python's)
    const unmanaged = await run('test_start_application', ['CONFIG', 'misc']);
    assert.deepEqual([unmanaged.code, unmanaged.stderr], [0, 'ERROR: unmanaged application "misc"\n']);
  });

  it('application control: test_start, start (IGNORED, unknown), restart, stop', async () => {
    assert.deepEqual(lines(await run('test_start_application', ['CONFIG', 'web'])), [
      'Application  Process  State       Supervisor           Reason',
      "web          back     RUNNING     ['127.0.0.1:PORT1']",
      "web          front    RUNNING     ['127.0.0.1:PORT1']",
    ]);
    const prediction = document(await run('test_start_application', ['LESS_LOADED', 'web'], true)) as { application: string; strategy: string; processes: unknown[] };
    assert.deepEqual([prediction.application, prediction.strategy, prediction.processes.length], ['web', 'LESS_LOADED', 2]);

    const start = await run('start_application', ['CONFIG', 'web', 'misc', 'nope']);
    assert.deepEqual(start.lines, ['misc: IGNORED (unmanaged. use start misc:*)', 'nope: ERROR (no such application)', 'web started: True']);
    assert.equal(start.code, 2, 'an unknown application is an argument error');
    assert.deepEqual(await statename('web:*'), ['RUNNING', 'RUNNING']);
    const again = await run('start_application', ['CONFIG', 'web']);
    assert.deepEqual([again.code, again.lines], [1, ['web: ERROR (ALREADY_STARTED: web)']]);
    const prediction2 = await run('test_start_application', ['CONFIG', 'web']);
    assert.deepEqual([prediction2.code, prediction2.lines], [1, ['ERROR (ALREADY_STARTED: web)']]);

    assert.deepEqual(document(await run('restart_application', ['LESS_LOADED', 'web'], true)), { results: [{ application: 'web', restarted: true }], ignored: [], errors: [] });
    const stop = await run('stop_application', ['web', 'misc'], true);
    assert.equal(stop.code, 0);
    assert.deepEqual(document(stop), { results: [{ application: 'web', stopped: true }], ignored: ['misc'], errors: [] });
    assert.deepEqual(await statename('web:*'), ['STOPPED', 'STOPPED']);
  });

  it('process control: start, stop, restart, start_any, start_args, start_process_args, test_start, numprocs, enable / disable', async () => {
    const start = await run('start_process', ['CONFIG', 'web:front', 'web:back']);
    assert.deepEqual([start.code, start.lines], [0, ['web:back started: True', 'web:front started: True']]);
    // all: every running process, sorted (auto's too)
    const stop = await run('stop_process');
    assert.deepEqual([stop.code, stop.lines], [0, ['auto:daemon stopped', 'auto:helper stopped', 'web:back stopped', 'web:front stopped']]);
    assert.deepEqual(await run('restart_process', ['CONFIG', 'web:front']).then((one) => one.lines), ['web:front restarted: True']);
    assert.deepEqual(await run('start_any_process', ['CONFIG', '^web:b']).then((one) => one.lines), ['web:back started']);
    assert.deepEqual(await run('stop_process', ['web:back']).then((one) => one.lines), ['web:back stopped']);
    assert.deepEqual(document(await run('start_args', ['web:back', '--fast', '1'], true)), { results: [{ namespec: 'web:back', extra_args: '--fast 1', started: true }], errors: [] });
    await waitFor('web:back RUNNING locally', async () => (await run('local_status', ['web:back'])).stdout.includes('RUNNING'), { timeoutMs: 5000, intervalMs: 50 });
    assert.deepEqual(
      blankColumn(lines(await run('local_status', ['web:back'])), 'PID', 8),
      ['Application  Process  Disabled  State       Start       Now         PID     Extra args', 'web          back     False     RUNNING     HH:MM:SS    HH:MM:SS    #       --fast 1'],
    );
    await run('stop_process', ['web:back']);
    assert.deepEqual(await run('start_process_args', ['CONFIG', 'web:back', '-x', '2']).then((one) => one.lines), ['web:back started: True']);
    const back = document(await run('sstatus', ['web:back'], true)) as { processes: { extra_args: string }[] };
    assert.equal(back.processes[0]?.extra_args, '-x 2');
    assert.deepEqual(lines(await run('test_start_process', ['CONFIG', 'slow'])), [
      'Application  Process  State       Supervisor           Reason',
      "slow         slow     RUNNING     ['127.0.0.1:PORT1']",
    ]);
    const running = await run('test_start_process', ['CONFIG', 'web:front'], true);
    assert.equal(running.code, 1);
    assert.deepEqual(document(running), {
      namespec: 'web:front',
      strategy: 'CONFIG',
      processes: [],
      errors: [{ namespec: 'web:front', code: 60, fault: 'ALREADY_STARTED', message: 'ALREADY_STARTED: web:front' }],
    });

    // on the node asked only (Supvisors 0.19): its local_status follows, the other instances keep theirs
    const localPool = async (node?: ClusterNode): Promise<string[]> => (await run('local_status', ['pool:*'], false, node)).lines.slice(1).map((line) => line.split(/\s+/)[1] ?? '');
    assert.deepEqual(await run('update_numprocs', ['pool', '2']).then((one) => one.lines), ['pool numprocs updated: True']);
    assert.deepEqual(await localPool(), ['pool_0', 'pool_1']);
    assert.deepEqual(await localPool(nodes()[1]), ['pool_0', 'pool_1', 'pool_2']);
    assert.deepEqual(document(await run('lazy_update_numprocs', ['pool', '1'], true)), { results: [{ program: 'pool', numprocs: 1, lazy: true, updated: true }], errors: [] });
    await waitFor('pool down to 1', async () => (await localPool()).length === 1, { timeoutMs: 10_000, intervalMs: 50 });
    const bad = await run('update_numprocs', ['nope', '2']);
    assert.equal(bad.code, 1);
    assert.match(bad.lines[0] ?? '', /^ERROR \(BAD_NAME: /);

    assert.deepEqual(await run('disable', ['solo']).then((one) => one.lines), ['solo disabled: True']);
    assert.deepEqual(
      blankColumn(lines(await run('local_status', ['misc:solo'])), 'PID', 8)[1],
      'misc         solo     True      STOPPED     0           HH:MM:SS    #',
    );
    assert.deepEqual(document(await run('enable', ['solo'], true)), { results: [{ program: 'solo', enabled: true }], errors: [] });
  });

  it('all_start / all_start_args: on every running instance, then the conflict conciliated', async () => {
    const solo = await run('all_start', ['misc:solo']);
    assert.equal(solo.code, 0);
    assert.deepEqual(lines(solo).sort(), [1, 2, 3].map((n) => `misc:solo started on 127.0.0.1:PORT${n}: True`));
    assert.deepEqual(await statename('misc:solo'), ['RUNNING']);
    // web:back runs on node1 (above): a fault there, a start on the 2 others
    const back = await run('all_start_args', ['web:back', '--y'], true);
    assert.equal(back.code, 1);
    const started = document(back) as { results: { identifier: string }[] };
    started.results.sort((one, other) => one.identifier.localeCompare(other.identifier));
    assert.deepEqual(started, {
      results: [nodes()[1], nodes()[2]]
        .map((node) => node.identifier)
        .sort()
        .map((identifier) => ({ namespec: 'web:back', identifier, started: true })),
      errors: [{ namespec: 'web:back', identifier: nodes()[0].identifier, code: 60, fault: 'ALREADY_STARTED', message: 'ALREADY_STARTED: web:back' }],
    });
    await waitFor('the conflict seen', async () => (await run('conflicts')).lines.length === 2, { timeoutMs: 10_000, intervalMs: 50 });
    const [title, row] = lines(await run('conflicts'));
    assert.equal(title, 'Application  Process  State       Supervisor');
    // the identifiers in the order the process started there
    assert.match(row ?? '', /^web {10}back {5}RUNNING {5}\['127\.0\.0\.1:PORT\d', '127\.0\.0\.1:PORT\d', '127\.0\.0\.1:PORT\d'\]$/);
    const conflicts = document(await run('conflicts', [], true)) as { conflicts: { identifiers: string[] }[] };
    assert.deepEqual(
      conflicts.conflicts.map((info) => [...info.identifiers].sort()),
      [nodes().map((node) => node.identifier).sort()],
    );
    await (cluster as Cluster).waitState([nodes()[0]], 'CONCILIATION', 10_000);
    assert.deepEqual(await run('conciliate', ['SENICIDE']).then((one) => [one.code, one.lines]), [0, ['Conciliated: True']]);
    await (cluster as Cluster).waitState(nodes(), 'OPERATION', 15_000);
    assert.deepEqual((await run('conflicts')).stdout, '');
    await run('stop_process');
  });

  it('control: loglevel, statistics, restart_sequence', async () => {
    assert.deepEqual(await run('loglevel', ['debug']).then((one) => [one.code, one.lines]), [0, ['Logger level changed: True']]);
    assert.deepEqual(document(await run('loglevel', ['info'], true)), { results: [{ level: 'info', changed: true }], errors: [] });
    assert.deepEqual(await run('disable_stats').then((one) => one.lines), ['Host statistics disabled: True', 'Process statistics disabled: True']);
    assert.deepEqual(await run('enable_stats', ['host']).then((one) => one.lines), ['Host statistics enabled: True']);
    assert.deepEqual(document(await run('enable_stats', ['process'], true)), { results: [{ statistics: 'process', enabled: true }], errors: [] });
    assert.deepEqual(await run('stats_period', ['2.5']).then((one) => one.lines), ['Statistics period updated: True']);
    assert.deepEqual(await run('stats_status').then((one) => one.lines), ['Collecting Host statistics:    True', 'Collecting Process statistics: True', 'Collecting statistics period:  2.5']);
    // auto without its required daemon (a major failure): the start sequence starts it again
    assert.deepEqual(await run('start_process', ['CONFIG', 'auto:helper']).then((one) => one.lines), ['auto:helper started: True']);
    assert.deepEqual(await statename('auto:daemon'), ['STOPPED']);
    assert.deepEqual(await run('restart_sequence').then((one) => [one.code, one.lines]), [0, ['Start sequence completed: True']]);
    assert.deepEqual(await statename('auto:daemon'), ['RUNNING']);
  });

  /** start_application CONFIG slow run as cli/main.ts would on a terminal: progress lines kept. */
  async function startSlow(out: RecordingOutput, signal: AbortSignal): Promise<number> {
    const client = new SupvisorsClient({ url: `http://127.0.0.1:${nodes()[0].httpPort}`, username: USER, password: PASSWORD });
    const connect = (url: string): SupvisorsClient => new SupvisorsClient({ url, username: USER, password: PASSWORD });
    try {
      return await named('start_application').run({ client, connect, out, signal }, ['CONFIG', 'slow']);
    } finally {
      client.close();
    }
  }

  it('the progress of a long start: the events while the call waits, then the outcome line', async () => {
    const out = new RecordingOutput();
    assert.equal(await startSlow(out, new AbortController().signal), 0);
    assert.deepEqual(out.lines, ['slow started: True']);
    assert.equal(out.progressLines[0], '[0s] starting slow');
    assert.ok(
      out.progressLines.some((text) => /^\[\ds\] slow STARTING on node1$/.test(text)),
      out.progressLines.join('\n'),
    );
    assert.ok(
      out.progressLines.some((text) => /^\[[1-9]s\] slow STARTING on node1$/.test(text)),
      'refreshed every second while startsecs runs',
    );
    assert.deepEqual(await run('stop_application', ['slow']).then((one) => one.lines), ['slow stopped: True']);
  });

  it('Ctrl-C during a waiting start: said, exit 1; the start goes on at the server', async () => {
    const controller = new AbortController();
    const out = new RecordingOutput(false, false, (text) => {
      if (text.includes('STARTING')) controller.abort();
    });
    assert.equal(await startSlow(out, controller.signal), 1);
    assert.deepEqual(out.lines, []);
    assert.deepEqual(out.errors, ['interrupted: slow is still starting at the server (not cancelled)']);
    assert.deepEqual(await statename('slow'), ['STARTING']);
    await waitFor('slow RUNNING (startsecs 3)', async () => (await statename('slow')).join() === 'RUNNING', { timeoutMs: 10_000, intervalMs: 100 });
  });

  it('sreload: the cluster restarts; sshutdown: every supervisord ends', async () => {
    const c = cluster as Cluster;
    assert.deepEqual(await run('sreload').then((one) => [one.code, one.lines]), [0, ['Restarted: True']]);
    await waitFor('the restart begun', async () => (await c.stateOf(nodes()[0])) !== 'OPERATION', { timeoutMs: 10_000, intervalMs: 50 });
    await c.waitState(nodes(), 'OPERATION', 60_000);
    const pids = nodes().map((node) => node.pid);
    assert.deepEqual(document(await run('sshutdown', [], true)), { results: [{ shut_down: true }], errors: [] });
    await waitFor('every supervisord gone', () => pids.every((pid) => !alive(pid)), { timeoutMs: 30_000, intervalMs: 50 });
  });
});
