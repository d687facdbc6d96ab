import { describe, expect, it } from 'vitest';
import {
  PLACEMENTS,
  replayableToken,
  searchable,
  SPLITS,
  TEXT_ENCODINGS,
  toStandardBase64,
  tokenNeedles,
  tracesIn,
} from '../../fixtures/security/tokenEncodings';

// The redaction tests pass when no needle is found: they are only worth something if every
// encoding they send would be found when stored as it came.
describe('the oracle of the token redaction tests', () => {
  const token = replayableToken();
  const needles = tokenNeedles(token);

  it('makes tokens whose standard-base64 signature has +, / and =', () => {
    const signature = toStandardBase64(token.split('.')[2]);
    expect(signature).toMatch(/\+/);
    expect(signature).toMatch(/\//);
    expect(signature).toMatch(/=$/);
  });

  it.each(Object.keys(TEXT_ENCODINGS) as Array<keyof typeof TEXT_ENCODINGS>)(
    'finds a token written %s and stored unredacted, in every placement',
    (encoding) => {
      for (const place of Object.values(PLACEMENTS)) {
        const stored = JSON.stringify(place(TEXT_ENCODINGS[encoding](token)));
        expect(tracesIn(searchable(stored), needles).length).toBeGreaterThan(0);
      }
    },
  );

  it.each(Object.keys(SPLITS) as Array<keyof typeof SPLITS>)(
    'finds a token split across %s and stored unredacted',
    (split) => {
      expect(
        tracesIn(searchable(JSON.stringify(SPLITS[split](token))), needles).length,
      ).toBeGreaterThan(0);
    },
  );

  it('finds nothing in what redaction leaves: a marker, the first 12 and last 8 characters, another token', () => {
    const kept = JSON.stringify({
      error_message: '[redacted token: 151 chars, 2 dots, hmac-sha256/16:0123456789abcdef]',
      token_prefix: token.slice(0, 12),
      token_suffix: token.slice(-8),
      other: replayableToken(),
    });
    expect(tracesIn(searchable(kept), needles)).toEqual([]);
  });
});
