import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFingerprintInput, type FingerprintReport } from '../../../lib/fleet';
import { openStore, type Store } from '../../../lib/store';
import { createTestDatabase, PG_URL } from '../../helpers/postgres';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const URL_ = 'http://127.0.0.1:4100/.well-known/jwks.json';
const OLD = 'A'.repeat(43);
const NEW = 'B'.repeat(43);

const issuer = (thumbprint: string, kid: string, at: number): FingerprintReport => ({
  environment: 'staging',
  service: 'auth',
  instance: 'auth-1',
  purpose: 'access-token',
  fingerprint: `jwk-thumbprint:${thumbprint}`,
  reported_at: new Date(at).toISOString(),
  signing: { kid, thumbprint, jwks_url: URL_ },
});
const verifier = (keys: { kid: string; thumbprint: string }[], at: number): FingerprintReport => ({
  environment: 'staging',
  service: 'api',
  instance: 'api-2',
  purpose: 'access-token',
  fingerprint: `jwk-thumbprint:${keys.at(-1)!.thumbprint}`,
  reported_at: new Date(at).toISOString(),
  trust: {
    jwks_url: URL_,
    fetched_at: new Date(at - 60_000).toISOString(),
    max_age_seconds: 3600,
    keys,
  },
});

type OpenFresh = () => Promise<{ store: Store; dispose: () => Promise<void> }>;

async function freshSqlite(): ReturnType<OpenFresh> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-trust-store-'));
  const store = await openStore({ dataDir });
  return { store, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function freshPostgres(): ReturnType<OpenFresh> {
  const database = await createTestDatabase();
  const store = await openStore({ dataDir: os.tmpdir(), databaseUrl: database.url });
  return { store, dispose: database.drop };
}

describe('TrustStore on SQLite', () => trustStoreContract(freshSqlite));
describe.skipIf(!PG_URL)('TrustStore on PostgreSQL', () => trustStoreContract(freshPostgres));

function trustStoreContract(openFresh: OpenFresh): void {
  let opened: Awaited<ReturnType<OpenFresh>> | null = null;
  afterEach(async () => {
    if (!opened) return;
    await opened.store.close();
    await opened.dispose();
    opened = null;
  });

  it('keeps the latest signing key and trust set per instance, counting real changes', async () => {
    opened = await openFresh();
    const { trust } = opened.store;
    expect(
      await trust.record(
        [issuer(OLD, 'k1', T0), verifier([{ kid: 'k1', thumbprint: OLD }], T0)],
        T0,
      ),
    ).toBe(2);
    // The same again changes nothing.
    expect(await trust.record([issuer(OLD, 'k1', T0 + 1000)], T0 + 1000)).toBe(0);
    expect(await trust.record([issuer(NEW, 'k2', T0 + 60_000)], T0 + 60_000)).toBe(1);
    // A delayed report from before the rotation does not roll the issuer back.
    expect(await trust.record([issuer(OLD, 'k1', T0 + 30_000)], T0 + 90_000)).toBe(0);

    const state = await trust.state('staging');
    expect(state.issuers).toEqual([
      {
        environment: 'staging',
        purpose: 'access-token',
        service: 'auth',
        instance: 'auth-1',
        reported_at: new Date(T0 + 60_000).toISOString(),
        signing: { kid: 'k2', thumbprint: NEW, jwks_url: URL_ },
      },
    ]);
    expect(state.verifiers).toHaveLength(1);
    expect(state.verifiers[0]!.trust.keys).toEqual([{ kid: 'k1', thumbprint: OLD }]);
    expect((await trust.state('production')).issuers).toEqual([]);
  });

  it('forgets instances silent for the retention period', async () => {
    opened = await openFresh();
    const { trust } = opened.store;
    await trust.record(
      [issuer(OLD, 'k1', T0), verifier([{ kid: 'k1', thumbprint: OLD }], T0 + 60_000)],
      T0 + 60_000,
    );
    expect(await trust.deleteBefore(T0 + 30_000)).toBe(1);
    const state = await trust.state();
    expect(state.issuers).toEqual([]);
    expect(state.verifiers).toHaveLength(1);
  });

  it('stores what the validated shapes hold and nothing else', async () => {
    opened = await openFresh();
    const parsed = parseFingerprintInput(verifier([{ kid: 'k1', thumbprint: OLD }], T0));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    await opened.store.trust.record(parsed.reports, T0);
    const [row] = (await opened.store.trust.state()).verifiers;
    expect(Object.keys(row!.trust).sort()).toEqual([
      'fetched_at',
      'jwks_url',
      'keys',
      'max_age_seconds',
    ]);
  });
}
