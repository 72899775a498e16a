/**
 * The dashboard's frame on a real 3-node cluster (api/dashboard-routes.ts, dashboard/app.tsx):
 * the pages and assets over plain HTTP (one authentication, compression, CSP, legacy names),
 * then in Chromium: the header and menu show the cluster live, a change appears without reload.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { basic, httpGet, type HttpAnswer } from '../helpers/http-client.js';
import { clusterLogsOnFailure, PASSWORD, USER, type Cluster } from '../helpers/cluster.js';
import { chromiumPath, launchChromium, openDashboard, startSampleCluster } from '../helpers/dashboard.js';

const CREDENTIALS = basic(`${USER}:${PASSWORD}`);

function get(port: number, path: string, headers: Record<string, string> = CREDENTIALS): Promise<HttpAnswer> {
  return httpGet(port, path, headers);
}

describe('dashboard frame (3 real nodes)', function () {
  this.timeout(90_000);
  let cluster: Cluster | undefined;
  let browser: Browser | undefined;
  let port = 0;
  const styles = mkdtempSync(join(tmpdir(), 'supvisors-css-'));

  before(async function () {
    // css_files: a user stylesheet, and a glob that matches nothing
    writeFileSync(join(styles, 'site.css'), ':root { --accent: rgb(142, 68, 173); }\n');
    cluster = await startSampleCluster(3, { supvisors: `css_files = ${join(styles, '*.css')} ${join(styles, 'none', '*.css')}` });
    port = cluster.nodes[0]?.httpPort ?? 0;
  });
  afterEach(function () {
    clusterLogsOnFailure(this, cluster);
  });
  after(async () => {
    await browser?.close();
    await cluster?.stop();
    rmSync(styles, { recursive: true, force: true });
  });

  it('serves the page on every dashboard path, its assets compressed and revalidated, behind the port credentials', async () => {
    for (const path of ['/', '/conciliation', '/actors', '/instance/node1', '/application/web?strategy=CONFIG', '/logs/node1?process=supervisord']) {
      const page = await get(port, path);
      assert.equal(page.status, 200, path);
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(String(page.headers['content-security-policy']), /default-src 'self'; script-src 'self'/);
      assert.match(page.body.toString(), /<script type="module" src="\/ui\/app.js">/);
    }
    assert.equal((await get(port, '/', {})).status, 401);
    assert.equal((await get(port, '/ui/app.js', {})).status, 401);
    const script = await get(port, '/ui/app.js', { ...CREDENTIALS, 'Accept-Encoding': 'gzip, br' });
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-encoding'], 'br');
    const etag = String(script.headers.etag);
    assert.equal((await get(port, '/ui/app.js', { ...CREDENTIALS, 'If-None-Match': etag })).status, 304);
    const plain = await get(port, '/ui/app.css');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.body.toString(), /--running/);
    assert.equal((await get(port, '/ui/nope.js')).status, 404);
    assert.match((await get(port, '/ui/user.css')).body.toString(), /--accent: rgb\(142, 68, 173\)/);
    const legacy = await get(port, '/application.html?appname=web&strategy=LOCAL');
    assert.equal(legacy.status, 302);
    assert.equal(legacy.headers.location, '/application/web?strategy=LOCAL');
  });

  it('shows the cluster live: state, Master, instances and applications in the menu, a stopped process without reload', async function () {
    if (chromiumPath() === undefined) this.skip();
    browser = await launchChromium();
    const node = cluster?.nodes[0];
    assert.ok(node !== undefined && cluster !== undefined);
    const { page, problems, close } = await openDashboard(browser, port);
    try {
      await page.locator('header .state[data-state="OPERATION"]').waitFor();
      assert.equal(await page.locator('nav [data-instance]').count(), 3);
      await page.locator('nav [data-application="web"]').waitFor();
      const master = await page.locator('header.top [data-master]').getAttribute('data-master');
      assert.ok(master !== null && master !== '');
      assert.match(await page.locator('nav').innerText(), /✪ node\d/);
      // the css_files rules win over ours
      assert.equal(await page.evaluate<string>("getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"), 'rgb(142, 68, 173)');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});
