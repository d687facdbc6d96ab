import { beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../../lib/keys';
import rfc7515 from '../../fixtures/rfc/rfc7515-appendix-a.json';
import rfc7520 from '../../fixtures/rfc/rfc7520-section-4.json';
import { b64url } from '../jwt/craft';
import { loadTestKeyring } from '../keys/testKeyring';
import { codesOf, inspectAt } from './inspectAt';

const signed7515 = rfc7515.vectors.filter((vector) => vector.key !== null);
const unsecured7515 = rfc7515.vectors.find((vector) => vector.section === 'A.5')!;
const keyId7515 = (section: string) => `rfc7515-${section}`;
const keyId7520 = (section: string) => `rfc7520-${section}`;
const RFC7515_CLAIMS = { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true };

let keyring: Keyring;

beforeAll(async () => {
  // oct keys come from files (a secret is never written in the config); public keys are inline.
  const files: Record<string, string> = {};
  const keys: Array<Record<string, unknown>> = [];
  for (const vector of signed7515) {
    const id = keyId7515(vector.section);
    if (vector.key!.kty === 'oct') {
      files[`${id}.jwk`] = JSON.stringify(vector.key);
      keys.push({ id, environment: 'production', from: `file:${id}.jwk` });
    } else {
      keys.push({ id, environment: 'production', jwk: vector.key });
    }
  }
  for (const [section, jwk] of Object.entries(rfc7520.keys)) {
    const id = keyId7520(section);
    if (jwk.kty === 'oct') {
      files[`${id}.jwk`] = JSON.stringify(jwk);
      keys.push({ id, environment: 'staging', from: `file:${id}.jwk` });
    } else {
      keys.push({ id, environment: 'staging', jwk });
    }
  }
  ({ keyring } = await loadTestKeyring({ keys, files }));
  expect(keyring.views().every((view) => view.status === 'ok')).toBe(true);
});

describe('RFC 7515 Appendix A', () => {
  it.each(signed7515.map((vector) => [vector.section, vector.alg, vector] as const))(
    '%s (%s) is verified by its key alone',
    async (section, _alg, vector) => {
      const report = await inspectAt(vector.token, keyring);
      expect(report.verified_by).toEqual([keyId7515(section)]);
      expect(report.verification.filter((row) => row.verified)).toHaveLength(1);
    },
  );

  it.each(signed7515.map((vector) => [vector.section, vector] as const))(
    '%s decodes to the header and payload texts of the RFC, CR LF included',
    async (_section, vector) => {
      const [header, payload] = vector.token
        .split('.')
        .map((part) => Buffer.from(part, 'base64url').toString('utf8'));
      expect(header).toBe(vector.header_text);
      expect(payload).toBe(vector.payload_text);
      const report = await inspectAt(vector.token, keyring);
      expect(report.header).toEqual(JSON.parse(vector.header_text));
      expect(report.structure.parts.map((part) => part.length)).toEqual(
        vector.token.split('.').map((part) => part.length),
      );
    },
  );

  it('still names the signer of A.1 to A.3 although their exp (2011) has long passed', async () => {
    for (const vector of signed7515.filter((candidate) => candidate.payload_text.startsWith('{'))) {
      const report = await inspectAt(vector.token, keyring);
      expect(report.claims).toEqual(RFC7515_CLAIMS);
      expect(report.timing?.claims[0]).toMatchObject({
        claim: 'exp',
        iso: '2011-03-22T18:43:00.000Z',
      });
      expect(codesOf(report)).toContain('expired');
      expect(report.verified_by).toEqual([keyId7515(vector.section)]);
    }
  });

  it('shows the A.4 payload, which is not JSON, as text', async () => {
    const report = await inspectAt(
      signed7515.find((vector) => vector.section === 'A.4')!.token,
      keyring,
    );
    expect(report).toMatchObject({
      claims: null,
      payload_text: 'Payload',
      verified_by: ['rfc7515-A.4'],
    });
  });

  it('verifies A.1 over the header bytes received, CR LF and all, not over re-serialised JSON', async () => {
    const a1 = signed7515.find((vector) => vector.section === 'A.1')!;
    const [header, payload, signature] = a1.token.split('.');
    const reserialised = b64url(JSON.stringify(JSON.parse(a1.header_text)));
    expect(reserialised).not.toBe(header);
    const report = await inspectAt(`${reserialised}.${payload}.${signature}`, keyring);
    expect(report.header).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(report.verified_by).toEqual([]);
    expect(codesOf(report)).toContain('no_key_verifies');
  });

  it('flags the A.1 example key as a well-known weak secret, in the report and on the keyring', async () => {
    const report = await inspectAt(
      signed7515.find((vector) => vector.section === 'A.1')!.token,
      keyring,
    );
    expect(report.findings.find((finding) => finding.code === 'weak_secret')?.message).toContain(
      'the RFC 7515 Appendix A.1 example key',
    );
    expect(keyring.views().find((view) => view.id === 'rfc7515-A.1')?.weak).toBe(
      'the RFC 7515 Appendix A.1 example key: rotate this secret',
    );
  });

  it('reports A.5, the unsecured JWS, as alg_none with no key tried', async () => {
    const report = await inspectAt(unsecured7515.token, keyring);
    expect(report.header).toEqual({ alg: 'none' });
    expect(report.claims).toEqual(RFC7515_CLAIMS);
    expect(report.verification).toEqual([]);
    expect(report.verified_by).toEqual([]);
    expect(codesOf(report)).toEqual(expect.arrayContaining(['alg_none', 'no_key_verifies']));
    expect(
      report.findings.find((finding) => finding.code === 'no_key_verifies')?.message,
    ).toContain('no configured key fits alg "none"');
  });
});

describe('RFC 7520 Section 4', () => {
  it.each(rfc7520.vectors.map((vector) => [vector.section, vector.alg, vector] as const))(
    '%s (%s) is verified by the key of its section alone',
    async (_section, _alg, vector) => {
      const report = await inspectAt(vector.token, keyring);
      expect(report.verified_by).toEqual([keyId7520(vector.key_section)]);
      expect(report.header).toEqual(JSON.parse(vector.header_text));
      expect(report.payload_text).toBe(rfc7520.payload_text);
      expect(codesOf(report)).not.toContain('kid_unknown');
    },
  );

  it('verifies the randomized PS384 signature of 4.2, and the same key names both 4.1 and 4.2', async () => {
    const [rs256, ps384] = await Promise.all(
      rfc7520.vectors.slice(0, 2).map((vector) => inspectAt(vector.token, keyring)),
    );
    expect(rs256.verified_by).toEqual(['rfc7520-3.3']);
    expect(ps384.verified_by).toEqual(['rfc7520-3.3']);
    expect(ps384.verification.find((row) => row.key_id === 'rfc7515-A.2')).toMatchObject({
      verified: false,
      reason: 'bad_signature',
    });
  });

  it('flags the 4.4 HMAC key (Section 3.5) as a well-known weak secret', async () => {
    const report = await inspectAt(
      rfc7520.vectors.find((vector) => vector.section === '4.4')!.token,
      keyring,
    );
    expect(report.findings.find((finding) => finding.code === 'weak_secret')?.message).toContain(
      'the RFC 7520 §3.5 example key',
    );
  });

  it('fails 4.1 once a single payload byte changes', async () => {
    const [header, payload, signature] = rfc7520.vectors[0].token.split('.');
    const tampered = b64url(
      Buffer.from(payload, 'base64url').toString('utf8').replace('Frodo', 'Frida'),
    );
    expect((await inspectAt(`${header}.${tampered}.${signature}`, keyring)).verified_by).toEqual(
      [],
    );
  });
});
