import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/http/errors';
import { validate } from '../../../lib/http/validate';

const Schema = z.strictObject({
  environment: z.string().min(1),
  events: z.array(z.strictObject({ service: z.string(), count: z.number().int() })).max(2),
});

const refusal = (input: unknown) => {
  try {
    validate(Schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a refusal');
};

describe('validate (lib/http/validate.ts)', () => {
  it('returns the parsed value', () => {
    const input = { environment: 'staging', events: [{ service: 'rest', count: 1 }] };
    expect(validate(Schema, input)).toEqual(input);
    expect(
      validate(
        z.string().transform((text) => text.length),
        'abc',
      ),
    ).toBe(3);
  });

  it('answers 400 validation_failed with one issue per JSON path', () => {
    const error = refusal({ environment: '', events: [{ service: 7, count: 1.5 }] });
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.issues?.map((issue) => issue.path)).toEqual([
      'environment',
      'events[0].service',
      'events[0].count',
    ]);
    expect(error.message).toMatch(
      /^The request is invalid: environment: .+; events\[0\]\.service: .+; events\[0\]\.count: .+$/,
    );
  });

  it('names each unknown field by its own path', () => {
    const error = refusal({
      environment: 'staging',
      events: [{ service: 'rest', count: 1, token: 'x', extra: 2 }],
      debug: true,
    });
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'debug', message: 'unknown field' },
        { path: 'events[0].token', message: 'unknown field' },
        { path: 'events[0].extra', message: 'unknown field' },
      ]),
    );
    expect(error.issues).toHaveLength(3);
  });

  it('names the root when the input is not an object', () => {
    expect(refusal('a string').issues?.[0].path).toBe('(root)');
  });

  it('does not echo the offending value', () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.c2ln';
    const error = refusal({ environment: 'staging', events: secret });
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.issues)).not.toContain(secret);
  });
});
