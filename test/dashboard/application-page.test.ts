/**
 * The Application page (dashboard/pages/application) in Chromium on the sample cluster: `web`
 * lists db, server and proxy with the states and places the API gives, expands into one row per
 * instance, shows a selected process's statistics; Stop and Start (with the strategy chosen, kept
 * in the URL) act on the cluster; a process's own Stop / Start buttons too; an unknown
 * application says so; the unmanaged group `tools` renders. Its pure derivations first.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { isExpanded, litLight, toggleExpanded } from '../../dashboard/pages/application/application-view.js';
import type { ApplicationInfoPayload } from '../../payloads/application-payloads.js';
import { list, struct, type Cluster } from '../helpers/cluster.js';
import { screenshot, clickConfirmed, dashboardSuite } from '../helpers/dashboard.js';
import { waitFor } from '../helpers/wait.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '?');

describe('application page derivations', () => {
  const application = (changes: Partial<ApplicationInfoPayload>): ApplicationInfoPayload => ({
    application_name: 'web', managed: true, now_monotonic: 0, statecode: 2, statename: 'RUNNING', major_failure: false, minor_failure: false, ...changes,
  });

  it('lights red on a major failure, yellow on a minor one, green when starting or running, none otherwise', () => {
    assert.equal(litLight(application({ major_failure: true, minor_failure: true })), 'red');
    assert.equal(litLight(application({ minor_failure: true, statename: 'STOPPED' })), 'yellow');
    assert.equal(litLight(application({ statename: 'STARTING' })), 'green');
    assert.equal(litLight(application({ statename: 'STOPPED' })), undefined);
  });

  it('keeps the expanded processes in the URL: names, * for all, nothing for none', () => {
    const names = ['db', 'server', 'proxy'];
    assert.equal(toggleExpanded(undefined, 'db', names), 'db');
    assert.equal(toggleExpanded('db', 'proxy', names), 'db,proxy');
    assert.equal(toggleExpanded('db,proxy', 'server', names), '*');
    assert.equal(toggleExpanded('*', 'server', names), 'db,proxy');
    assert.equal(toggleExpanded('db', 'db', names), undefined);
    assert.ok(isExpanded('*', 'db') && isExpanded('db,proxy', 'proxy') && !isExpanded('db', 'server') && !isExpanded(undefined, 'db'));
  });
});

describe('dashboard application page (3 real nodes)', function () {
  this.timeout(180_000);
  const suite = dashboardSuite({ cluster: { supvisors: 'stats_collecting_period = 1' }, path: '/application/web', viewport: { width: 1500, height: 1000 } });

  const setup = (): { cluster: Cluster; page: Page } => {
    const { cluster, opened } = suite();
    return { cluster, page: opened.page };
  };
  /** The API's view of the processes of `application`: `namespec state identifiers`, sorted. */
  const apiProcesses = async (c: Cluster, application: string): Promise<string[]> => {
    const node = c.nodes[0];
    assert.ok(node !== undefined);
    const infos = list(await c.call(node, 'supvisors.get_process_info', [`${application}:*`])).map(struct);
    return infos.map((info) => `${application}:${text(info['process_name'])} ${text(info['statename'])} ${list(info['identifiers'] ?? []).map(text).join(',')}`).sort();
  };
  /** What the page shows of the processes: `namespec state identifiers`, sorted. */
  const pageProcesses = async (page: Page): Promise<string[]> => {
    const rows = await page.locator('tr.process').all();
    const shown = await Promise.all(
      rows.map(async (row) => {
        const pills = await row.locator('td.where [data-instance]').all();
        const places = await Promise.all(pills.map(async (pill) => (await pill.getAttribute('data-instance')) ?? '?'));
        return `${(await row.getAttribute('data-process')) ?? '?'} ${(await row.getAttribute('data-state')) ?? '?'} ${places.join(',')}`;
      }),
    );
    return shown.sort();
  };
  const applicationState = async (c: Cluster, name: string): Promise<string> => {
    const node = c.nodes[0];
    assert.ok(node !== undefined);
    return text(struct(await c.call(node, 'supvisors.get_application_info', [name]))['statename']);
  };
  const processState = async (c: Cluster, namespec: string): Promise<string> => {
    const node = c.nodes[0];
    assert.ok(node !== undefined);
    return text(struct(list(await c.call(node, 'supvisors.get_process_info', [namespec]))[0])['statename']);
  };

  it('lists db, server and proxy with the states and places the API gives, the status and its lights', async () => {
    const { cluster: c, page } = setup();
    await page.locator('[data-application="web"] .app-status [data-state="RUNNING"]').waitFor();
    await page.locator('.status-lights[data-status="green"]').waitFor();
    assert.equal((await apiProcesses(c, 'web')).length, 3);
    // the API's answer read again at each try, as the page follows what moves
    await waitFor('the rows as the API says', async () => (await pageProcesses(page)).join('\n') === (await apiProcesses(c, 'web')).join('\n'), { timeoutMs: 10_000, intervalMs: 100 });
    // the expected loads of the rules
    await waitFor('the loads', async () => (await page.locator('tr.process[data-process="web:db"] td.num').first().innerText()) === '10', { timeoutMs: 5000, intervalMs: 100 });
    assert.match(await page.locator('tr.process[data-process="web:db"] td.description').innerText(), /^pid \d+, uptime \d:\d\d:\d\d on node\d$/);
    await screenshot(page, 'application-web');
  });

  it('expands into one row per instance (expanded in the URL) and shows the selected process statistics (process in the URL)', async () => {
    const { cluster: c, page } = setup();
    await page.locator('[data-action="expand-all"]').click();
    await waitFor('the expansion in the URL', () => Promise.resolve(new URL(page.url()).searchParams.get('expanded') === '*'), { timeoutMs: 5000, intervalMs: 50 });
    await waitFor('3 instance rows per process', async () => (await page.locator('tr.instance-row').count()) === 3 * 3, { timeoutMs: 5000, intervalMs: 100 });
    for (const node of c.nodes) assert.equal(await page.locator(`tr.instance-row[data-process="web:db"][data-instance="${node.identifier}"]`).count(), 1);
    // the latest CPU of db arrives with the process statistics; a click selects it
    const cpu = page.locator('tr.process [data-cpu="web:db"]');
    await cpu.waitFor({ timeout: 20_000 });
    await cpu.click();
    await waitFor('the selection in the URL', () => Promise.resolve(new URL(page.url()).searchParams.get('process') === 'web:db'), { timeoutMs: 5000, intervalMs: 50 });
    await page.locator('.process-stats[data-stats="web:db"] [data-figure="cpu"]').waitFor();
    await page.locator('.process-stats [data-detail="web:db"] canvas').first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'application-web-expanded');
    // a reload restores the view
    await page.reload();
    await page.locator('tr.instance-row').first().waitFor();
    await page.locator('.process-stats[data-stats="web:db"]').waitFor();
    await page.locator('[data-action="expand-all"]').click();
    await page.locator('tr.instance-row').first().waitFor({ state: 'detached' });
    assert.deepEqual(suite().opened.problems, []);
  });

  it('stops the application (confirmed), then starts it with the strategy chosen, kept in the URL', async () => {
    const { cluster: c, page } = setup();
    await clickConfirmed(page, 'stop-application', true);
    await waitFor('web STOPPED per the API', async () => (await applicationState(c, 'web')) === 'STOPPED', { timeoutMs: 20_000, intervalMs: 200 });
    await page.locator('[data-application="web"] .app-status [data-state="STOPPED"]').waitFor();
    await page.locator('[data-strategy="LESS_LOADED"]').click();
    await waitFor('the strategy in the URL', () => Promise.resolve(new URL(page.url()).searchParams.get('strategy') === 'LESS_LOADED'), { timeoutMs: 5000, intervalMs: 50 });
    assert.equal(await page.locator('[data-strategy="LESS_LOADED"]').getAttribute('aria-pressed'), 'true');
    await page.locator('[data-action="start-application"]').click();
    await waitFor('web RUNNING per the API', async () => (await applicationState(c, 'web')) === 'RUNNING', { timeoutMs: 30_000, intervalMs: 200 });
    await page.locator('[data-application="web"] .app-status [data-state="RUNNING"]').waitFor();
    // the API's answer read again at each try: a process may still be moving (proxy, not required, starts last)
    await waitFor('the rows as the API says', async () => (await pageProcesses(page)).join('\n') === (await apiProcesses(c, 'web')).join('\n'), { timeoutMs: 10_000, intervalMs: 100 });
  });

  it("stops and starts one process with its row's buttons", async () => {
    const { cluster: c, page } = setup();
    const row = 'tr.process[data-process="web:proxy"]';
    await clickConfirmed(page, 'stop', true, row);
    await waitFor('proxy STOPPED per the API', async () => (await processState(c, 'web:proxy')) === 'STOPPED', { timeoutMs: 20_000, intervalMs: 200 });
    await page.locator(`${row}[data-state="STOPPED"]`).waitFor();
    await page.locator(`${row} [data-action="start"]:not([disabled])`).click();
    await waitFor('proxy RUNNING per the API', async () => (await processState(c, 'web:proxy')) === 'RUNNING', { timeoutMs: 20_000, intervalMs: 200 });
    await page.locator(`${row}[data-state="RUNNING"]`).waitFor();
    await clickConfirmed(page, 'restart', true, row);
    await page.locator('.notice.success', { hasText: 'web:proxy restarted' }).waitFor({ timeout: 20_000 });
    assert.equal(await processState(c, 'web:proxy'), 'RUNNING');
  });

  it('marks a process running on several instances, with a link to the Conciliation page', async () => {
    const { cluster: c, page } = setup();
    const node = c.nodes[0];
    assert.ok(node !== undefined);
    const placed = list(struct(list(await c.call(node, 'supvisors.get_process_info', ['web:proxy']))[0])['identifiers'] ?? []).map(text);
    const other = c.nodes.find((one) => !placed.includes(one.identifier));
    assert.ok(other !== undefined && placed.length === 1);
    assert.equal(await c.call(other, 'supervisor.startProcess', ['web:proxy']), true);
    const mark = page.locator('tr.process[data-process="web:proxy"] a[data-conflict="web:proxy"]');
    await mark.waitFor({ timeout: 20_000 });
    assert.match(await page.locator('tr.process[data-process="web:proxy"] td.description').innerText(), /^conflict on node\d, node\d$/);
    assert.equal(new URL((await mark.getAttribute('href')) ?? '', page.url()).pathname, '/conciliation');
    await screenshot(page, 'application-web-conflict');
    // the copy stopped where it was started: the conflict is gone
    assert.equal(await c.call(other, 'supervisor.stopProcess', ['web:proxy']), true);
    await mark.waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('says when an application is unknown, with a way back', async () => {
    const { page } = setup();
    await page.goto(new URL('/application/nosuch', page.url()).href);
    await page.locator('[data-unknown="nosuch"]').waitFor();
    assert.match(await page.locator('[data-unknown="nosuch"]').innerText(), /No such application: nosuch/);
    await screenshot(page, 'application-unknown');
    await page.locator('[data-unknown="nosuch"] a').click();
    await page.locator('main[data-page="main"]').waitFor();
  });

  it('renders the unmanaged group tools: its processes, no application actions', async () => {
    const { cluster: c, page } = setup();
    await page.goto(new URL('/application/tools', page.url()).href);
    await page.locator('.app-status[data-managed="false"]').waitFor();
    await waitFor('the rows as the API says', async () => (await pageProcesses(page)).join('\n') === (await apiProcesses(c, 'tools')).join('\n'), { timeoutMs: 10_000, intervalMs: 100 });
    assert.ok(await page.locator('[data-action="start-application"]').isDisabled());
    assert.deepEqual(suite().opened.problems, []);
  });
});
