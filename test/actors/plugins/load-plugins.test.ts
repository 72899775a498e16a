import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorSystem } from '../../../actors/core/index.js';
import { describePlugins, loadPlugins, rulesStrategies, unknownPluginOptions, type LoadedPlugin } from '../../../actors/plugins/load-plugins.js';
import { PLUGIN_ASK_MS, type PluginMessage } from '../../../actors/plugins/messages.js';
import { isSupvisorsError } from '../../../errors/errors.js';
import { float } from '../../../events/json.js';
import type { ActorHost, RunningFailure } from '../../../plugin-worker/protocol.js';
import type { ConflictingProcess } from '../../../strategies/conciliation.js';
import type { StagePlan } from '../../../strategies/stage-plan.js';
import { waitFor } from '../../helpers/wait.js';
import { memoryLogger } from '../../helpers/logger.js';

/** Plugin modules written by the tests, one file each. */
const sources = {
  roundRobin: `export const name = 'ROUND_ROBIN'; export const kind = 'starting';
    let turn = 0;
    export function choose({ candidates }) { const valid = candidates.filter((c) => c.valid); const chosen = valid[turn % valid.length]; turn += 1; return chosen ? chosen.identifier : null; }`,
  // blocks its thread for the number of ms its first candidate's load says, then chooses it
  // blocks its thread 5 s when asked for a load of 7
  blocking: `export const name = 'BLOCKING'; export const kind = 'starting';
    export function choose({ candidates, load }) { if (load === 7) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000); return candidates[0].identifier; }`,
  throwing: `export const name = 'THROWING'; export const kind = 'starting'; export function choose() { throw new Error('no luck today'); }`,
  exiting: `export const name = 'EXITING'; export const kind = 'starting'; export function choose() { process.exit(3); }`,
  liar: `export const name = 'LIAR'; export const kind = 'starting'; export function choose() { return 'nowhere'; }`,
  budget: `export const name = 'TWICE'; export const kind = 'running_failure';
    const seen = new Map();
    export async function decide({ namespec }) { const count = (seen.get(namespec) ?? 0) + 1; seen.set(namespec, count); return count <= 2 ? 'RESTART_PROCESS' : 'STOP_APPLICATION'; }`,
  badDecision: `export const name = 'MAYBE'; export const kind = 'running_failure'; export function decide() { return 'PERHAPS'; }`,
  keepFirst: `export const name = 'KEEP_FIRST'; export const kind = 'conciliation';
    export function conciliate(conflicts) { return conflicts.map(({ namespec, instances }) => ({ kind: 'stop', namespec, identifiers: instances.slice(1).map((i) => i.identifier) })); }`,
  badActions: `export const name = 'WILD'; export const kind = 'conciliation'; export function conciliate() { return [{ kind: 'stop', namespec: 'app:other', identifiers: ['x'] }]; }`,
  follower: `export const name = 'FOLLOWER'; export const kind = 'actor'; export const headers = ['process'];
    export function start(host) { return { async receive(event) { const answer = await host.call('echo', [event.body.name]); host.log('info', 'seen ' + answer + ' at ' + event.body.now); } }; }`,
};

/** Three instances; b is full (loaded 100 %): no valid candidate for any load. */
const context = { localIdentifier: 'a', runningInstances: new Set(['a', 'b', 'c']), machineIds: new Map([['a', 'a'], ['b', 'b'], ['c', 'c']]), instanceLoads: new Map([['b', 100]]), pendingLoads: new Map<string, number>() };

/** A stage of one process (`load`: its expected loading) with the three instances as candidates. */
function stage(load = 1): Extract<PluginMessage, { type: 'plan-stage' }>['request'] {
  return { distribution: 'ALL_INSTANCES', pinned: undefined, processes: [{ namespec: 'app:p', expectedLoading: load, candidates: ['a', 'b', 'c'] }], context };
}

const planStage = (plugin: LoadedPlugin, load = 1): Promise<StagePlan> => plugin.ref.ask<StagePlan>((replyTo) => ({ type: 'plan-stage', request: stage(load), replyTo }), PLUGIN_ASK_MS);
const targets = (plan: StagePlan): string[] => plan.decisions.map((decision) => (decision.kind === 'start' ? decision.target : decision.kind));

describe('plugins: loading and proxy actors (worker threads)', function () {
  this.timeout(20_000);
  let system: ActorSystem;
  let dir: string;
  let lines: string[];
  const hostCalls: { method: string; params: readonly unknown[] }[] = [];
  const host: ActorHost = {
    call: (method, params) => {
      hostCalls.push({ method, params });
      return Promise.resolve(`echo ${String(params[0])}`);
    },
    log: (level, text) => system.log[level](text),
  };
  const write = (key: keyof typeof sources): string => {
    const file = join(dir, `${key}.mjs`);
    writeFileSync(file, sources[key]);
    return file;
  };
  const load = async (key: keyof typeof sources, timeoutMs = 2000): Promise<LoadedPlugin> => {
    const [plugin] = await loadPlugins(system, [write(key)], { timeoutMs, host });
    assert.ok(plugin !== undefined);
    return plugin;
  };
  const actorOf = (plugin: LoadedPlugin) => system.diagnostics({ peek: 0 }).actors.find((actor) => actor.name === `plugin:${plugin.name}`);

  beforeEach(() => {
    const memory = memoryLogger();
    lines = memory.lines;
    system = new ActorSystem({ node: 'test', logger: memory.logger });
    dir = mkdtempSync(join(tmpdir(), 'supvisors-plugins-'));
    hostCalls.length = 0;
  });
  afterEach(async () => {
    await system.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a starting plugin in its own thread as plugin:<NAME>, its state kept between calls, health shown', async () => {
    const plugin = await load('roundRobin');
    assert.deepEqual([plugin.name, plugin.kind], ['ROUND_ROBIN', 'starting']);
    assert.deepEqual([targets(await planStage(plugin)), targets(await planStage(plugin)), targets(await planStage(plugin))], [['a'], ['c'], ['a']]);
    const shown = actorOf(plugin);
    assert.equal(shown?.kind, `plugin ${plugin.file}`);
    // describe, then the three choices
    assert.match(shown?.health ?? '', /^starting plugin ROUND_ROBIN, worker thread \d+ running: 4 calls, 0 failed/);
  });

  it('applies SINGLE_INSTANCE around a plugin: one choice for the whole application pins every process', async () => {
    const plugin = await load('roundRobin');
    const processes = ['app:x', 'app:y'].map((namespec) => ({ namespec, expectedLoading: 10, candidates: ['a', 'b', 'c'] }));
    const configurations = new Map(['a', 'b', 'c'].map((identifier) => [identifier, { disabled: false }]));
    const request = {
      distribution: 'SINGLE_INSTANCE' as const,
      distribute: {
        application: { distribution: 'SINGLE_INSTANCE' as const, identifiers: ['a', 'b', 'c'], processes: processes.map(({ namespec }) => ({ namespec, startSequence: 1, expectedLoading: 10, configurations })) },
        remaining: processes,
      },
      pinned: undefined,
      processes,
      context: { ...context, runningInstances: new Set(['b', 'c']) },
    };
    const plan = await plugin.ref.ask<StagePlan>((replyTo) => ({ type: 'plan-stage', request, replyTo }), PLUGIN_ASK_MS);
    // b is full: c is the first valid candidate of the first turn
    assert.deepEqual(targets(plan), ['c', 'c']);
    assert.deepEqual([...(plan.pinned ?? [])], [['app:x', 'c'], ['app:y', 'c']]);
  });

  it('times out a plugin that blocks, restarts its thread (counted) and answers again', async () => {
    const plugin = await load('blocking', 300);
    const threadBefore = actorOf(plugin)?.health?.match(/thread (\d+)/)?.[1];
    await assert.rejects(planStage(plugin, 7), (error: unknown) => isSupvisorsError(error, 'PLUGIN_TIMEOUT') && /no answer to choose within 300 ms/.test(error.message));
    await waitFor('the plugin actor restarted', () => actorOf(plugin)?.restarts === 1 && actorOf(plugin)?.status === 'running');
    assert.notEqual(actorOf(plugin)?.health?.match(/thread (\d+)/)?.[1], threadBefore, 'a new worker thread');
    assert.deepEqual(targets(await planStage(plugin)), ['a']);
  });

  for (const [key, code, reason] of [
    ['throwing', 'PLUGIN_FAILED', /choose: no luck today/],
    ['exiting', 'PLUGIN_EXITED', /worker thread exited with code 3/],
    ['liar', 'PLUGIN_FAILED', /LIAR chose "nowhere", which is not a valid candidate/],
  ] as const) {
    it(`fails the ask with ${code} and restarts a plugin that ${key === 'liar' ? 'answers a wrong candidate' : key.replace(/ing$/, 's')}`, async () => {
      const plugin = await load(key);
      await assert.rejects(planStage(plugin), (error: unknown) => isSupvisorsError(error, code) && reason.test(error.message));
      await waitFor('the plugin actor restarted', () => actorOf(plugin)?.restarts === 1 && actorOf(plugin)?.status === 'running');
      assert.match(actorOf(plugin)?.lastFailure?.message ?? '', reason);
    });
  }

  it('asks a running_failure plugin for a built-in strategy, and refuses an answer that is not one', async () => {
    const plugin = await load('budget');
    const failure: RunningFailure = { namespec: 'app:p', application: 'app', cause: 'crash', state: 'EXITED', applicationState: 'RUNNING', sequenced: true };
    const decide = (ref: LoadedPlugin): Promise<string> => ref.ref.ask<string>((replyTo) => ({ type: 'decide', failure, replyTo }), PLUGIN_ASK_MS);
    assert.deepEqual([await decide(plugin), await decide(plugin), await decide(plugin)], ['RESTART_PROCESS', 'RESTART_PROCESS', 'STOP_APPLICATION']);
    const bad = await load('badDecision');
    await assert.rejects(decide(bad), (error: unknown) => isSupvisorsError(error, 'PLUGIN_FAILED') && /MAYBE decided "PERHAPS": expected one of CONTINUE, RESTART_PROCESS/.test(error.message));
  });

  it('asks a conciliation plugin for actions, checked against the conflicts', async () => {
    const conflicts: ConflictingProcess[] = [
      { namespec: 'app:p', instances: ['a', 'b', 'c'].map((identifier) => ({ identifier, state: 'RUNNING', startMonotonic: 1, nowMonotonic: 9 })) },
    ];
    const conciliate = (ref: LoadedPlugin): Promise<unknown> => ref.ref.ask((replyTo) => ({ type: 'conciliate', conflicts, replyTo }), PLUGIN_ASK_MS);
    assert.deepEqual(await conciliate(await load('keepFirst')), [{ kind: 'stop', namespec: 'app:p', identifiers: ['b', 'c'] }]);
    await assert.rejects(conciliate(await load('badActions')), (error: unknown) => isSupvisorsError(error, 'PLUGIN_FAILED') && /does not name a process in conflict/.test(error.message));
  });

  it('starts an actor plugin with the host, feeds it the events of its headers only, and lets it call methods', async () => {
    const plugin = await load('follower');
    plugin.ref.tell({ type: 'publish', header: 'supvisors', body: { name: 'ignored' } });
    // a float marked for Python's JSON reaches the plugin as a plain number
    plugin.ref.tell({ type: 'publish', header: 'process', body: { name: 'p1', now: float(2) } });
    await waitFor('the actor logged through the host', () => lines.some((line) => line.includes('seen echo p1 at 2')));
    assert.deepEqual(hostCalls, [{ method: 'echo', params: ['p1'] }]);
  });

  const broken: [string, string, RegExp][] = [
    ['no name', "export const kind = 'starting'; export function choose() { return null; }", /export 'name' must be an upper-case name/],
    ['a built-in name', "export const name = 'CONFIG'; export const kind = 'starting'; export function choose() { return null; }", /CONFIG is the name of a built-in starting strategy/],
    ['an unknown kind', "export const name = 'X'; export const kind = 'stopping'; export function choose() { return null; }", /export 'kind' must be one of 'starting', 'running_failure', 'conciliation', 'actor'/],
    ['an unknown event header', "export const name = 'X'; export const kind = 'actor'; export const headers = ['process_status']; export function start() { return { receive() {} }; }", /export 'headers' must be a list of event headers among supvisors, instance, application, process, event, hstats, pstats, process_added, application_added, got \["process_status"\]/],
    ['no entry function', "export const name = 'X'; export const kind = 'conciliation';", /a 'conciliation' plugin must export a function 'conciliate'/],
    ['the former in-process shape', "export const strategy = 'X'; export const kind = 'starting'; export const actor = () => ({ receive() {} });", /former in-process shape/],
    ['a syntax error', 'export const = 3;', /Unexpected|SyntaxError|Invalid/],
  ];
  for (const [what, text, reason] of broken) {
    it(`refuses a module with ${what}, naming the file (CONFIG_INVALID), spawning nothing`, async () => {
      const file = join(dir, 'plugin.mjs');
      writeFileSync(file, text);
      await assert.rejects(loadPlugins(system, [file], { timeoutMs: 2000, host }), (error: unknown) => isSupvisorsError(error, 'CONFIG_INVALID') && reason.test(error.message) && error.message.includes(file));
      assert.equal(system.diagnostics({ peek: 0 }).actors.filter((actor) => actor.name.startsWith('plugin:')).length, 0);
    });
  }

  it('refuses a module that is not there, and a name taken twice', async () => {
    const gone = join(dir, 'gone.mjs');
    await assert.rejects(describePlugins([gone], 2000), (error: unknown) => isSupvisorsError(error, 'CONFIG_INVALID') && error.message.startsWith(`plugin ${gone}: `));
    const first = write('roundRobin');
    const twin = join(dir, 'twin.mjs');
    writeFileSync(twin, sources.roundRobin);
    await assert.rejects(describePlugins([first, twin], 2000), (error: unknown) => isSupvisorsError(error, 'CONFIG_INVALID') && error.message === `plugin ${twin}: the name ROUND_ROBIN is taken by ${first}`);
  });

  it('gives the rules the plugin names of their kinds, and names the strategy options no plugin brings', async () => {
    const modules = await describePlugins([write('roundRobin'), write('budget'), write('keepFirst')], 2000);
    assert.deepEqual(rulesStrategies(modules), { starting: ['ROUND_ROBIN'], runningFailure: ['TWICE'] });
    assert.deepEqual(unknownPluginOptions({ startingStrategy: 'ROUND_ROBIN', conciliationStrategy: 'KEEP_FIRST' }, modules), []);
    assert.deepEqual(unknownPluginOptions({ startingStrategy: 'CONFIG', conciliationStrategy: 'ROUND_ROBIN' }, modules), [
      'conciliation_strategy = ROUND_ROBIN: not a built-in strategy and no conciliation plugin of that name is loaded (plugins: ROUND_ROBIN (starting), TWICE (running_failure), KEEP_FIRST (conciliation))',
    ]);
  });
});
