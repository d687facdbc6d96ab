import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureServerSetup, type FailureServerSetup } from '../fixtures/failures/serverConfig';
import {
  databaseText,
  PLACEMENTS,
  replayableToken,
  searchable,
  SPLITS,
  TEXT_ENCODINGS,
  tokenNeedles,
  tracesIn,
  type PlacementName,
  type SplitName,
  type TextEncodingName,
} from '../fixtures/security/tokenEncodings';
import { postJson, startServer, type RunningServer } from '../helpers/server';

interface Case {
  name: string;
  token: string;
  event: Record<string, unknown>;
  id?: string;
}

const SERVICE = `redaction-${randomUUID().slice(0, 8)}`;
const unkeyedDigest = (value: string) =>
  createHash('sha256').update(value).digest('hex').slice(0, 16);

const encodedCases: Case[] = (Object.keys(TEXT_ENCODINGS) as TextEncodingName[]).flatMap(
  (encoding) =>
    (Object.keys(PLACEMENTS) as PlacementName[]).map((placement) => {
      const token = replayableToken();
      return {
        name: `${encoding}, in ${placement}`,
        token,
        event: PLACEMENTS[placement](TEXT_ENCODINGS[encoding](token)),
      };
    }),
);
// Found by test/fuzz/tokens.test.ts: an HS512 token cut where the first piece ends with 64
// characters of signature (the length of a whole HS384 signature), the other 22 in the next item.
const HS512_TOKEN = (() => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS512', typ: 'JWT' })}.${part({ sub: `user-${randomBytes(6).toString('hex')}`, exp: 1_790_003_600 })}.${randomBytes(64).toString('base64url')}`;
})();
const splitCases: Case[] = [
  ...(Object.keys(SPLITS) as SplitName[]).map((split) => {
    const token = replayableToken();
    return { name: `split across ${split}`, token, event: SPLITS[split](token) };
  }),
  {
    name: 'split across two items of an array, the first ending with as much signature as a whole HS384 one',
    token: HS512_TOKEN,
    event: {
      details: {
        environment: 'staging',
        chunks: [HS512_TOKEN.slice(0, -22), HS512_TOKEN.slice(-22)],
      },
    },
  },
];

/** A credential and what of it must not be found: the secret part and an unkeyed digest of it. */
interface CredentialCase {
  name: string;
  event: Record<string, unknown>;
  secrets: string[];
  digestsOf: string[];
  id?: string;
}

const core = () => `c0re${randomBytes(14).toString('hex')}`;
const FIELD_NAMES = [
  'password',
  'x-api-key',
  'access-token',
  'Cookie',
  'Set-Cookie',
  'client_secret',
  'api_key',
  'x-auth-token',
  'proxy-authorization',
  'session_id',
  'private_key',
];

function fieldValue(name: string, secret: string): string {
  if (name === 'Cookie') return `sid=${secret}`;
  if (name === 'Set-Cookie') return `sid=${secret}; Path=/; HttpOnly`;
  if (name === 'proxy-authorization')
    return `Basic ${Buffer.from(`proxy-user:${secret}`).toString('base64')}`;
  if (name === 'private_key')
    return `-----BEGIN PRIVATE KEY-----\n${Buffer.from(secret.repeat(2)).toString('base64')}\n-----END PRIVATE KEY-----`;
  return secret;
}

function secretPartsOf(name: string, secret: string): string[] {
  if (name === 'proxy-authorization')
    return [Buffer.from(`proxy-user:${secret}`).toString('base64'), secret];
  if (name === 'private_key')
    return [Buffer.from(secret.repeat(2)).toString('base64').slice(0, 40)];
  return [secret];
}

const credentialCases: CredentialCase[] = [
  ...FIELD_NAMES.map((name) => {
    const secret = core();
    const value = fieldValue(name, secret);
    return {
      name: `a value under the field "${name}"`,
      event: {
        error_message: 'upstream rejected the request',
        details: { environment: 'staging', request: { headers: { [name]: value } } },
      },
      secrets: secretPartsOf(name, secret),
      digestsOf: [value, secret],
    };
  }),
  (() => {
    const secret = core();
    return {
      name: 'a top-level password field in details',
      event: { details: { environment: 'staging', password: secret } },
      secrets: [secret],
      digestsOf: [secret],
    };
  })(),
  {
    name: '"Authorization: Basic dXNlcjpwYXNz" inside error_message',
    event: { error_message: 'upstream said 401 to Authorization: Basic dXNlcjpwYXNz' },
    secrets: ['dXNlcjpwYXNz'],
    digestsOf: ['Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz', 'user:pass', 'pass'],
  },
  (() => {
    const secret = `k3y${randomBytes(14).toString('hex')}`;
    return {
      name: '"x-api-key: k3y…" inside error_message',
      event: { error_message: `request failed with x-api-key: ${secret}` },
      secrets: [secret],
      digestsOf: [secret],
    };
  })(),
  {
    name: '"Cookie: sid=abc; other=def" inside error_message',
    event: { error_message: 'handshake refused, Cookie: sid=abc; other=def' },
    secrets: ['sid=abc', 'other=def'],
    digestsOf: ['sid=abc; other=def', 'sid=abc', 'abc', 'def'],
  },
  ...(() => {
    // Headers as loggers serialise them: HAR entries, [name, value] pairs, Node's flat rawHeaders.
    const [har, pair, raw] = [core(), core(), core()];
    return [
      {
        name: 'a HAR header entry {name: "x-api-key", value}',
        event: {
          details: {
            environment: 'staging',
            request: {
              headers: [
                { name: 'Accept', value: '*/*' },
                { name: 'x-api-key', value: har },
              ],
            },
          },
        },
        secrets: [har],
        digestsOf: [har],
      },
      {
        name: 'a ["x-auth-token", value] header pair',
        event: {
          details: {
            environment: 'staging',
            request: {
              headers: [
                ['accept', '*/*'],
                ['x-auth-token', pair],
              ],
            },
          },
        },
        secrets: [pair],
        digestsOf: [pair],
      },
      {
        name: 'a value after "x-api-key" in Node\'s flat rawHeaders',
        event: {
          details: {
            environment: 'staging',
            rawHeaders: ['host', 'api.example.com', 'x-api-key', raw],
          },
        },
        secrets: [raw],
        digestsOf: [raw],
      },
    ];
  })(),
  ...(() => {
    // RFC 6750 §2.3: a bearer token in the query string, as a WebSocket URL often carries it.
    const [inText, inField] = [core(), core()];
    return [
      {
        name: 'an "access_token=" query parameter inside error_message',
        event: {
          error_message: `handshake to wss://chat.example.com/ws?room=7&access_token=${inText} failed`,
        },
        secrets: [inText],
        digestsOf: [inText],
      },
      {
        name: 'an "access_token=" query parameter in a URL field',
        event: {
          details: {
            environment: 'staging',
            url: `https://api.example.com/v1/me?access_token=${inField}&b=2`,
          },
        },
        secrets: [inField],
        digestsOf: [inField],
      },
    ];
  })(),
  {
    name: '"password=hunter2" inside error_message',
    event: { error_message: 'login failed password=hunter2' },
    secrets: ['hunter2'],
    digestsOf: ['hunter2'],
  },
];

describe('what ingest never stores, through the real server', () => {
  let setup: FailureServerSetup;
  let server: RunningServer;
  const details = new Map<string, string>();
  const listed = new Map<string, string>();
  let stored = '';

  beforeAll(async () => {
    setup = failureServerSetup();
    server = await startServer(setup.env);
    const all = [...encodedCases, ...splitCases, ...credentialCases];
    for (let at = 0; at < all.length; at += 100) {
      const batch = all.slice(at, at + 100);
      const events = batch.map(({ event }) => ({
        service: SERVICE,
        environment: 'staging',
        error_code: 'VALIDATION_FAILED',
        ...event,
      }));
      const response = await postJson(`${server.url}/api/v1/failures`, { events }, setup.all);
      expect(response.status, await response.clone().text()).toBe(202);
      const { ids } = await response.json();
      batch.forEach((item, index) => (item.id = ids[index]));
    }
    for (const item of all)
      details.set(item.id!, await (await fetch(`${server.url}/api/v1/failures/${item.id}`)).text());
    const list = await (
      await fetch(`${server.url}/api/v1/failures?service=${SERVICE}&limit=500`)
    ).json();
    for (const entry of list.items as Array<{ id: string }>)
      listed.set(entry.id, JSON.stringify(entry));
    stored = databaseText(server.dataDir);
  });

  afterAll(() => server?.stop());

  describe('a replayable token, in any encoding and any field', () => {
    it.each([...encodedCases, ...splitCases].map((item) => [item.name, item] as const))(
      'stores and returns no trace of a token written %s',
      (_name, item) => {
        const detail = details.get(item.id!)!;
        expect(JSON.parse(detail).raw, 'the detail answers with the raw payload').toBeDefined();
        const needles = tokenNeedles(item.token);
        expect(
          tracesIn(searchable(detail), needles).slice(0, 3),
          'GET /api/v1/failures/{id}',
        ).toEqual([]);
        expect(listed.has(item.id!), 'the list shows the failure').toBe(true);
        expect(
          tracesIn(searchable(listed.get(item.id!)!), needles).slice(0, 3),
          'GET /api/v1/failures',
        ).toEqual([]);
        expect(tracesIn(stored, needles).slice(0, 3), 'the database file').toEqual([]);
      },
    );

    it('leaves a redaction marker where a token was', () => {
      for (const item of encodedCases)
        expect(details.get(item.id!), item.name).toContain('[redacted token:');
      // A token split across fields has a marker in each of its pieces' places.
      for (const item of splitCases)
        expect(details.get(item.id!), item.name).toContain('[redacted');
    });
  });

  describe('a credential, under a credential name or in a header line', () => {
    it.each(credentialCases.map((item) => [item.name, item] as const))(
      'does not keep %s, nor an unkeyed digest of it',
      (_name, item) => {
        const detail = searchable(details.get(item.id!)!);
        const entry = searchable(listed.get(item.id!)!);
        for (const secret of item.secrets) {
          expect(detail, 'GET /api/v1/failures/{id}').not.toContain(secret);
          expect(entry, 'GET /api/v1/failures').not.toContain(secret);
          expect(stored.includes(secret), 'the database file').toBe(false);
        }
        for (const value of item.digestsOf) {
          const digest = unkeyedDigest(value);
          expect(detail, `sha256/16 of ${JSON.stringify(value)}`).not.toContain(digest);
          expect(entry).not.toContain(digest);
          expect(
            stored.includes(digest),
            `sha256/16 of ${JSON.stringify(value)} in the database file`,
          ).toBe(false);
        }
      },
    );
  });
});
