/**
 * Who gets a subscriber slot of the WS event publisher: a pure decision, taken after the
 * authentication (http/basic-auth.ts accessOf), so a client refused with 401 never holds
 * or even counts against a slot.
 *
 * Limits, so that no kind of client can lock the others out:
 * - `maxClients` in all (256);
 * - `maxPerAddress` from one remote address (64): one host, authenticated or not, leaves room
 *   for the others;
 * - anonymous clients (on an `event_port_open` event port while credentials are configured)
 *   hold at most `maxClients - reservedForAuthenticated` slots (192): a flood of anonymous
 *   subscribers leaves 64 for the clients that authenticated.
 */
import type { Access } from '../../http/basic-auth.js';

export interface SlotLimits {
  readonly maxClients: number;
  readonly maxPerAddress: number;
  readonly reservedForAuthenticated: number;
}

export const DEFAULT_SLOT_LIMITS: SlotLimits = { maxClients: 256, maxPerAddress: 64, reservedForAuthenticated: 64 };

/** The clients being served now. */
export interface SlotCounts {
  readonly total: number;
  /** From the same remote address as the newcomer. */
  readonly fromAddress: number;
  /** Served without credentials although credentials are configured. */
  readonly anonymous: number;
}

/** Undefined when the newcomer gets a slot; else why not (answered 503). */
export function slotRefusal(counts: SlotCounts, access: Exclude<Access, 'missing' | 'wrong'>, limits: SlotLimits): string | undefined {
  if (counts.total >= limits.maxClients) return `${counts.total} clients already`;
  if (counts.fromAddress >= limits.maxPerAddress) return `${counts.fromAddress} clients from this address already`;
  const anonymousSlots = Math.max(0, limits.maxClients - limits.reservedForAuthenticated);
  if (access === 'anonymous' && counts.anonymous >= anonymousSlots) {
    return `${counts.anonymous} anonymous clients already (the other ${limits.maxClients - anonymousSlots} slots are kept for authenticated subscribers)`;
  }
  return undefined;
}
