import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { redactCredentials } from '../../../lib/failures';
import { signedToken, TEST_REDACTION_KEY } from '../../fixtures/failures/tokens';

let jwt: string;
beforeAll(async () => {
  jwt = await signedToken();
});

const redact = (input: unknown) => redactCredentials(input, TEST_REDACTION_KEY);
const percent = (text: string) =>
  [...Buffer.from(text)]
    .map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`)
    .join('');

/** Every trace a replay needs: the signature (any 16 characters of it) and the header.payload pair, in any of the encodings. */
function expectNoReplayableTrace(value: unknown, token: string) {
  const text = JSON.stringify(value);
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const std = signature.replace(/-/g, '+').replace(/_/g, '/');
  for (let at = 0; at + 16 <= signature.length; at += 8) {
    expect(text).not.toContain(signature.slice(at, at + 16));
    expect(text).not.toContain(std.slice(at, at + 16));
  }
  expect(text).not.toContain(payload.slice(0, 40));
  expect(text).not.toContain(Buffer.from(token).toString('base64').slice(0, 40));
  expect(text).not.toContain(header + '.');
}

describe('redactCredentials: encoded, wrapped and split tokens', () => {
  it.each<[string, (token: string) => unknown]>([
    ['dots as %2E', (t) => ({ m: t.replaceAll('.', '%2E') })],
    ['dots as %2e', (t) => ({ m: `url ?t=${t.replaceAll('.', '%2e')}&x=1` })],
    ['dots as %252E', (t) => ({ m: t.replaceAll('.', '%252E') })],
    ['the whole token percent-encoded', (t) => ({ m: `token=${percent(t)}` })],
    ['dots as &#46;', (t) => ({ m: t.replaceAll('.', '&#46;') })],
    ['dots as &#x2E;', (t) => ({ m: t.replaceAll('.', '&#x2E;') })],
    ['dots as &period;', (t) => ({ m: t.replaceAll('.', '&period;') })],
    ['dots as \\u002e', (t) => ({ m: t.replaceAll('.', '\\u002e') })],
    [
      'wrapped across lines with indentation',
      (t) => ({ m: `token:\n    ${t.slice(0, 50)}\n    ${t.slice(50, 120)}\n    ${t.slice(120)}` }),
    ],
    ['wrapped with CRLF', (t) => ({ m: `${t.slice(0, 70)}\r\n${t.slice(70)}` })],
    ['wrapped with literal \\n', (t) => ({ m: `${t.slice(0, 70)}\\n${t.slice(70)}` })],
    [
      'split across fields at its dots',
      (t) => ({ a: t.split('.')[0], b: t.split('.')[1], c: t.split('.')[2] }),
    ],
    [
      'split across array items mid-segment',
      (t) => ({ parts: [t.slice(0, 30), t.slice(30, 200), t.slice(200)] }),
    ],
    ['as base64 of the whole token', (t) => ({ m: Buffer.from(t).toString('base64') })],
    [
      'as base64url of "Bearer <token>"',
      (t) => ({ m: Buffer.from(`Bearer ${t}`).toString('base64url') }),
    ],
    [
      'with a standard-base64 signature',
      (t) => ({
        m: `${t.split('.').slice(0, 2).join('.')}.${t.split('.')[2]!.replace(/-/g, '+').replace(/_/g, '/')}==`,
      }),
    ],
  ])('leaves no replayable trace of a token %s', (_how, build) => {
    const { value, credentials } = redact(build(jwt));
    expectNoReplayableTrace(value, jwt);
    expect(JSON.stringify(value)).toContain('[redacted');
    expect(credentials.length).toBeGreaterThan(0);
  });

  it('keeps the fields beside a whole token', () => {
    expect(
      redact({ token: jwt, instance: 'ws-7f9c', service: 'backend-websocket' }).value,
    ).toMatchObject({ instance: 'ws-7f9c', service: 'backend-websocket' });
    expect(redact({ instance: 'ws-7f9c', parts: [jwt, 'v2'] }).value).toMatchObject({
      instance: 'ws-7f9c',
      parts: [expect.stringContaining('[redacted token'), 'v2'],
    });
  });

  it('hands over the token as sent when a line break follows it', () => {
    const { credentials } = redact({ m: `${jwt}\nat handler (ws.js:10)` });
    expect(credentials[0]).toEqual({ value: jwt, via: 'jwt' });
  });

  it.each([
    ['password', { password: 'hunter2' }, 'hunter2'],
    ['a numeric pin', { pin: 123456 }, '123456'],
    ['x-api-key', { headers: { 'x-api-key': 'k3y-abcdef' } }, 'k3y-abcdef'],
    ['Cookie', { headers: { Cookie: 'sid=abc123; theme=dark' } }, 'sid=abc123; theme=dark'],
    ['Basic in text', { m: 'Authorization: Basic dXNlcjpwYXNz sent' }, 'dXNlcjpwYXNz'],
    ['x-api-key in text', { m: 'headers x-api-key: k3y-abcdef rejected' }, 'k3y-abcdef'],
    ['password= in a query', { m: 'GET /login?user=bob&password=hunter2&x=1' }, 'hunter2'],
    ['Cookie in text', { m: 'Cookie: sid=abc123; other=def' }, 'sid=abc123'],
    ['client_secret in JSON text', { m: '{"client_secret":"s3cr3t-value"}' }, 's3cr3t-value'],
  ])('keeps no value or unkeyed digest of %s', (_name, input, secret) => {
    const text = JSON.stringify(redact(input).value);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(createHash('sha256').update(secret).digest('hex').slice(0, 16));
  });

  it.each([
    'Invalid token: signature mismatch',
    'basic auth is not configured',
    'Token validation failed | Debug: 373 chars, 2 dots',
    'token_length: 373, dot_count: 2',
  ])('keeps prose: "%s"', (text) => {
    expect(redact({ m: text }).value).toEqual({ m: text });
  });
});

describe('redactCredentials: headers as loggers write them', () => {
  it.each<[string, unknown]>([
    [
      'a HAR entry',
      {
        headers: [
          { name: 'Accept', value: '*/*' },
          { name: 'x-api-key', value: 'har-secret-value-1' },
        ],
      },
    ],
    [
      'a [name, value] pair',
      {
        headers: [
          ['accept', '*/*'],
          ['x-auth-token', 'har-secret-value-1'],
        ],
      },
    ],
    [
      "Node's flat rawHeaders",
      { rawHeaders: ['host', 'api.example.com', 'x-api-key', 'har-secret-value-1'] },
    ],
    [
      'a URL query in a URL field',
      { url: 'https://api.example.com/v1/me?access_token=har-secret-value-1&b=2' },
    ],
  ])('drops the value named in %s', (_how, input) => {
    const text = JSON.stringify(redactCredentials(input, TEST_REDACTION_KEY).value);
    expect(text).not.toContain('har-secret-value-1');
    expect(text).toContain('[redacted token');
  });

  it('keeps the fields beside a token split across fields', async () => {
    const token = await signedToken();
    const [header, payload, signature] = token.split('.');
    const { value } = redactCredentials(
      { details: { environment: 'staging', service: 'backend-ws', header, payload, signature } },
      TEST_REDACTION_KEY,
    );
    expect(value).toMatchObject({ details: { environment: 'staging', service: 'backend-ws' } });
    expect(JSON.stringify(value)).not.toContain(signature);
  });
});
