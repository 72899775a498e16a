/**
 * The discovery actor (discovery mode, protocol.md §8): present only when `multicast_group` is
 * set. Every round (heartbeat_period) it multicasts this instance's announcement; every
 * datagram received is decoded and, when valid and not our own, given to the state machine as
 * a `discovered` instance (which decides whether it is new). Bad datagrams are counted and
 * logged, never fatal. The socket is reopened when the actor restarts after a failure.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { ActorFactory, ActorRef } from '../core/index.js';
import { describeError } from '../../errors/errors.js';
import type { StateMachineMessage } from '../state-machine/messages.js';
import { decodeDatagram, encodeDatagram, type Announcement } from './datagram.js';

export const DISCOVERY = 'discovery';

export type DiscoveryMessage =
  | { readonly type: 'announce' }
  | { readonly type: 'datagram'; readonly data: Buffer; readonly from: RemoteInfo }
  | { readonly type: 'socket-error'; readonly error: string };

export interface DiscoveryDeps {
  readonly group: { readonly address: string; readonly port: number };
  /** Local IPv4 address of the interface to use; undefined: the system's choice. */
  readonly interfaceAddress: string | undefined;
  readonly ttl: number;
  readonly periodMs: number;
  readonly announcement: Announcement;
  readonly stateMachine: ActorRef<StateMachineMessage>;
}

export function discoveryActor(deps: DiscoveryDeps): ActorFactory<DiscoveryMessage> {
  return async (context) => {
    const { group, interfaceAddress, announcement, stateMachine } = deps;
    const log = context.log;
    const datagram = encodeDatagram(announcement);
    let refused = 0;
    const socket: Socket = createSocket({ type: 'udp4', reuseAddr: true });
    socket.on('message', (data, from) => context.self.tell({ type: 'datagram', data, from }));
    socket.on('error', (error) => context.self.tell({ type: 'socket-error', error: error.message }));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(group.port, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.addMembership(group.address, interfaceAddress);
    if (interfaceAddress !== undefined) socket.setMulticastInterface(interfaceAddress);
    socket.setMulticastTTL(deps.ttl);
    log.info(`discovery on ${group.address}:${group.port} (interface ${interfaceAddress ?? 'any'}, ttl ${deps.ttl})`);
    context.timers.every('announce', deps.periodMs, { type: 'announce' });
    context.self.tell({ type: 'announce' });

    return {
      receive(message) {
        switch (message.type) {
          case 'announce':
            socket.send(datagram, group.port, group.address, (error) => {
              if (error !== null && error !== undefined) log.debug(`discovery datagram not sent: ${describeError(error)}`);
            });
            return;
          case 'datagram': {
            const decoded = decodeDatagram(message.data, message.from.address);
            if (!decoded.ok) {
              refused += 1;
              // the first one, then one in a hundred: a flood of garbage must not flood the log
              if (refused % 100 === 1) log.warn(`discovery datagram from ${message.from.address}:${message.from.port} refused (${refused} so far): ${decoded.error}`);
              return;
            }
            if (decoded.value.identifier === announcement.identifier) return;
            stateMachine.tell({ type: 'discovered', instance: decoded.value });
            return;
          }
          case 'socket-error':
            throw new Error(`discovery socket: ${message.error}`);
        }
      },
      postStop() {
        socket.close();
      },
    };
  };
}
