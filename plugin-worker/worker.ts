/**
 * The entry of a plugin's worker thread: imports the module named by `workerData.file`, checks
 * its exports, and serves PluginWorkerApi through comlink. Everything the plugin runs, runs on
 * this thread: a plugin that blocks delays only its own answers, which the runtime bounds.
 * A module that cannot be loaded still serves: `describe` then throws why.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { planApplicationStart } from '../strategies/distribution.js';
import type { PlacementInput, PlacementStrategy } from '../strategies/placement.js';
import { planStage } from '../strategies/stage-plan.js';
import { checkChoice, describeModule } from './module-shape.js';
import type { ActorHost, PluginDescription, PluginEvent, PluginWorkerApi } from './protocol.js';

interface ActorInstance {
  receive(event: PluginEvent): unknown;
  stop?(): unknown;
}

const file = (workerData as { file?: unknown } | null)?.file;

async function load(): Promise<{ exports: Record<string, unknown>; description: PluginDescription }> {
  if (typeof file !== 'string') throw new Error('the worker was started without a plugin file');
  const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return { exports, description: describeModule(exports) };
}

const loading = load();
// the rejection is answered by describe(); it must not end the thread as unhandled
loading.catch(() => undefined);
const loaded = await loading.then(
  (value) => ({ ok: true as const, ...value }),
  (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error : new Error(String(error)) }),
);

function module(): { exports: Record<string, unknown>; description: PluginDescription } {
  if (!loaded.ok) throw loaded.error;
  return loaded;
}

/** The module's function for `entry`, checked at load time. */
function entry(name: string): (...args: unknown[]) => unknown {
  const found = module().exports[name];
  if (typeof found !== 'function') throw new Error(`the plugin has no function '${name}'`);
  return found as (...args: unknown[]) => unknown;
}

/** The plugin's `choose` as a placement strategy, its answers checked before the distribution code uses them. */
function strategy(): PlacementStrategy {
  const choose = entry('choose');
  const { name } = module().description;
  return (input: PlacementInput) => checkChoice(name, input, choose(input));
}

let actor: ActorInstance | undefined;

const api: PluginWorkerApi = {
  describe: () => module().description,
  choose: (input) => strategy()(input),
  planStage: (request) => planStage(request, strategy()),
  planStart: (application, context) => planApplicationStart(application, strategy(), context),
  // the plugin's answer may be a promise: awaited here, so the runtime gets plain data
  decide: async (failure) => await entry('decide')(failure),
  conciliate: async (conflicts) => await entry('conciliate')(conflicts),
  async startActor(host: ActorHost) {
    const started = (await entry('start')(host)) as Partial<ActorInstance> | undefined;
    if (typeof started?.receive !== 'function') throw new Error("the actor's start must return an object with a function 'receive'");
    actor = started as ActorInstance;
  },
  async deliver(event) {
    if (actor === undefined) throw new Error('the actor is not started');
    await actor.receive(event);
  },
  async stopActor() {
    const stopping = actor;
    actor = undefined;
    await stopping?.stop?.();
  },
};

if (parentPort === null) throw new Error('plugin-worker/worker.js runs in a worker thread only');
expose(api, nodeEndpoint(parentPort));
