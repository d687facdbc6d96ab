import type { Config } from '../config';
import { readSecretReference, type SourceContext } from '../keys';
import type { Principal } from './principal';
import { bearerValue, secretsEqual } from './secrets';

/** Who is writing: an ingest key's name and the environments it may write. */
export type IngestPrincipal = Extract<Principal, { kind: 'ingest' }>;

interface IngestKey extends IngestPrincipal {
  secret: string;
}

export interface IngestKeyring {
  keys: IngestKey[];
  /** References that could not be read, by name: shown to operators, never the value. */
  problems: string[];
}

/** Config `ingestKeys` (limited to their environments) and AUTHSCOPE_INGEST_KEYS (all environments). */
export function loadIngestKeys(
  config: Config,
  quickKeys: readonly string[],
  sources: SourceContext,
): IngestKeyring {
  const keyring: IngestKeyring = { keys: [], problems: [] };
  for (const reference of config.ingestKeys) {
    try {
      const secret = readSecretReference(reference.from, sources);
      keyring.keys.push({
        kind: 'ingest',
        name: reference.name,
        environments: reference.environments ?? 'all',
        secret,
      });
    } catch (error) {
      keyring.problems.push(`ingest key ${reference.name}: ${(error as Error).message}`);
    }
  }
  quickKeys.forEach((secret, index) =>
    keyring.keys.push({
      kind: 'ingest',
      name: `env-ingest-${index + 1}`,
      environments: 'all',
      secret,
    }),
  );
  return keyring;
}

/** The ingest key `presented` is, if any. Every key is compared, so timing says nothing about which matched. */
export function matchIngestKey(presented: string, keyring: IngestKeyring): IngestPrincipal | null {
  let match: IngestKey | null = null;
  for (const key of keyring.keys) {
    if (secretsEqual(presented, key.secret) && !match) match = key;
  }
  return match ? { kind: 'ingest', name: match.name, environments: match.environments } : null;
}

export function canWriteEnvironment(principal: IngestPrincipal, environment: string): boolean {
  return principal.environments === 'all' || principal.environments.includes(environment);
}

/** The ingest principal an `Authorization: Bearer <key>` header names, if any. */
export function ingestPrincipalFrom(
  authorization: string | null,
  keyring: IngestKeyring,
): IngestPrincipal | null {
  const presented = bearerValue(authorization);
  return presented ? matchIngestKey(presented, keyring) : null;
}
