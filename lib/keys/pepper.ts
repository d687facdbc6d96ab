import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, writePrivateFile } from '../files/private';

export interface Pepper {
  bytes: Uint8Array;
  /** `env` when AUTHSCOPE_FINGERPRINT_KEY is set; `generated` when kept under the data dir. */
  origin: 'env' | 'generated';
  /** Why the configured value was not usable, when it was not. */
  problem?: string;
}

const MIN_BYTES = 32;
const FILE_NAME = 'fingerprint.key';

/**
 * The fingerprint pepper (docs/configuration.md, Fingerprints and weak keys): AUTHSCOPE_FINGERPRINT_KEY, shared with the
 * services that report keyed fingerprints; otherwise one generated once under the data dir.
 */
export function loadPepper(configured: string | undefined, dataDir: string): Pepper {
  let problem: string | undefined;
  if (configured) {
    const bytes = Buffer.from(configured.trim(), 'base64url');
    if (bytes.length >= MIN_BYTES) return { bytes, origin: 'env' };
    problem = `AUTHSCOPE_FINGERPRINT_KEY decodes to ${bytes.length} bytes; at least ${MIN_BYTES} are needed, so a generated key is used`;
  }
  const file = path.join(dataDir, FILE_NAME);
  try {
    const stored = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (stored.length >= MIN_BYTES) return { bytes: stored, origin: 'generated', problem };
  } catch {
    // Not generated yet: create it below.
  }
  const bytes = randomBytes(MIN_BYTES);
  ensurePrivateDir(dataDir);
  writePrivateFile(file, bytes.toString('base64url') + '\n');
  return { bytes, origin: 'generated', problem };
}
