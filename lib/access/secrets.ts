import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of a presented secret with a known one. Both are hashed first so the
 * comparison takes the same time whatever their lengths.
 */
export function secretsEqual(presented: string, known: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(known).digest();
  return timingSafeEqual(a, b);
}

/** The value of an `Authorization: Bearer <value>` header, or null. */
export function bearerValue(authorization: string | null): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? null;
}
