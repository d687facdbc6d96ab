import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, writePrivateFile } from '../files/private';
import { jwtVerify, SignJWT } from 'jose';

export const SESSION_COOKIE = 'authscope_session';
export const SESSION_SECONDS = 12 * 3600;
const ISSUER = 'authscope';
const AUDIENCE = 'authscope-session';

/** AUTHSCOPE_SESSION_SECRET, or one generated once and kept under the data dir (mode 0600). */
export function loadSessionSecret(configured: string | undefined, dataDir: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, 'session.key');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 43) return new TextEncoder().encode(stored);
  } catch {
    // Not generated yet.
  }
  const secret = randomBytes(32).toString('base64url');
  ensurePrivateDir(dataDir);
  writePrivateFile(file, secret + '\n');
  return new TextEncoder().encode(secret);
}

/** What a valid session cookie says; the guard still checks the row and the viewer's generation. */
export interface SessionClaims {
  viewer: string;
  sessionId: string;
  generation: string;
}

/**
 * Ties a session to the viewer's current token: when the token in the config changes, every
 * session signed in with the old one ends. Keyed, so the cookie says nothing about the token.
 */
export function viewerGeneration(viewerSecret: string, sessionSecret: Uint8Array): string {
  return createHmac('sha256', sessionSecret)
    .update('viewer-generation\0')
    .update(viewerSecret)
    .digest('base64url')
    .slice(0, 22);
}

export async function issueSession(
  viewer: { name: string; secret: string },
  secret: Uint8Array,
  now = new Date(),
): Promise<{ cookie: string; sessionId: string; expiresAt: number }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const sessionId = randomUUID();
  const cookie = await new SignJWT({ gen: viewerGeneration(viewer.secret, secret) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(viewer.name)
    .setJti(sessionId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_SECONDS)
    .sign(secret);
  return { cookie, sessionId, expiresAt: (issuedAt + SESSION_SECONDS) * 1000 };
}

/** What a session cookie claims, or null when it is missing, tampered, foreign or expired. */
export async function readSession(
  cookie: string | undefined,
  secret: Uint8Array,
  now = new Date(),
): Promise<SessionClaims | null> {
  if (!cookie) return null;
  try {
    const { payload } = await jwtVerify(cookie, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'jti', 'gen'],
    });
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.jti !== 'string' ||
      typeof payload.gen !== 'string'
    )
      return null;
    return { viewer: payload.sub, sessionId: payload.jti, generation: payload.gen };
  } catch {
    return null;
  }
}
