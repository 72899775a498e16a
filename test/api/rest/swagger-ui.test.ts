/**
 * Swagger UI on the port of a real node with credentials (supervisord + our runtime;
 * api/rest/docs-routes.ts): the routes over plain HTTP (redirect, types, caching, only the
 * listed files, one authentication), then the page in a real headless Chromium with the node's
 * credentials: it renders every operation, asks nothing of any other origin, and "Try it out" /
 * "Execute" on GET /api/supvisors/api_version shows the node's API version, answered by its
 * REST route. The browser part is skipped when the machine has no Chromium (never downloaded).
 */
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from '../../../local-cluster/chromium.js';
import { contracts } from '../../../contract/index.js';
import { basic, httpGet, type HttpAnswer } from '../../helpers/http-client.js';
import { logsOnFailure, PASSWORD, startNode, USER, type TestNode } from '../../helpers/supervisord.js';

const CREDENTIALS = basic(`${USER}:${PASSWORD}`);

/** A GET whose body is read as text. */
async function get(port: number, path: string, headers: Record<string, string> = CREDENTIALS): Promise<Omit<HttpAnswer, 'body'> & { body: string }> {
  const answer = await httpGet(port, path, headers);
  return { ...answer, body: answer.body.toString('utf8') };
}

describe('Swagger UI of the REST API', function () {
  this.timeout(60_000);
  let node: TestNode | undefined;
  let port = 0;
  let apiVersion = '';
  let browser: Browser | undefined;

  before(async () => {
    node = await startNode();
    await node.waitRuntime();
    port = node.httpPort;
    const version = await node.api.call('supvisors.get_api_version');
    assert.ok(typeof version === 'string');
    apiVersion = version;
  });
  afterEach(function () {
    logsOnFailure(this, node);
  });
  after(async () => {
    await browser?.close();
    await node?.stop();
  });

  it('redirects /api/docs to /api/docs/, whose page loads its files from there', async () => {
    const redirect = await get(port, '/api/docs?x=1');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, 'docs/?x=1');
    const page = await get(port, '/api/docs/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'init.js']) assert.ok(page.body.includes(`"${file}"`), file);
    assert.doesNotMatch(page.body, /<script>|https?:/, 'no inline script, no other host');
  });

  it('serves the document and the listed files with their types, and 304 to a client holding them', async () => {
    const document = await get(port, '/api/openapi.json');
    assert.equal(document.headers['content-type'], 'application/json');
    assert.equal((JSON.parse(document.body) as { openapi: string }).openapi, '3.1.0');
    const types: [string, string][] = [
      ['/api/docs/swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
      ['/api/docs/init.js', 'text/javascript; charset=utf-8'],
      ['/api/docs/swagger-ui.css', 'text/css; charset=utf-8'],
      ['/api/docs/favicon-32x32.png', 'image/png'],
    ];
    for (const [path, type] of types) {
      const answer = await get(port, path);
      assert.deepEqual([answer.status, answer.headers['content-type'], answer.headers['x-content-type-options']], [200, type, 'nosniff'], path);
      const etag = answer.headers.etag;
      assert.ok(typeof etag === 'string', path);
      const again = await get(port, path, { ...CREDENTIALS, 'If-None-Match': etag });
      assert.deepEqual([again.status, again.body], [304, ''], path);
    }
    assert.match(String((await get(port, '/api/docs/swagger-ui-bundle.js')).headers['cache-control']), /max-age=\d+/);
    assert.match(String(document.headers['cache-control']), /no-cache/);
  });

  it('serves no other file of the package, nor any path out of it', async () => {
    for (const path of ['/api/docs/index.html', '/api/docs/package.json', '/api/docs/swagger-ui-bundle.js.map', '/api/docs/..%2Fpackage.json', '/api/docs/%2e%2e/%2e%2e/package.json', '/api/docs/x/swagger-ui.css']) {
      const answer = await get(port, path);
      assert.equal(answer.status, 404, path);
      assert.match(answer.body, /no such page/, path);
    }
  });

  it('asks for the credentials like every route of the port', async () => {
    for (const path of ['/api/docs', '/api/docs/', '/api/docs/swagger-ui-bundle.js', '/api/openapi.json']) {
      assert.equal((await get(port, path, {})).status, 401, path);
      assert.equal((await get(port, path, basic(`${USER}:wrong`))).status, 401, path);
    }
  });

  it('renders the operations offline and executes GET /api/supvisors/api_version in Chromium', async function () {
    if (chromiumPath() === undefined) {
      console.log('    no chromium on this machine (command -v chromium): browser test skipped');
      this.skip();
    }
    browser = await launchChromium();
    const context = await browser.newContext({ httpCredentials: { username: USER, password: PASSWORD } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const origin = `http://127.0.0.1:${port}`;
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (sent) => requested.push(sent.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${origin}/api/docs`);
    assert.equal(page.url(), `${origin}/api/docs/`);
    const operation = page.locator('#operations-supvisors-get_api_version');
    await operation.waitFor();
    const rendered = await page.locator('.opblock').count();
    const routes = Object.values(contracts).reduce((count, contract) => count + contract.rest.length, 0);
    assert.equal(rendered, routes, 'one block per REST route');

    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const response = operation.locator('.live-responses-table .response');
    await response.waitFor();
    assert.equal((await response.locator('.response-col_status').innerText()).trim(), '200');
    const body = await response.locator('.response-col_description pre').first().innerText();
    assert.equal(JSON.parse(body), apiVersion);

    const elsewhere = requested.filter((url) => new URL(url).origin !== origin);
    assert.deepEqual(elsewhere, [], 'every request went to the node');
    assert.ok(requested.includes(`${origin}/api/supvisors/api_version`), requested.join('\n'));
    assert.deepEqual(problems, [], 'no error in the page (a request the page policy refused would be one)');
    await context.close();
  });
});
