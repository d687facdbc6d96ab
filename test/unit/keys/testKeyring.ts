import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../../lib/config';
import { Keyring, type KeyringOptions, type Pepper } from '../../../lib/keys';

export const TEST_PEPPER: Pepper = { bytes: new Uint8Array(32).fill(7), origin: 'env' };

export interface TestKeyringInput {
  keys: Array<Record<string, unknown>>;
  /** The environment `env:` sources read (never process.env). */
  env?: Record<string, string>;
  /** Files written next to the config file, for `file:NAME` sources. */
  files?: Record<string, string>;
  environments?: string[];
  jwks?: KeyringOptions['jwks'];
}

/** A real Keyring loaded from a real config file in a fresh temp dir. */
export async function loadTestKeyring(
  input: TestKeyringInput,
): Promise<{ keyring: Keyring; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-unit-keys-'));
  for (const [name, content] of Object.entries(input.files ?? {}))
    writeFileSync(path.join(dir, name), content);
  const json = {
    environments: input.environments ?? ['development', 'staging', 'production'],
    keys: input.keys,
  };
  const file = path.join(dir, 'authscope.json');
  writeFileSync(file, JSON.stringify(json, null, 2));
  const config = parseConfig(json, file);
  const keyring = await Keyring.load(config, {
    env: { NODE_ENV: 'test', ...input.env },
    pepper: TEST_PEPPER,
    jwks: input.jwks,
  });
  return { keyring, dir };
}
