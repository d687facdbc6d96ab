import { createHmac } from 'node:crypto';
import {
  isCredentialName,
  isPlaceholder,
  replaceNamedCredentials,
  SCHEME_VALUE,
} from './credentialNames';
import { replaceTokens } from '../jwt/tokenScan';
import { splitTokenLeaves, type Holder } from './splitTokens';

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
// Identifier-like words (most field names, codes, environments) hold nothing the scanners find:
// no dot, separator, space or encoding, and shorter than the shortest base64 of a token.
const PLAIN_WORD = /^[A-Za-z0-9_-]{0,39}$/;
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
    if (PLAIN_WORD.test(text)) return text;
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
