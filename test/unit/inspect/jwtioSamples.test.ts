import { describe, expect, it } from 'vitest';
import { findWeakSecret } from '../../../lib/keys/weakSecrets';
import { loadTestKeyring } from '../keys/testKeyring';
import { codesOf, inspectAt } from './inspectAt';

// The HMAC sample tokens jwt.io ships, verbatim from its source (jsonwebtoken/jsonwebtoken.github.io,
// src/features/common/values/default-tokens.values.ts): anyone can sign with their secrets.
const JWT_IO_SAMPLES = [
  [
    'HS256',
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.KMUFsIDTnFmyG3nMiGM6H9FNFUROf3wh7SmqJp-QV30',
  ],
  [
    'HS384',
    'eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.owv7q9nVbW5tqUezF_G2nHTra-ANW3HqW9epyVwh08Y-Z-FKsnG8eBIpC4GTfTVU',
  ],
  [
    'HS512',
    'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.ANCf_8p1AE4ZQs7QuqGAyyfTEgYrKSjKWkhBk5cIn1_2QVr2jEjmM-1tu7EgnyOf_fAsvdFXva8Sv05iTGzETg',
  ],
] as const;

describe("jwt.io's sample tokens", () => {
  it.each(JWT_IO_SAMPLES)(
    'finds the %s sample signed by a well-known secret, named by its label',
    async (alg, token) => {
      const { keyring } = await loadTestKeyring({ keys: [] });
      const report = await inspectAt(token, keyring);
      expect(codesOf(report)).toContain('weak_secret');
      const finding = report.findings.find((entry) => entry.code === 'weak_secret')!;
      expect(finding.message).toContain(`jwt.io's current sample secret (${alg})`);
      expect(finding.message).not.toMatch(/a-(valid-)?string-secret/);
    },
  );

  it('knows the current HS384 and HS512 sample secrets verbatim', () => {
    for (const secret of [
      'a-valid-string-secret-that-is-at-least-384-bits-long',
      'a-valid-string-secret-that-is-at-least-512-bits-long-which-is-very-long',
    ]) {
      expect(findWeakSecret(new TextEncoder().encode(secret))?.label).toMatch(
        /^jwt\.io's current sample secret/,
      );
    }
  });
});
