import { createServer, request as httpRequest, type Server } from 'node:http';

export type FhirFault =
  | { readonly kind: 'none' }
  /** Answers after `ms`, as a busy server does. */
  | { readonly kind: 'slow'; readonly ms: number }
  /** 503 with no FHIR body, as a server restarting behind a load balancer. */
  | { readonly kind: 'unavailable' }
  /** Drops the connection without answering. */
  | { readonly kind: 'reset' }
  /** 200 with a body that is not FHIR JSON (a captive portal, a truncated proxy answer). */
  | { readonly kind: 'garbage' };

/** An HTTP server in front of the FHIR sandbox that injects the fault the test sets. */
export class FhirFaultServer {
  fault: FhirFault = { kind: 'none' };
  requests = 0;
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly upstream: string) {}

  /** The sandbox's base URL as seen through this server. */
  get baseUrl(): string {
    const upstream = new URL(this.upstream);
    return `http://127.0.0.1:${this.port}${upstream.pathname.replace(/\/$/, '')}`;
  }

  async start(): Promise<void> {
    const upstream = new URL(this.upstream);
    this.server = createServer((incoming, outgoing) => {
      this.requests++;
      const fault = this.fault;
      if (fault.kind === 'reset') {
        incoming.socket.resetAndDestroy();
        return;
      }
      if (fault.kind === 'unavailable') {
        outgoing.writeHead(503, { 'Content-Type': 'text/html' }).end('<html>Service Unavailable</html>');
        return;
      }
      if (fault.kind === 'garbage') {
        outgoing
          .writeHead(200, { 'Content-Type': 'application/fhir+json' })
          .end('{"resourceType":"Bundle","entry":[{"res');
        return;
      }
      const forward = (): void => {
        const proxied = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: incoming.method,
            path: incoming.url,
            headers: { ...incoming.headers, host: upstream.host },
          },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        proxied.on('error', () => outgoing.destroy());
        incoming.pipe(proxied);
      };
      if (fault.kind === 'slow') setTimeout(forward, fault.ms);
      else forward();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
