import { describe, expect, it } from 'vitest';
import { redactCredentials } from '../../../lib/failures';
import { TEST_REDACTION_KEY } from '../../fixtures/failures/tokens';

// Not a speed goal: a guard against patterns whose cost grows with the square of the input (a
// 1 MiB body of letters took minutes with one). Linear, each takes milliseconds; quadratic, the
// test runner's timeout ends it.
describe('redactCredentials on adversarial text', () => {
  it.each([
    ['a long run of token characters without a dot', 'y'.repeat(200_000)],
    ['a long run ending in a dot', `${'y'.repeat(200_000)}.`],
    ['many short dotted words', 'ab.'.repeat(60_000)],
    ['a long percent-encoded run', '%41'.repeat(60_000)],
    ['a long run of names and separators', 'token=a&'.repeat(25_000)],
  ])('returns promptly for %s', (_name, text) => {
    const { value } = redactCredentials(
      { message: text, parts: [text.slice(0, 1000), text.slice(1000, 2000)] },
      TEST_REDACTION_KEY,
    );
    expect(value).toBeDefined();
  });
});
