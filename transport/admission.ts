/**
 * Which connections on /peer may take a handshake slot, as pure functions.
 *
 * Before authentication a connection is untrusted: anyone reaching the port can open one. Slots
 * are bounded in total and per source address, so one source cannot take them all; a
 * connection that has not even sent its hello is worth nothing yet, so when a source is at its
 * limit, or when every slot is taken and a configured peer's address knocks, the oldest such
 * idle connection gives its slot up (it is closed) rather than the newcomer being refused. A
 * real peer sends its hello at once (one round trip after the upgrade), so it is past that point
 * before a flood can push it out, and then only the pre-auth deadline ends its slot.
 */

/** One connection holding a slot. */
export interface PendingSlot {
  /** The source address (IP, without an IPv4-mapped prefix). */
  readonly address: string;
  /** When the slot was taken (performance.now(), ms). */
  readonly openedAt: number;
  /** No hello received yet. */
  readonly awaitingHello: boolean;
}

export interface AdmissionLimits {
  /** Connections authenticating at once, all sources. */
  readonly maxPending: number;
  /** Connections authenticating at once from one source address. */
  readonly maxPendingPerAddress: number;
}

export type Admission<S extends PendingSlot> =
  | { readonly admit: true; readonly evict?: S }
  | { readonly admit: false; readonly reason: string };

function oldestIdle<S extends PendingSlot>(slots: readonly S[]): S | undefined {
  let oldest: S | undefined;
  for (const slot of slots) {
    if (slot.awaitingHello && (oldest === undefined || slot.openedAt < oldest.openedAt)) oldest = slot;
  }
  return oldest;
}

/**
 * Whether a new connection from `address` gets a slot, and which idle connection (if any) is
 * closed to make room. `peersAt` counts the configured peers at an address (0: a stranger's):
 * only a peer's address may push out another source's idle connection when every slot is taken
 * (a stranger is refused instead), and it pushes out strangers first. An address shared by
 * several peers (several instances on one host, a cluster on loopback) gets a slot more per peer
 * beyond the per-address limit: those peers may all dial at once, when this node starts.
 */
export function admit<S extends PendingSlot>(
  pending: readonly S[],
  address: string,
  limits: AdmissionLimits,
  peersAt: (address: string) => number,
): Admission<S> {
  const isPeerAddress = (one: string): boolean => peersAt(one) > 0;
  const fromSame = pending.filter((slot) => slot.address === address);
  if (fromSame.length >= limits.maxPendingPerAddress + peersAt(address)) {
    const evict = oldestIdle(fromSame);
    return evict === undefined ? { admit: false, reason: `${fromSame.length} connections from ${address} already authenticating` } : { admit: true, evict };
  }
  if (pending.length < limits.maxPending) return { admit: true };
  const busy = { admit: false, reason: `${pending.length} connections already authenticating` } as const;
  if (!isPeerAddress(address)) return busy;
  const evict = oldestIdle(pending.filter((slot) => !isPeerAddress(slot.address))) ?? oldestIdle(pending);
  return evict === undefined ? busy : { admit: true, evict };
}

/** The source address as compared above: `::ffff:10.0.0.1` and `10.0.0.1` are one source. */
export function sourceAddress(remoteAddress: string | undefined): string {
  const address = remoteAddress ?? '';
  return address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Why a connection was refused, as a bounded set chosen by the code (never by the input): the
 * kinds of the rate-limited refusal log, so that a flood of one kind costs a few lines and still
 * leaves room for the others.
 */
export type RefusalKind =
  | 'busy'
  | 'evicted'
  | 'forbidden'
  | 'bad upgrade'
  | 'timeout'
  | 'oversized'
  | 'malformed'
  | 'out of order'
  | 'unknown identifier'
  | 'incompatible'
  | 'impersonation'
  | 'wrong secret';
