import { normalizeFailure, type NormalizeOptions, type NormalizedFailure } from './normalize';
import { eventEnvironment, parseFailureInput, type InputIssue } from './payload';

export interface PrepareOptions extends NormalizeOptions {
  /** The configured environments. */
  environments: readonly string[];
  /** Whether the presenting ingest key may write this environment. */
  mayWrite: (environment: string) => boolean;
}

export type PreparedFailures =
  | { ok: true; failures: NormalizedFailure[] }
  | { ok: false; code: 'validation_failed' | 'forbidden'; message: string; issues: InputIssue[] };

/**
 * Validates a whole request before anything is written: one bad event rejects the batch, so a
 * retry after fixing it cannot duplicate the good ones.
 */
export async function prepareFailures(
  input: unknown,
  options: PrepareOptions,
): Promise<PreparedFailures> {
  const parsed = parseFailureInput(input);
  if (!parsed.ok)
    return {
      ok: false,
      code: 'validation_failed',
      message: 'The failure payload is invalid.',
      issues: parsed.issues,
    };

  const batch =
    parsed.events.length > 1 || (typeof input === 'object' && input !== null && 'events' in input);
  const at = (index: number, field: string) => (batch ? `events[${index}].${field}` : field);
  const issues: InputIssue[] = [];
  const forbidden = new Set<string>();
  const environments = parsed.events.map((event, index) => {
    const environment = eventEnvironment(event);
    if (environment === null) {
      issues.push({
        path: at(index, 'environment'),
        message:
          'no environment: set "environment" in the envelope or "details.environment" in the payload',
      });
    } else if (!options.environments.includes(environment)) {
      issues.push({
        path: at(index, 'environment'),
        message: `unknown environment "${environment}" (configured: ${options.environments.join(', ')})`,
      });
    } else if (!options.mayWrite(environment)) {
      forbidden.add(environment);
    }
    return environment;
  });
  if (issues.length > 0)
    return {
      ok: false,
      code: 'validation_failed',
      message: 'The failure payload is invalid.',
      issues,
    };
  if (forbidden.size > 0) {
    return {
      ok: false,
      code: 'forbidden',
      message: `This ingest key may not write to ${[...forbidden].map((name) => `"${name}"`).join(', ')}.`,
      issues: [],
    };
  }
  const failures = await Promise.all(
    parsed.events.map((event, index) => normalizeFailure(event, environments[index]!, options)),
  );
  return { ok: true, failures };
}
