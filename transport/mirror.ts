/**
 * The mirror of one peer: an actor (`transport:<identifier>`) owning that peer's link. It
 * dials (when this node is the dialling side) and redials with bounded exponential backoff,
 * adopts the links that come up (dialled or accepted), and tells subscribers when the peer
 * comes up or goes down.
 *
 * The data path does not queue in its mailbox: a remote ref writes straight to the up link
 * (so that a full send queue or a down peer is answered synchronously to the sender), and
 * incoming frames go straight from the link to the local actors (inbound routing below). The
 * mirror decides the link's life; its mailbox carries the link's events.
 */
import { backoffDelay, type ActorFactory, type ActorRef, type ActorSystem, type Backoff } from '../actors/core/index.js';
import type { Message } from '../mailbox/mailbox.js';
import { localRef } from './local-ref.js';
import type { PeerAddress } from './options.js';
import { PeerLink, type DownReason, type Inbound, type LinkContext } from './peer-link.js';

/**
 * What subscribers are told. Each `peer-up` is the resync signal: whatever was in flight when
 * the previous link dropped is lost, so a subscriber rebuilds its view of that peer from
 * scratch. `restarted`: the peer's incarnation changed (its runtime restarted).
 */
export type PeerEvent =
  | { readonly type: 'peer-up'; readonly identifier: string; readonly incarnation: number; readonly restarted: boolean }
  | { readonly type: 'peer-down'; readonly identifier: string; readonly reason: DownReason; readonly detail: string };

export type MirrorMessage =
  | { readonly type: 'dial' }
  | { readonly type: 'link-up'; readonly link: PeerLink }
  | { readonly type: 'link-down'; readonly link: PeerLink; readonly reason: DownReason; readonly detail: string };

/** One peer as the transport knows it: written by its mirror, read by remote refs and diagnostics. */
export interface PeerRecord {
  readonly address: PeerAddress;
  readonly mirrorName: string;
  /** This node dials this peer: its identifier sorts before the peer's. */
  readonly dials: boolean;
  /** The link in use; undefined while the peer is down. */
  link: PeerLink | undefined;
  /** A dial in progress. */
  attempt: PeerLink | undefined;
  /** The peer's last incarnation seen, 0 before any. */
  incarnation: number;
  ups: number;
  failedAttempts: number;
  lastDown: { reason: DownReason; detail: string; at: number } | undefined;
  /** Epoch ms of the last up or down. */
  since: number;
}

export interface MirrorDeps {
  readonly record: PeerRecord;
  readonly url: string;
  readonly backoff: Backoff;
  /** The link context but its events, which the mirror sets. */
  readonly link: Omit<LinkContext, 'events' | 'log'>;
  readonly publish: (event: PeerEvent) => void;
}

/** Incoming data and asks, delivered to the local actors by name. */
export function localInbound(system: ActorSystem): Inbound {
  return {
    data: (to, message) => void system.tellByName(to, message),
    ask: (to, message, replyField, timeoutMs) =>
      localRef<Message>(system, to).ask<unknown>((replyTo) => Object.assign({}, message, { [replyField]: replyTo }), timeoutMs),
    lateReply: (peer) => system.deadLetters.record(`reply@${peer}`, { type: 'reply' }, 'late-reply'),
  };
}

/**
 * Tells a link's events to the mirror of its peer, while `active` says so: links closed by a
 * stopping mirror or transport have nobody left to tell (no dead letters at every shutdown).
 */
export function mirrorEvents(mirror: (link: PeerLink) => ActorRef<MirrorMessage> | undefined, active: () => boolean): LinkContext['events'] {
  return {
    up: (link) => {
      if (!active()) return;
      const target = mirror(link);
      if (target === undefined || target.tell({ type: 'link-up', link }) !== 'delivered') link.close('no mirror for this peer');
    },
    down: (link, reason, detail) => {
      if (active()) mirror(link)?.tell({ type: 'link-down', link, reason, detail });
    },
  };
}

/**
 * The delay before redialling a peer. A dial refused by the peer's host (nobody listens at its
 * port: its runtime is starting or restarting) costs the peer nothing and says it may listen any
 * moment: redialled after the minimum delay, so that a peer starting is linked within that delay
 * of listening. Other failures (no answer, a failed handshake) back off exponentially up to the
 * maximum, `unanswered` being how many of them came in a row before this one (refusals not
 * counted: a peer that has just started listening is not redialled 2 s later for having been
 * refused before).
 */
export function redialDelay(backoff: Backoff, unanswered: number, refusedByHost: boolean): number {
  return refusedByHost ? backoff.minMs : backoffDelay(backoff, unanswered);
}

export function mirrorFactory(deps: MirrorDeps): ActorFactory<MirrorMessage> {
  return (context) => {
    const { record } = deps;
    const identifier = record.address.identifier;
    let stopped = false;
    const linkContext: LinkContext = {
      ...deps.link,
      events: mirrorEvents(() => context.self, () => !stopped),
      log: context.log,
    };
    /** Failed dials in a row (is the failure worth an info line?), and those not refused by the host (the backoff exponent). */
    let failures = 0;
    let unanswered = 0;
    let authReported = false;

    const dialLater = (refusedByHost: boolean): void => {
      context.timers.once('dial', redialDelay(deps.backoff, unanswered, refusedByHost), { type: 'dial' });
      failures += 1;
      if (!refusedByHost) unanswered += 1;
    };

    const down = (reason: DownReason, detail: string): void => {
      record.lastDown = { reason, detail, at: Date.now() };
      record.since = Date.now();
      deps.publish({ type: 'peer-down', identifier, reason, detail });
    };

    const adopt = (link: PeerLink): void => {
      const peer = link.peer;
      // A link that already went down: its link-down follows and is handled there.
      if (link.state !== 'up' || peer === undefined) return;
      const previous = record.link;
      // A live link is never replaced: the new one is closed instead. The handshake already
      // refuses a connection claiming a linked peer (peer-link.ts); this catches two that
      // completed at the same time. A previous link that went down (its peer restarted, its
      // socket closed) is replaced; its link-down, coming later, then matches nothing.
      if (previous !== undefined && previous !== link && previous.state === 'up') {
        context.log.warn(`a second link claiming ${identifier} (${link.role === 'dial' ? 'dialled' : `from ${link.remote}`}) closed: the link in use is up`);
        if (record.attempt === link) record.attempt = undefined;
        link.close(`${identifier} is already linked to this node`);
        return;
      }
      if (record.attempt !== link) record.attempt?.close('a link from the peer came up first');
      record.attempt = undefined;
      if (previous !== undefined) {
        record.link = undefined;
        previous.close('replaced by a new link');
        down('closed', 'replaced by a new link');
      }
      const restarted = record.incarnation !== 0 && record.incarnation !== peer.incarnation;
      record.link = link;
      record.incarnation = peer.incarnation;
      record.ups += 1;
      record.since = Date.now();
      failures = 0;
      unanswered = 0;
      authReported = false;
      context.log.info(`link to ${identifier} up (${link.role === 'dial' ? 'dialled' : 'accepted'}, incarnation ${peer.incarnation}${restarted ? ', restarted' : ''})`);
      deps.publish({ type: 'peer-up', identifier, incarnation: peer.incarnation, restarted });
    };

    const attemptFailed = (link: PeerLink, reason: DownReason, detail: string): void => {
      record.attempt = undefined;
      record.failedAttempts += 1;
      if (reason === 'auth' && !authReported) {
        authReported = true;
        context.log.warn(`cannot authenticate with ${identifier}: ${detail}`);
        down(reason, detail);
      } else if (failures === 0) {
        context.log.info(`cannot reach ${identifier} at ${deps.url}: ${detail} (retrying, every ${deps.backoff.minMs} ms while refused, else up to every ${deps.backoff.maxMs} ms)`);
      }
      dialLater(link.refusedByHost);
    };

    const lost = (reason: DownReason, detail: string): void => {
      record.link = undefined;
      const line = `link to ${identifier} down (${reason}): ${detail}`;
      if (reason === 'closed') context.log.info(line);
      else context.log.warn(line);
      down(reason, detail);
      if (record.dials) dialLater(false);
    };

    if (record.dials) context.self.tell({ type: 'dial' });
    return {
      receive(message) {
        switch (message.type) {
          case 'dial':
            if (record.link === undefined && record.attempt === undefined) record.attempt = PeerLink.dial(deps.url, identifier, linkContext);
            return;
          case 'link-up':
            adopt(message.link);
            return;
          case 'link-down':
            if (message.link === record.attempt) attemptFailed(message.link, message.reason, message.detail);
            else if (message.link === record.link) lost(message.reason, message.detail);
            return;
        }
      },
      postStop() {
        stopped = true;
        record.attempt?.close('this node is stopping');
        record.attempt = undefined;
        record.link?.close('this node is stopping');
        record.link = undefined;
      },
    };
  };
}
