import type { z } from 'zod';
import { formatPath } from '../config';
import { ApiError } from './errors';

/** zod → the value, or a 400 whose issues name each JSON path. */
export function validate<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // An unknown field is named by its own path, so a client sees which one to drop.
  const issues = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: 'unknown field',
        }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
  throw new ApiError(
    'validation_failed',
    `The request is invalid: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    issues,
  );
}
