import { describe, expect, it } from 'vitest';
import { tokenFacts, credentialDigest } from '../../../lib/failures';
import {
  jweShapedToken,
  NOW_SECONDS,
  signedToken,
  TEST_REDACTION_KEY,
} from '../../fixtures/failures/tokens';

describe('tokenFacts', () => {
  it('keeps the characteristics, the header and the non-personal claims of a JWS', async () => {
    const token = await signedToken({ aud: ['chat', 'rest'] });
    const facts = tokenFacts(token, TEST_REDACTION_KEY);
    expect(facts).toMatchObject({
      length: token.length,
      dot_count: 2,
      prefix: token.slice(0, 12),
      has_bearer_prefix: false,
      sha256: credentialDigest(token, TEST_REDACTION_KEY),
      alg: 'HS256',
      kid: 'kid-1',
      iss: 'https://auth.example.com',
      exp: (NOW_SECONDS + 3_600) * 1000,
      rawExp: NOW_SECONDS + 3_600,
      claims: { typ: 'JWT', aud: ['chat', 'rest'], iat: NOW_SECONDS - 60, nbf: NOW_SECONDS - 60 },
      kind: 'jws',
      problems: [],
    });
    expect(facts.jws?.compact).toBe(token);
  });

  it('keeps nothing personal: no sub, no email, no custom claim, nothing of the signature', async () => {
    const token = await signedToken({ tenant: 'acme-corp' });
    const { jws: _jws, ...kept } = tokenFacts(token, TEST_REDACTION_KEY);
    const text = JSON.stringify(kept);
    for (const personal of [
      'staging-e2e-user-002',
      'user@example.com',
      'acme-corp',
      token.split('.')[1],
      token.split('.')[2],
    ]) {
      expect(text).not.toContain(personal);
    }
    expect(Object.keys(kept.claims).sort()).toEqual(['aud', 'iat', 'nbf', 'typ']);
  });

  it('measures the token without its Bearer prefix and says it had one', async () => {
    const token = await signedToken();
    const facts = tokenFacts(`Bearer ${token}`, TEST_REDACTION_KEY);
    expect(facts).toMatchObject({
      length: token.length,
      has_bearer_prefix: true,
      prefix: token.slice(0, 12),
      sha256: credentialDigest(token, TEST_REDACTION_KEY),
      kind: 'jws',
    });
  });

  it('keeps a 13-digit (millisecond) exp as milliseconds', async () => {
    const expMs = (NOW_SECONDS + 60) * 1000;
    const facts = tokenFacts(await signedToken({ exp: expMs }), TEST_REDACTION_KEY);
    expect(facts.exp).toBe(expMs);
    expect(facts.rawExp).toBe(expMs);
  });

  it('answers nulls for a token without those claims', async () => {
    const facts = tokenFacts(
      await signedToken(
        { iss: undefined, exp: undefined, aud: undefined, iat: undefined, nbf: undefined },
        { kid: undefined, typ: undefined },
      ),
      TEST_REDACTION_KEY,
    );
    expect(facts).toMatchObject({ kid: null, iss: null, exp: null, rawExp: null, claims: {} });
  });

  it('describes a JWE by its shape and header only', () => {
    const token = jweShapedToken();
    expect(tokenFacts(token, TEST_REDACTION_KEY)).toMatchObject({
      kind: 'jwe',
      dot_count: 4,
      length: token.length,
      alg: 'dir',
      jws: null,
      exp: null,
    });
  });

  it.each([
    ['an opaque token', 'opaque-session-value-123', 0],
    ['a token cut after its payload', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0', 1],
    ['a header that is not JSON', 'bm90IGpzb24.eyJzdWIiOiIxIn0.c2ln', 2],
  ])('calls %s malformed and says why', (_name, token, dots) => {
    const facts = tokenFacts(token, TEST_REDACTION_KEY);
    expect(facts).toMatchObject({
      kind: 'malformed',
      dot_count: dots,
      length: token.length,
      jws: null,
    });
    expect(facts.problems.length).toBeGreaterThan(0);
  });
});
