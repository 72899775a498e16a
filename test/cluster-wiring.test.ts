/**
 * The cluster wiring on real nodes: three supervisord, each with its supvisorsd, one
 * supvisors_list of three loopback ports. They reach OPERATION with the same Master; a runtime
 * killed with SIGKILL is seen not RUNNING by the others at once (socket closed), and RUNNING
 * again once supervisord has restarted it. supvisors.shutdown, called on a non-Master, shuts every
 * supervisord down.
 */
import assert from 'node:assert/strict';
import { isStruct, type XmlRpcStruct, type XmlRpcValue } from '../xmlrpc/values.js';
import { freePort, logsOnFailure, startNode, type TestNode } from './helpers/supervisord.js';
import { waitFor } from './helpers/wait.js';

function struct(value: XmlRpcValue): XmlRpcStruct {
  if (!isStruct(value)) throw new Error(`a struct expected, got ${JSON.stringify(value)}`);
  return value;
}

async function stateOf(node: TestNode): Promise<XmlRpcStruct | undefined> {
  try {
    return struct(await node.api.call('supvisors.get_supvisors_state'));
  } catch {
    return undefined;
  }
}

describe('cluster wiring: three real nodes', function () {
  this.timeout(30_000);
  const nodes: TestNode[] = [];
  afterEach(function () {
    for (const node of nodes) logsOnFailure(this, node);
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
  });

  it('reach OPERATION with one Master, and see a killed runtime leave and come back', async () => {
    const ports = [await freePort(), await freePort(), await freePort()];
    const list = ports.map((port, index) => `<n${index + 1}>127.0.0.1:${port}`).join(',');
    const identifiers = ports.map((port) => `127.0.0.1:${port}`);
    nodes.push(...(await Promise.all(ports.map((httpPort) => startNode({ httpPort, supvisors: `supvisors_list = ${list}\nloglevel = debug` })))));
    await Promise.all(nodes.map((node) => node.waitRuntime()));
    await waitFor(
      'every node in OPERATION',
      async () => (await Promise.all(nodes.map(stateOf))).every((state) => state?.['fsm_statename'] === 'OPERATION'),
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    for (const node of nodes) {
      assert.deepEqual(struct(await node.api.call('supvisors.get_master_identifier')), { identifier: identifiers[0], nick_identifier: 'n1' });
      const state = struct(await node.api.call('supvisors.get_supvisors_state'));
      assert.deepEqual(state['instance_states'], Object.fromEntries(identifiers.map((identifier) => [identifier, 'RUNNING'])));
      assert.equal(state['master_identifier'], identifiers[0]);
    }
    const infos = await nodes[0].api.call('supvisors.get_all_instances_info');
    assert.ok(Array.isArray(infos));
    assert.deepEqual(
      infos.map((info) => struct(info)['statename']),
      identifiers.map(() => 'RUNNING'),
    );

    // Any node shows any other's actor diagnostics (ours): node1 asks n2's, by nick.
    const remote = struct(await nodes[0].api.call('supvisors.get_actor_diagnostics', [1, 'n2']));
    const actorNames = (remote['actors'] as XmlRpcValue[]).map((actor) => struct(actor)['name']);
    assert.ok(actorNames.includes(`transport:${identifiers[0]}`), `n2's mirror of n1 in ${JSON.stringify(actorNames)}`);
    assert.ok(!actorNames.includes(`transport:${identifiers[1]}`), 'not node1 itself');
    await assert.rejects(nodes[0].api.call('supvisors.get_actor_diagnostics', [1, 'nobody']), /BAD_NAME|unknown/);

    // SIGKILL the third runtime: the others see it FAILED / STOPPED within a second.
    const victim = nodes[2];
    const pid = await victim.runtimePid();
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await waitFor(
      'the killed runtime not RUNNING on the others',
      async () =>
        (await Promise.all(nodes.slice(0, 2).map(stateOf))).every((state) => {
          const states = state?.['instance_states'];
          return isStruct(states ?? '') && (states as XmlRpcStruct)[identifiers[2]] !== 'RUNNING';
        }),
      { timeoutMs: 3000, intervalMs: 10 },
    );
    const detectedMs = Date.now() - killedAt;
    assert.ok(detectedMs < 1500, `seen after ${detectedMs} ms`);

    // supervisord restarts it (autorestart): it joins again and adopts the running Master.
    await victim.waitNewRuntime(pid);
    await waitFor(
      'the restarted runtime RUNNING everywhere and in OPERATION',
      async () => {
        const states = await Promise.all(nodes.map(stateOf));
        return states.every((state) => {
          const seen = state?.['instance_states'];
          return state?.['fsm_statename'] === 'OPERATION' && isStruct(seen ?? '') && (seen as XmlRpcStruct)[identifiers[2]] === 'RUNNING';
        });
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    assert.deepEqual(struct(await victim.api.call('supvisors.get_master_identifier')), { identifier: identifiers[0], nick_identifier: 'n1' });
  });

  it('shutdown on a non-Master goes to the Master, which shuts every supervisord down', async () => {
    assert.equal(nodes.length, 3, 'the cluster of the previous test');
    assert.equal(await nodes[1].api.call('supvisors.shutdown'), true);
    await waitFor(
      'every supervisord gone',
      async () => {
        const alive = await Promise.all(
          nodes.map((node) =>
            node.supervisor.call('supervisor.getState').then(
              () => true,
              () => false,
            ),
          ),
        );
        return alive.every((up) => !up);
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
  });
});
