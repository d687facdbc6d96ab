import { tokensIn } from '../jwt/tokenScan';

// Tokens cut into neighbouring fields, for lib/failures/redact.ts: which leaves they span.

const FRAGMENT = /^[A-Za-z0-9_=+/.-]+$/;

export type Holder = Record<string, unknown> | unknown[];
type Doomed = Map<Holder, Set<string | number>>;

/**
 * A token may be cut into neighbouring fields (`{"a": "eyJ…", "b": "…sig"}`): the string leaves
 * of the input, joined in document order with and without dots, are searched too, and every
 * leaf such a token spans is replaced whole. Returns those leaves by their holder.
 */
export function splitTokenLeaves(input: unknown, onToken: (token: string) => void): Doomed {
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
    .map((leaf) => ({
      ...leaf,
      holdsWholeToken: mayHoldReplayable(leaf.text) && tokensIn(leaf.text).some(isComplete),
    }));
  for (const joiner of ['', '.']) {
    for (let first = 0; first < fragments.length - 1; first++) {
      // Grown one neighbour at a time: a token is split over a few fields, not dozens, so
      // windows of up to five neighbours.
      let joined = fragments[first]!.text;
      // A field holding a whole token is redacted on its own; its neighbours are not part of it.
      let holdsWhole = fragments[first]!.holdsWholeToken;
      for (let last = first + 1; last < Math.min(fragments.length, first + 5); last++) {
        joined += joiner + fragments[last]!.text;
        holdsWhole ||= fragments[last]!.holdsWholeToken;
        if (holdsWhole) break;
        // Every token form starts with base64 of `{"` ("ey") or of "ey" ("ZXl").
        if (!/ey|ZXl/.test(joined) || !mayHoldReplayable(joined)) continue;
        const window = fragments.slice(first, last + 1);
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

const SIGNATURE_AFTER_DOT = /\.[A-Za-z0-9_=+/-]{16}/g;
const BASE64_TOKEN = /[A-Za-z0-9+/_-]{40}/;

/**
 * A cheap necessary condition for `tokensIn(text)` to hold a replayable token, for fragment text
 * (no encodings: FRAGMENT): plainly, two dots with 16 signature characters after the second; or
 * a base64 run long enough to hold a whole token. Skips the scan for most windows.
 */
function mayHoldReplayable(text: string): boolean {
  const firstDot = text.indexOf('.');
  if (firstDot >= 0) {
    SIGNATURE_AFTER_DOT.lastIndex = firstDot + 1;
    if (SIGNATURE_AFTER_DOT.test(text)) return true;
  }
  return BASE64_TOKEN.test(text);
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
