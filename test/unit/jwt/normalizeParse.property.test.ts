import fc from 'fast-check';
import { describe, it } from 'vitest';
import { decodeForDisplay } from '../../../lib/jwt';

const RUNS = 10_000;
const NOW = new Date('2026-03-01T12:00:00Z');

const b64urlOf = (text: string) => Buffer.from(text).toString('base64url');

/** Segments that look like base64url, with a few characters strict parsers reject. */
const base64urlish = fc.string({
  unit: fc.constantFrom(
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= \n',
  ),
  maxLength: 60,
});
const numericDate = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constant(1_772_366_400_000),
  fc.string(),
);
const header = fc.record(
  {
    alg: fc.constantFrom('HS256', 'RS256', 'none', 'NONE', 'dir'),
    kid: fc.string(),
    crit: fc.array(fc.string()),
    b64: fc.boolean(),
  },
  { requiredKeys: ['alg'] },
);
const claims = fc.record(
  { exp: numericDate, nbf: numericDate, iat: numericDate, sub: fc.string() },
  { requiredKeys: [] },
);
const jsonSegment = fc
  .oneof(header, claims, fc.jsonValue({ maxDepth: 3 }))
  .map((value) => b64urlOf(JSON.stringify(value) ?? 'null'));
const segment = fc.oneof(base64urlish, jsonSegment, jsonSegment, fc.constant(''));
const dotted = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));
const pasted = fc
  .tuple(fc.constantFrom('', 'Bearer ', 'Authorization: Bearer ', '"', "'", ' \n'), dotted)
  .map(([prefix, token]) => `${prefix}${token}`);

/** normalize → parse → timing (the inspector's local pipeline) returns a coherent result for anything pasted; a throw fails the property. */
function decodesSanely(input: string): boolean {
  const { token, parsed, timing } = decodeForDisplay(input, NOW);
  if (/\s/.test(token)) return false;
  if (parsed.kind === 'malformed') return parsed.problems.length > 0;
  if (parsed.kind === 'jws') return timing !== null && parsed.compact === token;
  return parsed.kind === 'jwe' && parsed.header !== null;
}

describe('normalize + parse never throw', () => {
  it(`on ${RUNS} arbitrary strings`, () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), decodesSanely), { numRuns: RUNS });
  });

  it(`on ${RUNS} arbitrary Unicode strings, lone surrogates included`, () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), decodesSanely), {
      numRuns: RUNS,
    });
  });

  it(`on ${RUNS} base64url-ish dotted strings, JSON segments and pasted prefixes included`, () => {
    fc.assert(fc.property(pasted, decodesSanely), { numRuns: RUNS });
  });
});
