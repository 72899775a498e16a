import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a node, to break links the way networks do:
 * `freeze()` keeps every connection open but forwards nothing (a silent peer: no FIN, no RST),
 * `stall()` stops reading (the senders' socket buffers fill up: back-pressure), `cut()` closes
 * every connection, `thaw()` forwards again (for new connections: frozen ones
 * are stale and closed).
 */
export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket | undefined]>();
  private frozen = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new TcpProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.connect(client, targetPort));
    return proxy;
  }

  private connect(client: Socket, targetPort: number): void {
    client.on('error', () => undefined);
    if (this.frozen) {
      // A black hole: accepted, read and dropped.
      const pair: [Socket, Socket | undefined] = [client, undefined];
      this.pairs.add(pair);
      client.on('data', () => undefined);
      client.on('close', () => this.pairs.delete(pair));
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    upstream.on('error', () => undefined);
    const pair: [Socket, Socket | undefined] = [client, upstream];
    this.pairs.add(pair);
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (!this.frozen) to.write(chunk);
      });
      // While frozen, a close does not cross either: a partition carries no FIN.
      from.on('close', () => {
        if (this.frozen) return;
        this.pairs.delete(pair);
        to.destroy();
      });
    };
    forward(client, upstream);
    forward(upstream, client);
  }

  freeze(): void {
    this.frozen = true;
  }

  stall(): void {
    for (const [client, upstream] of this.pairs) {
      client.pause();
      upstream?.pause();
    }
  }

  thaw(): void {
    this.frozen = false;
    this.cut();
  }

  cut(): void {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream?.destroy();
    }
    this.pairs.clear();
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
