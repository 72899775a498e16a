/**
 * A plugin's proxy actor: owns the plugin's worker thread (plugin-worker/host.ts) and forwards
 * its asks there, one at a time, each bounded by `plugin_timeout`. Any failure of the plugin
 * (a timeout, a throw, an answer its kind does not allow, the thread exiting) fails the ask with
 * the reason, then fails the actor: its supervision policy restarts it, which terminates the
 * thread and starts a new one (the module's state starts afresh), and counts the restart in the
 * diagnostics, where the actor also shows its thread's health. An `actor` plugin is started with
 * a host (the node's XML-RPC methods, its log) and gets the events of the headers it follows.
 */
import { proxy, type Remote } from 'comlink';
import type { ActorFactory, ReplyTo } from '../core/index.js';
import { SupvisorsError } from '../../errors/errors.js';
import { openPluginWorker, type PluginWorker } from '../../plugin-worker/host.js';
import { checkActions, checkDecision } from '../../plugin-worker/module-shape.js';
import { plainForPlugin } from '../../plugin-worker/plain-data.js';
import type { ActorHost, PluginWorkerApi } from '../../plugin-worker/protocol.js';
import type { PluginMessage } from './messages.js';

export interface PluginActorDeps {
  readonly file: string;
  readonly timeoutMs: number;
  /** What an `actor` plugin is lent. */
  readonly host: ActorHost;
}

export function pluginActor(deps: PluginActorDeps): ActorFactory<PluginMessage> {
  return async (context) => {
    const worker: PluginWorker = await openPluginWorker(deps.file, {
      timeoutMs: deps.timeoutMs,
      onExit: (threadId, reason) => context.self.tell({ type: 'worker-exited', threadId, reason }),
    });
    const { name, kind, headers } = worker.description;
    if (kind === 'actor') {
      try {
        await worker.call('start', (api) => api.startActor(proxy(deps.host)));
      } catch (error) {
        await worker.terminate();
        throw error;
      }
    }

    /** Answers the ask from the worker; a failure fails the ask, then the actor (restarted with a new thread). */
    const forward = async <T>(replyTo: ReplyTo<T>, what: string, run: (api: Remote<PluginWorkerApi>) => Promise<T>): Promise<void> => {
      let answer: T;
      try {
        answer = await worker.call(what, run);
      } catch (error) {
        replyTo.fail(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
      replyTo.reply(answer);
    };

    return {
      async receive(message) {
        switch (message.type) {
          case 'plan-stage':
            return forward(message.replyTo, 'choose', (api) => api.planStage(message.request));
          case 'plan-start':
            return forward(message.replyTo, 'choose', (api) => api.planStart(message.application, message.context));
          case 'decide':
            return forward(message.replyTo, 'decide', async (api) => {
              const decided = await api.decide(message.failure);
              return checkDecision(name, decided);
            });
          case 'conciliate':
            return forward(message.replyTo, 'conciliate', async (api) => {
              const actions = await api.conciliate(message.conflicts);
              return checkActions(name, message.conflicts, actions);
            });
          case 'publish':
            if (kind !== 'actor' || (headers !== undefined && !headers.includes(message.header))) return;
            await worker.call(`receive of ${message.header}`, (api) => api.deliver({ header: message.header, body: plainForPlugin(message.body) }));
            return;
          case 'worker-exited':
            if (message.threadId !== worker.health().threadId) return;
            throw new SupvisorsError('PLUGIN_EXITED', `plugin ${name}: ${message.reason}`);
        }
      },
      async postStop() {
        if (kind === 'actor' && worker.health().exit === undefined) await worker.call('stop', (api) => api.stopActor()).catch(() => undefined);
        await worker.terminate();
      },
      health() {
        const { threadId, calls, failures, slowestMs, exit } = worker.health();
        return `${kind} plugin ${name}, worker thread ${threadId} ${exit ?? 'running'}: ${calls} calls, ${failures} failed, slowest ${slowestMs} ms`;
      },
    };
  };
}
