import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type Config } from '../../../lib/config';
import { knownKeys } from '../../../lib/fleet';
import { hmacFingerprint, Keyring } from '../../../lib/keys';
import { createProbeRunner, type ProbeRunner } from '../../../lib/probes';
import { openStore, type Store } from '../../../lib/store';
import { TEST_PEPPER } from '../keys/testKeyring';

export const SECRET_CURRENT = 'probe-test-current-secret-0123456789abcdef';
export const SECRET_OLD = 'probe-test-old-secret-fedcba9876543210-xyz';
export const PASSWORD = 'probe-test-password-42';

export interface ProbeWorld {
  config: Config;
  keyring: Keyring;
  store: Store;
  runner: ProbeRunner;
  dataDir: string;
  env: Record<string, string>;
  /** Records that `service` resolves `secret` right now, as its fingerprint report would. */
  reportFleet(service: string, secret: string): Promise<void>;
  /** Every byte of the SQLite files (database and WAL), for leak checks. */
  storeBytes(): string;
  close(): Promise<void>;
}

/** A real config, keyring and SQLite store in a temp dir, with the runtime's probe runner over them. */
export async function probeWorld(
  probes: unknown[],
  options: { concurrency?: number } = {},
): Promise<ProbeWorld> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-probes-'));
  const env = {
    NODE_ENV: 'test' as const,
    STAGING_CURRENT: SECRET_CURRENT,
    STAGING_OLD: SECRET_OLD,
    PROBE_PASSWORD: PASSWORD,
  };
  const json = {
    environments: ['staging', 'production'],
    keys: [
      {
        id: 'staging-current',
        environment: 'staging',
        from: 'env:STAGING_CURRENT',
        alg: 'HS256',
        probe: true,
      },
      { id: 'staging-old', environment: 'staging', from: 'env:STAGING_OLD', alg: 'HS256' },
    ],
    probes,
  };
  const file = path.join(dir, 'authscope.json');
  writeFileSync(file, JSON.stringify(json));
  const config = parseConfig(json, file);
  const keyring = await Keyring.load(config, { env, pepper: TEST_PEPPER });
  const dataDir = path.join(dir, 'data');
  const store = await openStore({ dataDir });
  const runner = createProbeRunner({
    config,
    keyring,
    store,
    redactionKey: TEST_PEPPER.bytes,
    env,
    fleetInstances: () => store.fingerprints.instances(),
    fleetKeys: () => knownKeys(keyring.keys()),
    concurrency: options.concurrency,
  });
  return {
    config,
    keyring,
    store,
    runner,
    dataDir,
    env,
    reportFleet: async (service, secret) => {
      const fingerprint = hmacFingerprint(TEST_PEPPER.bytes, new TextEncoder().encode(secret));
      await store.fingerprints.record(
        [
          {
            environment: 'staging',
            service,
            instance: `${service}-1`,
            purpose: 'access-token',
            fingerprint,
            source: 'JWT_SECRET_KEY',
            algorithm: 'HS256',
          },
        ],
        Date.now(),
      );
    },
    storeBytes: () =>
      readdirSync(dataDir)
        .filter((name) => name.startsWith('authscope.db'))
        .map((name) => readFileSync(path.join(dataDir, name)).toString('latin1'))
        .join('\n'),
    close: async () => {
      runner.stop();
      await store.close();
    },
  };
}
