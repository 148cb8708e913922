import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy in front of the database, so a test can make the database unreachable
 * (and bring it back) whatever engine the run uses, without stopping the shared server.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Client and upstream of each open connection, to stall and resume them. */
  private readonly pairs = new Set<[Socket, Socket]>();
  private stalled = false;
  private port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  static forMongoUri(uri: string): TcpProxy {
    const match = /^mongodb:\/\/(?:[^@/]+@)?([^:/,]+):(\d+)/.exec(uri);
    if (!match) throw new Error('the proxy needs a single-host mongodb:// URI');
    return new TcpProxy({ host: match[1]!, port: Number(match[2]) });
  }

  /** The same URI, pointed at the proxy. */
  uri(original: string): string {
    return (
      original.replace(/^(mongodb:\/\/(?:[^@/]+@)?)[^:/,]+:\d+/, `$1127.0.0.1:${this.port}`) +
      (original.includes('?') ? '&directConnection=true' : '?directConnection=true')
    );
  }

  /** The port it listens on (kept across stop() and start()). */
  get listeningPort(): number {
    return this.port;
  }

  /** Listens (again, on the same port after stop()): the database is reachable. */
  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      client.on('close', () => this.pairs.delete(pair));
      if (this.stalled) pause(pair);
      else flow(pair);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /**
   * The database stalls: connections stay open (and new ones are accepted) but no byte goes
   * either way, as with a server that hangs or a network that drops packets silently.
   */
  stall(): void {
    this.stalled = true;
    for (const pair of this.pairs) pause(pair);
  }

  /** The stalled database answers again: what was held back flows on. */
  resume(): void {
    this.stalled = false;
    for (const pair of this.pairs) flow(pair);
  }

  /** Cuts every connection and stops listening: the database is gone. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = undefined;
  }
}

function flow([client, upstream]: [Socket, Socket]): void {
  client.pipe(upstream);
  upstream.pipe(client);
  client.resume();
  upstream.resume();
}

function pause([client, upstream]: [Socket, Socket]): void {
  client.unpipe(upstream);
  upstream.unpipe(client);
  client.pause();
  upstream.pause();
}
