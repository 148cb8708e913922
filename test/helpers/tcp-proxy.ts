import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy in front of the database, so a test can make the database unreachable
 * (and bring it back) whatever engine the run uses, without stopping the shared server.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
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

  /** Listens (again, on the same port after stop()): the database is reachable. */
  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
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
