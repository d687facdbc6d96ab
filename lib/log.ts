/**
 * Structured server logs: one JSON object per line. Callers pass names, ids and counts only —
 * never a body, a token, a header value or key material.
 */
export function logEvent(
  level: 'info' | 'warn' | 'error',
  event: string,
  fields: Record<string, string | number | boolean | null> = {},
): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === 'info') process.stdout.write(line + '\n');
  else process.stderr.write(line + '\n');
}

/** What may be logged of an unexpected error: its class and where it happened, not its message. */
export function describeError(error: unknown): Record<string, string> {
  const name = error instanceof Error ? error.name : typeof error;
  const stack =
    error instanceof Error
      ? (error.stack ?? '')
          .split('\n')
          .slice(1, 5)
          .map((line) => line.trim())
          .join(' | ')
      : '';
  return { error: name, stack };
}
