import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureServerSetup, type FailureServerSetup } from '../fixtures/failures/serverConfig';
import {
  databaseText,
  PLACEMENTS,
  searchable,
  SPLITS,
  TEXT_ENCODINGS,
  tokenNeedles,
  tracesIn,
} from '../fixtures/security/tokenEncodings';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const CASES = 240;
const BATCH = 100;
const SERVICE = `fuzz-tokens-${randomUUID().slice(0, 8)}`;

const base64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT-shaped token: a real JOSE header and claims, and a signature of random bytes (never checked). */
const token = fc
  .record({
    header: fc.record(
      {
        alg: fc.constantFrom('HS256', 'HS512', 'RS256', 'ES256', 'EdDSA'),
        typ: fc.constantFrom('JWT', 'at+jwt'),
        kid: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
      },
      { requiredKeys: ['alg'] },
    ),
    claims: fc.record(
      {
        sub: fc.string({ minLength: 1, maxLength: 24 }),
        exp: fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }),
        scope: fc.string({ maxLength: 30 }),
      },
      { requiredKeys: ['sub'] },
    ),
    signature: fc.uint8Array({ minLength: 32, maxLength: 64 }),
  })
  .map(
    ({ header, claims, signature }) =>
      `${base64url(header)}.${base64url(claims)}.${Buffer.from(signature).toString('base64url')}`,
  );

/** What a service glues in front of a token it writes. */
const prefix = fc.constantFrom(
  '',
  'Bearer ',
  'token=',
  'Authorization: Bearer ',
  'jwt:',
  '"',
  'access_token=',
);

type Generated = { token: string; event: Record<string, unknown>; how: string };

const encodedToken: fc.Arbitrary<Generated> = fc
  .tuple(
    token,
    prefix,
    fc.constantFrom(...Object.keys(TEXT_ENCODINGS)),
    fc.constantFrom(...Object.keys(PLACEMENTS)),
  )
  .map(([value, before, encoding, placement]) => ({
    token: value,
    how: `${JSON.stringify(before)} + token ${encoding}, in ${placement}`,
    event: PLACEMENTS[placement as keyof typeof PLACEMENTS](
      before + TEXT_ENCODINGS[encoding as keyof typeof TEXT_ENCODINGS](value),
    ),
  }));

const splitToken: fc.Arbitrary<Generated> = fc
  .tuple(token, fc.constantFrom(...Object.keys(SPLITS)))
  .map(([value, split]) => ({
    token: value,
    how: `split across ${split}`,
    event: SPLITS[split as keyof typeof SPLITS](value),
  }));

/** Cut anywhere into two or three pieces of at least 8 characters, as a logger chunking a line would. */
const cutToken: fc.Arbitrary<Generated> = token.chain((value) =>
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 8, max: value.length - 8 }), { minLength: 1, maxLength: 2 }),
      fc.boolean(),
    )
    .filter(([cuts]) => cuts.length < 2 || Math.abs(cuts[0] - cuts[1]) >= 8)
    .map(([cuts, asArray]) => {
      const at = [0, ...[...cuts].sort((a, b) => a - b), value.length];
      const pieces = at.slice(1).map((end, index) => value.slice(at[index], end));
      const fields = Object.fromEntries(pieces.map((piece, index) => [`chunk_${index}`, piece]));
      return {
        token: value,
        how: `cut at ${cuts.join(', ')} into ${asArray ? 'array items' : 'object fields'}`,
        event: { details: { environment: 'staging', log: asArray ? pieces : fields } },
      };
    }),
);

/** Encoded and split tokens: the generator the fuzz suite runs through the real server. */
export const encodedOrSplitToken = fc.oneof(
  { arbitrary: encodedToken, weight: 4 },
  { arbitrary: splitToken, weight: 1 },
  { arbitrary: cutToken, weight: 1 },
);

describe('fuzz: encoded and split tokens through the real server', () => {
  let setup: FailureServerSetup;
  let server: RunningServer;
  beforeAll(async () => {
    setup = failureServerSetup();
    server = await startServer(setup.env);
  });
  afterAll(() => server?.stop());

  it(`stores and returns no trace of ${CASES} generated tokens, whatever their encoding or field`, async () => {
    const cases = fc.sample(encodedOrSplitToken, { numRuns: CASES, seed: 20261203 });
    const ids: string[] = [];
    for (let at = 0; at < cases.length; at += BATCH) {
      const events = cases.slice(at, at + BATCH).map(({ event }) => ({
        service: SERVICE,
        environment: 'staging',
        error_code: 'VALIDATION_FAILED',
        ...event,
      }));
      const response = await postJson(`${server.url}/api/v1/failures`, { events }, setup.all);
      expect(response.status, await response.clone().text()).toBe(202);
      ids.push(...(await response.json()).ids);
    }
    expect(ids).toHaveLength(CASES);

    const leaks: string[] = [];
    const stored = databaseText(server.dataDir);
    const list = searchable(
      await (await fetch(`${server.url}/api/v1/failures?service=${SERVICE}&limit=500`)).text(),
    );
    for (const [index, { token: value, how }] of cases.entries()) {
      const needles = tokenNeedles(value);
      const detail = searchable(
        await (await fetch(`${server.url}/api/v1/failures/${ids[index]}`)).text(),
      );
      for (const [where, text] of [
        ['detail', detail],
        ['list', list],
        ['database', stored],
      ] as const) {
        const found = tracesIn(text, needles);
        if (found.length > 0) leaks.push(`${how}: ${where} has ${found[0]}`);
      }
    }
    expect(leaks).toEqual([]);
  }, 120_000);
});
