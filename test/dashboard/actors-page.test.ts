/**
 * The dashboard's Actors page (dashboard/pages/actors/) on the sample cluster in Chromium: every
 * instance's actors as get_actor_diagnostics lists them, sorting by a column (in the URL, kept by
 * a reload), the peek panel of a clicked row, the transport card of the serving node.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDashboard, screenshot, dashboardSuite } from '../helpers/dashboard.js';
import { list, struct } from '../../local-cluster/values.js';
import type { LocalNode } from '../../local-cluster/index.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { SAMPLE_PERIOD_MS } from '../../dashboard/pages/actors/actors-view.js';

/** The actor names of a node as the API answers them, sorted. */
async function actorNames(asked: LocalNode, identifier: string): Promise<string[]> {
  const diagnostics = struct(await asked.api.call('supvisors.get_actor_diagnostics', [0, identifier], { timeoutMs: 5000 }));
  return list(diagnostics['actors'] ?? [])
    .map((actor) => struct(actor)['name'])
    .filter((name): name is string => typeof name === 'string')
    .sort();
}

async function attributes(page: Page, selector: string, name: string): Promise<string[]> {
  const found = await page.locator(selector).all();
  return Promise.all(found.map(async (element) => (await element.getAttribute(name)) ?? ''));
}

const queryOf = (page: Page, key: string): string | null => new URL(page.url()).searchParams.get(key);

const sorted = (values: readonly string[]): string[] => [...values].sort();

describe('dashboard Actors page (3 real nodes)', function () {
  this.timeout(120_000);
  const suite = dashboardSuite();

  it("lists every instance's actors, sorts by a column in the URL, peeks at a clicked row, shows the transport of node1", async () => {
    const { cluster, browser } = suite();
    const node1 = cluster.nodes[0];
    assert.ok(node1 !== undefined);
    const { page, problems, close } = await openDashboard(browser, node1.httpPort, '/actors');
    try {
      // every instance's actors, as the API lists them (an actor may come or go between two samples: compare until they agree)
      for (const node of cluster.nodes) {
        let shown: string[] = [];
        let expected: string[] = [];
        await waitFor(
          `the actors of ${node.identifier}`,
          async () => {
            expected = await actorNames(node1, node.identifier);
            shown = sorted(await attributes(page, `table.actors tbody tr[data-instance="${node.identifier}"]`, 'data-actor'));
            return expected.length > 0 && shown.join() === expected.join();
          },
          { timeoutMs: 15_000, intervalMs: 250 },
        ).catch(async (error: unknown) => assert.fail(`${String(error)}: shown ${shown.join()} / API ${expected.join()}; problems ${problems.join()}; page ${await page.locator('main').innerText()}`));
      }
      // default order: the deepest first
      assert.match(page.url(), /\/actors$/);
      await page.locator('th[aria-sort="descending"] [data-sort="depth"]').waitFor();

      // sort by actor name: the URL says so, the rows follow, a reload keeps it
      await page.locator('[data-sort="actor"]').click();
      await page.waitForURL(/\/actors\?sort=actor$/);
      const byName = async (): Promise<boolean> => {
        const names = await attributes(page, 'table.actors tbody tr', 'data-actor');
        return names.length > 0 && names.join('\n') === [...names].sort((a, b) => a.localeCompare(b)).join('\n');
      };
      await waitFor('the rows in actor order', byName, { timeoutMs: 5000, intervalMs: 100 });
      await page.locator('[data-sort="actor"]').click();
      await page.waitForURL(/\/actors\?sort=-actor$/);
      await page.locator('th[aria-sort="descending"] [data-sort="actor"]').waitFor();
      await page.locator('[data-sort="hwm"]').click();
      await page.waitForURL(/\/actors\?sort=-hwm$/);
      await page.reload();
      await page.locator('th[aria-sort="descending"] [data-sort="hwm"]').waitFor();
      await page.locator('table.actors tbody tr').first().waitFor();
      assert.match(page.url(), /\/actors\?sort=-hwm$/);
      // two rounds since the reload: the rates are known
      await page.locator('[data-rounds]:not([data-rounds="0"]):not([data-rounds="1"])').waitFor();
      await screenshot(page, 'actors-top');

      // a click on a row: its queue aside, in the URL
      const row = page.locator(`table.actors tbody tr[data-instance="${node1.identifier}"][data-actor="state-machine"]`);
      await row.click();
      await waitFor('the peek in the URL', () => queryOf(page, 'peek') === `${node1.identifier}/state-machine`, { timeoutMs: 5000, intervalMs: 50 });
      const panel = page.locator(`aside.peek[data-peek="${node1.identifier}/state-machine"]`);
      await panel.waitFor();
      await panel.locator('dl.mailbox').waitFor();
      assert.match(await panel.innerText(), /Queued messages/);
      assert.equal(await row.getAttribute('aria-selected'), 'true');
      await screenshot(page, 'actors-peek');
      await panel.locator('[data-action="close-peek"]').click();
      await panel.waitFor({ state: 'detached' });
      assert.doesNotMatch(page.url(), /peek=/);

      // node1's transport: its two peers, each with a round trip measured
      const card = page.locator(`[data-instance-card="${node1.identifier}"]`);
      const peers = cluster.nodes.filter((node) => node !== node1).map((node) => node.identifier);
      await waitFor(
        'the peers of node1 with a round trip',
        async () => {
          const shown = await attributes(page, `[data-instance-card="${node1.identifier}"] tr[data-peer]`, 'data-peer');
          const rtts = await attributes(page, `[data-instance-card="${node1.identifier}"] tr[data-peer]`, 'data-rtt');
          return sorted(shown).join() === sorted(peers).join() && rtts.every((rtt) => Number(rtt) > 0);
        },
        { timeoutMs: 10_000, intervalMs: 200 },
      );
      assert.match(await card.innerText(), /event loop delay: p50 .*ms.*p99 .*ms/s);
      assert.match(await card.innerText(), /memory: \d+\.\d MiB resident.*heap \d+\.\d MiB of \d+\.\d MiB/s);
      // every node gives its own links in its answer, whoever asks
      for (const node of cluster.nodes.slice(1)) {
        await page.locator(`[data-instance-card="${node.identifier}"] tr[data-peer]`).nth(1).waitFor();
      }

      // one instance only
      await page.locator(`[data-instance-filter="${node1.identifier}"]`).click();
      await waitFor('the instance in the URL', () => queryOf(page, 'instance') === node1.identifier, { timeoutMs: 5000, intervalMs: 50 });
      await waitFor('only the actors of node1', async () => new Set(await attributes(page, 'table.actors tbody tr', 'data-instance')).size === 1, { timeoutMs: 5000, intervalMs: 100 });

      // sampled while shown only: none while the tab is hidden, at once when it is back, none once the page is left
      let calls = 0;
      page.on('request', (request) => {
        if (request.url().includes('/actor_diagnostics')) calls += 1;
      });
      const setVisibility = (state: string): Promise<unknown> =>
        page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' }); document.dispatchEvent(new Event('visibilitychange'))`);
      await setVisibility('hidden');
      const hiddenCalls = calls;
      // an absence asserted: two sampling periods
      await sleep(2 * SAMPLE_PERIOD_MS + 500);
      assert.equal(calls, hiddenCalls, 'no call while hidden');
      await setVisibility('visible');
      await waitFor('a call once visible again', () => calls > hiddenCalls, { timeoutMs: 1000, intervalMs: 20 });
      await page.locator('nav a[href="/"]').click();
      await page.locator('main[data-page="main"]').waitFor();
      const leftCalls = calls;
      // an absence asserted: two sampling periods
      await sleep(2 * SAMPLE_PERIOD_MS + 500);
      assert.equal(calls, leftCalls, 'no call once the page is left');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});
