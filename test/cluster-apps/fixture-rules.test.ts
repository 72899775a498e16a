/**
 * The real rules file of Supvisors 0.19's own tests (fixtures/supvisors-0.19/test-etc/
 * my_movies.xml) on 3 real instances, with the groups and programs of test-etc/common/*.ini.
 *
 * - Identifiers: the XML is copied with the fixture's instances mapped to our nicks
 *   (`supv-01` → node1, `supv02:60000` → node2, `supv-03` → node3); `supv04`, `rocky54` and
 *   `third` stay unknown, as they are in the fixture's own cluster.
 * - Programs: the .ini options are kept (numprocs, process_name, exitcodes, startretries...)
 *   but the commands are test programs that write `<process>-<nick>` into the order file, and
 *   startsecs are at most 1 s (and at least 1 s for the programs whose order is asserted, so
 *   that the line is written before RUNNING), to keep the DISTRIBUTION start short.
 *
 * Expected DISTRIBUTION start (spec/strategies.md §6), by application start_sequence:
 *   2 import_database: mount_disk_00/01 (`@` over node2,node3) then copy_error on node1, which
 *     exits before startsecs (FATAL): required, starting_failure_strategy STOP → stopped;
 *   3 database: movie_server_01..03 (`#` over every instance) then register_movies_01..03
 *     (`#,node1,node3`, wait_exit);
 *   4 my_movies (CONFIG, CONTINUE): manager on node1 (`*`), web_server has no known instance
 *     (supv04) → FATAL "No resource available", required but CONTINUE → hmi on node2 (consoles
 *     alias = node2,node1); converters, error_disk_* and restart_* have start_sequence 0;
 *   5 player (SINGLE_INSTANCE over node1,node3, MOST_LOADED): node1 is the most loaded (manager);
 *     test_reader exits unexpectedly (exitcodes=5), required, ABORT → movie_player not started;
 *   6 web_movies (pattern web_, LESS_LOADED_NODE): one machine, so the least loaded instance,
 *     node3.
 *
 * Two suites, one cluster each: the first runs every program but player:test_reader (so that
 * player starts, SINGLE_INSTANCE); the second runs them all and checks the expectations above.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clusterLogsOnFailure, startCluster, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { applicationState, indexIn, logsOnError, processStates, programsOnEveryNode, workspace, type ProgramSpec, type Workspace } from './fixtures.js';

const FIXTURE = '/work/shared/fixtures/supvisors-0.19/test-etc/my_movies.xml';

/** The fixture's rules with its instance names mapped to our nicks. */
function mappedRules(): string {
  return readFileSync(FIXTURE, 'utf8').replaceAll('supv02:60000', 'node2').replaceAll('supv-01', 'node1').replaceAll('supv-03', 'node3');
}

/** test-etc/common/*.ini, commands swapped. */
const groups: Record<string, ProgramSpec[]> = {
  database: [
    { name: 'movie_server', numprocs: 3, processName: 'movie_server_%(process_num)02d', startsecs: 1, extra: ['numprocs_start = 1', 'exitcodes = 0'] },
    {
      name: 'register_movies',
      numprocs: 3,
      processName: 'register_movies_%(process_num)02d',
      startsecs: 1,
      // process_app.py -x 5: runs a while, exits 0
      behaviour: { kind: 'exit', afterS: 1.5, code: 0 },
      extra: ['numprocs_start = 1', 'exitcodes = 0'],
    },
  ],
  import_database: [
    { name: 'mount_disk', numprocs: 2, processName: 'mount_disk_%(process_num)02d', startsecs: 1 },
    // "a process that exits before its RUNNING state is reached" (startsecs 15, -x 10)
    { name: 'copy_error', startsecs: 3, behaviour: { kind: 'exit', afterS: 0.3, code: 0 } },
  ],
  my_movies: [
    { name: 'manager', startsecs: 1, extra: ['exitcodes = 0'] },
    { name: 'web_server', startsecs: 1 },
    { name: 'hmi', startsecs: 1, extra: ['exitcodes = 0'] },
    { name: 'error_disk_reader', behaviour: { kind: 'sleep' }, extra: ['exitcodes = 0'] },
    { name: 'error_disk_writer', behaviour: { kind: 'sleep' }, extra: ['exitcodes = 1'] },
    { name: 'converter', numprocs: 15, processName: 'converter_%(process_num)02d', behaviour: { kind: 'sleep' }, extra: ['exitcodes = 0'] },
    { name: 'restart_process', behaviour: { kind: 'sleep' } },
    { name: 'restart_application', behaviour: { kind: 'sleep' } },
  ],
  player: [
    // "a process that exits with an unexpected exit code": -x 2 exits 0, exitcodes=5
    { name: 'test_reader', startsecs: 1, behaviour: { kind: 'exit', afterS: 1.5, code: 0 }, extra: ['exitcodes = 5'] },
    { name: 'movie_player', startsecs: 1 },
  ],
  web_movies: [{ name: 'web_browser', startsecs: 1 }],
};

/** The fixture's groups, without player:test_reader (see the first suite). */
const withoutTestReader: Record<string, ProgramSpec[]> = { ...groups, player: (groups['player'] ?? []).filter((spec) => spec.name !== 'test_reader') };

interface FixtureRun {
  cluster: Cluster | undefined;
  space: Workspace | undefined;
  node1: ClusterNode | undefined;
  /** The order file once DISTRIBUTION is over. */
  order: string[];
}

/** Hooks of a suite running the fixture rules over `programs`: DISTRIBUTION done in before(). */
function fixtureHooks(programs: Record<string, ProgramSpec[]>): FixtureRun {
  const run: FixtureRun = { cluster: undefined, space: undefined, node1: undefined, order: [] };
  before(async function () {
    this.timeout(60_000);
    run.space = workspace('supvisors-apps-fixture-');
    const rulesFile = run.space.writeRules(mappedRules(), 'my_movies.xml');
    const cluster = await startCluster(3, { programs: programsOnEveryNode(programs, run.space.orderFile), supvisors: run.space.rulesOption(rulesFile) });
    run.cluster = cluster;
    run.node1 = cluster.nodes[0];
    // OPERATION follows DISTRIBUTION once the starter has no job left
    await logsOnError(cluster, () => cluster.waitState(cluster.nodes, 'OPERATION', 50_000), 100);
    run.order = run.space.order();
  });
  afterEach(function () {
    clusterLogsOnFailure(this, run.cluster);
  });
  after(async () => {
    await run.cluster?.stop();
    run.space?.cleanup();
  });
  return run;
}

function parts(run: FixtureRun): { cluster: Cluster; node1: ClusterNode; order: string[] } {
  if (run.cluster === undefined || run.node1 === undefined) throw new Error('no cluster');
  return { cluster: run.cluster, node1: run.node1, order: run.order };
}

/**
 * The fixture without player:test_reader (whose failure aborts player, see the second suite):
 * player then starts movie_player, which shows SINGLE_INSTANCE placement.
 */
describe('cluster applications: the fixture rules my_movies.xml', function () {
  this.timeout(60_000);
  const run = fixtureHooks(withoutTestReader);

  it('my_movies starts by program start_sequence: manager (node1), web_server (no resource, CONTINUE), hmi (node2)', async () => {
    const { cluster, node1, order } = parts(run);
    const mine = order.filter((line) => /^(manager|web_server|hmi|error_disk|converter|restart_)/.test(line));
    assert.deepEqual(mine, ['manager-node1', 'hmi-node2'], `order file: ${order.join(' ')}`);
    const states = await processStates(cluster, node1, 'my_movies:*');
    assert.deepEqual(states['my_movies:manager'], { statename: 'RUNNING', nodes: ['node1'] });
    assert.deepEqual(states['my_movies:hmi'], { statename: 'RUNNING', nodes: ['node2'] });
    assert.deepEqual(states['my_movies:web_server']?.nodes, []);
    for (const [namespec, state] of Object.entries(states)) {
      if (/converter|error_disk|restart_/.test(namespec)) assert.equal(state.statename, 'STOPPED', namespec);
    }
  });

  it('applications start by application start_sequence: my_movies (4), player (5), web_movies (6)', () => {
    const { order } = parts(run);
    const manager = indexIn(order, 'manager-node1');
    const hmi = indexIn(order, 'hmi-node2');
    const player = indexIn(order, 'movie_player-node1');
    const browser = indexIn(order, 'web_browser-node3');
    assert.ok(manager < hmi && hmi < player && player < browser, order.join(' '));
  });

  it('player: SINGLE_INSTANCE on the most loaded of node1,node3 (MOST_LOADED: node1, where manager runs)', async () => {
    const { cluster, node1, order } = parts(run);
    assert.deepEqual(
      order.filter((line) => line.startsWith('movie_player-')),
      ['movie_player-node1'],
    );
    assert.equal(await applicationState(cluster, node1, 'player'), 'RUNNING');
  });

  it('web_movies (application pattern web_): LESS_LOADED_NODE on one node places web_browser on the least loaded instance (node3)', async () => {
    const { cluster, node1, order } = parts(run);
    assert.deepEqual(
      order.filter((line) => line.startsWith('web_browser-')),
      ['web_browser-node3'],
    );
    assert.equal(await applicationState(cluster, node1, 'web_movies'), 'RUNNING');
  });
});

// Every program of the fixture: `@` / `#` placement, forced FATAL, a wait_exit program failing.
describe('cluster applications: the fixture rules my_movies.xml, every program', function () {
  this.timeout(60_000);
  const run = fixtureHooks(groups);

  it('my_movies: web_server, required without resource, is forced FATAL; CONTINUE starts hmi', async () => {
    const { cluster, node1, order } = parts(run);
    assert.deepEqual(
      order.filter((line) => /^(manager|web_server|hmi)-/.test(line)),
      ['manager-node1', 'hmi-node2'],
    );
    assert.equal((await processStates(cluster, node1, 'my_movies:web_server'))['my_movies:web_server']?.statename, 'FATAL');
  });

  it('player: test_reader exits unexpectedly (required, ABORT): movie_player not started', async () => {
    const { cluster, node1, order } = parts(run);
    assert.deepEqual(
      order.filter((line) => line.startsWith('test_reader-')),
      ['test_reader-node1'],
    );
    assert.ok(!order.some((line) => line.startsWith('movie_player-')), order.join(' '));
    const states = await processStates(cluster, node1, 'player:*');
    assert.equal(states['player:test_reader']?.statename, 'EXITED');
    assert.equal(states['player:movie_player']?.statename, 'STOPPED');
  });

  it('database: movie_server_01..03 spread by `#` over every instance, then register_movies_01..03 by `#,node1,node3`', () => {
    const { order } = parts(run);
    const movies = ['movie_server_01-node1', 'movie_server_02-node2', 'movie_server_03-node3'];
    const registers = ['register_movies_01-node1', 'register_movies_02-node3', 'register_movies_03-node1'];
    const lastMovie = Math.max(...movies.map((entry) => indexIn(order, entry)));
    const firstRegister = Math.min(...registers.map((entry) => indexIn(order, entry)));
    assert.ok(lastMovie < firstRegister, order.join(' '));
    // database (3) after import_database (2), before my_movies (4)
    assert.ok(firstRegister > indexIn(order, 'copy_error-node1'));
    assert.ok(Math.max(...registers.map((entry) => indexIn(order, `exit-${entry}`))) < indexIn(order, 'manager-node1'));
  });

  it('import_database: mount_disk_00/01 by `@` on node2,node3, then copy_error fails (required, STOP): the application is stopped', async () => {
    const { cluster, node1, order } = parts(run);
    const disks = ['mount_disk_00-node2', 'mount_disk_01-node3'].map((entry) => indexIn(order, entry));
    assert.ok(Math.max(...disks) < indexIn(order, 'copy_error-node1'), order.join(' '));
    assert.equal(await applicationState(cluster, node1, 'import_database'), 'STOPPED');
    const states = await processStates(cluster, node1, 'import_database:*');
    assert.equal(states['import_database:mount_disk_00']?.statename, 'STOPPED');
    assert.equal(states['import_database:copy_error']?.statename, 'FATAL');
  });
});
