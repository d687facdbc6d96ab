import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlProblems, decodeBase64url, encodeBase64url } from '../../../lib/jwt/base64url';

describe('base64urlProblems (RFC 7515 §2, strict)', () => {
  it.each([
    ['', []],
    ['QQ', []],
    ['QUI', []],
    ['QUJD', []],
    ['QQ==', ['padding']],
    ['QUI=', ['padding']],
    ['a+b/', ['non_base64url_characters']],
    ['a+b/==', ['padding', 'non_base64url_characters']],
    ['QR', ['non_zero_trailing_bits']],
    ['QUJ', ['non_zero_trailing_bits']],
    ['QUJDR', ['impossible_length']],
    ['a b', ['non_base64url_characters']],
  ])('%j → %j', (text, problems) => {
    expect(base64urlProblems(text)).toEqual(problems);
  });
});

describe('decodeBase64url (lenient)', () => {
  it('decodes canonical, padded and standard-alphabet text to the same bytes', () => {
    const expected = new Uint8Array([0xfb, 0xff, 0xbf]);
    expect(decodeBase64url('-_-_')).toEqual(expected);
    expect(decodeBase64url('+/+/')).toEqual(expected);
    expect(decodeBase64url('-_-_==')).toEqual(expected);
  });

  it.each(['ab*c', 'QUJDR', 'ab=c', 'é'])('cannot decode %j', (text) => {
    expect(decodeBase64url(text)).toBeNull();
  });

  it('matches Buffer and round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64url(text)).toEqual(bytes);
        expect(base64urlProblems(text)).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });
});
