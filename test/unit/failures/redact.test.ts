import { beforeAll, describe, expect, it } from 'vitest';
import {
  credentialDigest,
  redactCredentials as redactWithKey,
  redactionMarker as markerWithKey,
} from '../../../lib/failures';
import {
  jweShapedToken,
  signedToken,
  TEST_REDACTION_KEY,
  tokenTraces,
} from '../../fixtures/failures/tokens';

const redactCredentials = (input: unknown) => redactWithKey(input, TEST_REDACTION_KEY);
const redactionMarker = (value: string) => markerWithKey(value, TEST_REDACTION_KEY);
const tokenSha256 = (value: string) => credentialDigest(value, TEST_REDACTION_KEY);
import { specFixture } from '../../helpers/fixtures';

const SAMPLE = specFixture('failure-websocket-validation.json');

let jwt: string;

beforeAll(async () => {
  jwt = await signedToken();
});

function expectNoTrace(value: unknown, token: string) {
  const text = JSON.stringify(value);
  for (const trace of tokenTraces(token)) expect(text).not.toContain(trace);
}

describe('redactCredentials', () => {
  it('leaves the spec sample as it is: its preview, prefix and suffix are not credentials', () => {
    const { value, credentials } = redactCredentials(SAMPLE);
    expect(value).toEqual(SAMPLE);
    expect(credentials).toEqual([]);
  });

  it.each([
    'Bearer eyJhbGciOiJIUzI1NiIsInR...',
    'Bearer eyJhbGciOiJIUzI1NiIsInR…',
    '[MISSING]',
    'auth-service.staging.svc.cluster.local',
    'v1.2.3',
    'Token validation failed | Debug: 373 chars, 2 dots',
  ])('keeps "%s" in an ordinary field', (text) => {
    expect(redactCredentials({ note: text })).toEqual({ value: { note: text }, credentials: [] });
  });

  it.each(['Bearer eyJhbGciOiJIUzI1NiIsInR...', 'Bearer eyJhbGciOiJIUzI1NiIsInR…', '[MISSING]'])(
    'keeps the preview "%s" even in an Authorization field',
    (text) => {
      expect(redactCredentials({ Authorization: text, token: text })).toEqual({
        value: { Authorization: text, token: text },
        credentials: [],
      });
    },
  );

  it('replaces a JWT with its length, dot count and keyed hmac-sha256/16', () => {
    expect(redactionMarker(jwt)).toBe(
      `[redacted token: ${jwt.length} chars, 2 dots, hmac-sha256/16:${tokenSha256(jwt)}]`,
    );
    expect(tokenSha256(jwt)).toMatch(/^[0-9a-f]{16}$/);
    const { value, credentials } = redactCredentials({ message: jwt });
    expect(value).toEqual({ message: redactionMarker(jwt) });
    expect(credentials).toEqual([{ value: jwt, via: 'jwt' }]);
  });

  it.each<[string, (token: string) => unknown]>([
    [
      'inside a sentence in a nested string',
      (token) => ({ a: { b: { c: `rejected ${token} at handshake` } } }),
    ],
    ['in a URL query', (token) => ({ url: `wss://chat.example.com/ws?token=${token}&v=2` })],
    [
      'after "access_token=" in a log line',
      (token) => ({ log: `upgrade refused access_token=${token} ip=10.0.0.7` }),
    ],
    ['after a colon without a space', (token) => ({ log: `jwt:${token}` })],
    ['glued to a word by a hyphen', (token) => ({ key: `session-${token}` })],
    ['as an object key', (token) => ({ seen: { [token]: 1 } })],
    ['in arrays, at any depth', (token) => ({ list: [token, { deeper: [[`x ${token}`]] }] })],
    [
      'in an Authorization value with Bearer',
      (token) => ({ headers: { Authorization: `Bearer ${token}` } }),
    ],
    [
      'in a lower-case bearer inside text',
      (token) => ({ log: `header authorization: bearer ${token}` }),
    ],
    ['in the envelope token field', (token) => ({ token, payload: SAMPLE })],
    [
      'in a Sec-WebSocket-Protocol value',
      (token) => ({ websocket_protocol: `access_token, ${token}` }),
    ],
    ['twice in one string', (token) => ({ message: `${token} then again ${token}` })],
    ['as the whole input', (token) => token],
  ])('removes every trace of a JWT %s', (_where, build) => {
    const { value, credentials } = redactCredentials(build(jwt));
    expectNoTrace(value, jwt);
    expect(JSON.stringify(value)).toContain(`hmac-sha256/16:${tokenSha256(jwt)}`);
    expect(credentials.map((found) => found.value)).toContain(jwt);
  });

  it('removes a JWT whose signature was cut off: its claims may be personal', () => {
    const [header, payload] = jwt.split('.');
    const { value, credentials } = redactCredentials({ cut: `${header}.${payload}` });
    expect(JSON.stringify(value)).not.toContain(payload);
    expect(credentials).toEqual([{ value: `${header}.${payload}`, via: 'jwt' }]);
  });

  it.each([
    ['with an empty encrypted key (alg "dir")', jweShapedToken()],
    [
      'with an encrypted key',
      (() => {
        const [header, , ...rest] = jweShapedToken().split('.');
        return [header, 'ZW5jcnlwdGVkLWtleS1ieXRlcw', ...rest].join('.');
      })(),
    ],
  ])('removes every part of a JWE %s, and counts all its dots', (_name, jwe) => {
    const { value, credentials } = redactCredentials({ jwe });
    const text = JSON.stringify(value);
    for (const part of jwe.split('.').filter((segment) => segment.length >= 8))
      expect(text).not.toContain(part);
    expect(value).toEqual({ jwe: redactionMarker(jwe) });
    expect(credentials.map((found) => found.value)).toEqual([jwe]);
  });

  it('removes an opaque Bearer value and keeps the word Bearer', () => {
    const { value, credentials } = redactCredentials({
      log: 'got Bearer opaque-token from client',
    });
    expect(value).toEqual({ log: `got Bearer ${redactionMarker('opaque-token')} from client` });
    expect(credentials).toEqual([{ value: 'opaque-token', via: 'bearer' }]);
  });

  it.each([
    ['token', 'opaque-session-value-123'],
    ['access_token', 'opaque-session-value-123'],
    ['Authorization', 'Basic dXNlcjpwYXNzd29yZA=='],
    ['password', 'hunter2-hunter2'],
    ['client_secret', 'not-a-jwt-but-secret'],
  ])('removes the whole value of a "%s" field whatever it looks like', (field, secret) => {
    const { value, credentials } = redactCredentials({ nested: { [field]: secret } });
    expect(JSON.stringify(value)).not.toContain(secret);
    expect(value).toEqual({ nested: { [field]: redactionMarker(secret) } });
    expect(credentials).toEqual([{ value: secret, via: 'field' }]);
  });

  it('leaves numbers, booleans and nulls alone', () => {
    const input = { token_length: 373, present: true, missing: null, list: [1, false] };
    expect(redactCredentials(input)).toEqual({ value: input, credentials: [] });
  });

  it('does not change its input', () => {
    const input = { headers: { Authorization: `Bearer ${jwt}` } };
    const copy = structuredClone(input);
    redactCredentials(input);
    expect(input).toEqual(copy);
  });
});
