import { beforeAll, describe, expect, it } from 'vitest';
import { redactCredentials } from '../../../lib/failures';
import { signedToken, TEST_REDACTION_KEY } from '../../fixtures/failures/tokens';

// The scan for tokens cut into neighbouring fields skips windows that cannot hold a replayable
// token (lib/failures/splitTokens.ts): these are the cuts at the edges of that shortcut.

let token: string;
beforeAll(async () => {
  token = await signedToken();
});

const redact = (input: unknown) => redactCredentials(input, TEST_REDACTION_KEY);
const signatureOf = (jwt: string) => jwt.split('.')[2]!;

/** `text` cut at `cuts` into consecutive fields a, b, c, … */
function fields(text: string, cuts: number[]): Record<string, string> {
  const bounds = [0, ...cuts, text.length];
  return Object.fromEntries(
    bounds.slice(1).map((end, index) => [`f${index}`, text.slice(bounds[index], end)]),
  );
}

describe('tokens split across fields', () => {
  it.each([
    ['at each dot (the dots dropped)', (jwt: string) => jwt.split('.'), ''],
    ['with the dots kept, into five', null, '.'],
  ])('finds a token cut %s', (_name, split, _joiner) => {
    const parts = split ? split(token) : null;
    const input = parts
      ? Object.fromEntries(parts.map((part, index) => [`part${index}`, part]))
      : fields(token, [10, 60, 120, token.length - 20]);
    const { value, credentials } = redact({ context: 'websocket', ...input });
    expect(credentials.map((found) => found.value)).toContain(token);
    expect(JSON.stringify(value)).not.toContain(signatureOf(token));
  });

  it('finds one whose last field holds only 16 characters of the signature', () => {
    const cut = token.length - 16;
    const { credentials } = redact(fields(token, [cut]));
    expect(credentials.map((found) => found.value)).toContain(token);
  });

  it('finds the base64 of a token cut at an offset that is no multiple of four', () => {
    const encoded = Buffer.from(token).toString('base64');
    const { value, credentials } = redact({ note: 'x', ...fields(encoded, [7, 101]) });
    expect(credentials.map((found) => found.value)).toContain(token);
    expect(JSON.stringify(value)).not.toContain(encoded.slice(7, 101));
  });

  it('leaves identifier-like words and short fields as they are', () => {
    const input = {
      word: 'a'.repeat(39),
      error_code: 'VALIDATION_FAILED',
      environment: 'staging',
      prefix: 'eyJhbGciOiJI',
      suffix: '2fVRdOdE',
    };
    expect(redact(input)).toEqual({ value: input, credentials: [] });
  });

  it('still finds a token used as a field name', () => {
    const { value, credentials } = redact({ [token]: 1 });
    expect(credentials.map((found) => found.value)).toContain(token);
    expect(JSON.stringify(value)).not.toContain(signatureOf(token));
  });
});
