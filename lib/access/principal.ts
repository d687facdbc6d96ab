export type Principal =
  | { kind: 'viewer'; name: string; via: 'session' | 'token' | 'proxy' | 'open' }
  | { kind: 'ingest'; name: string; environments: 'all' | readonly string[] };

/** A name safe for logs and audit lines: the principal's configured name, never a secret. */
export function principalLabel(principal: Principal | null): string | null {
  if (!principal) return null;
  return `${principal.kind}:${principal.name}`;
}
