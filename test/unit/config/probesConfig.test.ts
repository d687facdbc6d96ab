import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../lib/config';

const FILE = '/etc/authscope/authscope.json';
const keys = [
  { id: 'probe-key', environment: 'staging', from: 'env:PROBE_KEY', probe: true },
  { id: 'plain-key', environment: 'staging', from: 'env:PLAIN_KEY' },
];
const login = (fields: Record<string, unknown> = {}) => ({
  login: {
    url: 'http://127.0.0.1:1/login',
    body: { user: 'probe', password: 'env:PW' },
    ...fields,
  },
});
const probe = (fields: Record<string, unknown> = {}) => ({
  name: 'pair',
  environment: 'staging',
  token: login(),
  targets: [
    { type: 'http', url: 'http://127.0.0.1:1/me' },
    { type: 'websocket', url: 'ws://127.0.0.1:1/ws' },
  ],
  ...fields,
});

function errorOf(json: Record<string, unknown>): string {
  try {
    parseConfig({ environments: ['staging'], keys, ...json }, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config: probes', () => {
  it('fills the defaults: 30 s interval, 5 s timeout, every way, subprotocol ["bearer", <token>], 1 s close wait', () => {
    const config = parseConfig({ environments: ['staging'], keys, probes: [probe()] }, FILE);
    const [parsed] = config.probes;
    expect(parsed).toMatchObject({
      interval: '30s',
      timeout: '5s',
      token: { login: { method: 'POST', headers: {} } },
    });
    expect(parsed.targets[1]).toMatchObject({
      ways: ['authorization', 'subprotocol', 'query'],
      subprotocol: ['bearer', '<token>'],
      query: 'token',
      closeWait: '1s',
    });
  });

  it('accepts a mint probe on a key marked probe: true, with a lifetime up to 5 minutes', () => {
    const config = parseConfig(
      {
        environments: ['staging'],
        keys,
        probes: [
          probe({ token: { mint: { key: 'probe-key', lifetime: '5m', claims: { aud: 'chat' } } } }),
        ],
      },
      FILE,
    );
    expect(config.probes[0].token).toEqual({
      mint: { key: 'probe-key', sub: 'authscope-probe', lifetime: '5m', claims: { aud: 'chat' } },
    });
  });

  it('parses the documented example (docs/authscope.example.json) with its probe', () => {
    const example = JSON.parse(
      readFileSync(new URL('../../../docs/authscope.example.json', import.meta.url), 'utf8'),
    );
    expect(parseConfig(example, FILE).probes.map((entry) => entry.name)).toEqual([
      'rest-then-websocket',
    ]);
  });

  it.each([
    [
      'a literal password',
      { probes: [probe({ token: login({ body: { password: 'hunter2' } }) })] },
      'probes[0].token.login.body.password: "password" is a credential: write a reference (env:NAME or file:PATH), never the value',
    ],
    [
      'a literal Authorization header',
      { probes: [probe({ token: login({ headers: { Authorization: 'Basic abc' } }) })] },
      'probes[0].token.login.headers.Authorization: "Authorization" is a credential',
    ],
    [
      'a token path and a cookie',
      { probes: [probe({ token: login({ tokenPath: 'token', cookie: 'session' }) })] },
      'probes[0].token.login.cookie: give "tokenPath" or "cookie", not both',
    ],
    [
      'a mint key not marked probe',
      { probes: [probe({ token: { mint: { key: 'plain-key' } } })] },
      'probes[0].token.mint.key: key "plain-key" is not marked "probe": true',
    ],
    [
      'a mint key that does not exist',
      { probes: [probe({ token: { mint: { key: 'nope' } } })] },
      'probes[0].token.mint.key: unknown key "nope" (not in "keys")',
    ],
    [
      'a mint lifetime over 5 minutes',
      { probes: [probe({ token: { mint: { key: 'probe-key', lifetime: '6m' } } })] },
      'probes[0].token.mint.lifetime: a duration from 1s to 5m: a probe token is short-lived',
    ],
    [
      'probe: true on a JWKS key',
      {
        keys: [
          { id: 'idp', environment: 'staging', from: 'jwks:https://idp.example/jwks', probe: true },
        ],
      },
      'keys[0].probe: "probe" applies to a secret or private key read from env: or file: only',
    ],
    [
      'probe: true on an inline public jwk',
      {
        keys: [
          {
            id: 'pub',
            environment: 'staging',
            jwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' },
            probe: true,
          },
        ],
      },
      'keys[0].probe: "probe" applies to a secret or private key',
    ],
    [
      'an unknown environment',
      { probes: [probe({ environment: 'qa' })] },
      'probes[0].environment: unknown environment "qa" (not in "environments")',
    ],
    [
      'two probes with one name',
      { probes: [probe(), probe()] },
      'probes[1].name: duplicate probe "pair" in staging',
    ],
    [
      'a websocket URL with http:',
      { probes: [probe({ targets: [{ type: 'websocket', url: 'http://127.0.0.1:1/ws' }] })] },
      'probes[0].targets[0].url',
    ],
    [
      'a subprotocol format without <token>',
      {
        probes: [
          probe({
            targets: [{ type: 'websocket', url: 'ws://127.0.0.1:1/ws', subprotocol: 'jwt' }],
          }),
        ],
      },
      'probes[0].targets[0].subprotocol: exactly one part holds "<token>"',
    ],
    [
      'an unknown way',
      {
        probes: [
          probe({ targets: [{ type: 'websocket', url: 'ws://127.0.0.1:1/ws', ways: ['cookie'] }] }),
        ],
      },
      'probes[0].targets[0].ways[0]',
    ],
    [
      'an interval under 1 s',
      { probes: [probe({ interval: '10ms' })] },
      'probes[0].interval: a duration from 1s to 24h',
    ],
  ])('refuses %s', (_label, json, message) => {
    expect(errorOf(json)).toContain(`${FILE}: ${message}`);
  });
});
