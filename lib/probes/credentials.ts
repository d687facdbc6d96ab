import { readSecretReference } from '../keys/sources';
import type { SourceContext } from '../keys/sources';

export type { SourceContext };

/** Thrown when a probe's credential or key cannot be read; the message names it, never its value. */
export class ProbeSetupError extends Error {
  override readonly name = 'ProbeSetupError';
}

/** A config value: `env:NAME` / `file:PATH` is read now (and not kept), anything else is literal. */
export function resolveValue(value: string, context: SourceContext): string {
  if (!/^(env|file):.+/.test(value)) return value;
  try {
    return readSecretReference(value, context);
  } catch (error) {
    throw new ProbeSetupError((error as Error).message);
  }
}
