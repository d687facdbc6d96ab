import path from 'node:path';
import { parseDuration, type Config, type KeySpec } from '../config';
import { minSecretBytes } from '../jwt/algorithms';
import type { VerificationKey } from '../jwt/verify';
import { hmacFingerprint, sha256Fingerprint, thumbprintFingerprint } from './fingerprint';
import {
  DEFAULT_JWKS_OPTIONS,
  displayUrl,
  JwksSource,
  type JwksOptions,
  type JwksState,
} from './jwks';
import { KeyLoadError, type KeyKind, type KeyMaterial } from './material';
import type { Pepper } from './pepper';
import { loadLocalSource } from './sources';
import { findWeakSecret } from './weakSecrets';

/** A keyring key, ready to verify; `secret` and `publicPems` never leave the server. */
export interface KeyringKey extends VerificationKey {
  /** Why the secret is weak ("shorter than 32 bytes", "a well-known secret"), or null. */
  weak: string | null;
  secret?: Uint8Array;
  /** Internal only: matches unkeyed `sha256/16` reports to this key (docs/configuration.md, Fingerprints and weak keys). */
  sha256?: string;
  publicPems: string[];
}

export type KeyStatus = 'ok' | 'error' | 'stale' | 'pending';

interface KeyringEntry {
  spec: KeySpec;
  source: string;
  keys: KeyringKey[];
  status: KeyStatus;
  error: string | null;
  skipped: string[];
  jwks?: { source: JwksSource; generation: number };
}

/** What /api/v1/keys and the keys page show: names, fingerprints and state, never material. */
export interface KeyView {
  id: string;
  environment: string;
  source: string;
  kind: KeyKind | null;
  alg: string | null;
  kid: string | null;
  fingerprint: string | null;
  status: KeyStatus;
  error: string | null;
  weak: string | null;
  jwks: JwksState | null;
}

export interface KeyringOptions {
  env: NodeJS.ProcessEnv;
  pepper: Pepper;
  jwks?: Partial<JwksOptions>;
}

/**
 * The keys authscope itself can load. A key that fails to load is kept with status `error` and
 * the reason: it never stops the server. Keys are imported once and reused by every inspection.
 */
export class Keyring {
  private constructor(
    private readonly entries: KeyringEntry[],
    readonly pepper: Pepper,
  ) {}

  static async load(config: Config, options: KeyringOptions): Promise<Keyring> {
    const context = {
      env: options.env,
      baseDir: config.file ? path.dirname(config.file) : process.cwd(),
    };
    const jwksOptions = { ...DEFAULT_JWKS_OPTIONS, ...options.jwks };
    const entries = await Promise.all(
      config.keys.map(async (spec): Promise<KeyringEntry> => {
        const entry: KeyringEntry = {
          spec,
          source: spec.from ?? 'jwk (inline)',
          keys: [],
          status: 'pending',
          error: null,
          skipped: [],
        };
        if (spec.from?.startsWith('jwks:')) {
          const url = spec.from.slice('jwks:'.length);
          const ttlMs = spec.refresh ? parseDuration(spec.refresh)! : jwksOptions.ttlMs;
          entry.source = `jwks:${displayUrl(url)}`;
          entry.jwks = { source: new JwksSource(url, { ...jwksOptions, ttlMs }), generation: -1 };
          return entry;
        }
        try {
          const loaded = loadLocalSource(spec, context);
          entry.keys = await Promise.all(
            loaded.keys.map((material) =>
              toKeyringKey(spec, entry.source, material, options.pepper),
            ),
          );
          entry.skipped = loaded.skipped;
          entry.status = 'ok';
        } catch (error) {
          entry.status = 'error';
          entry.error =
            error instanceof KeyLoadError ? error.message : 'the key could not be loaded';
        }
        return entry;
      }),
    );
    const keyring = new Keyring(entries, options.pepper);
    await keyring.refreshRemote();
    return keyring;
  }

  /** Re-fetches remote JWK Sets past their TTL; with `kid`, also those that lack that kid. */
  async refreshRemote(kid?: string): Promise<void> {
    await Promise.all(
      this.entries.map(async (entry) => {
        if (!entry.jwks) return;
        await entry.jwks.source.ensureFresh();
        if (kid !== undefined) await entry.jwks.source.refreshForUnknownKid(kid);
        await this.syncJwks(entry);
      }),
    );
  }

  private async syncJwks(entry: KeyringEntry): Promise<void> {
    const jwks = entry.jwks!;
    const state = jwks.source.state();
    entry.status = state.status;
    entry.error = state.error;
    entry.skipped = state.skipped;
    if (jwks.generation === jwks.source.generation) return;
    entry.keys = await Promise.all(
      jwks.source.keys.map((material) =>
        toKeyringKey(entry.spec, entry.source, material, this.pepper),
      ),
    );
    jwks.generation = jwks.source.generation;
  }

  /** Every loaded key, in config order. */
  keys(): KeyringKey[] {
    return this.entries.flatMap((entry) => entry.keys);
  }

  hasKid(kid: string): boolean {
    return this.keys().some((key) => key.kid === kid);
  }

  views(): KeyView[] {
    return this.entries.flatMap((entry): KeyView[] => {
      const base = {
        id: entry.spec.id,
        environment: entry.spec.environment,
        source: entry.source,
        status: entry.status,
        error: entry.error,
        jwks: entry.jwks ? entry.jwks.source.state() : null,
      };
      if (entry.keys.length === 0) {
        return [
          {
            ...base,
            kind: null,
            alg: entry.spec.alg ?? null,
            kid: null,
            fingerprint: null,
            weak: null,
          },
        ];
      }
      return entry.keys.map((key) => ({
        ...base,
        kind: key.kind,
        alg: key.alg ?? null,
        kid: key.kid ?? null,
        fingerprint: key.fingerprint,
        weak: key.weak,
      }));
    });
  }
}

async function toKeyringKey(
  spec: KeySpec,
  source: string,
  material: KeyMaterial,
  pepper: Pepper,
): Promise<KeyringKey> {
  const alg = spec.alg ?? material.alg;
  const base = {
    keyId: spec.id,
    environment: spec.environment,
    source,
    kind: material.kind,
    crv: material.crv,
    kid: material.kid,
    alg,
    key: material.key,
    publicPems: material.publicPems,
  };
  if (material.kind !== 'oct' || !material.secret) {
    return { ...base, fingerprint: await thumbprintFingerprint(material.key), weak: null };
  }
  const secret = material.secret;
  return {
    ...base,
    secret,
    sha256: sha256Fingerprint(secret),
    fingerprint: hmacFingerprint(pepper.bytes, secret),
    weak: weakness(secret, alg),
  };
}

function weakness(secret: Uint8Array, alg: string | undefined): string | null {
  const known = findWeakSecret(secret);
  if (known) return `${known.label}: rotate this secret`;
  const minimum = minSecretBytes(alg);
  if (secret.length < minimum)
    return `${secret.length} bytes, shorter than ${minimum} (RFC 7518 §3.2): rotate this secret`;
  return null;
}
