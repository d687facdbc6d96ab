import { readFileSync } from 'node:fs';

/**
 * The product's sample inputs, copied as they are into test/fixtures/spec (the product's shared
 * fixtures folder is not part of a clone of this repository).
 */
export function specFixture<T = Record<string, unknown>>(
  name: 'failure-websocket-validation.json' | 'fingerprint-report-drifted.json',
): T {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/spec/${name}`, import.meta.url), 'utf8'),
  ) as T;
}
