/**
 * A runtime crash is not a node loss (docs/cluster.md, "Runtime crash or node loss").
 *
 * supvisorsd runs beside supervisord: when a peer's runtime dies (kill -9, a crash), its
 * supervisord and every program it runs stay alive, and supervisord respawns the runtime within
 * about a second. Seen from the other instances, that link loss looks exactly like the loss of
 * the whole node. So before the processes of a lost instance are declared lost (which hands them
 * to the running-failure strategies and to the next DISTRIBUTION), each instance asks the lost
 * instance's supervisord directly, at the address and PID that instance gave in its handshake:
 *
 * - the same supervisord (same PID) answers RUNNING → **hold**: the instance is FAILED (never a
 *   placement target), but its processes keep the states they had; supervisord is asked again
 *   every `reprobeMs` until the runtime rejoins (its fresh process list then replaces the held
 *   one) or supervisord stops answering;
 * - no answer within the probe timeout, a refused connection, another PID, any other
 *   supervisord state (RESTARTING, SHUTDOWN: it is stopping its programs) → **gone**: the
 *   processes are lost now, as before;
 * - no supervisord address known (a peer that gave none, or one only reachable on its own
 *   loopback while it is on another host) → **gone** at once: today's failover, unchanged.
 *
 * Pure decisions on plain data; the state machine keeps the records, the tracker probes.
 */
import { isLoopbackIPv4 } from './instances.js';

/** Where a runtime's supervisord answers XML-RPC, and which supervisord it is. */
export interface SupervisorAddress {
  readonly host: string;
  readonly port: number;
  /** supervisord's PID when the runtime started: a respawned supervisord has restarted every program. */
  readonly pid: number;
}

/** What a probe found. */
export type ProbeOutcome =
  | { readonly alive: true }
  | { readonly alive: false; readonly detail: string };

export interface Hold {
  readonly address: SupervisorAddress;
  /** Monotonic ms of the loss. */
  readonly since: number;
  /** Monotonic ms of the last probe sent. */
  readonly probedAt: number;
  /** A probe is in flight. */
  readonly probing: boolean;
  /** The last answer said alive (false until the first answer). */
  readonly confirmed: boolean;
}

export type LossDecision =
  | { readonly kind: 'gone'; readonly detail: string }
  | { readonly kind: 'probe'; readonly hold: Hold };

/** 127.0.0.0/8, ::1 and `localhost`: such an address means "this machine", whoever reads it. */
function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || isLoopbackIPv4(host);
}

/**
 * The address to probe for a peer: its advertised one, unless that is a loopback address while
 * the peer itself is not on loopback (it would reach this machine's supervisord, not the peer's).
 */
export function probeAddress(advertised: SupervisorAddress | undefined, peerHost: string): SupervisorAddress | undefined {
  if (advertised === undefined || advertised.pid <= 0) return undefined;
  if (isLoopbackHost(advertised.host) && !isLoopbackHost(peerHost)) return undefined;
  return advertised;
}

/** A RUNNING (or CHECKED) peer was just lost: probe its supervisord, or declare its processes lost. */
export function onRuntimeLoss(address: SupervisorAddress | undefined, nowMs: number): LossDecision {
  if (address === undefined) return { kind: 'gone', detail: 'no supervisord address to ask' };
  return { kind: 'probe', hold: { address, since: nowMs, probedAt: nowMs, probing: true, confirmed: false } };
}

/** A probe answered. */
export function onProbeOutcome(hold: Hold, outcome: ProbeOutcome): LossDecision {
  if (!outcome.alive) return { kind: 'gone', detail: outcome.detail };
  return { kind: 'probe', hold: { ...hold, probing: false, confirmed: true } };
}

/** The holds to probe again now (none in flight, the last one at least `reprobeMs` ago), marked as probed now. */
export function dueProbes(holds: ReadonlyMap<string, Hold>, nowMs: number, reprobeMs: number): [string, Hold][] {
  return [...holds].filter(([, hold]) => !hold.probing && nowMs - hold.probedAt >= reprobeMs).map(([identifier, hold]) => [identifier, { ...hold, probing: true, probedAt: nowMs }]);
}

/** supervisord's answer to getState + getPID, judged against the address the runtime gave. */
export function judgeProbe(expectedPid: number, answer: { readonly statename: string; readonly pid: number }): ProbeOutcome {
  if (answer.pid !== expectedPid) return { alive: false, detail: `supervisord restarted (pid ${answer.pid}, was ${expectedPid})` };
  if (answer.statename !== 'RUNNING') return { alive: false, detail: `supervisord is ${answer.statename}` };
  return { alive: true };
}
