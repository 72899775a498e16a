/**
 * The result shape of the cluster decisions that can refuse: either a value or a typed error
 * (a plain object with a `kind` to switch on and a `message` a human reads). Nothing in
 * `cluster/` throws for an expected refusal.
 */
export type Outcome<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function success<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function failure<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
