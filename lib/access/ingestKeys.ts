import type { Config } from '../config';
import { readSecretReference } from '../keys';
import { ApiError } from '../http';
import { bearerToken, secretsEqual } from './secrets';

/** Who is writing: an ingest key's name and the environments it may write. */
export interface IngestPrincipal {
  kind: 'ingest';
  name: string;
  environments: 'all' | readonly string[];
}

interface IngestKey extends IngestPrincipal {
  secret: string;
}

export interface IngestKeyring {
  keys: IngestKey[];
  /** References that could not be read, by name: shown to operators, never the value. */
  problems: string[];
}

/** Config `ingestKeys` (limited to their environments) and AUTHSCOPE_INGEST_KEYS (all environments). */
export function loadIngestKeys(config: Config, env: NodeJS.ProcessEnv, baseDir: string): IngestKeyring {
  const keyring: IngestKeyring = { keys: [], problems: [] };
  for (const reference of config.ingestKeys) {
    try {
      const secret = readSecretReference(reference.from, { env, baseDir });
      keyring.keys.push({ kind: 'ingest', name: reference.name, environments: reference.environments ?? 'all', secret });
    } catch (error) {
      keyring.problems.push(`ingest key ${reference.name}: ${(error as Error).message}`);
    }
  }
  const quick = (env.AUTHSCOPE_INGEST_KEYS ?? '').split(',').map((value) => value.trim()).filter(Boolean);
  quick.forEach((secret, index) => keyring.keys.push({ kind: 'ingest', name: `env-ingest-${index + 1}`, environments: 'all', secret }));
  return keyring;
}

/** 401 without a valid ingest key. Every key is compared, so timing says nothing about which matched. */
export function authenticateIngest(request: Request, keyring: IngestKeyring): IngestPrincipal {
  const presented = bearerToken(request);
  if (!presented) throw new ApiError('unauthorized', 'Send an ingest key as "Authorization: Bearer <key>".');
  let match: IngestKey | null = null;
  for (const key of keyring.keys) {
    if (secretsEqual(presented, key.secret) && !match) match = key;
  }
  if (!match) throw new ApiError('unauthorized', 'The ingest key is not valid.');
  return { kind: 'ingest', name: match.name, environments: match.environments };
}

export function canWriteEnvironment(principal: IngestPrincipal, environment: string): boolean {
  return principal.environments === 'all' || principal.environments.includes(environment);
}
