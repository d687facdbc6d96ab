import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Reporter,
  resolveSecret,
  type ResolvedSecret,
  type SecretLookup,
  type SecretSource,
} from '../../lib/reporter';

export interface ServiceOptions {
  environment: string;
  service: string;
  instance: string;
  chain: SecretSource[];
  lookup: () => SecretLookup;
  dashboard: { url: string; ingestKey: string };
  /** The token's kid, when the secret has one (production rotates with a new kid). */
  kidOf?: (resolved: ResolvedSecret) => string | undefined;
}

/**
 * What every demo service shares: it resolves its secret through its chain at (re)start, answers
 * GET /debug/jwt-secret-info with a fingerprint report, pushes that report to the dashboard, and
 * reports its auth failures through the reporter a real service would embed.
 */
export class DemoService {
  resolved: ResolvedSecret;
  readonly reporter: Reporter;
  server: Server | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(readonly options: ServiceOptions) {
    this.reporter = new Reporter({
      url: options.dashboard.url,
      ingestKey: options.dashboard.ingestKey,
      environment: options.environment,
      service: options.service,
      instance: options.instance,
      onError: (message) =>
        console.error(`demo ${options.environment}/${options.instance}: ${message}`),
    });
    this.resolved = this.resolve();
  }

  get secret(): Uint8Array {
    return new TextEncoder().encode(this.resolved.secret);
  }

  get kid(): string | undefined {
    return this.options.kidOf?.(this.resolved);
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** Starts the HTTP server; `handle` gets every request but the debug endpoint. */
  async listen(
    handle: (request: IncomingMessage, response: ServerResponse) => void,
  ): Promise<void> {
    this.server = createServer((request, response) => {
      if (request.method === 'GET' && request.url === '/debug/jwt-secret-info') {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(this.reporter.fingerprintReport(this.resolved)));
        return;
      }
      handle(request, response);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  /** Once the dashboard is up: the first fingerprint report, then one every 10 s. */
  async announce(): Promise<void> {
    await this.reporter.reportFingerprint(this.resolved);
    this.heartbeat ??= setInterval(
      () => void this.reporter.reportFingerprint(this.resolved),
      10_000,
    );
  }

  /** A restart: the chain is walked again, against what the environment and store hold now. */
  async restart(): Promise<void> {
    this.resolved = this.resolve();
    await this.reporter.reportFingerprint(this.resolved);
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.reporter.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private resolve(): ResolvedSecret {
    const resolved = resolveSecret(this.options.chain, this.options.lookup());
    if (!resolved) throw new Error(`${this.options.service}: no source in its chain is set`);
    return resolved;
  }
}
