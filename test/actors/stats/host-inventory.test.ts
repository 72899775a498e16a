/**
 * The host inventory of the stats actor (actors/stats/host-inventory.ts): read with
 * systeminformation once per node and cached, read again only after a failed read.
 */
import assert from 'node:assert/strict';
import { cpus, hostname, totalmem } from 'node:os';
import { ActorSystem, type ActorRef } from '../../../actors/core/index.js';
import { readHostInventory, type HostInventory } from '../../../actors/stats/host-inventory.js';
import type { StatsMessage } from '../../../actors/stats/messages.js';
import { statsActor } from '../../../actors/stats/stats-actor.js';
import { memoryLogger } from '../../helpers/logger.js';

const inventoryOf = (ref: ActorRef<StatsMessage>): Promise<HostInventory> => ref.ask<HostInventory>((replyTo) => ({ type: 'host-inventory', replyTo }));

describe('stats actor: host inventory', function () {
  this.timeout(20_000);
  let system: ActorSystem;
  beforeEach(() => {
    system = new ActorSystem({ node: 'node1', logger: memoryLogger('debug').logger });
  });
  afterEach(async () => {
    await system.shutdown();
  });

  const spawn = (readInventory: () => Promise<HostInventory>): ActorRef<StatsMessage> =>
    system.spawn<StatsMessage>('stats', statsActor({ identifier: 'node1', hostStats: true, processStats: true, collectingPeriod: 5, periods: [10], histo: 10, irixMode: false, collector: false, readInventory }));

  it('reads this host once with systeminformation', async () => {
    let reads = 0;
    const stats = spawn(() => {
      reads += 1;
      return readHostInventory();
    });
    const [first, second] = await Promise.all([inventoryOf(stats), inventoryOf(stats)]);
    const third = await inventoryOf(stats);
    assert.equal(reads, 1);
    assert.deepEqual(second, first);
    assert.deepEqual(third, first);
    assert.equal(first.logical_cores, cpus().length);
    assert.equal(first.memory_total, totalmem());
    assert.equal(first.hostname, hostname());
    assert.ok(first.physical_cores >= 1 && first.physical_cores <= first.logical_cores);
    assert.equal(first.os_platform, process.platform);
  });

  it('reads again after a failed read', async () => {
    let reads = 0;
    const stats = spawn(async () => {
      reads += 1;
      if (reads === 1) throw new Error('lscpu missing');
      return readHostInventory();
    });
    await assert.rejects(inventoryOf(stats), /lscpu missing/);
    assert.equal((await inventoryOf(stats)).logical_cores, cpus().length);
    await inventoryOf(stats);
    assert.equal(reads, 2);
  });
});
