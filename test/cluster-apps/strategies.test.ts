/**
 * Placement on 3 real instances (spec/strategies.md §1-§4): start_process with each starting
 * strategy, the program's identifiers and expected_loading making the choice determined;
 * SINGLE_INSTANCE distribution; the 100% node load limit.
 *
 * All loopback instances run on one machine, hence share one machine_id (checked first): the node
 * load is the load of the whole cluster, so every node loading is equal and the *_NODE strategies
 * choose as their instance variants; a start is valid while the cluster-wide load plus its own
 * stays ≤ 100. Instance loads are followed step by step (comments: node1 / node2 / node3).
 */
import assert from 'node:assert/strict';
import { clusterLogsOnFailure, faultOf, list, num, startCluster, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { logsOnError, nickOf, processStates, programsOnEveryNode, runningNodes, text, workspace, type Workspace } from './fixtures.js';

const rules = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<root>
  <application name="strat">
    <programs>
      <program name="cfg"><identifiers>node3,node1,node2</identifiers></program>
      <program name="ballast1"><identifiers>node2</identifiers><expected_loading>30</expected_loading></program>
      <program name="ballast2"><identifiers>node1</identifiers><expected_loading>15</expected_loading></program>
      <program pattern="^less"><expected_loading>5</expected_loading></program>
      <program pattern="^most"><expected_loading>5</expected_loading></program>
      <program name="loc"><identifiers>*</identifiers></program>
      <program name="locx"><identifiers>node1</identifiers></program>
      <program name="big"><expected_loading>60</expected_loading></program>
      <program name="fit"><expected_loading>25</expected_loading></program>
    </programs>
  </application>
  <application name="single">
    <distribution>SINGLE_INSTANCE</distribution>
    <identifiers>node3,node1</identifiers>
    <programs>
      <program name="x1"><start_sequence>1</start_sequence><identifiers>node2</identifiers><expected_loading>5</expected_loading></program>
      <program name="x2"><start_sequence>2</start_sequence><expected_loading>5</expected_loading></program>
      <program name="x3"><start_sequence>2</start_sequence></program>
    </programs>
  </application>
</root>
`;

const stratPrograms = ['cfg', 'ballast1', 'ballast2', 'less', 'lessnode', 'most', 'mostnode', 'loc', 'locx', 'big', 'fit'];

describe('cluster applications: starting strategies and loads', function () {
  this.timeout(60_000);
  let cluster: Cluster | undefined;
  let space: Workspace | undefined;
  let node1: ClusterNode;
  let node2: ClusterNode;

  before(async function () {
    this.timeout(45_000);
    space = workspace('supvisors-apps-strat-');
    const rulesFile = space.writeRules(rules);
    const programs = programsOnEveryNode(
      {
        strat: stratPrograms.map((name) => ({ name, startsecs: 0 })),
        single: ['x1', 'x2', 'x3'].map((name) => ({ name, startsecs: 0 })),
      },
      space.orderFile,
    );
    cluster = await startCluster(3, { programs, supvisors: space.rulesOption(rulesFile) });
    const [first, second] = cluster.nodes;
    if (first === undefined || second === undefined) throw new Error('no nodes');
    node1 = first;
    node2 = second;
    const started = cluster;
    await logsOnError(started, () => started.waitState(started.nodes, 'OPERATION', 30_000));
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await cluster?.stop();
    space?.cleanup();
  });

  const the = (): Cluster => {
    if (cluster === undefined) throw new Error('no cluster');
    return cluster;
  };
  const startProcess = (strategy: string | number, namespec: string, on: ClusterNode = node1) => the().call(on, 'supvisors.start_process', [strategy, namespec, '', true], 20_000);

  /** nick → loading, as `observer` sees them (get_all_instances_info). */
  const loads = async (observer: ClusterNode): Promise<Record<string, number>> => {
    const infos = list(await the().call(observer, 'supvisors.get_all_instances_info')).map(struct);
    const entries = infos.map((info): [string, number] => [nickOf(the(), text(info['identifier'])), num(info['loading'])]);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  /** Waits until every node sees these loads (the next placement may be computed anywhere). */
  const waitLoads = async (expected: Record<string, number>): Promise<void> => {
    let last: Record<string, number> = {};
    try {
      await waitFor(
        `loads ${JSON.stringify(expected)}`,
        async () => {
          for (const node of the().nodes) {
            last = await loads(node);
            if (JSON.stringify(last) !== JSON.stringify(expected)) return false;
          }
          return true;
        },
        { timeoutMs: 5000, intervalMs: 50 },
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)} (last: ${JSON.stringify(last)})`, { cause: error });
    }
  };
  const where = async (namespec: string): Promise<string[]> => (await processStates(the(), node1, namespec))[namespec]?.nodes ?? [];

  it('precondition: the 3 loopback instances share one machine_id (one node)', async () => {
    const ids = await Promise.all(
      the().nodes.map(async (node) => {
        const info = struct(await the().call(node1, 'supvisors.get_network_info', [node.identifier]));
        return text(struct(info['network'] ?? {})['machine_id']);
      }),
    );
    assert.match(ids[0] ?? '', /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    assert.deepEqual(new Set(ids).size, 1, ids.join(' '));
  });

  it('CONFIG: the first identifier of the program rule (node3,node1,node2 → node3)', async () => {
    assert.equal(await startProcess('CONFIG', 'strat:cfg'), true);
    assert.deepEqual(await where('strat:cfg'), ['node3']);
    assert.deepEqual(await runningNodes(the(), 'strat:cfg'), ['node3']);
    // RUNNING (startsecs 0) can be seen before the program has written its line: wait for it
    assert.ok((await space?.waitOrder(['cfg-node3']))?.includes('cfg-node3'));
  });

  it('ballasts: expected_loading 30 on node2, 15 on node1 (CONFIG, single identifier)', async () => {
    assert.equal(await startProcess('CONFIG', 'strat:ballast1'), true);
    assert.equal(await startProcess('CONFIG', 'strat:ballast2'), true);
    assert.deepEqual(await where('strat:ballast1'), ['node2']);
    assert.deepEqual(await where('strat:ballast2'), ['node1']);
    // loads 15 / 30 / 0
  });

  it('LESS_LOADED: the least loaded instance (node3), MOST_LOADED: the most loaded (node2), neither the first candidate', async () => {
    assert.equal(await startProcess('LESS_LOADED', 'strat:less'), true);
    assert.deepEqual(await where('strat:less'), ['node3']);
    // loads 15 / 30 / 5; the strategy given as its int value (MOST_LOADED = 2)
    assert.equal(await startProcess(2, 'strat:most'), true);
    assert.deepEqual(await where('strat:most'), ['node2']);
    // loads 15 / 35 / 5
  });

  it('LESS_LOADED_NODE / MOST_LOADED_NODE: one node, so the instance loads decide (node3, node2)', async () => {
    assert.equal(await startProcess('LESS_LOADED_NODE', 'strat:lessnode'), true);
    assert.deepEqual(await where('strat:lessnode'), ['node3']);
    // loads 15 / 35 / 10; MOST_LOADED_NODE = 5
    assert.equal(await startProcess(5, 'strat:mostnode'), true);
    assert.deepEqual(await where('strat:mostnode'), ['node2']);
    // loads 15 / 40 / 10
  });

  it('get_all_instances_info: loading = Σ expected_loading running there (15 / 40 / 10), as every instance sees it', async () => {
    await waitLoads({ node1: 15, node2: 40, node3: 10 });
  });

  it('LOCAL: the instance that is asked (node2)', async () => {
    assert.equal(await startProcess('LOCAL', 'strat:loc', node2), true);
    assert.deepEqual(await where('strat:loc'), ['node2']);
    assert.deepEqual(await runningNodes(the(), 'strat:loc'), ['node2']);
  });

  it('LOCAL when the asked instance is not a candidate (locx only on node1, asked on node2): not started', async () => {
    const fault = await faultOf(startProcess('LOCAL', 'strat:locx', node2));
    assert.equal(fault.code, 40, JSON.stringify(fault));
    assert.deepEqual(await where('strat:locx'), []);
    assert.deepEqual(await runningNodes(the(), 'strat:locx'), []);
    assert.ok(!space?.order().some((line) => line.startsWith('locx-')));
  });

  // spec/xmlrpc.md §7.3, spec/strategies.md §6.4 and §16: nothing placeable, the Starter idle at once (the process shown FATAL)
  it('start_process that cannot be placed: ABNORMAL_TERMINATION: failed to start <namespec> (wait or not)', async () => {
    assert.deepEqual(await faultOf(startProcess('LOCAL', 'strat:locx', node2)), { code: 40, text: 'ABNORMAL_TERMINATION: failed to start strat:locx' });
    assert.deepEqual(await faultOf(the().call(node2, 'supvisors.start_process', ['LOCAL', 'strat:locx', '', false])), {
      code: 40,
      text: 'ABNORMAL_TERMINATION: failed to start strat:locx',
    });
  });

  it('SINGLE_INSTANCE: every process of the application on one instance of the application identifiers (node3,node1, MOST_LOADED → node1), program identifiers ignored', async () => {
    // loads 15 / 40 / 10 (loc has no load): node1 is the most loaded of node3,node1
    assert.equal(await the().call(node1, 'supvisors.start_application', ['MOST_LOADED', 'single', true], 20_000), true);
    const states = await processStates(the(), node1, 'single:*');
    assert.deepEqual(states, {
      'single:x1': { statename: 'RUNNING', nodes: ['node1'] },
      'single:x2': { statename: 'RUNNING', nodes: ['node1'] },
      'single:x3': { statename: 'RUNNING', nodes: ['node1'] },
    });
    // loads 25 / 40 / 10: 75 on the node
  });

  it('a load that would exceed 100% of the node on every instance: not started (60 over 75)', async () => {
    const fault = await faultOf(startProcess('LESS_LOADED', 'strat:big'));
    assert.ok([40, 70].includes(fault.code), JSON.stringify(fault));
    assert.deepEqual(await where('strat:big'), []);
    assert.deepEqual(await runningNodes(the(), 'strat:big'), []);
    assert.ok(!space?.order().some((line) => line.startsWith('big-')));
  });

  it('exactly 100% is allowed: 25 over 75 starts, on the least loaded instance (node3)', async () => {
    assert.equal(await startProcess('LESS_LOADED', 'strat:fit'), true);
    assert.deepEqual(await where('strat:fit'), ['node3']);
  });
});
