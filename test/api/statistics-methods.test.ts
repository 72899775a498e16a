/**
 * The statistics methods on a real node: the status, a period update, enabling
 * and disabling; the stats actor and its collector run under supvisorsd.
 */
import assert from 'node:assert/strict';
import { STATS } from '../../actors/stats/messages.js';
import { XmlRpcDouble } from '../../xmlrpc/values.js';
import { startNode, type TestNode } from '../helpers/supervisord.js';
import { struct } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';

describe('supvisors statistics methods', function () {
  this.timeout(30_000);
  let node: TestNode | undefined;
  before(async () => {
    node = await startNode({
      programs: `[program:spinner]\ncommand = ${process.execPath} -e "for(;;){}"\nautostart = true\nstartsecs = 0\n`,
      supvisors: 'stats_collecting_period = 1',
    });
    await node.waitRuntime();
  });
  after(async () => {
    await node?.stop();
  });

  it('answers the status, updates the period, enables and disables', async () => {
    if (node === undefined) throw new Error('no node');
    const api = node.api;
    const status = struct(await api.call('supvisors.get_statistics_status'));
    assert.equal(status['host_stats'], true);
    assert.equal(status['process_stats'], true);
    // a whole number stays an int (docs/statistics.md: the config does not say it was written)
    assert.equal(status['collecting_period'], 1);
    assert.equal(await api.call('supvisors.update_collecting_period', [new XmlRpcDouble(2.5)]), true);
    assert.equal(struct(await api.call('supvisors.get_statistics_status'))['collecting_period'], 2.5);
    assert.equal(await api.call('supvisors.enable_host_statistics', [false]), true);
    assert.equal(await api.call('supvisors.enable_process_statistics', [false]), true);
    const off = struct(await api.call('supvisors.get_statistics_status'));
    assert.deepEqual([off['host_stats'], off['process_stats']], [false, false]);
    assert.equal(await api.call('supvisors.enable_host_statistics', [true]), true);
    assert.equal(await api.call('supvisors.enable_process_statistics', [true]), true);
    assert.equal(await api.call('supvisors.update_collecting_period', [new XmlRpcDouble(1)]), true);
  });

  it('runs the stats actor and its collector, which samples every period', async () => {
    if (node === undefined) throw new Error('no node');
    const diagnostics = struct(await node.api.call('supvisors.get_actor_diagnostics', [0, '']));
    assert.ok(Array.isArray(diagnostics['actors']) && diagnostics['actors'].some((actor) => struct(actor)['name'] === STATS), 'the stats actor runs');
    await waitFor('the collector sampled twice', async () => {
      const after = struct(await node?.api.call('supvisors.get_actor_diagnostics', [0, '']) ?? {});
      const actor = Array.isArray(after['actors']) ? after['actors'].map(struct).find((one) => one['name'] === 'stats-collector') : undefined;
      const mailbox = actor === undefined ? undefined : struct(actor['mailbox'] ?? {});
      return typeof mailbox?.['processed'] === 'number' && mailbox['processed'] >= 2;
    }, { timeoutMs: 10_000, intervalMs: 200 });
  });
});
