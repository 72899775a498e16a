/**
 * Test nodes: each an ActorSystem with its own HttpServer (127.0.0.1, port 0) and Transport,
 * an echo actor, and a watcher actor recording the peer events it is told.
 */
import { performance } from 'node:perf_hooks';
import { ActorSystem, type ReplyTo } from '../../actors/core/index.js';
import { HttpServer } from '../../http/http-server.js';
import { SupvisorsError } from '../../errors/errors.js';
import { Transport, type PeerAddress, type PeerEvent, type PeerSecret, type TransportOptions } from '../../transport/index.js';
import { memoryLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/wait.js';

export const SECRET: PeerSecret = { mode: 'secret', key: Buffer.from('correct horse battery staple') };

export type EchoMessage =
  | { readonly type: 'echo'; readonly text: string; readonly replyTo: ReplyTo<string> }
  | { readonly type: 'record'; readonly n: number }
  | { readonly type: 'count'; readonly replyTo: ReplyTo<number[]> }
  | { readonly type: 'throw'; readonly replyTo: ReplyTo<string> }
  | { readonly type: 'refuse'; readonly replyTo: ReplyTo<string> }
  | { readonly type: 'ignore'; readonly replyTo: ReplyTo<string> }
  | { readonly type: 'date'; readonly replyTo: ReplyTo<Date> };

export interface TestNode {
  readonly identifier: string;
  readonly system: ActorSystem;
  readonly http: HttpServer;
  readonly port: number;
  /** The log lines of this node. */
  readonly lines: string[];
  /** What the echo actor received with `record`, in order. */
  readonly recorded: number[];
  /** Peer events told to the watcher, and when each came (performance.now()). */
  readonly events: PeerEvent[];
  readonly eventTimes: number[];
  transport: Transport;
}

/** A node listening, without its transport yet (its peers' ports are needed first). */
export async function listeningNode(identifier: string, port = 0): Promise<Omit<TestNode, 'transport'>> {
  const { logger, lines } = memoryLogger('debug');
  const system = new ActorSystem({ node: identifier, logger });
  const http = new HttpServer([], logger);
  const bound = await http.listen(port, '127.0.0.1');
  const recorded: number[] = [];
  const events: PeerEvent[] = [];
  const eventTimes: number[] = [];
  system.spawn<EchoMessage>('echo', () => ({
    receive(message) {
      switch (message.type) {
        case 'echo':
          message.replyTo.reply(`${identifier}:${message.text}`);
          return;
        case 'record':
          recorded.push(message.n);
          return;
        case 'count':
          message.replyTo.reply([...recorded]);
          return;
        case 'throw':
          throw new Error('echo was told to throw');
        case 'refuse':
          message.replyTo.fail(new SupvisorsError('BAD_ARGUMENTS', 'refused on purpose'));
          return;
        case 'ignore':
          return;
        case 'date':
          message.replyTo.reply(new Date(0));
          return;
      }
    },
  }));
  system.spawn<PeerEvent>('watcher', () => ({
    receive(event) {
      events.push(event);
      eventTimes.push(performance.now());
    },
  }));
  return { identifier, system, http, port: bound, lines, recorded, events, eventTimes };
}

export function startTransport(
  node: Omit<TestNode, 'transport'>,
  peers: readonly PeerAddress[],
  options: Partial<TransportOptions> = {},
): TestNode {
  const transport = new Transport(node.system, node.http, {
    identifier: node.identifier,
    peers,
    listenHost: '127.0.0.1',
    secret: SECRET,
    ...options,
  });
  const watcher = node.system.lookup<PeerEvent>({ name: 'watcher' });
  if (watcher !== undefined) transport.subscribe(watcher);
  return Object.assign(node, { transport });
}

/** Nodes that all know each other, on 127.0.0.1. */
export async function startCluster(identifiers: readonly string[], options: Partial<TransportOptions> = {}): Promise<TestNode[]> {
  const nodes = await Promise.all(identifiers.map((identifier) => listeningNode(identifier)));
  const peers = nodes.map((node) => ({ identifier: node.identifier, host: '127.0.0.1', port: node.port }));
  return nodes.map((node) => startTransport(node, peers, options));
}

export async function stopNode(node: TestNode): Promise<void> {
  await node.transport.close();
  await node.system.shutdown();
  await node.http.close();
}

export function waitUp(node: TestNode, peer: string, timeoutMs = 5000): Promise<void> {
  return waitFor(`${node.identifier} to see ${peer} up`, () => node.transport.isUp(peer), { timeoutMs });
}

/** Waits for a peer event of `type` about `peer` beyond the first `after` events; gives it and when it came. */
export async function waitEvent<T extends PeerEvent['type']>(
  node: TestNode,
  type: T,
  peer: string,
  after = 0,
  timeoutMs = 5000,
): Promise<{ event: Extract<PeerEvent, { type: T }>; at: number }> {
  let index = -1;
  await waitFor(
    `${node.identifier} to get ${type} about ${peer}`,
    () => {
      index = node.events.findIndex((event, position) => position >= after && event.type === type && event.identifier === peer);
      return index >= 0;
    },
    { timeoutMs, intervalMs: 2 },
  );
  return { event: node.events[index] as Extract<PeerEvent, { type: T }>, at: node.eventTimes[index] };
}

/** For an afterEach hook: prints the nodes' logs when the test failed, to diagnose it. */
export function dumpLogsOnFailure(test: Mocha.Test | undefined, nodes: readonly TestNode[]): void {
  if (test?.state !== 'failed') return;
  for (const node of nodes) console.log(`--- log of ${node.identifier}\n${node.lines.slice(-60).join('')}`);
}
