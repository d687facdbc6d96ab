import { createHmac } from 'node:crypto';
import {
  isCredentialName,
  isPlaceholder,
  replaceNamedCredentials,
  SCHEME_VALUE,
} from './credentialNames';
import { replaceTokens, tokensIn } from '../jwt/tokenScan';

const FRAGMENT = /^[A-Za-z0-9_=+/.-]+$/;

/** A credential found in the input: kept in memory for this request only, never written. */
export interface FoundCredential {
  value: string;
  /** Where it was: a JWT-shaped string (in any encoding), an auth-scheme value, a named field or word. */
  via: 'jwt' | 'bearer' | 'field';
}

export interface Redacted {
  value: unknown;
  credentials: FoundCredential[];
}

const MIN_BEARER_LENGTH = 8;
const SPLIT_MARKER = '[redacted: part of a token split across fields]';

/**
 * Keyed with the fingerprint key: an unkeyed SHA-256 of a password or a short opaque token is
 * reversed with a wordlist. The same value gives the same digest, so markers still correlate.
 */
export function credentialDigest(value: string, key: Uint8Array): string {
  return createHmac('sha256', key)
    .update('authscope-redaction\0')
    .update(value)
    .digest('hex')
    .slice(0, 16);
}

/** What replaces a credential in stored text: enough to correlate, nothing to replay or reverse. */
export function redactionMarker(value: string, key: Uint8Array): string {
  const dots = value.split('.').length - 1;
  return `[redacted token: ${value.length} chars, ${dots} dot${dots === 1 ? '' : 's'}, hmac-sha256/16:${credentialDigest(value, key)}]`;
}

/**
 * Replaces every credential in a JSON value — tokens anywhere (keys included, in any encoding a
 * logger produces, split across lines or across neighbouring fields), auth-scheme values
 * (`Bearer …`, `Basic …`, but not a `Bearer eyJ…...` preview), credential-named words in text,
 * and the whole value of credential-named fields — and returns what it removed so the caller
 * can analyse it before dropping it.
 */
export function redactCredentials(input: unknown, key: Uint8Array): Redacted {
  const credentials: FoundCredential[] = [];
  const found = (value: string, via: FoundCredential['via']) => {
    credentials.push({ value, via });
    return redactionMarker(value, key);
  };
  const redactText = (text: string): string => {
    const withoutTokens = replaceTokens(text, (token) => found(token, 'jwt'));
    const withoutNamed = replaceNamedCredentials(withoutTokens, (value) => found(value, 'field'));
    return withoutNamed.replace(
      SCHEME_VALUE,
      (match, scheme: string, space: string, value: string, ellipsis: string | undefined) => {
        if (ellipsis || value.startsWith('[redacted') || !isSchemeCredential(scheme, value))
          return match;
        // Basic carries a password: like a named field, never analysed as a token.
        return `${scheme}${space}${found(value, scheme.toLowerCase() === 'basic' ? 'field' : 'bearer')}`;
      },
    );
  };

  const splitTokens: string[] = [];
  const doomed = splitTokenLeaves(input, (token) => splitTokens.push(token));
  const walk = (
    value: unknown,
    name: string | null,
    holder: Holder | null = null,
    key: string | number | null = null,
  ): unknown => {
    if (holder && key !== null && doomed.get(holder)?.has(key)) return SPLIT_MARKER;
    if (typeof value === 'string') {
      const before = credentials.length;
      const redacted = redactText(value);
      const foundToken = credentials.slice(before).some((credential) => credential.via !== 'field');
      // A credential-named field is a credential whole, unless what it holds is a token (kept
      // as found, so the token itself is analysed).
      if (name !== null && isCredentialName(name) && !foundToken && !isPlaceholder(value)) {
        credentials.length = before;
        return found(value, 'field');
      }
      return redacted;
    }
    if (typeof value === 'number' && name !== null && isCredentialName(name))
      return found(String(value), 'field');
    // Headers as loggers write them: `["x-api-key", "…"]` pairs, Node's flat rawHeaders, and
    // HAR's `{name: "x-api-key", value: "…"}`: the name in one place names the value in the next.
    if (Array.isArray(value))
      return value.map((item, index) => walk(item, headerName(value[index - 1]), value, index));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      const entries = Object.entries(value);
      const named = headerName(entries.find(([field]) => /^(name|key|header)$/i.test(field))?.[1]);
      for (const [field, item] of entries) {
        const nameOfValue = named && /^(value|val)$/i.test(field) ? named : field;
        out[redactText(field)] = walk(item, nameOfValue, value as Record<string, unknown>, field);
      }
      return out;
    }
    return value;
  };

  const value = walk(input, null);
  // Split tokens go last: a token sent whole is the one the caller analyses.
  for (const token of splitTokens) credentials.push({ value: token, via: 'jwt' });
  return { value, credentials };
}

/** A string that is a header or field name (and so may name the value beside it), else null. */
function headerName(value: unknown): string | null {
  return typeof value === 'string' &&
    value.length <= 64 &&
    /^[A-Za-z][A-Za-z0-9_.-]*$/.test(value) &&
    isCredentialName(value)
    ? value
    : null;
}

function isSchemeCredential(scheme: string, value: string): boolean {
  if (scheme.toLowerCase() !== 'basic') return value.length >= MIN_BEARER_LENGTH;
  // Basic is base64 of "user:password"; "basic auth failed" is prose.
  return value.length >= 4 && Buffer.from(value, 'base64').toString('latin1').includes(':');
}

type Holder = Record<string, unknown> | unknown[];
type Doomed = Map<Holder, Set<string | number>>;

/**
 * A token may be cut into neighbouring fields (`{"a": "eyJ…", "b": "…sig"}`): the string leaves
 * of the input, joined in document order with and without dots, are searched too, and every
 * leaf such a token spans is replaced whole. Returns those leaves by their holder.
 */
function splitTokenLeaves(input: unknown, onToken: (token: string) => void): Doomed {
  const doomed: Doomed = new Map();
  const leaves: Array<{ holder: Holder; key: string | number; text: string }> = [];
  const collect = (item: unknown) => {
    if (Array.isArray(item))
      item.forEach((child, index) =>
        typeof child === 'string'
          ? leaves.push({ holder: item, key: index, text: child })
          : collect(child),
      );
    else if (item !== null && typeof item === 'object') {
      for (const [field, child] of Object.entries(item)) {
        if (typeof child === 'string')
          leaves.push({ holder: item as Record<string, unknown>, key: field, text: child });
        else collect(child);
      }
    }
  };
  collect(input);
  // Fragments are bare token text; a "…"-cut preview is not one.
  // Each fragment is scanned once: whether it holds a whole token of its own decides every window it is in.
  const fragments = leaves
    .filter((leaf) => FRAGMENT.test(leaf.text) && !leaf.text.endsWith('...'))
    .map((leaf) => ({ ...leaf, holdsWholeToken: tokensIn(leaf.text).some(isComplete) }));
  for (const joiner of ['', '.']) {
    for (let first = 0; first < fragments.length - 1; first++) {
      // A token is split over a few fields, not dozens: windows of up to five neighbours.
      for (let last = first + 1; last < Math.min(fragments.length, first + 5); last++) {
        const window = fragments.slice(first, last + 1);
        const joined = window.map((leaf) => leaf.text).join(joiner);
        // Every token form starts with base64 of `{"` ("ey") or of "ey" ("ZXl").
        if (!/ey|ZXl/.test(joined)) continue;
        // A field holding a whole token is redacted on its own; its neighbours are not part of it.
        if (window.some((leaf) => leaf.holdsWholeToken)) continue;
        const token = tokensIn(joined).find(
          (candidate) =>
            isReplayable(candidate) && !window.some((leaf) => leaf.text.includes(candidate)),
        );
        if (!token) continue;
        onToken(token);
        for (const leaf of spannedLeaves(window, joiner, joined.indexOf(token), token.length)) {
          const keys = doomed.get(leaf.holder) ?? new Set();
          keys.add(leaf.key);
          doomed.set(leaf.holder, keys);
        }
      }
    }
  }
  return doomed;
}

/** The leaves of a window that the token at [start, start + length) of the joined text touches; all of them if it was found decoded. */
function spannedLeaves<T extends { text: string }>(
  window: readonly T[],
  joiner: string,
  start: number,
  length: number,
): readonly T[] {
  if (start < 0) return window;
  let offset = 0;
  return window.filter((leaf) => {
    const from = offset;
    offset += leaf.text.length + joiner.length;
    return from < start + length && from + leaf.text.length > start;
  });
}

/** A signature to replay with: three parts or more, the last one long. */
function isReplayable(token: string): boolean {
  const parts = token.split('.');
  return parts.length >= 3 && parts[parts.length - 1]!.length >= 16;
}

// base64url lengths of a whole signature, by the header's alg (RSA by key size 2048/3072/4096);
// a JWE's last part is its 16-byte tag.
const SIGNATURE_LENGTHS: Record<string, number[]> = {
  HS256: [43],
  HS384: [64],
  HS512: [86],
  ES256: [86],
  ES384: [128],
  ES512: [176],
  ES256K: [86],
  EdDSA: [86],
  Ed25519: [86],
  Ed448: [152],
};
const RSA_LENGTHS = [342, 512, 683];
const JWE_TAG_LENGTH = 22;

/** Whether a token's last part is as long as its alg makes a whole signature (or tag). */
function isComplete(token: string): boolean {
  const parts = token.split('.');
  const last = parts[parts.length - 1]!.replace(/=+$/, '').length;
  if (parts.length === 5) return last === JWE_TAG_LENGTH;
  if (parts.length !== 3) return false;
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { alg?: unknown })
      .alg;
  } catch {
    return false;
  }
  if (typeof alg !== 'string') return false;
  const lengths = SIGNATURE_LENGTHS[alg] ?? (/^(RS|PS)\d{3}$/.test(alg) ? RSA_LENGTHS : []);
  return lengths.includes(last);
}
