import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';

export const SESSION_COOKIE = 'authscope_session';
export const SESSION_SECONDS = 12 * 3600;
const ISSUER = 'authscope';
const AUDIENCE = 'authscope-session';

/** AUTHSCOPE_SESSION_SECRET, or one generated once and kept under the data dir (mode 0600). */
export function loadSessionSecret(env: NodeJS.ProcessEnv, dataDir: string): Uint8Array {
  if (env.AUTHSCOPE_SESSION_SECRET) return new TextEncoder().encode(env.AUTHSCOPE_SESSION_SECRET);
  const file = path.join(dataDir, 'session.key');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 43) return new TextEncoder().encode(stored);
  } catch {
    // Not generated yet.
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return new TextEncoder().encode(secret);
}

export function issueSession(viewer: string, secret: Uint8Array, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(viewer)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_SECONDS)
    .sign(secret);
}

/** The viewer a session cookie names, or null when it is missing, tampered, foreign or expired. */
export async function readSession(cookie: string | undefined, secret: Uint8Array, now = new Date()): Promise<string | null> {
  if (!cookie) return null;
  try {
    const { payload } = await jwtVerify(cookie, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'exp'],
    });
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}
