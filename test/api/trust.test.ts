import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, PG_URL, type TestDatabase } from '../helpers/postgres';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const VIEWER = `viewer-${randomBytes(16).toString('hex')}`;
const INGEST = `ingest-${randomBytes(16).toString('hex')}`;
const asViewer = { authorization: `Bearer ${VIEWER}` };
const asIngest = { authorization: `Bearer ${INGEST}` };

interface Signer {
  kid: string;
  thumbprint: string;
  publicJwk: JWK;
  privateJwk: JWK;
  sign: () => Promise<string>;
}
async function signer(kid: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    kid,
    thumbprint: await calculateJwkThumbprint(publicJwk, 'sha256'),
    publicJwk,
    privateJwk: { ...(await exportJWK(privateKey)), kid },
    sign: () =>
      new SignJWT({ sub: 'user-1' })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey),
  };
}

let server: RunningServer;
let jwks: Server;
let target: Server;
let jwksUrl: string;
let OLD: Signer;
let NEW: Signer;

const issuerReport = (key: Signer) => ({
  environment: 'staging',
  service: 'auth',
  instance: 'auth-1',
  fingerprint: `jwk-thumbprint:${key.thumbprint}`,
  signing: { kid: key.kid, thumbprint: key.thumbprint, jwks_url: jwksUrl },
});
const verifierReport = (instance: string, keys: Signer[], fetchedMinutesAgo: number) => ({
  environment: 'staging',
  service: 'api',
  instance,
  fingerprint: `jwk-thumbprint:${keys.at(-1)!.thumbprint}`,
  trust: {
    jwks_url: jwksUrl,
    fetched_at: new Date(Date.now() - fetchedMinutesAgo * 60_000).toISOString(),
    max_age_seconds: 3600,
    keys: keys.map((key) => ({ kid: key.kid, thumbprint: key.thumbprint })),
  },
});
const trustOf = async () =>
  (await fetch(`${server.url}/api/v1/environments/staging/trust`, { headers: asViewer })).json();

beforeAll(async () => {
  OLD = await signer('es-2026-10');
  NEW = await signer('es-2026-11');
  // The issuer's real JWKS after the rotation: both keys published, signing with the new one.
  jwks = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [OLD.publicJwk, NEW.publicJwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const address = jwks.address() as { port: number };
  jwksUrl = `http://127.0.0.1:${address.port}/.well-known/jwks.json`;
  // A verifier that is polled (GET /debug/jwt-secret-info) rather than pushing.
  target = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({ ...verifierReport('api-polled', [OLD, NEW], 5), environment: 'qa' }),
    );
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => jwks?.close(resolve));
  await new Promise((resolve) => target?.close(resolve));
});

async function startWith(database: TestDatabase | null): Promise<RunningServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-trust-api-'));
  const configFile = path.join(dir, 'authscope.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      environments: ['staging', 'qa'],
      keys: [{ id: 'auth-jwks', environment: 'staging', from: `jwks:${jwksUrl}` }],
      targets: [
        {
          environment: 'qa',
          url: `http://127.0.0.1:${(target.address() as { port: number }).port}/debug/jwt-secret-info`,
          every: '1s',
          timeout: '1s',
        },
      ],
      ingestKeys: [{ name: 'staging-services', from: 'env:INGEST_KEY', environments: ['staging'] }],
      viewers: [{ name: 'alice', from: 'env:VIEWER_ALICE' }],
    }),
  );
  return startServer({
    AUTHSCOPE_CONFIG: configFile,
    INGEST_KEY: INGEST,
    VIEWER_ALICE: VIEWER,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
}

/** Every row the store holds, as text: what a database file (or dump) would give away. */
async function storedText(database: TestDatabase | null): Promise<string[]> {
  if (!database)
    return readdirSync(server.dataDir).map((file) =>
      readFileSync(path.join(server.dataDir, file)).toString('latin1'),
    );
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const tables = ['trust_reports', 'fingerprint_instances', 'fingerprint_events', 'failures'];
    return await Promise.all(
      tables.map(async (table) =>
        JSON.stringify((await client.query(`select * from ${table}`)).rows),
      ),
    );
  } finally {
    await client.end();
  }
}

describe('trust reports on SQLite', () => trustSuite(false));
describe.skipIf(!PG_URL)('trust reports on PostgreSQL', () => trustSuite(true));

function trustSuite(postgres: boolean): void {
  let database: TestDatabase | null = null;
  beforeAll(async () => {
    database = postgres ? await createTestDatabase() : null;
    server = await startWith(database);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  describe('reports carrying key material are refused whole and store nothing', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
    it.each([
      ['a private "d"', () => ({ ...issuerReport(NEW), d: NEW.privateJwk.d })],
      [
        'x/y in the signing key',
        () => ({
          ...issuerReport(NEW),
          signing: { ...issuerReport(NEW).signing, x: NEW.publicJwk.x, y: NEW.publicJwk.y },
        }),
      ],
      [
        'a JWK in the trust set',
        () => ({
          ...verifierReport('api-9', [NEW], 1),
          trust: {
            ...verifierReport('api-9', [NEW], 1).trust,
            keys: [{ kid: NEW.kid, thumbprint: NEW.thumbprint, jwk: NEW.publicJwk }],
          },
        }),
      ],
      [
        'a base64 private JWK as the source',
        () => ({ ...issuerReport(NEW), source: b64(NEW.privateJwk) }),
      ],
      [
        'an RSA modulus in a batch',
        () => ({
          reports: [
            verifierReport('api-9', [NEW], 1),
            { ...issuerReport(NEW), n: 'AQAB', e: 'AQAB' },
          ],
        }),
      ],
    ])('%s → 400', async (_name, body) => {
      const response = await postJson(`${server.url}/api/v1/fingerprints`, body(), asIngest);
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(JSON.parse(text).error.message).toMatch(/key material/);
      expect(text).not.toContain(String(NEW.privateJwk.d));
    });

    it('left no trace: no instance, no trust row, no material in the database files', async () => {
      const trust = await trustOf();
      expect(trust.purposes).toEqual([]);
      const env = await (
        await fetch(`${server.url}/api/v1/environments/staging`, { headers: asViewer })
      ).json();
      expect(JSON.stringify(env)).not.toContain('auth-1');
      for (const bytes of await storedText(database))
        for (const secret of [NEW.privateJwk.d!, NEW.publicJwk.x!, b64(NEW.privateJwk)])
          expect(bytes).not.toContain(secret);
    });
  });

  describe('a verifier that kept its JWKS cache across the rotation', () => {
    beforeAll(async () => {
      const accepted = await postJson(
        `${server.url}/api/v1/fingerprints`,
        {
          reports: [
            issuerReport(NEW),
            verifierReport('api-1', [OLD, NEW], 2),
            verifierReport('api-2', [OLD], 50),
          ],
        },
        asIngest,
      );
      expect(accepted.status).toBe(202);
    });

    it('GET /trust names the verifier, the missing kid, its cache age and its refresh', async () => {
      const trust = await trustOf();
      expect(trust.status).toBe('mismatch');
      expect(trust.published).toEqual([
        expect.objectContaining({
          key_id: 'auth-jwks',
          status: 'ok',
          keys: [
            { kid: OLD.kid, thumbprint: OLD.thumbprint },
            { kid: NEW.kid, thumbprint: NEW.thumbprint },
          ],
        }),
      ]);
      const [purpose] = trust.purposes;
      expect(purpose.mismatches).toHaveLength(1);
      expect(purpose.mismatches[0]).toMatchObject({
        verifier: { service: 'api', instance: 'api-2' },
        missing_kid: NEW.kid,
        reason: 'missing_kid',
      });
      expect(purpose.mismatches[0].cache_age_seconds).toBeGreaterThanOrEqual(2990);
      const api2 = purpose.verifiers.find((row: { instance: string }) => row.instance === 'api-2');
      expect(api2.missing_published).toEqual([NEW.kid]);
      expect(JSON.stringify(trust)).not.toContain(String(NEW.publicJwk.x));
    });

    it('diagnoses its failures as stale_jwks with the cache age, the other instance not', async () => {
      const token = await NEW.sign();
      const post = (instance: string) =>
        postJson(
          `${server.url}/api/v1/failures`,
          {
            service: 'api',
            instance,
            environment: 'staging',
            token,
            payload: { error_code: 'INVALID_SIGNATURE', error_message: 'no matching key' },
          },
          asIngest,
        );
      const stale = await (await post('api-2')).json();
      const fresh = await (await post('api-1')).json();
      const read = async (id: string) =>
        (await fetch(`${server.url}/api/v1/failures/${id}`, { headers: asViewer })).json();
      const staleFailure = await read(stale.ids[0]);
      expect(staleFailure.cause).toBe('stale_jwks');
      expect(staleFailure.cause_detail).toMatch(
        new RegExp(
          `kid ${NEW.kid} is published by the issuer, but api/api-2's JWKS cache lacks it \\(fetched \\d+ s ago, refreshes at `,
        ),
      );
      expect((await read(fresh.ids[0])).cause).not.toBe('stale_jwks');
    });

    it("the inspector's fleet verdict says api rejects on api-2's stale cache", async () => {
      const response = await postJson(
        `${server.url}/api/v1/inspect`,
        { token: await NEW.sign(), environment: 'staging' },
        asViewer,
      );
      const report = await response.json();
      const api = report.fleet.services.find((row: { service: string }) => row.service === 'api');
      expect(api.accepts).toBe(false);
      expect(api.reason).toMatch(
        /^stale_jwks: 1 of 2 instances reject: api-2's JWKS cache lacks kid es-2026-11/,
      );
    });

    it('stores the trust set of a polled target too', async () => {
      const deadline = Date.now() + 15_000;
      let qa = await (
        await fetch(`${server.url}/api/v1/environments/qa/trust`, { headers: asViewer })
      ).json();
      while (qa.purposes.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        qa = await (
          await fetch(`${server.url}/api/v1/environments/qa/trust`, { headers: asViewer })
        ).json();
      }
      expect(qa.purposes[0].verifiers).toEqual([
        expect.objectContaining({ service: 'api', instance: 'api-polled', missing_published: [] }),
      ]);
      // No issuer reports in qa: nothing to compare against.
      expect(qa.status).toBe('not_comparable');
    });

    it('converges once the verifier refetched', async () => {
      await postJson(
        `${server.url}/api/v1/fingerprints`,
        verifierReport('api-2', [OLD, NEW], 0),
        asIngest,
      );
      const trust = await trustOf();
      expect(trust.status).toBe('consistent');
      expect(trust.purposes[0].mismatches).toEqual([]);
    });
  });
}
