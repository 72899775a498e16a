/**
 * What the actor sees of its transport, WS (ws-link.ts) or ZMQ (zmq-link.ts), and the bind
 * bookkeeping both share with it (the actor reports failures, the link records the port).
 */
import type { StreamHeader } from '../../events/headers.js';
import type { JsonObject } from '../../events/json.js';
import { describeError } from '../../errors/errors.js';
import type { Logger } from '../../log/logger.js';
import type { EventPublisherStatus } from './messages.js';

/** What the two links have in common, seen from the behaviour. */
export interface Link {
  readonly port: number | undefined;
  bind(): Promise<void>;
  publish(header: StreamHeader, body: JsonObject): void;
  heartbeat(): void;
  reportDrops(): void;
  status(): Pick<EventPublisherStatus, 'dropped' | 'refused' | 'unauthorized' | 'clients' | 'mainPort'>;
  close(): Promise<void>;
}

export class BindState {
  port: number | undefined = undefined;
  failures = 0;
  lastError = '';

  failed(log: Logger, what: string, error: unknown, retryMs: number): void {
    this.failures += 1;
    this.lastError = describeError(error);
    // The first failure and then one in 60: the retry goes on every second.
    const line = `cannot bind ${what} (attempt ${this.failures}, retried every ${retryMs} ms): ${this.lastError}`;
    if (this.failures === 1 || this.failures % 60 === 0) log.warn(line);
    else log.debug(line);
  }
}
