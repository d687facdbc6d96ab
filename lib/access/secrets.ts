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

/** The value of `Authorization: Bearer <value>`, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : null;
}
