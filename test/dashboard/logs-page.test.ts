/**
 * The Logs page (dashboard/pages/logs) in Chromium on the sample cluster: `tools:ticker` (the
 * date every second) followed on the serving node (supervisord's stream through our port) and
 * on another node (supvisors.tail_process_log through the serving node), new lines appearing
 * without reload; supervisord's main log; Follow, Clear log and Download; the bounded text. Its
 * pure text handling first.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { joinOverlap, keepLast, SKIPPED, withPiece } from '../../dashboard/pages/logs/log-text.js';
import { streamPath } from '../../dashboard/pages/logs/log-target.js';
import { struct, type Cluster } from '../helpers/cluster.js';
import { screenshot, dashboardSuite } from '../helpers/dashboard.js';
import { waitFor } from '../helpers/wait.js';

describe('logs page text', () => {
  it('keeps the last characters from a line start', () => {
    assert.equal(keepLast('abc\ndef\nghi\n', 100), 'abc\ndef\nghi\n');
    assert.equal(keepLast('abc\ndef\nghi\n', 6), 'ghi\n');
    assert.equal(keepLast('abcdefgh', 3), 'fgh');
  });

  it("joins a stream's first chunk to what was read, without repeating the overlap", () => {
    assert.equal(joinOverlap('line 1\nline 2\n', 'line 2\nline 3\n'), 'line 1\nline 2\nline 3\n');
    assert.equal(joinOverlap('line 1\n', 'line 2\n'), 'line 1\nline 2\n');
    assert.equal(joinOverlap('', 'line 1\n'), 'line 1\n');
  });

  it('appends the pieces read by offset, starts anew after an overflow or a clear', () => {
    const first = withPiece(undefined, { text: 'a\n', offset: 2, overflow: true });
    assert.deepEqual(first, { text: 'a\n', offset: 2 });
    const next = withPiece(first, { text: 'b\n', offset: 4, overflow: false });
    assert.deepEqual(next, { text: 'a\nb\n', offset: 4 });
    assert.deepEqual(withPiece(next, { text: 'z\n', offset: 100, overflow: true }), { text: `${SKIPPED}z\n`, offset: 100 });
    assert.deepEqual(withPiece(next, { text: 'new\n', offset: 1, overflow: false }), { text: `${SKIPPED}new\n`, offset: 1 });
  });

  it("names supervisord's streaming pages", () => {
    assert.equal(streamPath({ identifier: 'n', namespec: 'supervisord', stream: 'stdout' }), '/mainlogtail');
    assert.equal(streamPath({ identifier: 'n', namespec: 'tools:ticker', stream: 'stdout' }), '/logtail/tools:ticker');
    assert.equal(streamPath({ identifier: 'n', namespec: 'tools:ticker', stream: 'stderr' }), '/logtail/tools:ticker/stderr');
  });
});

describe('dashboard logs page (3 real nodes)', function () {
  this.timeout(180_000);
  const suite = dashboardSuite({ path: '/', viewport: { width: 1400, height: 900 } });

  const setup = (): { cluster: Cluster; page: Page } => {
    const { cluster, opened } = suite();
    return { cluster, page: opened.page };
  };
  const logText = (page: Page): Promise<string> => page.locator('pre.log').innerText();
  /** The date lines of the ticker shown, and a later one appearing without reload. */
  const followsTicker = async (page: Page): Promise<void> => {
    let first = '';
    await waitFor('date lines', async () => {
      first = await logText(page);
      return first.trim().split('\n').length >= 2;
    }, { timeoutMs: 15_000, intervalMs: 100 });
    const lastLine = first.trim().split('\n').pop() ?? '';
    await waitFor('a new line after the last one', async () => {
      const now = await logText(page);
      return now.trim().split('\n').pop() !== lastLine && now.includes(lastLine);
    }, { timeoutMs: 10_000, intervalMs: 100 });
  };
  const open = async (page: Page, path: string): Promise<void> => {
    await page.goto(new URL(path, page.url()).href);
    await page.locator('[data-feed="open"]').waitFor();
  };

  it("follows tools:ticker on the serving node, pauses and clears it there", async () => {
    const { cluster: c, page } = setup();
    const [node1] = c.nodes;
    assert.ok(node1 !== undefined);
    assert.equal(await c.call(node1, 'supvisors.start_process', ['LOCAL', 'tools:ticker']), true);
    await open(page, `/logs/${encodeURIComponent(node1.identifier)}?process=tools:ticker`);
    await page.locator('[data-status="following"]').waitFor();
    await followsTicker(page);
    await screenshot(page, 'logs-process');
    // Follow off: the text stays, nothing more comes; on again: it follows
    await page.locator('[data-action="follow"]').click();
    await page.locator('.logs-page[data-follow="false"] [data-status="paused"]').waitFor();
    assert.notEqual(await logText(page), '');
    await page.locator('[data-action="follow"]').click();
    await page.locator('.logs-page[data-follow="true"] [data-status="following"]').waitFor();
    await followsTicker(page);
    // Download: the whole log as a file
    const downloaded = page.waitForEvent('download');
    await page.locator('[data-action="download"]').click();
    const file = await downloaded;
    assert.match(file.suggestedFilename(), /^node1-tools_ticker-stdout\.log$/);
    // Clear log (confirmed): supervisord's log is emptied
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-action="clear"]').click();
    await page.locator('.notice.success', { hasText: 'log cleared' }).waitFor();
    const tail = struct(await c.call(node1, 'supvisors.tail_process_log', [node1.identifier, 'tools:ticker', 'stdout', 0, 65536]));
    const size = tail['offset'];
    assert.ok(typeof size === 'number' && size < 200, `the log holds ${JSON.stringify(size)} bytes after the clear`);
    await followsTicker(page);
  });

  it("follows tools:ticker running on another node through the serving node's page", async () => {
    const { cluster: c, page } = setup();
    const [node1, node2] = c.nodes;
    assert.ok(node1 !== undefined && node2 !== undefined);
    assert.equal(await c.call(node1, 'supvisors.stop_process', ['tools:ticker']), true);
    assert.equal(await c.call(node2, 'supervisor.startProcess', ['tools:ticker']), true);
    await open(page, `/logs/${encodeURIComponent(node2.identifier)}?process=tools:ticker`);
    await page.locator('.logs-page[data-instance="' + node2.identifier + '"] [data-status="following"]').waitFor();
    await followsTicker(page);
    assert.ok(await page.locator('[data-action="clear"]').isDisabled(), 'Clear only on the serving node');
    assert.ok(await page.locator('[data-action="download"]').isDisabled(), 'Download only on the serving node');
    // the stream chooser: stderr is empty for the ticker, stdout again follows
    await page.locator('button[data-stream="stderr"]').click();
    await waitFor('stderr in the URL', () => Promise.resolve(new URL(page.url()).searchParams.get('stream') === 'stderr'), { timeoutMs: 5000, intervalMs: 50 });
    await page.locator('.logs-page[data-stream="stderr"] [data-status="following"]').waitFor();
    await page.locator('button[data-stream="stdout"]').click();
    await followsTicker(page);
    assert.equal(await c.call(node2, 'supervisor.stopProcess', ['tools:ticker']), true);
  });

  it("shows supervisord's main log, of the serving node and of another one", async () => {
    const { cluster: c, page } = setup();
    const [node1, node2] = c.nodes;
    assert.ok(node1 !== undefined && node2 !== undefined);
    for (const node of [node2, node1]) {
      await open(page, `/logs/${encodeURIComponent(node.identifier)}?process=supervisord`);
      await page.locator(`.logs-page[data-instance="${node.identifier}"][data-process="supervisord"] [data-status="following"]`).waitFor();
      await waitFor('the main log shown', async () => /supervisord started with pid/.test(await logText(page)), { timeoutMs: 10_000, intervalMs: 100 });
    }
    assert.ok(await page.locator('button[data-stream="stderr"]').isDisabled());
    await screenshot(page, 'logs-supervisord');
    assert.deepEqual(suite().opened.problems.filter((problem) => !problem.includes('blob:')), []);
  });
});
