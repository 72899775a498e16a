/**
 * The conciliation page (dashboard/pages/conciliation) in Chromium on the sample cluster
 * (conciliation_strategy USER by default: the cluster waits in CONCILIATION). A real conflict:
 * `web:proxy` started again on other nodes through their own `supervisor.startProcess` (which
 * goes to the node's supervisord, not through Supvisors). The main page shows CONCILIATION and
 * the conflicting chips; the conciliation page lists the copies; Stop stops one copy, Keep all
 * the others (then OPERATION again); each global strategy resolves a new conflict as it says.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { list, num, struct, type Cluster, type ClusterNode } from '../helpers/cluster.js';
import { attributes, clickConfirmed, screenshot, dashboardSuite } from '../helpers/dashboard.js';
import { waitFor } from '../helpers/wait.js';

const PROXY = 'web:proxy';

/** What is left of the copies of a conflict once a strategy is done. */
interface Outcome {
  /** Where it runs. */
  readonly where: readonly string[];
  /** The copies before: the oldest, the one started last. */
  readonly older: string;
  readonly younger: string;
  /** No copy left runs with the PID it had before (a new start). */
  readonly renewed: boolean;
}

/**
 * Each strategy's outcome, settled (a half-done stop never passes: RESTART waits for the new
 * copy, RUNNING_FAILURE for web's running_failure_strategy, CONTINUE: nothing started again).
 */
const STRATEGY_OUTCOMES: readonly (readonly [string, (outcome: Outcome) => boolean])[] = [
  ['SENICIDE', ({ where, younger }) => where.join() === younger],
  ['INFANTICIDE', ({ where, older }) => where.join() === older],
  ['RESTART', ({ where, renewed }) => where.length === 1 && renewed],
  ['STOP', ({ where }) => where.length === 0],
  ['RUNNING_FAILURE', ({ where }) => where.length === 0],
];

describe('dashboard conciliation page (3 real nodes)', function () {
  this.timeout(240_000);
  const suite = dashboardSuite({ path: '/', viewport: { width: 1400, height: 900 } });

  const setup = (): { c: Cluster; page: Page; node1: ClusterNode } => {
    const { cluster, opened } = suite();
    const node1 = cluster.nodes[0];
    assert.ok(node1 !== undefined);
    return { c: cluster, page: opened.page, node1 };
  };
  /** Where the API says the process runs (identifiers, sorted). */
  const runsOn = async (namespec: string): Promise<string[]> => {
    const { c, node1 } = setup();
    const [info] = list(await c.call(node1, 'supvisors.get_process_info', [namespec])).map(struct);
    return list(info?.['identifiers'] ?? [])
      .map((identifier) => (typeof identifier === 'string' ? identifier : '?'))
      .sort();
  };
  const proxyOn = (): Promise<string[]> => runsOn(PROXY);
  /** The PID of web:proxy on each instance given. */
  const proxyPids = async (where: readonly string[]): Promise<Map<string, number>> => {
    const { c } = setup();
    return new Map(await Promise.all(where.map(async (identifier) => [identifier, num(struct(await c.call(nodeOf(identifier), 'supervisor.getProcessInfo', [PROXY]))['pid'])] as const)));
  };
  /** Waits until the copies of web:proxy settle as `expected` says. */
  const settles = async (what: string, expected: (outcome: Outcome) => boolean, older: string, younger: string, before: ReadonlyMap<string, number>, state?: string): Promise<void> => {
    let where: readonly string[] = [];
    await waitFor(
      what,
      async () => {
        where = await proxyOn();
        const pids = await proxyPids(where);
        // a new copy: running (pid 0 is a copy supervisord has stopped while Supvisors still lists it) with another pid
        const renewed = where.every((identifier) => {
          const pid = pids.get(identifier) ?? 0;
          return pid !== 0 && pid !== before.get(identifier);
        });
        return expected({ where, older, younger, renewed }) && (state === undefined || (await fsm()) === state);
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; proxy on ${JSON.stringify(where)}`);
    });
  };
  const fsm = async (): Promise<string> => {
    const { c, node1 } = setup();
    return (await c.stateOf(node1)) ?? '?';
  };
  const nodeOf = (identifier: string): ClusterNode => {
    const found = setup().c.nodes.find((node) => node.identifier === identifier);
    assert.ok(found !== undefined, identifier);
    return found;
  };
  /**
   * Starts the process (default web:proxy) on `nodes` behind Supvisors' back, once the copies
   * already running are a second old by their supervisord (a second between the starts); returns once
   * the API sees every copy and the cluster is in CONCILIATION.
   */
  const conflictOn = async (nodes: readonly ClusterNode[], namespec = PROXY): Promise<void> => {
    const { c } = setup();
    const running = await runsOn(namespec);
    for (const identifier of running) {
      const started = struct(await c.call(nodeOf(identifier), 'supervisor.getProcessInfo', [namespec]))['start'];
      assert.ok(typeof started === 'number');
      await waitFor('the copies running a second old', () => Promise.resolve(Date.now() / 1000 >= started + 1.1), { timeoutMs: 3000, intervalMs: 50 });
    }
    for (const node of nodes) assert.equal(await c.call(node, 'supervisor.startProcess', [namespec, true], 10_000), true);
    const expected = [...new Set([...running, ...nodes.map((node) => node.identifier)])].sort().join();
    await waitFor(`the conflict of ${namespec} seen`, async () => (await runsOn(namespec)).join() === expected && (await fsm()) === 'CONCILIATION', { timeoutMs: 20_000, intervalMs: 100 }).catch(async (error: unknown) => {
      const supervisords = await Promise.all(c.nodes.map(async (node) => `${node.identifier} ${JSON.stringify(struct(await c.call(node, 'supervisor.getProcessInfo', [namespec]))['statename'])}`));
      throw new Error(`${String(error)}; expected on ${expected}, Supvisors says ${(await runsOn(namespec)).join()} in ${await fsm()}, the supervisords: ${supervisords.join(', ')}`);
    });
  };

  it('a conflict: the main page shows CONCILIATION and marks the chips; the conciliation page lists every copy with its uptime', async () => {
    const { c, page } = setup();
    await waitFor('proxy running', async () => (await proxyOn()).length === 1, { timeoutMs: 15_000, intervalMs: 100 });
    const [original] = await proxyOn();
    assert.ok(original !== undefined);
    const others = c.nodes.filter((node) => node.identifier !== original);
    await conflictOn(others);
    await page.locator('[data-supvisors-state="CONCILIATION"]').waitFor();
    await page.locator('[data-conciliation-link="alert"]').waitFor();
    for (const node of c.nodes) await page.locator(`[data-card-instance="${node.identifier}"] [data-process="${PROXY}"].conflict`).waitFor();
    assert.equal(await page.locator('[data-card-instance] .conflict').count(), 3);
    assert.equal(await page.locator(`[data-application-row="web"] td.cell.failed`).count(), 3);
    await screenshot(page, 'main-conciliation');

    await page.locator('[data-conciliation-link]').click();
    await page.waitForURL(/\/conciliation$/);
    const rows = page.locator(`[data-conflict="${PROXY}"]`);
    await waitFor('3 copies listed', async () => (await rows.count()) === 3, { timeoutMs: 5000, intervalMs: 50 });
    assert.deepEqual((await attributes(rows, 'data-copy')).sort(), await proxyOn());
    const uptime = Number(await page.locator(`[data-conflict="${PROXY}"][data-copy="${original}"] [data-uptime]`).getAttribute('data-uptime'));
    assert.ok(uptime >= 1, `the original copy's uptime: ${uptime}`);
    assert.ok(await page.locator('[data-action="conciliate-SENICIDE"]').isEnabled());
    await screenshot(page, 'conciliation-conflicts');
  });

  it('Stop stops that copy only; Keep stops every other copy, and the cluster is back in OPERATION', async () => {
    const { page } = setup();
    const copies = await proxyOn();
    assert.equal(copies.length, 3);
    const [first, second, third] = copies as [string, string, string];
    assert.match(await clickConfirmed(page, 'stop-copy', true, `[data-copy="${second}"][data-conflict="${PROXY}"]`), /Stop web:proxy on node\d\?/);
    await waitFor('one copy stopped', async () => (await proxyOn()).join() === [first, third].join(), { timeoutMs: 15_000, intervalMs: 100 });
    assert.equal(await fsm(), 'CONCILIATION', 'two copies left: still a conflict');
    await waitFor('2 copies listed', async () => (await page.locator(`[data-conflict="${PROXY}"]`).count()) === 2, { timeoutMs: 5000, intervalMs: 50 });
    assert.match(await clickConfirmed(page, 'keep-copy', true, `[data-copy="${third}"][data-conflict="${PROXY}"]`), /Keep web:proxy on node\d and stop it on node\d\?/);
    await waitFor('one copy left, OPERATION', async () => (await proxyOn()).join() === third && (await fsm()) === 'OPERATION', { timeoutMs: 20_000, intervalMs: 100 });
    await page.locator('[data-no-conflict]').waitFor();
    await page.locator('header .state[data-state="OPERATION"]').waitFor();
    assert.ok(await page.locator('[data-action="conciliate-STOP"]').isDisabled(), 'the strategies only in CONCILIATION');
  });

  it("a conflict's own strategies solve that conflict only", async () => {
    const { c, page } = setup();
    const SERVER = 'web:server';
    const [serverHome] = await runsOn(SERVER);
    await conflictOn(
      c.nodes.filter((node) => node.identifier !== serverHome).slice(0, 1),
      SERVER,
    );
    for (const [strategy, expected] of STRATEGY_OUTCOMES) {
      const running = await proxyOn();
      const [older] = running;
      // a running copy is joined by a younger one; none running (after STOP): two copies started
      const starting = c.nodes.filter((node) => !running.includes(node.identifier)).slice(0, running.length === 0 ? 2 : 1);
      await conflictOn(starting);
      const younger = starting[0]?.identifier ?? '?';
      const before = await proxyPids(await proxyOn());
      const scope = `[data-conflict="${PROXY}"]`;
      await page.locator(`${scope} [data-action="conciliate-process-${strategy}"]:not([disabled])`).waitFor();
      const asked = await clickConfirmed(page, `conciliate-process-${strategy}`, true, scope);
      assert.match(asked, new RegExp(`^${strategy} for ${PROXY}: .*\\?$`));
      if (strategy === 'SENICIDE' || strategy === 'INFANTICIDE') assert.ok(asked.includes(`keeps the copy on ${nodeOf(strategy === 'SENICIDE' ? younger : (older ?? '?')).nick}`), asked);
      await settles(`${strategy} applied to ${PROXY}`, expected, older ?? '?', younger, before);
      await page.locator('.notice[data-gravity="success"]', { hasText: `${strategy} in progress for ${PROXY}` }).waitFor();
      assert.equal((await runsOn(SERVER)).length, 2, 'the other conflict is left alone');
      assert.equal(await fsm(), 'CONCILIATION');
    }
    const [kept] = await runsOn(SERVER);
    await clickConfirmed(page, 'keep-copy', true, `[data-copy="${kept ?? '?'}"][data-conflict="${SERVER}"]`);
    await waitFor('OPERATION again', async () => (await fsm()) === 'OPERATION', { timeoutMs: 20_000, intervalMs: 100 });
  });

  it('each global strategy resolves a new conflict as it says', async () => {
    const { c, node1, page } = setup();
    for (const [strategy, expected] of STRATEGY_OUTCOMES) {
      if ((await proxyOn()).length === 0) {
        await c.call(node1, 'supvisors.start_process', ['CONFIG', PROXY, '', true], 15_000);
        await waitFor('proxy running again', async () => (await proxyOn()).length === 1, { timeoutMs: 10_000, intervalMs: 100 });
      }
      const [older] = await proxyOn();
      assert.ok(older !== undefined);
      const second = c.nodes.find((node) => node.identifier !== older);
      assert.ok(second !== undefined);
      await conflictOn([second]);
      const before = await proxyPids(await proxyOn());
      const button = page.locator(`[data-action="conciliate-${strategy}"]`);
      await waitFor(`${strategy} enabled`, () => button.isEnabled(), { timeoutMs: 5000, intervalMs: 50 });
      assert.match(await clickConfirmed(page, `conciliate-${strategy}`, true), new RegExp(`^${strategy}: .*, for every conflict\\?$`));
      await settles(`${strategy} applied`, expected, older, second.identifier, before, 'OPERATION');
      await page.locator('.notice[data-gravity="success"]', { hasText: `${strategy} in progress for all conflicts` }).waitFor();
    }
    assert.deepEqual(suite().opened.problems, []);
  });
});
