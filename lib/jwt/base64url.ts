// Isomorphic base64url helpers: the inspect page decodes in the browser with the same code.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((char, index) => [char, index]));

export type EncodingProblem =
  'padding' | 'non_base64url_characters' | 'non_zero_trailing_bits' | 'impossible_length';

/**
 * Strict RFC 7515 §2 check. Lenient decoders accept padding, `+/` and stray trailing bits;
 * strict ones reject them — a classic "works on REST, fails on WebSocket" cause.
 */
export function base64urlProblems(text: string): EncodingProblem[] {
  const problems: EncodingProblem[] = [];
  const unpadded = text.replace(/=+$/, '');
  if (unpadded.length !== text.length) problems.push('padding');
  if (/[^A-Za-z0-9_-]/.test(unpadded)) problems.push('non_base64url_characters');
  if (unpadded.length % 4 === 1) problems.push('impossible_length');
  else if (!problems.includes('non_base64url_characters') && hasNonZeroTrailingBits(unpadded)) {
    problems.push('non_zero_trailing_bits');
  }
  return problems;
}

function hasNonZeroTrailingBits(text: string): boolean {
  const rest = text.length % 4;
  if (rest === 0) return false;
  const last = VALUE.get(text[text.length - 1]) ?? 0;
  // 2 chars carry 1 byte (4 spare bits), 3 chars carry 2 bytes (2 spare bits).
  const spareMask = rest === 2 ? 0b1111 : 0b11;
  return (last & spareMask) !== 0;
}

/** Lenient decode (accepts padding and the standard alphabet); null when it cannot be decoded. */
export function decodeBase64url(text: string): Uint8Array | null {
  const normalized = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (normalized.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((normalized.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let offset = 0;
  for (const char of normalized) {
    const value = VALUE.get(char);
    if (value === undefined) return null;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[offset++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

export function encodeBase64url(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (6 - bits)) & 0x3f];
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of the bytes, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
