/**
 * The Instance page (dashboard/pages/instance/) on the sample cluster, served by node1: the
 * processes of an instance as the API lists them, live; stop / start / restart of a process and
 * of an application, clear logs, each checked through the API; a process selected (its charts
 * and table, in the URL, restored by a reload); node2's host (inventory, the four charts)
 * through node1, updated in place when statistics arrive; Stop all last.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { EventClient } from '../../client/events.js';
import { ProcessStates } from '../../vocabulary/supervisor-states.js';
import { list, PASSWORD, struct, USER } from '../helpers/cluster.js';
import { waitFor } from '../helpers/wait.js';
import { openDashboard, screenshot, dashboardSuite } from '../helpers/dashboard.js';
import type { LocalNode } from '../../local-cluster/index.js';

/** Samples every second, periods of 2 and 6 s: charts fill in seconds. */
const STATISTICS = 'stats_collecting_period = 1\nstats_periods = 2, 6';

/** A string or number field of an API struct as text. */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

async function statenames(node: LocalNode, identifier: string): Promise<Map<string, string>> {
  const rows = list(await node.api.call('supvisors.get_all_inner_process_info', [identifier])).map(struct);
  return new Map(rows.map((row) => [row['group'] === row['name'] ? text(row['name']) : `${text(row['group'])}:${text(row['name'])}`, text(row['statename'])]));
}

async function processState(node: LocalNode, namespec: string): Promise<string> {
  return text(struct(list(await node.api.call('supvisors.get_process_info', [namespec]))[0] ?? {})['statename']);
}

/** Waits until the chart `name` draws more than `count` points (bounded by the page's timeout or `timeout`). */
async function chartPoints(page: Page, name: string, count: number, timeoutMs = 30_000): Promise<number> {
  const chart = page.locator(`[data-chart="${name}"]`);
  let points = 0;
  await waitFor(`more than ${count} points on ${name}`, async () => {
    points = Number(await chart.getAttribute('data-points'));
    return points > count;
  }, { timeoutMs, intervalMs: 200 });
  return points;
}

/** The state each row of the page shows, by namespec. */
async function shownStates(page: Page): Promise<Map<string, string>> {
  const rows = page.locator('table.processes tbody tr[data-process]:not([data-process="supervisord"])');
  const states = new Map<string, string>();
  for (let index = 0; index < (await rows.count()); index += 1) {
    const row = rows.nth(index);
    states.set((await row.getAttribute('data-process')) ?? '', (await row.getAttribute('data-state')) ?? '');
  }
  return states;
}

describe('dashboard Instance page (3 real nodes)', function () {
  this.timeout(180_000);
  const suite = dashboardSuite({ cluster: { perNode: () => STATISTICS } });

  const nodes = (): LocalNode[] => {
    const all = suite().cluster.nodes;
    assert.equal(all.length, 3);
    return [...all];
  };

  it("lists an instance's processes as the API does, and stops, starts and restarts one with its buttons", async () => {
    const [node1] = nodes();
    const { browser } = suite();
    assert.ok(node1 !== undefined);
    // an instance where a process of web runs
    let where: { identifier: string; namespec: string } | undefined;
    await waitFor('web running', async () => {
      for (const node of nodes()) {
        const running = [...(await statenames(node1, node.identifier))].find(([namespec, state]) => namespec.startsWith('web:') && state === 'RUNNING');
        if (running !== undefined) where = { identifier: node.identifier, namespec: running[0] };
      }
      return where !== undefined;
    }, { timeoutMs: 20_000, intervalMs: 250 });
    assert.ok(where !== undefined);
    const { identifier, namespec } = where;
    const { page, problems, close } = await openDashboard(browser, node1.httpPort, `/instance/${encodeURIComponent(identifier)}`);
    page.on('dialog', (dialog) => void dialog.accept());
    try {
      await page.locator(`section[data-instance="${identifier}"]`).waitFor();
      // the API's answer read again at each try, as the page follows what moves
      const sorted = (states: Map<string, string>): string => JSON.stringify([...states].sort());
      await waitFor('the rows and states as the API says', async () => sorted(await shownStates(page)) === sorted(await statenames(node1, identifier)), { timeoutMs: 10_000, intervalMs: 100 });
      assert.match(await page.locator('tr[data-total]').innerText(), /TOTAL/);
      assert.match(await page.locator(`[data-description="${namespec}"]`).innerText(), /^pid \d+, uptime \d+:\d\d:\d\d/);
      // the figures of the period once a pstats came
      await waitFor('CPU figures', async () => (await page.locator('tr[data-process="supervisord"] [data-usage="cpu"]').innerText()) !== '--', { timeoutMs: 15_000, intervalMs: 200 });
      await screenshot(page, 'instance-processes');

      await page.locator(`[data-action="stop ${namespec}"]`).click();
      await waitFor(`${namespec} stopped`, async () => (await processState(node1, namespec)) === 'STOPPED', { timeoutMs: 15_000, intervalMs: 200 });
      await page.locator(`tr[data-process="${namespec}"][data-state="STOPPED"]`).waitFor();
      await page.locator(`[data-action="start ${namespec}"]`).click();
      await waitFor(`${namespec} running`, async () => (await processState(node1, namespec)) === 'RUNNING', { timeoutMs: 15_000, intervalMs: 200 });

      // restart: a new pid wherever it runs
      const runningPid = async (): Promise<{ identifier: string; pid: number } | undefined> => {
        for (const node of nodes()) {
          const rows = list(await node1.api.call('supvisors.get_all_inner_process_info', [node.identifier])).map(struct);
          const row = rows.find((one) => `${text(one['group'])}:${text(one['name'])}` === namespec && one['statename'] === 'RUNNING');
          if (row !== undefined) return { identifier: node.identifier, pid: Number(row['pid']) };
        }
        return undefined;
      };
      let before: { identifier: string; pid: number } | undefined;
      await waitFor('the process row running again', async () => (before = await runningPid()) !== undefined, { timeoutMs: 10_000, intervalMs: 200 });
      assert.ok(before !== undefined);
      if (before.identifier !== identifier) await page.goto(`http://127.0.0.1:${node1.httpPort}/instance/${encodeURIComponent(before.identifier)}`);
      await page.locator(`tr[data-process="${namespec}"][data-state="RUNNING"] [data-action="restart ${namespec}"]`).click();
      await waitFor(`${namespec} restarted`, async () => {
        const after = await runningPid();
        return after !== undefined && after.pid !== before?.pid;
      }, { timeoutMs: 20_000, intervalMs: 200 });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it('stops and starts an application from its group row, clears the logs of a process of the serving node', async () => {
    const [node1] = nodes();
    const { browser } = suite();
    assert.ok(node1 !== undefined);
    // node1 serves: its group rows and its Clear buttons
    const rows = await statenames(node1, node1.identifier);
    const { page, problems, close } = await openDashboard(browser, node1.httpPort, `/instance/${encodeURIComponent(node1.identifier)}`);
    page.on('dialog', (dialog) => void dialog.accept());
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    try {
      const applicationState = async (): Promise<string> => text(struct(await node1.api.call('supvisors.get_application_info', ['web']))['statename']);
      // every instance has rows for every program of the sample, web's included
      assert.ok(rows.has('web:db'));
      await page.locator('[data-action="stop-application web"]').click();
      await waitFor('web stopped', async () => (await applicationState()) === 'STOPPED', { timeoutMs: 20_000, intervalMs: 200 });
      await page.locator('[data-action="start-application web"]').click();
      await waitFor('web running', async () => (await applicationState()) === 'RUNNING', { timeoutMs: 20_000, intervalMs: 200 });
      // restarted: running again, every process of web with another pid
      const webPids = async (): Promise<number[]> => {
        const pids: number[] = [];
        for (const node of nodes()) {
          const infos = list(await node1.api.call('supvisors.get_all_inner_process_info', [node.identifier])).map(struct);
          for (const info of infos) if (info['group'] === 'web' && info['statename'] === 'RUNNING') pids.push(Number(info['pid']));
        }
        return pids.sort();
      };
      await waitFor('web wholly running', async () => (await webPids()).length === 3, { timeoutMs: 20_000, intervalMs: 200 });
      const before = await webPids();
      await page.locator('[data-action="restart-application web"]').click();
      await waitFor('web running after its restart', async () => {
        const after = await webPids();
        return (await applicationState()) === 'RUNNING' && after.length === 3 && after.every((pid) => !before.includes(pid));
      }, { timeoutMs: 30_000, intervalMs: 200 });
      // the ticker writes its date every second: cleared, its log starts again from nothing
      await node1.api.call('supervisor.startProcess', ['tools:ticker']);
      await waitFor('ticks in the log', async () => text(await node1.api.call('supervisor.readProcessStdoutLog', ['tools:ticker', 0, 0])).split('\n').length > 3, { timeoutMs: 10_000, intervalMs: 200 });
      await page.locator('tr[data-process="tools:ticker"][data-state="RUNNING"]').waitFor();
      await page.locator('[data-action="clear tools:ticker"]').click();
      await waitFor('the log cleared', async () => text(await node1.api.call('supervisor.readProcessStdoutLog', ['tools:ticker', 0, 0])).split('\n').length <= 3, { timeoutMs: 5000, intervalMs: 100 });
      assert.deepEqual(problems, [], failed.join('\n'));
    } finally {
      await close();
    }
  });

  it('shows the selected process’s charts and statistics table, kept in the URL through a reload', async () => {
    const [node1] = nodes();
    const { browser } = suite();
    assert.ok(node1 !== undefined);
    const { page, problems, close } = await openDashboard(browser, node1.httpPort, `/instance/${encodeURIComponent(node1.identifier)}`);
    try {
      await page.locator('[data-select="tools:ticker"][data-usage="cpu"]').click();
      assert.match(page.url(), /process=tools%3Aticker/);
      await page.locator('[data-detail="tools:ticker"] [data-stats="process"]').waitFor();
      await page.locator('[data-chart="process-cpu"] canvas').waitFor();
      await page.locator('[data-chart="process-mem"] canvas').waitFor();
      await chartPoints(page, 'process-cpu', 2);
      assert.match(await page.locator('[data-stats="process"]').innerText(), /%CPU[^\n]*\n?[^\n]*\d+\.\d\d/);
      await screenshot(page, 'instance-process-selected');
      await page.reload();
      await page.locator('[data-detail="tools:ticker"] [data-chart="process-cpu"] canvas').waitFor();
      assert.equal(await page.locator('[data-select="tools:ticker"][data-usage="cpu"]').getAttribute('aria-pressed'), 'true');
      // the other period, in the URL
      await page.locator('button[data-period="6"]').click();
      assert.match(page.url(), /period=6/);
      await page.locator('[data-detail="tools:ticker"] [data-stats="process"]').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("shows node2's host through node1: its inventory and the four charts, updated in place", async () => {
    const [node1, node2] = nodes();
    const { browser } = suite();
    assert.ok(node1 !== undefined && node2 !== undefined);
    const { page, problems, close } = await openDashboard(browser, node1.httpPort, `/instance/${encodeURIComponent(node2.identifier)}?view=host`, { width: 1600, height: 1000 });
    try {
      const inventory = struct(await node1.api.call('supvisors.get_host_inventory', [node2.identifier]));
      await page.locator('[data-inventory] [data-field="logical_cores"]').waitFor();
      assert.equal(await page.locator('[data-inventory] [data-field="logical_cores"]').innerText(), text(inventory['logical_cores']));
      assert.equal(await page.locator('[data-inventory] [data-field="physical_cores"]').innerText(), text(inventory['physical_cores']));
      for (const card of ['cpu', 'mem', 'net', 'disk']) await page.locator(`[data-card="${card}"] canvas`).first().waitFor();
      const points = await chartPoints(page, 'host-cpu', 2);
      // cpu#all then each core, as the API answers
      const host = struct(await node1.api.call('supvisors.get_host_statistics', [node2.identifier, 2]));
      assert.equal(await page.locator('[data-stats="cpu"] tbody tr').count(), list(host['cpu']).length);
      // live: more points without reload, on the same canvas
      const canvas = await page.locator('[data-chart="host-cpu"] canvas').elementHandle();
      await chartPoints(page, 'host-cpu', points, 15_000);
      assert.equal(await canvas?.isVisible(), true, 'the chart was updated in place');
      await screenshot(page, 'instance-host');
      // the choices in the URL: a core, disk usage
      await page.locator('[data-choice="cpu 1"]').click();
      assert.match(page.url(), /cpu=1/);
      await page.locator('button[data-disk="usage"]').click();
      assert.match(page.url(), /disk=usage/);
      await page.locator('[data-chart="host-disk-usage"] canvas').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it('shows a process killed on the instance without reload within 1 s of its node hearing of it', async () => {
    const [node1] = nodes();
    const { browser } = suite();
    assert.ok(node1 !== undefined);
    const info = async (): Promise<{ statename: unknown; pid: unknown }> => {
      const answer = struct(await node1.api.call('supervisor.getProcessInfo', ['tools:ticker']));
      return { statename: answer['statename'], pid: answer['pid'] };
    };
    if ((await info()).statename !== 'RUNNING') await node1.api.call('supervisor.startProcess', ['tools:ticker']);
    const { pid } = await info();
    assert.ok(typeof pid === 'number' && pid > 0);
    // supervisord notices a dead child on its own 1-second tick: the clock starts when node1
    // publishes the change, which a subscriber of its stream sees as the page does
    let subscribed = false;
    let killed = false;
    let heardAt: number | undefined;
    const events = new EventClient({
      host: '127.0.0.1',
      port: node1.httpPort,
      basePath: '/events',
      credentials: { username: USER, password: PASSWORD },
      headers: ['event'],
      handlers: {
        event: (body) => {
          if (killed && heardAt === undefined && 'identifier' in body && body.name === 'ticker' && body.state === ProcessStates.EXITED) heardAt = Date.now();
        },
      },
      onOpen: () => (subscribed = true),
    });
    const { page, problems, close } = await openDashboard(browser, node1.httpPort, `/instance/${encodeURIComponent(node1.identifier)}`);
    try {
      await waitFor('subscribed to node1', () => Promise.resolve(subscribed), { timeoutMs: 5000, intervalMs: 20 });
      await page.locator('[data-description="tools:ticker"]', { hasText: `pid ${pid},` }).waitFor();
      killed = true;
      process.kill(pid, 'SIGKILL');
      await waitFor('node1 publishing the EXITED of tools:ticker', () => Promise.resolve(heardAt !== undefined), { timeoutMs: 5000, intervalMs: 10 });
      const at = heardAt ?? 0;
      // EXITED (a stop date), then supervisord's restart (another pid): the killed pid is gone either way
      await page.locator('[data-description="tools:ticker"]', { hasText: `pid ${pid},` }).waitFor({ state: 'detached', timeout: Math.max(1, at + 1000 - Date.now()) });
      assert.deepEqual(problems, []);
    } finally {
      await events.close();
      await close();
    }
  });

  it('stops every process of the serving instance with Stop all', async () => {
    const [node1] = nodes();
    const { browser } = suite();
    assert.ok(node1 !== undefined);
    const { page, problems, close } = await openDashboard(browser, node1.httpPort, `/instance/${encodeURIComponent(node1.identifier)}`);
    page.on('dialog', (dialog) => void dialog.accept());
    try {
      await page.locator('[data-action="stop-all"]').click();
      await waitFor('nothing running on node1', async () => [...(await statenames(node1, node1.identifier)).values()].every((state) => state !== 'RUNNING' && state !== 'STARTING'), { timeoutMs: 20_000, intervalMs: 200 });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});
