// What names a credential, in a field name or in text ("x-api-key: …", "password=…",
// "Authorization: Basic …"). Broad on purpose: a false positive hides a log word, a miss
// stores a secret.

/** Lower case with separators removed: `X-Api-Key`, `x_api_key` and `xApiKey` are one name. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, '');
}

const CREDENTIAL_NAMES = new Set([
  'authorization',
  'proxyauthorization',
  'bearer',
  'jwt',
  'cookie',
  'setcookie',
  'session',
  'sessionid',
  'sid',
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'credential',
  'credentials',
  'privatekey',
  'apikey',
  'xapikey',
  'accesskey',
  'secretkey',
  'signingkey',
  'clientsecret',
  'otp',
  'pin',
]);
const CREDENTIAL_ENDINGS = [
  'token',
  'secret',
  'password',
  'passwd',
  'apikey',
  'privatekey',
  'sessionid',
  'cookie',
];

/** Whether a field (or header) of this name holds a credential, whatever its value looks like. */
export function isCredentialName(name: string): boolean {
  const canonical = canonicalName(name);
  return (
    CREDENTIAL_NAMES.has(canonical) ||
    CREDENTIAL_ENDINGS.some((ending) => canonical.endsWith(ending))
  );
}

/** A placeholder such as "[MISSING]", "none" or a "…"-cut preview is not a credential. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return true;
  if (
    /^\[.*\]$/.test(trimmed) ||
    /^(none|null|undefined|absent|missing|n\/a|-|\*+|true|false|redacted)$/i.test(trimmed)
  )
    return true;
  return /(\.\.\.|…)$/.test(trimmed);
}

/** A value after an auth scheme: `Bearer <v>`, `Basic <v>`, `ApiKey <v>` (a "…" preview excluded by the caller). */
export const SCHEME_VALUE =
  /\b(Bearer|Basic|ApiKey)(\s+)([A-Za-z0-9_~+/=-]+(?:\.[A-Za-z0-9_~+/=-]+)*)(\.\.\.|…)?/gi;

// `name: value`, `name=value`, `"name": "value"`, `name%3Dvalue`: a credential-named word, then
// a separator, then the value up to a delimiter. A cookie header's value runs to the line end.
const NAMED_VALUE =
  /(^|[^A-Za-z0-9_-])([A-Za-z][A-Za-z0-9_.-]{1,40})(["']?\s*(?::|=|%3[Dd])\s*["']?)((?:(?:Bearer|Basic|Token|Digest|ApiKey)\s+)?)([^\s"'&;,)}\]]+(?:;\s*[^\s"'&;,)}\]=]+=[^\s"'&;,)}\]]*)*)/g;

// Names that also occur in prose ("invalid token: signature mismatch"): a plain short word
// after them is the sentence going on, not a credential.
const PROSE_NAMES = new Set([
  'token',
  'session',
  'secret',
  'jwt',
  'bearer',
  'credential',
  'credentials',
  'pass',
  'pin',
  'otp',
  'sid',
  'cookie',
]);

/**
 * Replaces the values of credential-named words in free text; `replace` is given each value and
 * returns what stands in for it. The name, the separator and any scheme word are kept. After a
 * name that is no credential the search goes on right behind the name, so `url=https://…?token=…`
 * still finds the token.
 */
export function replaceNamedCredentials(text: string, replace: (value: string) => string): string {
  const pattern = new RegExp(NAMED_VALUE.source, 'g');
  let out = '';
  let copied = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const [, before, name, separator, scheme, value] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const nameEnd = match.index + before.length + name.length;
    if (!isCredentialValueAfter(text, match.index, before, name, scheme, value)) {
      pattern.lastIndex = nameEnd;
      continue;
    }
    out += text.slice(copied, nameEnd) + separator + scheme + replace(value);
    copied = pattern.lastIndex;
  }
  return out + text.slice(copied);
}

function isCredentialValueAfter(
  text: string,
  offset: number,
  before: string,
  name: string,
  scheme: string,
  value: string,
): boolean {
  // "[redacted token: 306 chars, …]" is a marker already.
  if (text.slice(Math.max(0, offset - 9), offset + before.length) === '[redacted ') return false;
  if (!isCredentialName(name) || isPlaceholder(value) || value.startsWith('[redacted'))
    return false;
  return scheme !== '' || !PROSE_NAMES.has(canonicalName(name)) || !/^[A-Za-z]{1,12}$/.test(value);
}
