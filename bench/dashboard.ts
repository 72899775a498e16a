/**
 * npm run bench:dashboard — the dashboard in real headless Chromium (Debian's `chromium`) with a
 * cluster of 10 instances and 1,000 processes (50 applications × 20 programs, spread over the
 * instances), all RUNNING at first. The node is simulated in the bench's process
 * (bench/dashboard/simulated-node.ts): the real HTTP server, dashboard routes, REST routes and
 * event publisher, answering from generated data with the real payload shapes; each change is a
 * process going STOPPED <-> RUNNING, published as a node does (`event`, `process`,
 * `application`). Figures:
 * - first_render_ms: from the start of the navigation (fresh browser context: no cache) until
 *   the main page shows every instance card and every process chip; median of
 *   DASHBOARD_LOADS loads (3);
 * - update_lag_p50_ms / update_lag_p99_ms: a steady stream of DASHBOARD_RATE changes per second
 *   (50) for DASHBOARD_SECONDS (10), from handing a change to the publisher to the DOM showing
 *   it (bench/dashboard/page-probe.ts);
 * - burst_lag_ms: DASHBOARD_BURST changes (1,000) at once, from the first send to the last
 *   process shown;
 * - long_task_max_ms / long_frame_max_ms: the longest main-thread task and animation frame from
 *   the burst on (a frozen page shows there).
 * A main page without the chips' DOM contract (`[data-card-instance] [data-process][data-state]`)
 * is measured on the menu's application lights instead; stderr says which (`probe: ...`);
 * DASHBOARD_PROBE=chips|menu forces one. A change never shown fails the bench. The sizes:
 * DASHBOARD_INSTANCES, DASHBOARD_APPLICATIONS, DASHBOARD_PROGRAMS (per application).
 * BENCH_DEBUG=1 prints details on stderr.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../local-cluster/chromium.js';
import { burstChanges, expectationOf, lagsOf, lastPerKey, steadyChanges, type Expectation, type Observation, type Probe } from './dashboard/change-plan.js';
import { clockOffset, completedAt, epochNow, framesReceived, longSince, observationsSince, probeScript, stopCompletionWatch, type PageShape } from './dashboard/page-probe.js';
import { SimulatedCluster } from './dashboard/simulated-cluster.js';
import { startSimulatedNode, type SimulatedNode } from './dashboard/simulated-node.js';
import { percentile, report } from './report.js';

const setting = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const INSTANCES = setting('DASHBOARD_INSTANCES', 10);
const APPLICATIONS = setting('DASHBOARD_APPLICATIONS', 50);
const PROGRAMS = setting('DASHBOARD_PROGRAMS', 20);
const LOADS = setting('DASHBOARD_LOADS', 3);
const RATE = setting('DASHBOARD_RATE', 50);
const SECONDS = setting('DASHBOARD_SECONDS', 10);
const BURST = setting('DASHBOARD_BURST', 1000);
const debug = process.env['BENCH_DEBUG'] === '1';
const FORCED_PROBE = ((name): Probe | undefined => {
  if (name === undefined || name === 'chips' || name === 'menu') return name;
  throw new Error('DASHBOARD_PROBE must be chips or menu');
})(process.env['DASHBOARD_PROBE']);

/** Bounds of the waits: a page that takes longer fails the bench. */
const RENDER_BOUND_MS = 20_000;
/** How long after the menu the chips may come before the menu is what is measured. */
const CHIPS_BOUND_MS = 3000;
const SHOWN_BOUND_MS = 20_000;

const note = (text: string): void => void process.stderr.write(`bench:dashboard: ${text}\n`);

async function until<T>(what: string, boundMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) {
      if (value === undefined && debug) note(`no ${what} within ${boundMs} ms`);
      return value;
    }
    await sleep(20);
  }
}

interface Loaded {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly probe: Probe;
  readonly firstRenderMs: number;
}

/** Opens the main page in a fresh context; `probe` undefined: the chips if they come, else the menu. */
async function load(browser: Browser, node: SimulatedNode, shape: PageShape, probe: Probe | undefined): Promise<Loaded> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => note(`page exception: ${error.message}`));
    await page.addInitScript({ content: probeScript(shape) });
    await page.goto(`http://127.0.0.1:${node.port}/`);
    const menu = await until('menu', RENDER_BOUND_MS, () => completedAt(page, 'menu'));
    if (menu === undefined) throw new Error(`the menu did not show ${shape.instances} instances and ${shape.applications} applications within ${RENDER_BOUND_MS} ms`);
    const chips = probe === 'menu' ? undefined : await until('chips', probe === 'chips' ? RENDER_BOUND_MS : CHIPS_BOUND_MS, () => completedAt(page, 'chips'));
    if (probe === 'chips' && chips === undefined) throw new Error(`the main page did not show ${shape.processes} process chips within ${RENDER_BOUND_MS} ms`);
    await stopCompletionWatch(page);
    return chips === undefined ? { context, page, probe: 'menu', firstRenderMs: menu } : { context, page, probe: 'chips', firstRenderMs: chips };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** Waits until every expectation is shown (bounded); the lags in ms, in order. */
async function lagsShown(page: Page, probe: Probe, expectations: readonly Expectation[], offset: number, from: number): Promise<{ lags: number[]; next: number }> {
  const observations: Observation[] = [];
  let next = from;
  const deadline = Date.now() + SHOWN_BOUND_MS;
  for (;;) {
    const read = await observationsSince(page, probe, next, offset);
    observations.push(...read.observations);
    next = read.next;
    const lags = lagsOf(expectations, observations);
    const missing = lags.filter((lag) => lag === undefined).length;
    if (missing === 0) return { lags: lags.filter((lag) => lag !== undefined), next };
    if (Date.now() > deadline) throw new Error(`${missing} of ${expectations.length} changes not shown within ${SHOWN_BOUND_MS} ms (probe ${probe})`);
    await sleep(100);
  }
}

async function main(): Promise<void> {
  const cluster = new SimulatedCluster({ instances: INSTANCES, applications: APPLICATIONS, programsPerApplication: PROGRAMS });
  const shape: PageShape = { instances: INSTANCES, applications: APPLICATIONS, processes: cluster.processes.length };
  const node = await startSimulatedNode(cluster);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const renders: number[] = [];
    let probe: Probe | undefined = FORCED_PROBE;
    let loaded: Loaded | undefined;
    for (let index = 0; index < LOADS; index += 1) {
      await loaded?.context.close();
      loaded = await load(browser, node, shape, probe);
      probe = loaded.probe;
      renders.push(loaded.firstRenderMs);
    }
    if (loaded === undefined || probe === undefined) throw new Error('no load');
    const why = FORCED_PROBE === undefined ? ' (the main page shows no process chips)' : '';
    note(probe === 'chips' ? 'probe: the process chips of the main page' : `probe: the application lights of the menu${why}`);
    if (debug) note(`first renders: ${renders.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    const { page } = loaded;
    const live = await until('the page subscribed', RENDER_BOUND_MS, async () => ((await node.publisherStatus()).clients.length === 1 ? true : undefined));
    if (live === undefined) throw new Error('the page did not subscribe to the event stream');
    const offset = await clockOffset(page);
    const before = await node.publisherStatus();

    const steady: Expectation[] = [];
    const start = epochNow();
    for (const [index, namespec] of steadyChanges(cluster, Math.round(RATE * SECONDS)).entries()) {
      const due = start + (index * 1000) / RATE;
      if (due > epochNow()) await sleep(due - epochNow());
      const sentAt = epochNow();
      node.publish(cluster.flip(namespec));
      steady.push(expectationOf(cluster, probe, namespec, sentAt));
    }
    const steadyShown = await lagsShown(page, probe, steady, offset, 0);
    const steadyLags = [...steadyShown.lags].sort((a, b) => a - b);

    const burstStart = epochNow();
    const burst = burstChanges(cluster, BURST).map((namespec) => {
      const sentAt = epochNow();
      node.publish(cluster.flip(namespec));
      return expectationOf(cluster, probe, namespec, sentAt);
    });
    const lastOfBurst = lastPerKey(burst);
    if (debug) {
      // every change is 3 messages; the page is the one subscriber
      const target = (before.clients[0]?.sent ?? 0) + (steady.length + burst.length) * 3;
      const sentAll = await until('all sent', SHOWN_BOUND_MS, async () => ((await node.publisherStatus()).clients[0]?.sent ?? 0) >= target ? epochNow() : undefined);
      note(`burst: the publisher wrote its last message after ${((sentAll ?? NaN) - burstStart).toFixed(0)} ms`);
    }
    const burstShown = await lagsShown(page, probe, lastOfBurst, offset, steadyShown.next);
    const burstLag = Math.max(...lastOfBurst.map((expectation, index) => expectation.sentAt + (burstShown.lags[index] ?? 0) - burstStart));
    await sleep(200); // the long-task entries of the last frames are delivered after them
    const long = await longSince(page, burstStart, offset);
    const after = await node.publisherStatus();
    if (after.dropped !== before.dropped) throw new Error(`the publisher dropped ${after.dropped - before.dropped} events`);
    if (debug) {
      const frames = await framesReceived(page, offset);
      note(`${steady.length} steady changes, ${burst.length} in the burst; clock offset ${offset.toFixed(2)} ms`);
      note(`burst: sent in ${(lastOfBurst.reduce((last, expectation) => Math.max(last, expectation.sentAt), 0) - burstStart).toFixed(0)} ms, last of ${frames.count} websocket messages received after ${(frames.lastAt - burstStart).toFixed(0)} ms`);
      note(`long tasks from the burst on: ${long.tasks.map((duration) => duration.toFixed(0)).join(', ')} ms`);
    }

    report('first_render_ms', percentile([...renders].sort((a, b) => a - b), 0.5), 'ms', 0);
    report('update_lag_p50_ms', percentile(steadyLags, 0.5), 'ms', 1);
    report('update_lag_p99_ms', percentile(steadyLags, 0.99), 'ms', 1);
    report('burst_lag_ms', burstLag, 'ms', 0);
    report('long_task_max_ms', Math.max(0, ...long.tasks), 'ms', 0);
    report('long_frame_max_ms', Math.max(0, ...long.frames), 'ms', 0);
    await loaded.context.close();
  } finally {
    await browser?.close();
    await node.close();
  }
}

await main();
