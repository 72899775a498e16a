import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';
import { ListenerParser, ListenerProtocolError, READY, RESULT_OK, type ListenerEnvelope } from '../supervisor/listener-protocol.js';

export interface ListenerSink {
  event(envelope: ListenerEnvelope): void;
  /** The stream went out of step or closed: whatever was in flight may be lost. */
  broken(reason: string): void;
  closed(): void;
}

/**
 * The runtime's side of supervisord's event listener protocol, on its stdin/stdout (supervisord
 * starts supvisorsd as an `[eventlistener:...]`). Each event is acknowledged as soon as it is
 * read, before it is handled, so supervisord never has to buffer (or drop) events for us.
 * Nothing else may ever be written to stdout.
 */
export class EventListener {
  private readonly parser = new ListenerParser();
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly sink: ListenerSink,
  ) {}

  start(): void {
    this.input.on('data', (chunk: Buffer) => this.receive(this.decoder.write(chunk)));
    this.input.on('end', () => this.sink.closed());
    this.input.on('error', (error) => this.sink.broken(`stdin: ${error.message}`));
    this.output.write(READY);
  }

  private receive(text: string): void {
    let envelopes: ListenerEnvelope[];
    try {
      envelopes = this.parser.feed(text);
    } catch (thrown) {
      if (!(thrown instanceof ListenerProtocolError)) throw thrown;
      // Out of step: acknowledge, start afresh with the next header, and resync from supervisord.
      this.parser.reset();
      this.output.write(`${RESULT_OK}${READY}`);
      this.sink.broken(thrown.message);
      return;
    }
    for (const envelope of envelopes) {
      this.output.write(`${RESULT_OK}${READY}`);
      this.sink.event(envelope);
    }
  }
}
