/**
 * Ordering of one direction of a link: data, ask and reply frames are numbered 1, 2, 3... by
 * the sender. Over one websocket nothing should ever be lost or reordered, so any other number
 * means the two sides disagree on what was delivered: the link is out of step, it is closed and
 * the peer's state must be resynchronised from scratch (a new link starts again at 1).
 */
export type SequenceCheck = { readonly ok: true } | { readonly ok: false; readonly detail: string };

const IN_STEP: SequenceCheck = { ok: true };

export function checkSequence(expected: number, received: number): SequenceCheck {
  if (received === expected) return IN_STEP;
  return {
    ok: false,
    detail:
      received > expected
        ? `sequence gap: expected frame ${expected}, got ${received} (${received - expected} missing)`
        : `sequence went back: expected frame ${expected}, got ${received} (duplicate or reordered)`,
  };
}
