/**
 * The event publisher (spec/events.md, docs/events.md): sends every `publish` message to the
 * external subscribers, over WebSockets (`event_link = WS`) or a ZeroMQ PUB socket
 * (`event_link = ZMQ`), on `event_port`; and, whatever `event_link` (NONE included), over
 * WebSockets on the main port's `/events` when `mount` is given: the dashboard's live feed.
 *
 * Each transport is a Link (link.ts): WS in ws-link.ts, ZMQ in zmq-link.ts. The first is the
 * event port's (a main-port-only WsLink with NONE); ZMQ gets a second, main-port-only WsLink.
 *
 * The bind is retried every `bindRetryMs` (1 s) until it succeeds, as Python does for WS.
 */
import { eventAuthError } from '../../config/consistency.js';
import { SupvisorsError, describeError } from '../../errors/errors.js';
import { STREAM_HEADERS, type StreamHeader } from '../../events/headers.js';
import type { ActorContext, ActorFactory, Behavior } from '../core/index.js';
import { BindState, type Link } from './link.js';
import type { EventPublisherMessage } from './messages.js';
import { resolved, type EventPublisherOptions } from './options.js';
import { WsLink } from './ws-link.js';
import { ZmqLink, loadZeroMq } from './zmq-link.js';

/**
 * Throws CONFIG_INVALID when `event_link` cannot be served on this machine (ZMQ without a
 * loadable `zeromq` addon). Call it before spawning the publisher. (ZMQ with credentials and a
 * closed event port is refused earlier, when the configuration is read: config/consistency.ts.)
 */
export async function checkEventLink(link: 'NONE' | 'WS' | 'ZMQ'): Promise<void> {
  if (link === 'ZMQ') await loadZeroMq();
}

function zeroCounts(): Record<StreamHeader, number> {
  const counts: Partial<Record<StreamHeader, number>> = {};
  for (const header of STREAM_HEADERS) counts[header] = 0;
  return counts as Record<StreamHeader, number>;
}

/**
 * The publisher's factory, e.g.
 * `system.spawn(EVENT_PUBLISHER, eventPublisherActor({ link, port, mount }), { mailbox: ... })`.
 * The first bind is attempted before the first message is handled; the actor is running even
 * when it fails (retried every `bindRetryMs`). Throws CONFIG_INVALID for ZMQ without `zeromq`.
 */
export function eventPublisherActor(options: EventPublisherOptions): ActorFactory<EventPublisherMessage> {
  return async (context: ActorContext<EventPublisherMessage>): Promise<Behavior<EventPublisherMessage>> => {
    const settings = resolved(options);
    const { log } = context;
    const bindState = new BindState();
    let link: Link;
    /** ZMQ's companion: the same stream as WebSockets on the main port. */
    let mainPort: Link | undefined;
    if (settings.link === 'ZMQ') {
      // ZeroMQ cannot ask for credentials: refused unless the port was opened on purpose (the configuration says so first).
      const refusal = eventAuthError('ZMQ', settings.credentials !== undefined, settings.open);
      if (refusal !== undefined) throw new SupvisorsError('CONFIG_INVALID', refusal);
      const zmq = await loadZeroMq();
      link = new ZmqLink(new zmq.Publisher({ linger: 0 }), settings, log, bindState);
      if (settings.mount !== undefined) mainPort = new WsLink({ ...settings, link: 'NONE' }, log, new BindState());
    } else {
      link = new WsLink(settings, log, bindState);
    }
    const links = mainPort === undefined ? [link] : [link, mainPort];
    if (settings.link !== 'NONE' && settings.credentials !== undefined && settings.open) {
      log.warn(`event_port_open = true: the event port ${settings.port} serves the cluster's events to anyone who can reach ${settings.host ?? 'any interface'}, without credentials`);
    }
    const what = `the event port ${settings.port} (${settings.link})`;
    const tryBind = async (): Promise<void> => {
      try {
        await link.bind();
      } catch (thrown) {
        bindState.failed(log, what, thrown, settings.bindRetryMs);
        context.timers.once('bind', settings.bindRetryMs, { type: 'bind' });
      }
    };
    await tryBind();
    if (settings.pingIntervalMs > 0) context.timers.every('heartbeat', settings.pingIntervalMs, { type: 'heartbeat' });
    context.timers.every('report-drops', settings.dropReportMs, { type: 'report-drops' });
    const published = zeroCounts();
    let total = 0;

    return {
      // Not async: only a bind retry awaits; a publish is handled without a promise to settle.
      receive(message): void | Promise<void> {
        switch (message.type) {
          case 'publish':
            total += 1;
            published[message.header] += 1;
            try {
              for (const one of links) one.publish(message.header, message.body);
            } catch (thrown) {
              // A body that does not encode is the sender's bug: logged, never a restart of the publisher.
              log.error(`${message.header} event not published: ${describeError(thrown)}`);
            }
            return;
          case 'clients':
            message.replyTo.reply({
              link: settings.link,
              port: link.port,
              bindFailures: bindState.failures,
              lastBindError: bindState.lastError,
              published: total,
              publishedByHeader: { ...published },
              ...link.status(),
            });
            return;
          case 'bind':
            return tryBind();
          case 'heartbeat':
            for (const one of links) one.heartbeat();
            return;
          case 'report-drops':
            for (const one of links) one.reportDrops();
            return;
        }
      },
      async postStop() {
        for (const one of links) await one.close();
      },
    };
  };
}
