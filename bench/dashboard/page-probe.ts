/**
 * What bench:dashboard watches inside the page. `probeScript` is installed before the page's own
 * scripts (playwright's addInitScript) and keeps in `window.__bench`:
 * - `log`: every change of what a process chip (`[data-card-instance] [data-process]`, its
 *   `data-state`; `ABSENT` once it left every card) or a menu application (`nav
 *   [data-application]`, its light's label) shows, `[kind, key, shown, epoch ms]`, timed in the
 *   MutationObserver callback that saw the DOM change (the frame that paints it follows);
 * - `complete`: ms since the navigation started when the menu shows every instance and
 *   application (`menu`), when the instance cards show every process chip (`chips`);
 * - `longTasks` / `longFrames`: `[epoch ms, duration]` of the main thread's long tasks and long
 *   animation frames (what a frozen page shows);
 * - `frames` / `lastFrameAt`: the websocket messages received, and when the last one was (epoch
 *   ms), to tell the transport's share of a lag from the page's.
 * The script is plain JavaScript (the bench's TypeScript has no DOM types); `readProbe` reads it
 * back on the bench's side.
 */
import type { Page } from 'playwright-core';
import { performance } from 'node:perf_hooks';
import type { Observation, Probe } from './change-plan.js';

export interface PageShape {
  readonly instances: number;
  readonly applications: number;
  readonly processes: number;
}

export function probeScript(shape: PageShape): string {
  return `(() => {
  const shape = ${JSON.stringify(shape)};
  const CHIP = '[data-card-instance] [data-process]';
  const MENU = 'nav [data-application]';
  const ITEM = CHIP + ', ' + MENU;
  const bench = { log: [], longTasks: [], longFrames: [], complete: {}, watchCompletion: true, frames: 0, lastFrameAt: 0 };
  window.__bench = bench;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        bench.frames += 1;
        bench.lastFrameAt = performance.timeOrigin + performance.now();
      });
    }
  };
  const last = new Map();
  const note = (kind, key, shown, at) => {
    if (last.get(kind + ' ' + key) === shown) return;
    last.set(kind + ' ' + key, shown);
    bench.log.push([kind, key, shown, at]);
  };
  const chipState = (chip) => chip.getAttribute('data-state') ?? chip.querySelector('[data-state]')?.getAttribute('data-state') ?? '';
  const menuState = (item) => item.querySelector('.light')?.getAttribute('aria-label') ?? '';
  const seeItem = (element, at) => {
    if (element.matches(CHIP)) note('chips', element.getAttribute('data-process'), chipState(element), at);
    else if (element.matches(MENU)) note('menu', element.getAttribute('data-application'), menuState(element), at);
  };
  const complete = (name, done) => {
    if (bench.complete[name] === undefined && done()) bench.complete[name] = performance.now();
  };
  new MutationObserver((records) => {
    const at = performance.timeOrigin + performance.now();
    const gone = new Set();
    for (const record of records) {
      const owner = (record.target.nodeType === 1 ? record.target : record.target.parentElement)?.closest(ITEM);
      if (owner) seeItem(owner, at);
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        seeItem(node, at);
        for (const item of node.querySelectorAll(ITEM)) seeItem(item, at);
      }
      for (const node of record.removedNodes) {
        if (node.nodeType !== 1) continue;
        for (const chip of [node, ...node.querySelectorAll('[data-process]')]) if (chip.hasAttribute('data-process')) gone.add(chip.getAttribute('data-process'));
      }
    }
    for (const key of gone) if (document.querySelector('[data-card-instance] [data-process="' + CSS.escape(key) + '"]') === null) note('chips', key, 'ABSENT', at);
    if (!bench.watchCompletion) return;
    complete('menu', () => document.querySelectorAll('nav [data-instance]').length >= shape.instances && document.querySelectorAll(MENU).length >= shape.applications);
    complete('chips', () => document.querySelectorAll('[data-card-instance]').length >= shape.instances && document.querySelectorAll(CHIP).length >= shape.processes);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state', 'aria-label'] });
  for (const [type, into] of [['longtask', bench.longTasks], ['long-animation-frame', bench.longFrames]]) {
    if (!PerformanceObserver.supportedEntryTypes.includes(type)) continue;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) into.push([performance.timeOrigin + entry.startTime, entry.duration]);
    }).observe({ type, buffered: true });
  }
})();`;
}

/** The bench's clock, comparable with the page's `performance.timeOrigin + performance.now()`. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function numberPairs(value: unknown): [number, number][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => (Array.isArray(item) && isNumber(item[0]) && isNumber(item[1]) ? [[item[0], item[1]] as [number, number]] : []));
}

/**
 * The page's clock minus the bench's (ms): the round trip with the least delay out of a few,
 * its middle taken as the moment the page read its clock.
 */
export async function clockOffset(page: Page): Promise<number> {
  let best = { delay: Infinity, offset: 0 };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const before = epochNow();
    const pageNow: unknown = await page.evaluate('performance.timeOrigin + performance.now()');
    const after = epochNow();
    if (isNumber(pageNow) && after - before < best.delay) best = { delay: after - before, offset: pageNow - (before + after) / 2 };
  }
  return best.offset;
}

/** ms since the navigation started when the page showed everything through `probe`; undefined until then. */
export async function completedAt(page: Page, probe: Probe): Promise<number | undefined> {
  const value: unknown = await page.evaluate(`window.__bench?.complete[${JSON.stringify(probe)}]`);
  return isNumber(value) ? value : undefined;
}

/** Stops the completion checks (they cost a document query per DOM change). */
export async function stopCompletionWatch(page: Page): Promise<void> {
  await page.evaluate('window.__bench.watchCompletion = false');
}

/** The observations of `probe` logged from index `from` on, on the bench's clock (`offset` from clockOffset). */
export async function observationsSince(page: Page, probe: Probe, from: number, offset: number): Promise<{ observations: Observation[]; next: number }> {
  const raw: unknown = await page.evaluate(`window.__bench.log.slice(${from})`);
  if (!Array.isArray(raw)) return { observations: [], next: from };
  const observations = raw.flatMap((item: unknown): Observation[] => {
    if (!Array.isArray(item)) return [];
    const [kind, key, shown, at] = item as unknown[];
    return kind === probe && typeof key === 'string' && typeof shown === 'string' && isNumber(at) ? [{ key, shown, at: at - offset }] : [];
  });
  return { observations, next: from + raw.length };
}

/** The websocket messages the page received, and when the last one came (bench clock). */
export async function framesReceived(page: Page, offset: number): Promise<{ count: number; lastAt: number }> {
  const raw: unknown = await page.evaluate('[window.__bench.frames, window.__bench.lastFrameAt]');
  return Array.isArray(raw) && isNumber(raw[0]) && isNumber(raw[1]) ? { count: raw[0], lastAt: raw[1] - offset } : { count: 0, lastAt: 0 };
}

/** The durations (ms) of the long tasks and long animation frames that ended at or after `since` (bench clock). */
export async function longSince(page: Page, since: number, offset: number): Promise<{ tasks: number[]; frames: number[] }> {
  const raw: unknown = await page.evaluate('({ tasks: window.__bench.longTasks, frames: window.__bench.longFrames })');
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const durations = (entries: [number, number][]): number[] => entries.filter(([start, duration]) => start + duration - offset >= since).map(([, duration]) => duration);
  return { tasks: durations(numberPairs(record['tasks'])), frames: durations(numberPairs(record['frames'])) };
}
