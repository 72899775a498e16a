/**
 * Supervisor's event listener protocol (supervisor/process.py, EventListenerPool), as a pure
 * parser. supervisord writes to the listener's stdin a header line
 *   `ver:3.0 server:NAME serial:N pool:NAME poolserial:N eventname:NAME len:N\n`
 * followed by exactly `len` characters of payload (Python's len() of a str: characters, not
 * bytes). The listener answers on stdout: `READY\n` when it can take an event, and
 * `RESULT 2\nOK` (or `RESULT 4\nFAIL` to have the event buffered again) once it has one.
 */
export const READY = 'READY\n';
export const RESULT_OK = 'RESULT 2\nOK';

export interface ListenerEnvelope {
  readonly eventName: string;
  /** Global serial of the event in supervisord (shared by all event types). */
  readonly serial: number;
  /** Serial of the event in this listener's pool: consecutive unless supervisord dropped some. */
  readonly poolSerial: number;
  readonly pool: string;
  readonly server: string;
  readonly payload: string;
}

/** `key:value key:value` tokens, as in headers and process-state payloads. */
export function parseTokens(text: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const token of text.trim().split(/\s+/)) {
    const colon = token.indexOf(':');
    if (colon > 0) tokens.set(token.slice(0, colon), token.slice(colon + 1));
  }
  return tokens;
}

export class ListenerProtocolError extends Error {
  override readonly name = 'ListenerProtocolError';
}

/**
 * Incremental parser: feed it decoded text as it arrives, get complete envelopes back. A header
 * it cannot read throws ListenerProtocolError (the stream is then out of step: the caller must
 * resynchronise from supervisord's own state).
 */
export class ListenerParser {
  private buffer = '';
  private pending: { header: Map<string, string>; length: number } | undefined;

  /** Forgets any partial input (after a protocol error). */
  reset(): void {
    this.buffer = '';
    this.pending = undefined;
  }

  feed(text: string): ListenerEnvelope[] {
    this.buffer += text;
    const envelopes: ListenerEnvelope[] = [];
    for (;;) {
      if (this.pending === undefined) {
        const newline = this.buffer.indexOf('\n');
        if (newline < 0) {
          if (this.buffer.length > 4096) throw new ListenerProtocolError(`header line too long: ${this.buffer.slice(0, 80)}…`);
          break;
        }
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        const header = parseTokens(line);
        const length = Number(header.get('len'));
        if (!header.has('eventname') || !Number.isInteger(length) || length < 0) {
          throw new ListenerProtocolError(`not an event header: ${JSON.stringify(line.slice(0, 200))}`);
        }
        this.pending = { header, length };
      }
      if (this.buffer.length < this.pending.length) break;
      const { header, length } = this.pending;
      envelopes.push({
        eventName: header.get('eventname') ?? '',
        serial: Number(header.get('serial') ?? -1),
        poolSerial: Number(header.get('poolserial') ?? -1),
        pool: header.get('pool') ?? '',
        server: header.get('server') ?? '',
        payload: this.buffer.slice(0, length),
      });
      this.buffer = this.buffer.slice(length);
      this.pending = undefined;
    }
    return envelopes;
  }
}
