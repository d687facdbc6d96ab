// Finds compact JWS/JWE tokens in free text, as services really log them: plain, or with the
// dots (or everything) percent-, double-percent-, entity- or backslash-encoded, wrapped across
// lines, or the whole token in base64. Decode before matching; when in doubt, redact.

/** Replaces one found token; returns the text that stands in for it. */
export type OnToken = (token: string) => string;

// Two to five base64url runs joined by dots, the first holding a JSON object: a JWS, a JWE,
// a header.payload whose signature was cut off (its claims may still be personal), a JWS with a
// detached payload (`header..signature`) or a JWE with an empty key (`header..iv.ct.tag`). Later
// parts also take `+` and `/`: a signature re-encoded as standard base64. A "eyJhbGci..." preview
// has nothing after its dots. A match starts only where a run of token characters starts: a
// long run without a dot is then scanned once, not once per offset (linear, not quadratic).
const JWT_SHAPED =
  /(?<![A-Za-z0-9_=-])[A-Za-z0-9_=-]{8,}\.(?:[A-Za-z0-9_=+/-]{2,}(?:\.[A-Za-z0-9_=+/-]*){0,3}|\.[A-Za-z0-9_=+/-]{8,}(?:\.[A-Za-z0-9_=+/-]*){0,2})/g;
// Where a JOSE header may begin inside a run glued to a word (`token=eyJ…`, `session-eyJ…`):
// base64url of `{` starts with "e". Bounded, so a long run costs little.
const MAX_HEADER_STARTS = 32;
const MIN_SEGMENT = 8;

// A run of token characters and of the encodings a logger may have put in: %XX, &#NN; &#xNN;
// &name;, \uNNNN, \xNN, backslash escapes, and line breaks with their indentation.
const ENCODED_RUN =
  /(?:[A-Za-z0-9_=+/.-]|%[0-9A-Fa-f]{2}|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\[nrt./\\]|\r?\n[ \t>]*)+/g;
const HAS_ENCODING = /%[0-9A-Fa-f]{2}|&#|&[A-Za-z]{2,8};|\\[uxnrt./\\]|\n/;
// base64 of a token is long and has no dots; 40 characters is the shortest that can hold one.
const BASE64_RUN = /[A-Za-z0-9+/_-]{40,}={0,2}/g;
const MAX_DECODE_ROUNDS = 4;

/** Replaces every token in `text` (by `onToken`); the encoded and wrapped forms included. */
export function replaceTokens(text: string, onToken: OnToken): string {
  let out = HAS_ENCODING.test(text)
    ? text.replace(ENCODED_RUN, (run) =>
        HAS_ENCODING.test(run) ? replaceInEncodedRun(run, onToken) : run,
      )
    : text;
  out = replacePlainTokens(out, onToken);
  return out.replace(BASE64_RUN, (run) => {
    const decoded = decodeBase64Text(run);
    if (decoded === null) return run;
    let marker: string | null = null;
    replaceTokens(decoded, (token) => {
      const replacement = onToken(token);
      marker ??= replacement;
      return replacement;
    });
    return marker ?? run;
  });
}

/**
 * A run with encodings in it is matched decoded. A token written plainly at its start (a line
 * break after it joins the next word on decoding) is handed over first, so the caller's first
 * token is the one that was really sent.
 */
function replaceInEncodedRun(run: string, onToken: OnToken): string {
  const decoded = decodeRun(run);
  const inDecoded = collectTokens(decoded);
  if (inDecoded.length === 0) return run;
  for (const plain of collectTokens(run)) if (!inDecoded.includes(plain)) onToken(plain);
  return replacePlainTokens(decoded, onToken);
}

function collectTokens(
  text: string,
  scan: (text: string, onToken: OnToken) => string = replacePlainTokens,
): string[] {
  const tokens: string[] = [];
  scan(text, (token) => {
    tokens.push(token);
    return token;
  });
  return tokens;
}

/** Every token in `text`, in any of the forms `replaceTokens` knows, as found (decoded). */
export function tokensIn(text: string): string[] {
  return collectTokens(text, replaceTokens);
}

/** Whether `text` holds a token in any of the forms `replaceTokens` knows. */
export function containsToken(text: string): boolean {
  return tokensIn(text).length > 0;
}

function replacePlainTokens(text: string, onToken: OnToken): string {
  return text.replace(JWT_SHAPED, (match) => {
    const start = joseStart(match);
    if (start < 0) return match;
    return match.slice(0, start) + onToken(match.slice(start));
  });
}

/**
 * The offset in a JWT-shaped match where the token starts, or -1. The header may be glued to a
 * word, or missing (a payload.signature pair cut from its header): any part holding a JSON
 * object, with a part after it, starts one.
 */
function joseStart(match: string): number {
  const parts = match.split('.');
  let offset = 0;
  for (let index = 0; index < parts.length - 1; index++) {
    const part = parts[index]!;
    const at = jsonObjectStart(part, index === 0);
    if (at >= 0) return offset + at;
    offset += part.length + 1;
  }
  return -1;
}

function jsonObjectStart(part: string, mayBeGlued: boolean): number {
  let tried = 0;
  const last = mayBeGlued ? part.length - MIN_SEGMENT : 0;
  for (let at = 0; at <= last && tried < MAX_HEADER_STARTS; at++) {
    if (at > 0 && part[at] !== 'e') continue;
    tried++;
    if (part.length - at >= MIN_SEGMENT && encodesJsonObject(part.slice(at))) return at;
  }
  return -1;
}

function encodesJsonObject(segment: string): boolean {
  if (!/^[A-Za-z0-9_-]+=*$/.test(segment)) return false;
  const decoded = Buffer.from(segment.replace(/=+$/, ''), 'base64url').toString('utf8');
  return /^\s*\{\s*"/.test(decoded);
}

const ENTITIES: Record<string, string> = {
  period: '.',
  amp: '&',
  sol: '/',
  equals: '=',
  plus: '+',
  lowbar: '_',
  hyphen: '-',
  dash: '-',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  colon: ':',
  semi: ';',
  percnt: '%',
  bsol: '\\',
  nbsp: ' ',
};

/** Undoes the encodings of ENCODED_RUN, repeatedly (a `%252E` is `%2E` once decoded). */
export function decodeRun(run: string): string {
  let text = run;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    const next = text
      .replace(/\r?\n[ \t>]*/g, '')
      .replace(/\\[nrt]/g, '')
      .replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      )
      .replace(/&#([0-9]{1,7});/g, (match, code: string) => codePoint(Number(code)) ?? match)
      .replace(
        /&#[xX]([0-9A-Fa-f]{1,6});/g,
        (match, code: string) => codePoint(parseInt(code, 16)) ?? match,
      )
      .replace(/&([A-Za-z]{2,8});/g, (match, name: string) => ENTITIES[name.toLowerCase()] ?? match)
      .replace(/\\u([0-9A-Fa-f]{4})/g, (_match, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      )
      .replace(/\\x([0-9A-Fa-f]{2})/g, (_match, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      )
      .replace(/\\([./\\])/g, '$1');
    if (next === text) break;
    text = next;
  }
  return text;
}

function codePoint(code: number): string | null {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

/** A base64 (standard or url) run decoded, when it decodes to printable text; else null. */
function decodeBase64Text(run: string): string | null {
  const bytes = Buffer.from(
    run.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
    'base64url',
  );
  if (bytes.length < 30) return null;
  let printable = 0;
  for (const byte of bytes) if (byte >= 0x20 && byte < 0x7f) printable++;
  return printable / bytes.length > 0.95 ? bytes.toString('latin1') : null;
}
