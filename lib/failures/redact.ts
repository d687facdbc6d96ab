import { createHash } from 'node:crypto';

/** A credential found in the input: kept in memory for this request only, never written. */
export interface FoundCredential {
  value: string;
  /** Where it was: the envelope's `token` field, a JWT-shaped string, a Bearer value, a named field. */
  via: 'jwt' | 'bearer' | 'field';
}

export interface Redacted {
  value: unknown;
  credentials: FoundCredential[];
}

// Two to five base64url runs joined by dots, the first decoding to a JSON object: a JWS, a JWE,
// a header.payload whose signature was cut off (its claims may still be personal), a JWS with a
// detached payload (`header..signature`) or a JWE with an empty key (`header..iv.ct.tag`).
// A "eyJhbGci..." preview has nothing after its dots.
const JWT_SHAPED = /[A-Za-z0-9_=-]{8,}\.(?:[A-Za-z0-9_=-]{2,}(?:\.[A-Za-z0-9_=-]*){0,3}|\.[A-Za-z0-9_=-]{8,}(?:\.[A-Za-z0-9_=-]*){0,2})/g;
// Where a JOSE header may begin inside a run glued to a word (`token=eyJ…`, `session-eyJ…`):
// base64url of `{` starts with "e". Bounded, so a long run costs little.
const MAX_HEADER_STARTS = 32;
const BEARER_VALUE = /\b(Bearer)(\s+)([A-Za-z0-9_~+/=-]+(?:\.[A-Za-z0-9_~+/=-]+)*)(\.\.\.|…)?/gi;
// Field names whose string value is a credential whatever it looks like (an opaque token too).
const CREDENTIAL_FIELDS = /^(token|access_?token|id_?token|refresh_?token|jwt|authorization|bearer|password|secret|client_?secret|api_?key)$/i;
const MIN_CREDENTIAL_LENGTH = 8;

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

/** What replaces a credential in stored text: enough to correlate, nothing to replay. */
export function redactionMarker(value: string): string {
  const dots = value.split('.').length - 1;
  return `[redacted token: ${value.length} chars, ${dots} dot${dots === 1 ? '' : 's'}, sha256/16:${tokenSha256(value)}]`;
}

/**
 * Replaces every credential in a JSON value — JWT-shaped substrings anywhere (keys included),
 * `Bearer <value>` (but not a `Bearer eyJ…...` preview), and the whole value of credential-named
 * fields — and returns what it removed so the caller can analyse it before dropping it.
 */
export function redactCredentials(input: unknown): Redacted {
  const credentials: FoundCredential[] = [];
  const redactText = (text: string): string =>
    text
      .replace(JWT_SHAPED, (match) => {
        const start = joseHeaderStart(match);
        if (start < 0) return match;
        const token = match.slice(start);
        credentials.push({ value: token, via: 'jwt' });
        return match.slice(0, start) + redactionMarker(token);
      })
      .replace(BEARER_VALUE, (match, word: string, space: string, value: string, ellipsis: string | undefined) => {
        if (ellipsis || value.length < MIN_CREDENTIAL_LENGTH) return match;
        credentials.push({ value, via: 'bearer' });
        return `${word}${space}${redactionMarker(value)}`;
      });

  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') {
      const redacted = redactText(value);
      if (key !== null && CREDENTIAL_FIELDS.test(key) && redacted === value && isCredentialValue(value)) {
        credentials.push({ value, via: 'field' });
        return redactionMarker(value);
      }
      return redacted;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, null));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value)) out[redactText(name)] = walk(item, name);
      return out;
    }
    return value;
  };

  return { value: walk(input, null), credentials };
}

/** A placeholder such as "[MISSING]" or a "…"-cut preview is not a credential. */
function isCredentialValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < MIN_CREDENTIAL_LENGTH) return false;
  if (/^\[.*\]$/.test(trimmed)) return false;
  return !/(\.\.\.|…)$/.test(trimmed);
}

/** The offset in a JWT-shaped match where a JOSE header starts, or -1 if it holds none. */
function joseHeaderStart(match: string): number {
  const first = match.slice(0, match.indexOf('.'));
  let tried = 0;
  for (let at = 0; at <= first.length - MIN_CREDENTIAL_LENGTH && tried < MAX_HEADER_STARTS; at++) {
    if (at > 0 && first[at] !== 'e') continue;
    tried++;
    if (looksLikeJoseHeader(first.slice(at))) return at;
  }
  return -1;
}

function looksLikeJoseHeader(segment: string): boolean {
  if (!/^[A-Za-z0-9_-]+=*$/.test(segment)) return false;
  try {
    const decoded = Buffer.from(segment.replace(/=+$/, ''), 'base64url').toString('utf8');
    return /^\s*\{\s*"/.test(decoded);
  } catch {
    return false;
  }
}
