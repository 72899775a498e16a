/**
 * The dashboard in a real headless Chromium (Debian's `chromium`, driven by playwright-core;
 * never a browser download) against a real cluster: the sample cluster of `npm run demo`
 * (local-cluster/sample.ts) in OPERATION, a page opened with the nodes' credentials, and what
 * the page did wrong collected (console errors, uncaught exceptions, requests to another origin).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromiumPath, launchChromium } from '../../local-cluster/chromium.js';
import { PASSWORD, SAMPLE_PROGRAMS, SAMPLE_RULES, startCluster, USER, type Cluster, type ClusterOptions } from '../../local-cluster/index.js';
import { clusterLogsOnFailure } from './cluster.js';

export { chromiumPath, launchChromium };

/**
 * The sample cluster (3 nodes unless said), every node in OPERATION, `web` started. `options`
 * go to startCluster; their `supvisors` lines come after the sample's `rules_files`. `awaited`:
 * the state waited for (SYNCHRONIZATION with `synchro_options = USER`, to end it from a page).
 */
export async function startSampleCluster(n = 3, options: ClusterOptions = {}, awaited = 'OPERATION'): Promise<Cluster> {
  const folder = mkdtempSync(join(tmpdir(), 'supvisors-dashboard-'));
  const rules = join(folder, 'rules.xml');
  writeFileSync(rules, SAMPLE_RULES);
  const supvisors = [`rules_files = ${rules}`, options.supvisors ?? ''].filter((line) => line !== '').join('\n');
  const cluster = await startCluster(n, { programs: () => SAMPLE_PROGRAMS, ...options, supvisors });
  try {
    await cluster.waitState(cluster.nodes, awaited, 40_000);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

export interface DashboardPage {
  readonly page: Page;
  /** Console errors, uncaught exceptions and requests to another origin, as they happened. */
  readonly problems: string[];
  readonly close: () => Promise<void>;
}

/** Opens `path` of the dashboard of the node on `port`, with the credentials of the nodes. */
export async function openDashboard(browser: Browser, port: number, path = '/', viewport = { width: 1400, height: 900 }): Promise<DashboardPage> {
  const context = await browser.newContext({ httpCredentials: { username: USER, password: PASSWORD }, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const origin = `http://127.0.0.1:${port}`;
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith(`ws://127.0.0.1:${port}/`) && !url.startsWith('data:')) problems.push(`other origin: ${url}`);
  });
  await page.goto(`${origin}${path}`);
  // live: the snapshot is in and the feed open
  await page.locator('[data-feed="open"]').waitFor();
  return { page, problems, close: () => context.close() };
}

/** Writes a screenshot of the page as a test artefact: dist/test-artifacts/dashboard/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const folder = join(process.cwd(), 'dist', 'test-artifacts', 'dashboard');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Clicks the action (`data-action`) in `scope`, answers its confirmation, and gives the question asked. */
export async function clickConfirmed(page: Page, action: string, accept: boolean, scope = ''): Promise<string> {
  const asked = new Promise<string>((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    });
  });
  await page.locator(`${scope} [data-action="${action}"]`.trim()).click();
  return asked;
}

/** One attribute of every element the locator finds ('?' where it is missing). */
export async function attributes(locator: Locator, name: string): Promise<string[]> {
  return Promise.all((await locator.all()).map(async (one) => (await one.getAttribute(name)) ?? '?'));
}

export interface DashboardSuiteOptions {
  /** startSampleCluster's options and awaited state. */
  readonly cluster?: ClusterOptions;
  readonly awaited?: string;
  /** A page opened on the first node before the tests (none when undefined). */
  readonly path?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface DashboardSuite {
  readonly cluster: Cluster;
  readonly browser: Browser;
  /** The page opened on `path` (throws when the suite opened none). */
  readonly opened: DashboardPage;
}

/**
 * The hooks of a dashboard test file, registered where it is called (in its `describe`): the
 * sample cluster, Chromium and, with `path`, a page on the first node; every node's logs after a
 * failed test; everything stopped after the last. The file is skipped on a machine without
 * Chromium. Returns what the tests read the fixture with.
 */
export function dashboardSuite(options: DashboardSuiteOptions = {}): () => DashboardSuite {
  let cluster: Cluster | undefined;
  let browser: Browser | undefined;
  let opened: DashboardPage | undefined;
  before(async function () {
    if (chromiumPath() === undefined) this.skip();
    cluster = await startSampleCluster(3, options.cluster, options.awaited);
    browser = await launchChromium();
    if (options.path !== undefined) opened = await openDashboard(browser, cluster.nodes[0]?.httpPort ?? 0, options.path, options.viewport);
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await opened?.close();
    await browser?.close();
    await cluster?.stop();
  });
  return () => {
    if (cluster === undefined || browser === undefined) throw new Error('the dashboard suite is not started');
    const page = opened;
    return {
      cluster,
      browser,
      get opened(): DashboardPage {
        if (page === undefined) throw new Error('the dashboard suite opened no page (no path given)');
        return page;
      },
    };
  };
}
