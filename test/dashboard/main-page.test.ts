/**
 * The main page (dashboard/pages/main) in Chromium on the sample cluster started with
 * `synchro_options = USER`: it waits in SYNCHRONIZATION until the page's Start (end_sync); then
 * the cards show every instance, the Master and the chips of the `web` processes where the API
 * says they run, live (a stop through the API removes its chip within 1 s, no reload); the
 * filter is kept in the URL; Restart and Shutdown ask first (dismissed: nothing happens), and an
 * accepted Restart brings the cluster back to SYNCHRONIZATION, ended again from the page.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { list, struct, type Cluster } from '../helpers/cluster.js';
import { attributes, clickConfirmed, screenshot, dashboardSuite } from '../helpers/dashboard.js';
import { waitFor } from '../helpers/wait.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '?');

/** Where the API says each process of `web` runs: `identifier namespec`, sorted. */
async function webPlacement(cluster: Cluster): Promise<string[]> {
  const node = cluster.nodes[0];
  assert.ok(node !== undefined);
  const infos = list(await cluster.call(node, 'supvisors.get_process_info', ['web:*'])).map(struct);
  return infos.flatMap((info) => list(info['identifiers'] ?? []).map((identifier) => `${text(identifier)} web:${text(info['process_name'])}`)).sort();
}

/** The `web` chips of the cards: `identifier namespec`, sorted. */
async function webChips(page: Page, cluster: Cluster): Promise<string[]> {
  const pairs = await Promise.all(
    cluster.nodes.map(async (node) => (await attributes(page.locator(`[data-card-instance="${node.identifier}"] [data-process^="web:"]`), 'data-process')).map((namespec) => `${node.identifier} ${namespec}`)),
  );
  return pairs.flat().sort();
}

describe('dashboard main page (3 real nodes)', function () {
  this.timeout(180_000);
  const suite = dashboardSuite({ cluster: { supvisors: 'synchro_options = USER' }, awaited: 'SYNCHRONIZATION', path: '/', viewport: { width: 1400, height: 1000 } });

  const setup = (): { cluster: Cluster; page: Page } => {
    const { cluster, opened } = suite();
    return { cluster, page: opened.page };
  };

  it('in SYNCHRONIZATION: Start is enabled and ends the synchronization (end_sync): OPERATION, a Master, End sync disabled again', async () => {
    const { cluster: c, page } = setup();
    await page.locator('[data-supvisors-state="SYNCHRONIZATION"]').waitFor();
    assert.equal(await page.locator('[data-card-instance]').count(), 3);
    const start = page.locator('[data-action="end-sync"]');
    assert.ok(await start.isEnabled());
    await screenshot(page, 'main-synchronization');
    await start.click();
    await c.waitState(c.nodes, 'OPERATION', 40_000);
    await page.locator('[data-supvisors-state="OPERATION"]').waitFor();
    assert.ok(await start.isDisabled(), 'End sync is only for SYNCHRONIZATION');
    assert.deepEqual(suite().opened.problems, []);
  });

  it('shows every instance with the right Master, and the chips of the web processes where the API says they run', async () => {
    const { cluster: c, page } = setup();
    const node = c.nodes[0];
    assert.ok(node !== undefined);
    const master = text(struct(await c.call(node, 'supvisors.get_supvisors_state'))['master_identifier']);
    for (const each of c.nodes) {
      const card = page.locator(`[data-card-instance="${each.identifier}"]`);
      await card.waitFor();
      assert.match(await card.locator('.nick').innerText(), new RegExp(`${each.identifier === master ? '✪ ' : '^'}${each.nick}$`));
    }
    assert.equal(await page.locator('[data-card-instance] [data-master="true"]').count(), 1);
    assert.equal(await page.locator(`[data-card-instance="${master}"] [data-master="true"]`).count(), 1);
    let placement: string[] = [];
    let chips: string[] = [];
    await waitFor(
      'the web chips where the API says web runs',
      async () => {
        placement = await webPlacement(c);
        chips = await webChips(page, c);
        return placement.length === 3 && chips.join() === placement.join();
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; API ${JSON.stringify(placement)}, page ${JSON.stringify(chips)}`);
    });
    for (const pair of placement) {
      const [identifier, namespec] = pair.split(' ');
      assert.equal(await page.locator(`[data-card-instance="${identifier}"] [data-process="${namespec}"]`).getAttribute('data-state'), 'RUNNING');
    }
    assert.equal(await page.locator('[data-card-instance] .conflict').count(), 0);
    // the matrix: web has its 3 processes running, spread as the cards say
    const web = page.locator('[data-application-row="web"]');
    assert.match(await web.innerText(), /3\/3/);
    const counted = (await attributes(web.locator('td[data-count]'), 'data-count')).reduce((sum, count) => sum + Number(count), 0);
    assert.equal(counted, 3);
    await screenshot(page, 'main-operation');
  });

  it('a process stopped through the API leaves its chip within 1 s, without reload', async () => {
    const { cluster: c, page } = setup();
    const node = c.nodes[0];
    assert.ok(node !== undefined);
    await page.evaluate('window.__notReloaded = true');
    const chip = page.locator('[data-card-instance] [data-process="web:proxy"]');
    await chip.waitFor();
    assert.equal(await c.call(node, 'supvisors.stop_process', ['web:proxy', true], 15_000), true);
    await chip.waitFor({ state: 'detached', timeout: 1000 });
    assert.equal(await page.evaluate('window.__notReloaded'), true);
    assert.match(await page.locator('[data-application-row="web"]').innerText(), /2\/3/);
    await c.call(node, 'supvisors.start_process', ['CONFIG', 'web:proxy', '', true], 15_000);
    await chip.waitFor();
  });

  it('filters chips and applications by name, the filter kept in the URL', async () => {
    const { page } = setup();
    await page.locator('input[name="filter"]').fill('db');
    await page.waitForURL(/\?filter=db$/);
    await waitFor('only db chips', async () => (await attributes(page.locator('[data-card-instance] [data-process]'), 'data-process')).join() === 'web:db', { timeoutMs: 5000, intervalMs: 50 });
    assert.deepEqual(await attributes(page.locator('[data-application-row]'), 'data-application-row'), ['web']);
    await page.reload();
    await page.locator('[data-feed="open"]').waitFor();
    assert.equal(await page.locator('input[name="filter"]').inputValue(), 'db');
    await page.locator('[data-card-instance] [data-process="web:db"]').waitFor();
    assert.equal(await page.locator('[data-card-instance] [data-process="web:server"]').count(), 0);
    await page.locator('input[name="filter"]').fill('');
    await page.waitForURL((url) => url.search === '');
    await page.locator('[data-card-instance] [data-process="web:server"]').waitFor();
  });

  it('Restart and Shutdown ask first: dismissed, nothing happens; Restart accepted restarts the cluster into SYNCHRONIZATION, ended again by Start', async () => {
    const { cluster: c, page } = setup();
    const pids = c.nodes.map((node) => node.pid);
    assert.match(await clickConfirmed(page, 'shutdown', false), /Shut Supvisors down/);
    assert.match(await clickConfirmed(page, 'restart', false), /Restart Supvisors/);
    await c.waitState(c.nodes, 'OPERATION', 1000);
    assert.equal(await page.locator('.notice').count(), 0, 'no outcome: nothing was called');
    assert.deepEqual(
      c.nodes.map((node) => node.pid),
      pids,
    );
    assert.match(await clickConfirmed(page, 'restart', true), /Restart Supvisors/);
    await page.locator('.notice[data-gravity="success"]', { hasText: 'Supvisors restart requested' }).waitFor({ timeout: 15_000 });
    await c.waitState(c.nodes, 'SYNCHRONIZATION', 60_000);
    await page.locator('[data-supvisors-state="SYNCHRONIZATION"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-action="end-sync"]:not([disabled])').click();
    await c.waitState(c.nodes, 'OPERATION', 40_000);
    await page.locator('[data-supvisors-state="OPERATION"]').waitFor({ timeout: 15_000 });
    assert.deepEqual(suite().opened.problems.filter((problem) => !problem.startsWith('console:')), []);
  });
});
