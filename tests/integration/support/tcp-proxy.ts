import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy the tests put between a process and PostgreSQL or Redis. `stop()` is what a client
 * sees of a server that went down (open connections reset, new ones refused); `start()` is the
 * server coming back on the same port. The real server is left alone, so other test files
 * sharing it are not disturbed.
 */
export class TcpFaultProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private portNumber = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly host = '127.0.0.1',
  ) {}

  get port(): number {
    return this.portNumber;
  }

  /** Listens (again) on the proxy's port; the first start picks a free one. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.portNumber, this.host, () => resolve());
    });
    this.portNumber = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Resets every open connection and refuses new ones until `start()`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** `url` with its host and port replaced by the proxy's. */
  url(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = this.host;
    parsed.port = String(this.portNumber);
    return parsed.toString();
  }
}

export function hostAndPort(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : defaultPort };
}
