import { describe, expect, it } from 'vitest';
import { parseToken, type ParsedJws, type ParsedToken } from '../../../lib/jwt';
import { b64url, compact, segment } from './craft';

const HEADER = segment({ alg: 'HS256', typ: 'JWT' });
const PAYLOAD = segment({ sub: 'user-1', exp: 1_900_000_000 });
const SIGNATURE = b64url(new Uint8Array(32).fill(1));

function asJws(parsed: ParsedToken): ParsedJws {
  expect(parsed.kind).toBe('jws');
  return parsed as ParsedJws;
}

const problemsOf = (token: string) => {
  const parsed = parseToken(token);
  return parsed.kind === 'malformed' ? parsed.problems : [];
};

describe('parseToken: a JWS (3 parts)', () => {
  it('decodes header and claims and keeps the received text for verification', () => {
    const token = `${HEADER}.${PAYLOAD}.${SIGNATURE}`;
    const jws = asJws(parseToken(token));
    expect(jws.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(jws.claims).toEqual({ sub: 'user-1', exp: 1_900_000_000 });
    expect(jws.payloadText).toBeNull();
    expect(jws.compact).toBe(token);
  });

  it('describes each part with its name, length and validity', () => {
    const jws = asJws(parseToken(`${HEADER}.${PAYLOAD}.${SIGNATURE}`));
    expect(jws.parts).toEqual([
      { name: 'header', length: HEADER.length, valid: true, encoding: [] },
      { name: 'payload', length: PAYLOAD.length, valid: true, encoding: [] },
      { name: 'signature', length: SIGNATURE.length, valid: true, encoding: [] },
    ]);
  });

  it('shows a payload that is not JSON as text', () => {
    const jws = asJws(parseToken(`${HEADER}.${b64url('hello, world')}.${SIGNATURE}`));
    expect(jws.claims).toBeNull();
    expect(jws.payloadText).toBe('hello, world');
  });

  it('shows a JSON payload that is not an object as text', () => {
    expect(asJws(parseToken(`${HEADER}.${b64url('[1,2]')}.${SIGNATURE}`)).payloadText).toBe(
      '[1,2]',
    );
  });

  it('keeps an empty signature a JWS, with the signature part marked', () => {
    const jws = asJws(parseToken(`${HEADER}.${PAYLOAD}.`));
    expect(jws.parts[2]).toMatchObject({
      name: 'signature',
      length: 0,
      valid: false,
      problem: 'empty signature',
    });
  });

  it('takes an unencoded payload (RFC 7797 "b64": false) as it is', () => {
    const header = segment({ alg: 'HS256', b64: false, crit: ['b64'] });
    const jws = asJws(parseToken(`${header}.$02.${SIGNATURE}`));
    expect(jws.payloadText).toBe('$02');
  });

  it('finds a member named twice in the header or the claims', () => {
    const token = compact(
      '{"alg":"HS256","kid":"a","kid":"b"}',
      '{"sub":"alice","sub":"admin"}',
      SIGNATURE,
    );
    const parsed = parseToken(token);
    expect(parsed.duplicates).toEqual({ header: ['kid'], claims: ['sub'] });
    expect(parsed.header?.kid).toBe('b');
  });

  it('preserves CR LF inside the header text it decodes', () => {
    const jws = asJws(parseToken(compact('{"typ":"JWT",\r\n "alg":"HS256"}', '{}', SIGNATURE)));
    expect(jws.header).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(jws.compact.split('.')[0]).toBe(b64url('{"typ":"JWT",\r\n "alg":"HS256"}'));
  });
});

describe('parseToken: a JWE (5 parts)', () => {
  const jwe = [
    segment({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' }),
    b64url('k'.repeat(256)),
    b64url('iv-bytes-12b'),
    b64url('ciphertext'),
    b64url('tag-16-bytes-xxx'),
  ].join('.');

  it('reads only the protected header', () => {
    const parsed = parseToken(jwe);
    expect(parsed.kind).toBe('jwe');
    expect(parsed.header).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' });
    expect(parsed.parts.map((part) => part.name)).toEqual([
      'header',
      'encrypted_key',
      'iv',
      'ciphertext',
      'tag',
    ]);
    expect('claims' in parsed).toBe(false);
  });

  it('accepts an empty encrypted key (direct encryption)', () => {
    const direct = jwe
      .split('.')
      .map((part, index) => (index === 1 ? '' : part))
      .join('.');
    expect(parseToken(direct).kind).toBe('jwe');
  });

  it('names a part that is not base64url', () => {
    const broken = jwe
      .split('.')
      .map((part, index) => (index === 2 ? 'i*v' : part))
      .join('.');
    expect(problemsOf(broken)).toEqual(['iv: bad base64url']);
  });
});

describe('parseToken: malformed input names the part', () => {
  it.each([
    ['', 'wrong part count: empty input (a JWS has 3, a JWE has 5)'],
    ['abc', 'wrong part count: 1 part (a JWS has 3, a JWE has 5)'],
    ['a.b', 'wrong part count: 2 parts (a JWS has 3, a JWE has 5)'],
    ['a.b.c.d', 'wrong part count: 4 parts (a JWS has 3, a JWE has 5)'],
    ['a.b.c.d.e.f', 'wrong part count: 6 parts (a JWS has 3, a JWE has 5)'],
  ])('%j has the wrong part count', (token, problem) => {
    expect(parseToken(token)).toMatchObject({
      kind: 'malformed',
      problems: [problem],
      parts: [],
      header: null,
    });
  });

  it.each([
    [
      'a header with a character outside base64',
      `ey!J.${PAYLOAD}.${SIGNATURE}`,
      ['header: bad base64url'],
    ],
    ['a header of impossible length', `eyJhb.${PAYLOAD}.${SIGNATURE}`, ['header: bad base64url']],
    [
      'a payload with a character outside base64',
      `${HEADER}.eyJ*.${SIGNATURE}`,
      ['payload: bad base64url'],
    ],
    [
      'a signature of impossible length',
      `${HEADER}.${PAYLOAD}.abcde`,
      ['signature: bad base64url'],
    ],
    [
      'a header that is not JSON',
      `${b64url('{"alg":')}.${PAYLOAD}.${SIGNATURE}`,
      ['header: bad JSON'],
    ],
    [
      'a header that is a JSON array',
      `${b64url('["HS256"]')}.${PAYLOAD}.${SIGNATURE}`,
      ['header: not a JSON object'],
    ],
    [
      'a header that is not UTF-8',
      `${b64url(new Uint8Array([0xff, 0xfe, 0x7b]))}.${PAYLOAD}.${SIGNATURE}`,
      ['header: not UTF-8 text'],
    ],
    [
      'a payload that is not UTF-8',
      `${HEADER}.${b64url(new Uint8Array([0xc3, 0x28]))}.${SIGNATURE}`,
      ['payload: not UTF-8 text'],
    ],
    [
      'two bad parts',
      `${b64url('nope')}.${PAYLOAD}.a`,
      ['header: bad JSON', 'signature: bad base64url'],
    ],
  ])('%s', (_case, token, problems) => {
    const parsed = parseToken(token);
    expect(parsed.kind).toBe('malformed');
    expect(problemsOf(token)).toEqual(problems);
  });

  it('still shows a readable header when another part is broken', () => {
    expect(parseToken(`${HEADER}.${PAYLOAD}.a`).header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });
});

describe('parseToken: non-canonical base64url', () => {
  it.each([
    ['padding', `${HEADER}.${PAYLOAD}.${SIGNATURE}=`, 'signature', ['padding']],
    [
      'the standard alphabet',
      `${HEADER}.${b64url('{"sub":"???"}').replace(/_/g, '/')}.${SIGNATURE}`,
      'payload',
      ['non_base64url_characters'],
    ],
    [
      'non-zero trailing bits',
      `${HEADER}.${PAYLOAD}.${SIGNATURE.slice(0, -1)}R`,
      'signature',
      ['non_zero_trailing_bits'],
    ],
  ])('accepts %s but marks the part', (_case, token, name, encoding) => {
    const jws = asJws(parseToken(token));
    expect(jws.parts.find((part) => part.name === name)).toMatchObject({ valid: true, encoding });
  });
});
