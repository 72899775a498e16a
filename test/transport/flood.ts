/**
 * Untrusted traffic on a node's /peer, for tests: sockets that never say hello, and sockets
 * that send one big binary message before any hello. Each socket is opened again `reopenMs`
 * after it closes (the server refused, evicted or timed it out), so the flood keeps its size
 * for as long as it runs. `stop()` closes everything and waits (bounded) until all is closed.
 */
import { WebSocket } from 'ws';
import { waitFor } from '../helpers/wait.js';

export interface FloodOptions {
  /** Sockets that open and say nothing. */
  readonly idle: number;
  /** Sockets that send one message of `bigBytes` right after opening. */
  readonly big: number;
  readonly bigBytes: number;
  /** Delay before a closed socket is opened again. */
  readonly reopenMs: number;
  /** Delay before a big socket is opened again (sending megabytes costs the test too). */
  readonly bigReopenMs?: number;
}

export interface FloodFigures {
  /** Websockets opened (the upgrade was accepted). */
  opened: number;
  /** Upgrades refused by the server (HTTP 503 or other). */
  refused: number;
  /** Big messages sent. */
  bigSent: number;
}

export class PeerFlood {
  readonly figures: FloodFigures = { opened: 0, refused: 0, bigSent: 0 };
  private running = false;
  private readonly sockets = new Set<WebSocket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly payload: Buffer;

  constructor(
    private readonly url: string,
    private readonly options: FloodOptions,
  ) {
    this.payload = Buffer.alloc(options.bigBytes, 0x91);
  }

  start(): void {
    this.running = true;
    for (let index = 0; index < this.options.idle; index += 1) this.open(false);
    for (let index = 0; index < this.options.big; index += 1) this.open(true);
  }

  private open(big: boolean): void {
    if (!this.running) return;
    // A zero mask: ws then skips masking, so that sending megabytes costs the test little.
    const socket = new WebSocket(this.url, { perMessageDeflate: false, generateMask: (mask) => void mask.fill(0) });
    this.sockets.add(socket);
    socket.on('upgrade', () => (this.figures.opened += 1));
    socket.on('unexpected-response', (request) => {
      this.figures.refused += 1;
      request.destroy();
      socket.terminate();
    });
    socket.on('open', () => {
      if (!big) return;
      socket.send(this.payload, { binary: true });
      this.figures.bigSent += 1;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (!this.running) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.open(big);
      }, big ? (this.options.bigReopenMs ?? this.options.reopenMs) : this.options.reopenMs);
      this.timers.add(timer);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.terminate();
    await waitFor('the flood sockets to close', () => this.sockets.size === 0, { timeoutMs: 5000, intervalMs: 10 });
  }
}
