import { describe, expect, it } from 'vitest';
import { ConfigError, formatPath, parseConfig } from '../../../lib/config';

const FILE = '/etc/authscope/authscope.json';
const key = (fields: Record<string, unknown>) => ({
  id: 'k',
  environment: 'staging',
  from: 'env:JWT_SECRET',
  ...fields,
});

function errorOf(json: unknown): string {
  try {
    parseConfig(json, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig: every error names the file and the field', () => {
  it.each([
    [
      'an unknown source prefix',
      { keys: [key({ id: 'a' }), key({ id: 'b' }), key({ id: 'c', from: 'vault:x' })] },
      'keys[2].from: unknown source "vault:x" (expected env:, file:, jwks:)',
    ],
    [
      'a source prefix with nothing after it',
      { keys: [key({ from: 'env:' })] },
      'keys[0].from: unknown source "env:" (expected env:, file:, jwks:)',
    ],
    [
      'neither from nor jwk',
      { keys: [{ id: 'k', environment: 'staging' }] },
      'keys[0].from: give exactly one of "from" or "jwk"',
    ],
    [
      'both from and jwk',
      { keys: [key({ jwk: { kty: 'EC' } })] },
      'keys[0].from: give exactly one of "from" or "jwk"',
    ],
    [
      'an inline oct jwk (a secret written in the config)',
      { keys: [{ id: 'k', environment: 'staging', jwk: { kty: 'oct', k: 'c2VjcmV0' } }] },
      'keys[0].jwk: an inline jwk must be a public key; reference secrets and private keys with env: or file:',
    ],
    [
      'an inline private jwk',
      {
        keys: [
          {
            id: 'k',
            environment: 'staging',
            jwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' },
          },
        ],
      },
      'keys[0].jwk: an inline jwk must be a public key; reference secrets and private keys with env: or file:',
    ],
    [
      'an encoding on a jwks: source',
      { keys: [key({ from: 'jwks:https://idp.example/jwks', encoding: 'hex' })] },
      'keys[0].encoding: "encoding" applies to env: and file: sources only',
    ],
    [
      'an unknown encoding',
      { keys: [key({ encoding: 'latin1' })] },
      'keys[0].encoding: Invalid option',
    ],
    ['an unsupported alg', { keys: [key({ alg: 'none' })] }, 'keys[0].alg: Invalid option'],
    [
      'a key id with a space',
      { keys: [key({ id: 'staging primary' })] },
      'keys[0].id: use letters, digits and . _ : - (at most 64)',
    ],
    [
      'a duplicate key id',
      { keys: [key({ id: 'a' }), key({ id: 'a' })] },
      'keys[1].id: duplicate key id "a"',
    ],
    [
      'an environment not in the list',
      { keys: [key({ environment: 'qa' })] },
      'keys[0].environment: unknown environment "qa" (not in "environments")',
    ],
    [
      'an unknown field in a key',
      { keys: [key({ secret: 'hunter2' })] },
      'keys[0]: Unrecognized key: "secret"',
    ],
    [
      'a refresh that is not a duration',
      { keys: [key({ from: 'jwks:https://idp.example/jwks', refresh: 'soon' })] },
      'keys[0].refresh: expected a duration such as "30s", "10m", "24h"',
    ],
    [
      'a target URL that is not http(s)',
      { targets: [{ environment: 'staging', url: 'ftp://host/x' }] },
      'targets[0].url: Invalid URL',
    ],
    [
      'a target in an unknown environment',
      { targets: [{ environment: 'qa', url: 'http://127.0.0.1:4101/x' }] },
      'targets[0].environment: unknown environment "qa"',
    ],
    [
      'a target interval that is not a duration',
      { targets: [{ environment: 'staging', url: 'http://127.0.0.1/x', every: '15 seconds' }] },
      'targets[0].every: expected a duration',
    ],
    [
      'a clock skew that is not a duration',
      { policy: { clockSkew: '1 minute' } },
      'policy.clockSkew: expected a duration',
    ],
    ['an empty environment list', { environments: [] }, 'environments: Too small'],
    [
      'an ingest key from an unknown source',
      { ingestKeys: [{ name: 'svc', from: 'vault:y' }] },
      'ingestKeys[0].from: expected env:NAME or file:PATH',
    ],
    [
      'a viewer with a bad name',
      { viewers: [{ name: '-alice', from: 'env:VIEWER_ALICE' }] },
      'viewers[0].name: use letters, digits',
    ],
    ['an unknown top-level field', { secrets: {} }, '(root): Unrecognized key: "secrets"'],
    ['a config that is not an object', 'keys', '(root): Invalid input: expected object'],
  ])('rejects %s', (_case, json, expected) => {
    expect(errorOf(json)).toContain(`${FILE}: ${expected}`);
  });

  it('lists every problem, one line each', () => {
    const lines = errorOf({
      keys: [key({ from: 'vault:x' }), key({ id: 'k', environment: 'qa' })],
    }).split('\n');
    expect(lines).toEqual([
      `${FILE}: keys[0].from: unknown source "vault:x" (expected env:, file:, jwks:)`,
      `${FILE}: keys[1].id: duplicate key id "k"`,
      `${FILE}: keys[1].environment: unknown environment "qa" (not in "environments")`,
    ]);
  });

  it('says "config" when there is no file', () => {
    expect(() => parseConfig({ keys: [key({ from: 'vault:x' })] }, null)).toThrow(
      /^config: keys\[0\]\.from: unknown source/,
    );
  });
});

describe('parseConfig: a valid file', () => {
  it('fills the defaults: three environments, no keys, 60 s skew and 24 h lifetime', () => {
    expect(parseConfig({}, null)).toMatchObject({
      environments: ['development', 'staging', 'production'],
      keys: [],
      targets: [],
      file: null,
      clockSkewSeconds: 60,
      maxLifetimeSeconds: 86_400,
    });
  });

  it('turns the policy durations into seconds', () => {
    expect(parseConfig({ policy: { clockSkew: '90s', maxLifetime: '1.5h' } }, FILE)).toMatchObject({
      clockSkewSeconds: 90,
      maxLifetimeSeconds: 5_400,
      file: FILE,
    });
  });

  it('accepts every source kind and an inline public jwk', () => {
    const config = parseConfig(
      {
        keys: [
          {
            id: 'staging-primary',
            environment: 'staging',
            from: 'env:JWT_SECRET_STAGING',
            alg: 'HS256',
            encoding: 'base64',
          },
          { id: 'prod-v4', environment: 'production', from: 'file:/run/secrets/jwt/v4' },
          {
            id: 'prod-jwks',
            environment: 'production',
            from: 'jwks:https://auth.example.com/.well-known/jwks.json',
            refresh: '5m',
          },
          {
            id: 'dev-inline',
            environment: 'development',
            jwk: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
          },
        ],
      },
      FILE,
    );
    expect(config.keys.map((spec) => spec.id)).toEqual([
      'staging-primary',
      'prod-v4',
      'prod-jwks',
      'dev-inline',
    ]);
  });
});

describe('formatPath', () => {
  it.each([
    [['keys', 2, 'from'], 'keys[2].from'],
    [['policy', 'clockSkew'], 'policy.clockSkew'],
    [['keys', 0], 'keys[0]'],
    [[], '(root)'],
  ])('formats %j as %s', (segments, expected) => {
    expect(formatPath(segments)).toBe(expected);
  });
});
