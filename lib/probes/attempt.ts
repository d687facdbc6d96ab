import type { ProbeOutcome } from './types';

/** What one presentation of the token to one target came to. */
export interface Attempt {
  outcome: ProbeOutcome;
  status: number | null;
  closeCode: number | null;
  /** Raw text; the runner redacts and cuts it before it is kept. */
  reason: string | null;
  latencyMs: number | null;
}

export function attempt(
  outcome: ProbeOutcome,
  fields: Partial<Omit<Attempt, 'outcome'>> = {},
): Attempt {
  return {
    outcome,
    status: fields.status ?? null,
    closeCode: fields.closeCode ?? null,
    reason: fields.reason ?? null,
    latencyMs: fields.latencyMs ?? null,
  };
}

/** A network error as an outcome: the system code says why (refused, no such host), nothing more. */
export function networkFailure(error: unknown, timeoutMs: number, latencyMs: number): Attempt {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return attempt('timeout', { reason: `no answer within ${timeoutMs} ms`, latencyMs });
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof (error as { code?: unknown })?.code === 'string'
        ? (error as { code: string }).code
        : null;
  return attempt('unreachable', {
    reason: code ? `unreachable (${code})` : 'unreachable',
    latencyMs,
  });
}
