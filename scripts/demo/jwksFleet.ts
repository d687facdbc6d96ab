import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { publicKeySource, Reporter } from '../../lib/reporter';
import { failurePayload, presentedToken } from './failurePayload';

export interface Member {
  environment: string;
  service: string;
  instance: string;
  dashboard: { url: string; ingestKey: string };
}

async function listen(handle: (request: IncomingMessage, response: ServerResponse) => void) {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));

const reporterOf = (member: Member) =>
  new Reporter({
    url: member.dashboard.url,
    ingestKey: member.dashboard.ingestKey,
    environment: member.environment,
    service: member.service,
    instance: member.instance,
    algorithm: 'ES256',
    onError: (message) =>
      console.error(`demo ${member.environment}/${member.instance}: ${message}`),
  });

/**
 * An ES256 issuer: serves its real JWKS at /.well-known/jwks.json, signs tokens at POST /login
 * with its current key, and reports that key (kid and thumbprint only) to the dashboard.
 */
export class JwksIssuer {
  private readonly keys: Array<{ kid: string; privateKey: CryptoKey; publicJwk: JWK }> = [];
  readonly reporter: Reporter;
  private server: Server | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(readonly member: Member) {
    this.reporter = reporterOf(member);
  }

  get jwksUrl(): string {
    return `http://127.0.0.1:${this.port}/.well-known/jwks.json`;
  }
  get port(): number {
    return portOf(this.server!);
  }
  get currentKid(): string {
    return this.keys.at(-1)!.kid;
  }

  async start(kid: string): Promise<void> {
    await this.addKey(kid);
    this.server = await listen(async (request, response) => {
      if (request.method === 'GET' && request.url === '/.well-known/jwks.json')
        return void response
          .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' })
          .end(JSON.stringify({ keys: this.keys.map((key) => key.publicJwk) }));
      if (request.method !== 'POST' || request.url !== '/login')
        return void response.writeHead(404).end();
      const current = this.keys.at(-1)!;
      const token = await new SignJWT({ scope: 'api:read' })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: current.kid })
        .setSubject(request.headers['x-demo-user']?.toString() ?? 'anonymous')
        .setIssuer(`${this.member.service}.${this.member.environment}`)
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(current.privateKey);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: token }));
    });
  }

  /** A rotation: the new key is published next to the old one and signs from now on. */
  async rotate(kid: string): Promise<void> {
    await this.addKey(kid);
    await this.announce();
  }

  async announce(): Promise<void> {
    const publicJwk = this.keys.at(-1)!.publicJwk;
    await this.reporter.reportFingerprint(
      await publicKeySource({ signing: { jwk: publicJwk, jwksUrl: this.jwksUrl } }),
    );
    this.heartbeat ??= setInterval(() => void this.announce(), 10_000);
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.reporter.close();
    if (this.server) await closeServer(this.server);
  }

  private async addKey(kid: string): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    this.keys.push({ kid, privateKey, publicJwk });
  }
}

export interface VerifierOptions extends Member {
  jwksUrl: string;
  /** The cache lifetime it reports and honours. */
  maxAgeSeconds: number;
  /** A fresh library re-fetches on an unknown kid; the stale replica only when its cache expires. */
  refetchOnUnknownKid: boolean;
}

/** A verifier with its own JWKS cache: GET /me verifies the bearer token against it. */
export class JwksVerifier {
  readonly reporter: Reporter;
  private cache: { keys: JWK[]; fetchedAt: number } = { keys: [], fetchedAt: 0 };
  private server: Server | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(readonly options: VerifierOptions) {
    this.reporter = reporterOf(options);
  }

  get port(): number {
    return portOf(this.server!);
  }

  async start(): Promise<void> {
    await this.fetchJwks();
    this.server = await listen((request, response) => void this.handle(request, response));
  }

  /** Dates its cache's fetch (the demo's compressed clock: it has been running for a while). */
  datedAt(fetchedAt: number): void {
    this.cache.fetchedAt = fetchedAt;
  }

  async announce(): Promise<void> {
    await this.reporter.reportFingerprint(
      await publicKeySource({
        trust: {
          jwksUrl: this.options.jwksUrl,
          fetchedAt: new Date(this.cache.fetchedAt),
          maxAgeSeconds: this.options.maxAgeSeconds,
          keys: this.cache.keys,
        },
      }),
    );
    this.heartbeat ??= setInterval(() => void this.announce(), 10_000);
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.reporter.close();
    if (this.server) await closeServer(this.server);
  }

  private async fetchJwks(fetchedAt = Date.now()): Promise<void> {
    const body = (await (await fetch(this.options.jwksUrl)).json()) as { keys: JWK[] };
    this.cache = { keys: body.keys, fetchedAt };
    if (this.heartbeat) await this.announce();
  }

  private async keyFor(kid: string | undefined): Promise<JWK | undefined> {
    if (Date.now() >= this.cache.fetchedAt + this.options.maxAgeSeconds * 1000) {
      console.log(
        `demo ${this.options.environment}: ${this.options.instance}'s JWKS cache expired; fetching it again`,
      );
      await this.fetchJwks();
    }
    const find = () => this.cache.keys.find((key) => key.kid === kid);
    if (!find() && this.options.refetchOnUnknownKid) await this.fetchJwks();
    return find();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' || request.url !== '/me')
      return void response.writeHead(404).end();
    const presented = presentedToken(request.headers);
    try {
      if (!presented.token) throw new Error('missing');
      const jwk = await this.keyFor(decodeProtectedHeader(presented.token).kid);
      if (!jwk) throw new Error('no key in the JWKS cache for this kid');
      const { payload } = await jwtVerify(presented.token, await importJWK(jwk, 'ES256'));
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ user: payload.sub }));
    } catch {
      this.reporter.reportFailure({
        payload: failurePayload({
          environment: this.options.environment,
          context: 'rest',
          presented,
          errorCode: 'INVALID_SIGNATURE',
          reason: 'no matching key in the JWKS cache',
        }),
        user: request.headers['x-demo-user'] as string | undefined,
        token: presented.token ?? undefined,
      });
      response
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":"INVALID_SIGNATURE"}');
    }
  }
}
