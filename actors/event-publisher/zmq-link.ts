/**
 * The ZMQ transport of the event publisher (`event_link = ZMQ`): a ZeroMQ PUB socket on
 * `event_port`, the `zeromq` addon loaded only when this link is configured.
 *
 * It sends the seven 0.19 headers only: a SUB socket filters by prefix (`''` for all, and
 * `process` would match `process_added`), so our extension headers would reach Python clients,
 * which log an unknown header as an error.
 */
import type * as ZeroMqModule from 'zeromq';
import { SupvisorsError, describeError } from '../../errors/errors.js';
import { isEventHeader, type StreamHeader } from '../../events/headers.js';
import { encodeEvent, zmqFrames, type EncodedEvent, type JsonObject } from '../../events/json.js';
import type { Logger } from '../../log/logger.js';
import type { BindState, Link } from './link.js';
import type { EventPublisherStatus } from './messages.js';
import type { EventPublisherOptions } from './options.js';

type ZeroMq = typeof ZeroMqModule;

/** How `zeromq` is imported: a parameter so that a test can make it fail. */
export type ZeroMqImporter = () => Promise<ZeroMq>;

const importZeroMq: ZeroMqImporter = () => import('zeromq');

/** Node's code when a package is not installed (ESM and CommonJS resolvers alike). */
function isMissingPackage(thrown: unknown): boolean {
  const code = thrown instanceof Error && 'code' in thrown ? thrown.code : undefined;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * The `zeromq` module, an optional dependency that only `event_link = ZMQ` needs: CONFIG_INVALID
 * naming the package to install when it is missing, or the addon's own error when it is there
 * but does not load (e.g. no build for this platform).
 */
export async function loadZeroMq(importer: ZeroMqImporter = importZeroMq): Promise<ZeroMq> {
  try {
    return await importer();
  } catch (thrown) {
    const message = isMissingPackage(thrown)
      ? 'event_link = ZMQ needs the optional package zeromq, which is not installed: npm install zeromq (or choose event_link = WS)'
      : `event_link = ZMQ needs the optional package zeromq, which is installed but cannot be loaded here: ${describeError(thrown)}`;
    throw new SupvisorsError('CONFIG_INVALID', message, { cause: thrown });
  }
}

export class ZmqLink implements Link {
  private dropped = 0;
  private lastSendError = '';

  constructor(
    private readonly socket: ZeroMqModule.Publisher,
    private readonly options: Pick<EventPublisherOptions, 'port' | 'host'>,
    private readonly log: Logger,
    private readonly bindState: BindState,
  ) {}

  get port(): number | undefined {
    return this.bindState.port;
  }

  async bind(): Promise<void> {
    if (this.bindState.port !== undefined || this.socket.closed) return;
    await this.socket.bind(`tcp://${this.options.host ?? '0.0.0.0'}:${this.options.port === 0 ? '*' : String(this.options.port)}`);
    const endpoint = this.socket.lastEndpoint ?? '';
    this.bindState.port = Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
    this.log.info(`ZeroMQ event publisher bound on ${endpoint}`);
  }

  publish(header: StreamHeader, body: JsonObject): void {
    if (!isEventHeader(header) || this.bindState.port === undefined || this.socket.closed) return;
    const event: EncodedEvent = encodeEvent(header, body);
    // A PUB socket never blocks (libzmq drops per subscriber at the high-water mark), so the
    // promise is settled at once; a refusal is counted, never awaited.
    this.socket.send(zmqFrames(event)).catch((thrown: unknown) => {
      this.dropped += 1;
      this.lastSendError = describeError(thrown);
    });
  }

  heartbeat(): void {
    // ZMTP has its own keep-alive.
  }

  reportDrops(): void {
    if (this.lastSendError === '') return;
    this.log.warn(`ZeroMQ sends refused: ${this.dropped} in total, the last one: ${this.lastSendError}`);
    this.lastSendError = '';
  }

  status(): Pick<EventPublisherStatus, 'dropped' | 'refused' | 'unauthorized' | 'clients' | 'mainPort'> {
    return { dropped: this.dropped, refused: 0, unauthorized: 0, clients: [], mainPort: false };
  }

  close(): Promise<void> {
    if (!this.socket.closed) this.socket.close();
    return Promise.resolve();
  }
}
