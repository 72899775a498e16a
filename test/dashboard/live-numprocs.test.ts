/**
 * The dashboard follows update_numprocs live (docs/dashboard.md): on the sample cluster, node1's
 * Instance page loses and regains processes of `batch:worker` as the API changes its numprocs on
 * node1 only (Supvisors 0.19), without a reload, while node2's page keeps its own; the dashboard's
 * subscription (`/all/process_added/application_added`) is told of each process added, by our
 * `process_added` (0.19 publishes nothing for an added process: docs/events.md); a subscriber on `/all`,
 * as a Python client subscribes, gets none of our headers.
 */
import assert from 'node:assert/strict';
import { WebSocket, type RawData } from 'ws';
import { isExtensionHeader } from '../../events/headers.js';
import { decodeWsText } from '../../events/json.js';
import { PASSWORD, USER } from '../helpers/cluster.js';
import { dashboardSuite, openDashboard } from '../helpers/dashboard.js';
import { basic } from '../helpers/http-client.js';
import { waitFor } from '../helpers/wait.js';

/** A raw websocket subscriber on a node's main port: the header and process or application name of every frame. */
interface Subscriber {
  readonly ws: WebSocket;
  readonly received: string[];
}

async function subscribe(port: number, path: string): Promise<Subscriber> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: basic(`${USER}:${PASSWORD}`), perMessageDeflate: false, handshakeTimeout: 2000 });
  const received: string[] = [];
  ws.on('message', (data: RawData) => {
    const frame = decodeWsText((Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString('utf8'));
    const name = frame?.body['process_name'] ?? frame?.body['name'] ?? frame?.body['application_name'];
    received.push(`${frame?.header ?? '?'} ${typeof name === 'string' ? name : ''}`.trim());
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, received };
}

function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  });
}

describe('dashboard live after update_numprocs (3 real nodes)', function () {
  this.timeout(180_000);
  const suite = dashboardSuite();

  it('shows the processes a numprocs increase adds on the Instance page without a reload; a subscriber on /all gets no extension message', async () => {
    const { cluster, browser } = suite();
    const [node1] = cluster.nodes;
    assert.ok(node1 !== undefined);
    const python = await subscribe(node1.httpPort, '/events/all');
    const ours = await subscribe(node1.httpPort, '/events/all/process_added/application_added');
    const [node2] = cluster.nodes.slice(1);
    assert.ok(node2 !== undefined);
    const { page, problems, close } = await openDashboard(browser, node1.httpPort, `/instance/${encodeURIComponent(node1.identifier)}`);
    const other = await openDashboard(browser, node1.httpPort, `/instance/${encodeURIComponent(node2.identifier)}`);
    try {
      // read at once in the page (rows come and go while a locator would walk them)
      const workersOf = async (shown: typeof page): Promise<string> => {
        const namespecs: unknown = await shown.evaluate(`[...document.querySelectorAll('table.processes tbody tr[data-process^="batch:worker_"]')].map((row) => row.getAttribute('data-process')).sort().join()`);
        return typeof namespecs === 'string' ? namespecs : '';
      };
      const workers = (): Promise<string> => workersOf(page);
      const all = 'batch:worker_0,batch:worker_1,batch:worker_2';
      await waitFor('the 3 workers on both pages', async () => (await workers()) === all && (await workersOf(other.page)) === all, { timeoutMs: 10_000, intervalMs: 100 });
      // a mark on the page: a reload would lose it
      await page.evaluate("document.body.setAttribute('data-test-mark', 'kept')");

      // down to 1 on node1 only (0.19): the workers leave node1's rows, node2 and node3 keep theirs
      assert.equal(await node1.api.call('supvisors.update_numprocs', ['worker', 1]), true);
      await waitFor('worker_1 and worker_2 gone from the page', async () => (await workers()) === 'batch:worker_0', { timeoutMs: 10_000, intervalMs: 100 });
      await waitFor('node1 rows loaded again on the page of node2', async () => (await workersOf(other.page)) === all && (await workers()) === 'batch:worker_0', { timeoutMs: 10_000, intervalMs: 100 });
      assert.equal(await workersOf(other.page), all, 'node2 keeps its workers');

      // back to 3: no event of 0.19 for them, our process_added brings them
      assert.equal(await node1.api.call('supvisors.update_numprocs', ['worker', 3]), true);
      await waitFor('the 3 workers back on the page', async () => (await workers()) === all, { timeoutMs: 10_000, intervalMs: 100 });
      assert.equal(await page.locator('body').getAttribute('data-test-mark'), 'kept', 'no reload');
      assert.deepEqual(await page.locator('tr[data-process="batch:worker_2"]').getAttribute('data-state'), 'STOPPED');

      assert.equal(await workersOf(other.page), all);
      // each worker back on node1 was told to the dashboard's subscription: the removal (event (c)), then our process_added;
      // 0.19 tells nothing of a process added (spec/events.md §4.4): no event (a), no status, on the same ordered stream
      const told = (name: string): string[] => ours.received.filter((one) => one.endsWith(` ${name}`));
      await waitFor('worker_1 and worker_2 told back', () => told('worker_1').includes('process_added worker_1') && told('worker_2').includes('process_added worker_2'), { timeoutMs: 5000 });
      for (const name of ['worker_1', 'worker_2']) assert.deepEqual(told(name), [`event ${name}`, `process_added ${name}`], name);
      // the /all subscriber had the 0.19 messages (the removal events included), none of ours
      await waitFor('the same events at /all', () => python.received.filter((one) => one === 'event worker_1' || one === 'event worker_2').length >= 2, { timeoutMs: 5000 });
      assert.deepEqual(python.received.filter((one) => isExtensionHeader(one.split(' ')[0] ?? '')), []);
      assert.deepEqual([...problems, ...other.problems], []);
    } finally {
      await other.close();
      await close();
      await closed(python.ws);
      await closed(ours.ws);
    }
  });
});
