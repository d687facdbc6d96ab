import { createHash, createHmac } from 'node:crypto';
import type { ResolutionStep } from '../fleet/report';

/** Where a service looks for its secret, in order: `env:NAME` or `store:NAME` (a versioned store). */
export type SecretSource = `env:${string}` | `store:${string}`;

export interface SecretLookup {
  /** The service's environment variables (its container's, not necessarily this process's). */
  env: Readonly<Record<string, string | undefined>>;
  /** A versioned secret store, when the chain uses one: the current value and its version. */
  store?: (name: string) => { value: string; version: string } | undefined;
}

export type { ResolutionStep };

export interface ResolvedSecret {
  secret: string;
  source: string;
  version?: string;
  /** Every step tried, in order — what makes "skipped JWT_SECRET_STAGING" visible. */
  resolution: ResolutionStep[];
  /** Public-key services (publicKeySource): fingerprint, signing and trust in place of a secret's. */
  publicKeys?: Record<string, unknown>;
}

/**
 * A fingerprint that names a secret without revealing it (docs/configuration.md, Fingerprints and weak keys): keyed with the
 * shared pepper when there is one, else the compatible unkeyed form.
 */
export function fingerprintSecret(secret: string, pepper?: Uint8Array): string {
  if (pepper)
    return `hmac-sha256/16:${createHmac('sha256', pepper).update(secret).digest('hex').slice(0, 16)}`;
  return `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

/**
 * Walks the chain and takes the first source that is set. Every source is looked at (and
 * fingerprinted when set) so the report shows what the service could have picked.
 */
export function resolveSecret(
  chain: readonly SecretSource[],
  lookup: SecretLookup,
  pepper?: Uint8Array,
): ResolvedSecret | null {
  const resolution: ResolutionStep[] = [];
  let picked: { secret: string; source: string; version?: string } | null = null;
  for (const source of chain) {
    const [kind, name] = [
      source.slice(0, source.indexOf(':')),
      source.slice(source.indexOf(':') + 1),
    ];
    const found =
      kind === 'env'
        ? lookup.env[name]
          ? { value: lookup.env[name]!, version: undefined }
          : undefined
        : lookup.store?.(name);
    if (!found) {
      resolution.push({ source, present: false });
      continue;
    }
    resolution.push({ source, present: true, fingerprint: fingerprintSecret(found.value, pepper) });
    picked ??= { secret: found.value, source, version: found.version };
  }
  return picked ? { ...picked, resolution } : null;
}
