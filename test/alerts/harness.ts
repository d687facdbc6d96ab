import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlertEngine, loadDestinations, thresholdsFrom } from '../../lib/alerts';
import type { NotifySpec } from '../../lib/alerts/config';
import type { FingerprintReport } from '../../lib/fleet';
import { openStore, type Store } from '../../lib/store';
import { KEYS, LEGACY, PRIMARY, sha } from '../unit/alerts/fixtures';

export const ENVIRONMENTS = ['development', 'staging'];

const report = (
  service: string,
  instance: string,
  secret: string,
  source: string,
): FingerprintReport => ({
  environment: 'staging',
  service,
  instance,
  purpose: 'access-token',
  algorithm: 'HS256',
  fingerprint: sha(secret),
  source,
});

/** The demo's staging incident: backend-websocket skipped the unset JWT_SECRET_STAGING. */
export const STAGING_MISMATCH: FingerprintReport[] = [
  report('auth-service', 'auth-1', PRIMARY, 'env:JWT_SECRET_STAGING'),
  report('backend-rest', 'rest-1', PRIMARY, 'env:JWT_SECRET_STAGING'),
  report('backend-websocket', 'ws-1', LEGACY, 'env:JWT_SECRET_KEY'),
];
/** …and fixed: every service resolves staging-primary again. */
export const STAGING_AGREES: FingerprintReport[] = STAGING_MISMATCH.map((entry) => ({
  ...entry,
  fingerprint: sha(PRIMARY),
  source: 'env:JWT_SECRET_STAGING',
}));

export const SUMMARY =
  'staging: backend-websocket resolves staging-legacy from env:JWT_SECRET_KEY; auth-service and backend-rest resolve staging-primary';

export function freshDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'authscope-alerts-'));
}

export function openTestStore(dataDir: string, databaseUrl?: string): Promise<Store> {
  return openStore({ dataDir, databaseUrl });
}

/** The engine as the runtime builds it, over a real store, with `for` shortened for the test. */
export function engineFor(
  store: Store,
  notify: NotifySpec[],
  env: Record<string, string>,
  rules: { for?: string } = {},
): AlertEngine {
  return new AlertEngine({
    store,
    environments: ENVIRONMENTS,
    instances: () => store.fingerprints.instances(),
    fleetOptions: () => ({ now: Date.now(), staleAfterMs: 3_600_000, keys: KEYS }),
    destinations: loadDestinations(notify, env),
    thresholds: thresholdsFrom({
      for: rules.for ?? '1s',
      failureSpike: { threshold: 50, window: '5m' },
      probeFailing: { runs: 3 },
      rotationIncomplete: { after: '10m' },
      resendEvery: '60s',
      evaluateEvery: '1s',
    }),
    baseUrl: 'http://127.0.0.1:3000',
  });
}
