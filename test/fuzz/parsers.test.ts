import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareFailures } from '../../lib/failures';
import { parseFingerprintInput } from '../../lib/fleet';
import { specFixture } from '../helpers/fixtures';

const FAILURE_FIXTURE = specFixture('failure-websocket-validation.json');
const REPORT_FIXTURE = specFixture('fingerprint-report-drifted.json');
const RUNS = 10_000;

/** The fixture with one value somewhere replaced by anything: near-valid input finds the most. */
function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (value: unknown, at: string[]) => {
    paths.push(at);
    if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) walk(item, [...at, key]);
  };
  walk(base, []);
  return fc
    .tuple(fc.constantFrom(...paths), fc.jsonValue(), fc.boolean())
    .map(([at, replacement, wrapInBatch]) => {
      const copy = structuredClone(base) as Record<string, unknown>;
      if (at.length === 0) return replacement;
      let target = copy;
      for (const key of at.slice(0, -1)) target = target[key] as Record<string, unknown>;
      target[at.at(-1)!] = replacement;
      return wrapInBatch ? { events: [copy, base] } : copy;
    });
}

const jwtLike = fc
  .tuple(fc.base64String(), fc.base64String(), fc.base64String())
  .map((parts) => `eyJ${parts.join('.')}`);
const anyInput = fc.oneof(
  fc.jsonValue(),
  mutated(FAILURE_FIXTURE),
  fc.record({ token: fc.oneof(fc.string(), jwtLike), payload: mutated(FAILURE_FIXTURE) }),
);

describe('fuzz: the failure payload normalizer', () => {
  it(`never throws, and never keeps a JWT-shaped string, over ${RUNS} generated inputs`, async () => {
    await fc.assert(
      fc.asyncProperty(anyInput, async (input) => {
        const result = await prepareFailures(input, {
          environments: ['development', 'staging', 'production'],
          mayWrite: () => true,
          receivedAt: 1_790_000_000_000,
          redactionKey: new Uint8Array(32),
          signerOf: async () => null,
        });
        if (result.ok) {
          for (const failure of result.failures) {
            expect(JSON.stringify(failure.raw)).not.toMatch(
              /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{8,}/,
            );
          }
        } else {
          expect(['validation_failed', 'forbidden']).toContain(result.code);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: the fingerprint report parser', () => {
  it(`never throws over ${RUNS} generated inputs, and names a path for every problem`, () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated(REPORT_FIXTURE)), (input) => {
        const result = parseFingerprintInput(input);
        if (!result.ok) for (const issue of result.issues) expect(typeof issue.path).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });
});
