import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { Encoding } from '../config';
import type { KeyKind } from '../jwt/algorithms';

export type { KeyKind };

/** One usable key, before it is named and fingerprinted by the keyring. */
export interface KeyMaterial {
  kind: KeyKind;
  /** A secret KeyObject for oct; the public half otherwise (a private key is never kept). */
  key: KeyObject;
  secret?: Uint8Array;
  kid?: string;
  alg?: string;
  /** JOSE curve name for EC and OKP keys: P-256, P-384, P-521, Ed25519. */
  crv?: string;
  /** The public key as PEM texts a service might (wrongly) use as an HMAC secret: key_confusion. */
  publicPems: string[];
}

/** A key source that cannot be used; the message never contains key material. */
export class KeyLoadError extends Error {
  override readonly name = 'KeyLoadError';
}

const CURVES: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

/** Decodes a secret written in `encoding`, strictly: a typo must not silently become another secret. */
export function decodeSecret(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'utf8') return new TextEncoder().encode(text);
  const compact = text.replace(/\s+/g, '');
  const patterns: Record<Exclude<Encoding, 'utf8'>, RegExp> = {
    hex: /^(?:[0-9a-fA-F]{2})*$/,
    base64: /^[A-Za-z0-9+/]*={0,2}$/,
    base64url: /^[A-Za-z0-9_-]*$/,
  };
  if (!patterns[encoding].test(compact))
    throw new KeyLoadError(`the value is not valid ${encoding}`);
  // One character past a multiple of four is a length no encoder produces: a typo, which must
  // not silently become another secret.
  if (encoding !== 'hex' && compact.replace(/=+$/, '').length % 4 === 1)
    throw new KeyLoadError(`the value is not valid ${encoding}`);
  const bytes = Buffer.from(compact, encoding === 'hex' ? 'hex' : encoding);
  return new Uint8Array(bytes);
}

export function secretMaterial(secret: Uint8Array): KeyMaterial {
  return { kind: 'oct', key: createSecretKey(secret), secret, publicPems: [] };
}

/** A PEM public key, certificate or private key (only its public half is kept). */
export function pemMaterial(pem: string): KeyMaterial {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new KeyLoadError(
      'the PEM text is not a supported public key, certificate or private key',
    );
  }
  const spki = key.export({ type: 'spki', format: 'pem' }).toString();
  const isPublicText = /-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----/.test(pem);
  return {
    ...describePublicKey(key),
    publicPems: uniqueTexts(isPublicText ? [pem, spki] : [spki]),
  };
}

/** A JWK (public, private or oct); for RSA/EC/OKP only the public members are imported. */
export function jwkMaterial(jwk: Record<string, unknown>): KeyMaterial {
  const kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
  const alg = typeof jwk.alg === 'string' ? jwk.alg : undefined;
  if (jwk.kty === 'oct') {
    if (typeof jwk.k !== 'string') throw new KeyLoadError('an oct JWK needs "k"');
    return { ...secretMaterial(decodeSecret(jwk.k, 'base64url')), kid, alg };
  }
  const publicMembers = pickPublicMembers(jwk);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicMembers as never, format: 'jwk' });
  } catch {
    throw new KeyLoadError(
      `unsupported or invalid JWK (kty ${JSON.stringify(jwk.kty ?? null)}${kid ? `, kid ${JSON.stringify(kid)}` : ''})`,
    );
  }
  const spki = key.export({ type: 'spki', format: 'pem' }).toString();
  return { ...describePublicKey(key), kid, alg, publicPems: uniqueTexts([spki]) };
}

const PUBLIC_MEMBERS: Record<string, string[]> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
};

function pickPublicMembers(jwk: Record<string, unknown>): Record<string, unknown> {
  const members = PUBLIC_MEMBERS[String(jwk.kty)];
  if (!members) throw new KeyLoadError(`unsupported JWK kty ${JSON.stringify(jwk.kty ?? null)}`);
  return Object.fromEntries([['kty', jwk.kty], ...members.map((name) => [name, jwk[name]])]);
}

function describePublicKey(key: KeyObject): Omit<KeyMaterial, 'publicPems'> {
  const type = key.asymmetricKeyType;
  if (type === 'rsa' || type === 'rsa-pss') return { kind: 'RSA', key };
  if (type === 'ec') {
    const crv = CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!crv)
      throw new KeyLoadError(
        `unsupported EC curve ${key.asymmetricKeyDetails?.namedCurve ?? 'unknown'}`,
      );
    return { kind: 'EC', key, crv };
  }
  if (type === 'ed25519') return { kind: 'OKP', key, crv: 'Ed25519' };
  throw new KeyLoadError(`unsupported key type ${type ?? 'unknown'}`);
}

/**
 * The byte forms a forger may have HMAC'd the public key text in: as given, with or without the
 * final newline, with LF or CRLF line ends (a PEM copied on Windows).
 */
function uniqueTexts(texts: string[]): string[] {
  const lineEnds = (text: string) => {
    const lf = text.replace(/\r\n/g, '\n');
    return [text, lf, lf.replace(/\n/g, '\r\n')];
  };
  return [
    ...new Set(
      texts
        .flatMap(lineEnds)
        .flatMap((text) => [
          text,
          text.trimEnd(),
          text.trimEnd() + (text.includes('\r\n') ? '\r\n' : '\n'),
        ]),
    ),
  ];
}

/**
 * What a file or variable holds, recognised by its content (docs/configuration.md): a PEM key,
 * a JWK or JWK Set (files only), otherwise a raw secret in `encoding`.
 */
export function materialFromText(
  text: string,
  encoding: Encoding,
  structured: boolean,
): LoadedMaterial {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return { keys: [pemMaterial(trimmed)], skipped: [] };
  if (structured && trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new KeyLoadError(
        'the file starts with "{" but is not valid JSON (expected a JWK or a JWK Set)',
      );
    }
    return jwkSetMaterial(json);
  }
  // A trailing line break is an artefact of `echo … > file`, not part of the secret.
  const value = structured ? text.replace(/\r?\n$/, '') : text;
  if (value.length === 0) throw new KeyLoadError('the value is empty');
  return { keys: [secretMaterial(decodeSecret(value, encoding))], skipped: [] };
}

export interface LoadedMaterial {
  keys: KeyMaterial[];
  /** Keys of a set that could not be used, with why: the rest of the set still loads. */
  skipped: string[];
}

export function jwkSetMaterial(json: unknown): LoadedMaterial {
  if (typeof json !== 'object' || json === null)
    throw new KeyLoadError('expected a JWK or a JWK Set object');
  const record = json as Record<string, unknown>;
  if (!('keys' in record)) return { keys: [jwkMaterial(record)], skipped: [] };
  if (!Array.isArray(record.keys)) throw new KeyLoadError('"keys" must be an array of JWKs');
  const loaded: LoadedMaterial = { keys: [], skipped: [] };
  record.keys.forEach((jwk, index) => {
    if (typeof jwk === 'object' && jwk !== null && (jwk as { use?: unknown }).use === 'enc') return;
    try {
      loaded.keys.push(jwkMaterial(jwk as Record<string, unknown>));
    } catch (error) {
      loaded.skipped.push(`keys[${index}]: ${(error as Error).message}`);
    }
  });
  if (loaded.keys.length === 0) {
    throw new KeyLoadError(
      loaded.skipped.length
        ? `no usable key: ${loaded.skipped.join('; ')}`
        : 'the key set is empty',
    );
  }
  return loaded;
}
