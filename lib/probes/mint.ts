import { createPrivateKey, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { parseDuration, type KeySpec, type MintSpec } from '../config';
import { decodeSecret } from '../keys/material';
import type { SourceContext } from './credentials';
import type { TokenResult } from './login';

interface SigningKey {
  key: KeyObject;
  alg: string;
  kid?: string;
}

/**
 * Signs a short-lived probe token with a key the config marked `probe: true`. The key is read
 * for this run only and not kept; the token lives as long as the run that presents it.
 */
export async function mintToken(
  spec: MintSpec,
  keySpec: KeySpec | undefined,
  context: SourceContext,
  now: number,
): Promise<TokenResult> {
  if (!keySpec?.probe || !keySpec.from)
    return { ok: false, outcome: 'token_error', reason: `key "${spec.key}" is not a probe key` };
  let signing: SigningKey;
  try {
    signing = readSigningKey(keySpec, context);
  } catch (error) {
    return {
      ok: false,
      outcome: 'token_error',
      reason: `key "${spec.key}": ${(error as Error).message}`,
    };
  }
  const issuedAt = Math.floor(now / 1000);
  const lifetimeSeconds = Math.floor(parseDuration(spec.lifetime)! / 1000);
  try {
    const token = await new SignJWT({ ...spec.claims, jti: randomUUID() })
      .setProtectedHeader({
        alg: signing.alg,
        typ: 'JWT',
        ...(signing.kid ? { kid: signing.kid } : {}),
      })
      .setSubject(spec.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetimeSeconds)
      .sign(signing.key);
    return { ok: true, token };
  } catch {
    return {
      ok: false,
      outcome: 'token_error',
      reason: `key "${spec.key}" cannot sign ${signing.alg}`,
    };
  }
}

function readSigningKey(spec: KeySpec, context: SourceContext): SigningKey {
  const from = spec.from!;
  const text = from.startsWith('env:')
    ? readEnv(from.slice(4), context)
    : readFile(path.resolve(context.baseDir, from.slice(5)));
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    if (!/PRIVATE KEY-----/.test(trimmed))
      throw new Error('is a public key or certificate: it cannot sign');
    const key = createPrivateKey(trimmed);
    return { key, alg: spec.alg ?? defaultAlg(key) };
  }
  if (from.startsWith('file:') && trimmed.startsWith('{'))
    return jwkSigningKey(JSON.parse(trimmed) as Record<string, unknown>, spec.alg);
  const value = from.startsWith('file:') ? text.replace(/\r?\n$/, '') : text;
  return {
    key: createSecretKey(decodeSecret(value, spec.encoding ?? 'utf8')),
    alg: spec.alg ?? 'HS256',
  };
}

function jwkSigningKey(jwk: Record<string, unknown>, alg: string | undefined): SigningKey {
  const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
  const jwkAlg = typeof jwk.alg === 'string' ? jwk.alg : undefined;
  if (jwk.kty === 'oct' && typeof jwk.k === 'string')
    return {
      key: createSecretKey(decodeSecret(jwk.k, 'base64url')),
      alg: alg ?? jwkAlg ?? 'HS256',
      kid,
    };
  if (!('d' in jwk)) throw new Error('is a public JWK: it cannot sign');
  const key = createPrivateKey({ key: jwk as never, format: 'jwk' });
  return { key, alg: alg ?? jwkAlg ?? defaultAlg(key), kid };
}

function defaultAlg(key: KeyObject): string {
  const type = key.asymmetricKeyType;
  if (type === 'ec')
    return (
      ({ prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' } as Record<string, string>)[
        key.asymmetricKeyDetails?.namedCurve ?? ''
      ] ?? 'ES256'
    );
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'rsa-pss') return 'PS256';
  return 'RS256';
}

function readEnv(name: string, context: SourceContext): string {
  const value = context.env[name];
  if (value === undefined || value === '')
    throw new Error(`environment variable ${name} is not set`);
  return value;
}

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
