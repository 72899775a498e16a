/**
 * "No usable answer", as opposed to "the server said no" (client/faults.ts): every error the
 * client raises besides a fault is a ClientError naming the method called.
 */
export class ClientError extends Error {
  constructor(
    readonly method: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${method}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/** No answer: refused, reset, closed, unknown host, TLS refused. `attempts` counts the retries too. */
export class ClientConnectionError extends ClientError {
  constructor(
    method: string,
    message: string,
    readonly attempts: number,
    options: { cause?: unknown } = {},
  ) {
    super(method, attempts > 1 ? `${message} (${attempts} attempts)` : message, options);
  }
}

/** No answer within `timeoutMs`; never retried: the server may still be doing it. */
export class ClientTimeoutError extends ClientError {
  constructor(
    method: string,
    message: string,
    readonly timeoutMs: number,
  ) {
    super(method, message);
  }
}

/** An HTTP status other than 200: 401 for wrong or missing credentials. */
export class ClientHttpError extends ClientError {
  constructor(
    method: string,
    message: string,
    readonly status: number,
  ) {
    super(method, message);
  }
}

/** An answer that is not a readable XML-RPC methodResponse. */
export class ClientProtocolError extends ClientError {}

/** Refused before sending: a parameter count the contract does not allow, a value XML-RPC cannot carry, a method not in the contract. */
export class ClientParamsError extends ClientError {}

/**
 * A result that does not match the method's result schema (contract/): the server deviates from
 * the contract, or the contract is wrong. `path` is the JSON pointer of the first mismatch.
 */
export class UnexpectedResultError extends ClientError {
  constructor(
    method: string,
    readonly path: string,
    readonly reason: string,
    readonly result: unknown,
  ) {
    super(method, `unexpected result at ${path === '' ? '/' : path}: ${reason}`);
  }
}
