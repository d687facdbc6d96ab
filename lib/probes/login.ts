import type { LoginSpec } from '../config';
import { displayUrl } from '../keys/jwks';
import { resolveValue, type SourceContext } from './credentials';

export type TokenResult =
  | { ok: true; token: string }
  | { ok: false; outcome: 'login_failed' | 'token_error'; reason: string };

const MAX_LOGIN_BODY = 64 * 1024;

/**
 * Logs in as the config says and takes the token from the JSON answer or a cookie. The answer
 * is read for the token only and dropped; a failure says what went wrong, never what was sent.
 */
export async function loginToken(
  spec: LoginSpec,
  context: SourceContext,
  timeoutMs: number,
): Promise<TokenResult> {
  const where = `login at ${displayUrl(spec.url)}`;
  let headers: Record<string, string>;
  let body: string | undefined;
  try {
    headers = Object.fromEntries(
      Object.entries(spec.headers).map(([name, value]) => [name, resolveValue(value, context)]),
    );
    if (spec.body) {
      const resolved = Object.fromEntries(
        Object.entries(spec.body).map(([name, value]) => [
          name,
          typeof value === 'string' ? resolveValue(value, context) : value,
        ]),
      );
      body = JSON.stringify(resolved);
      headers = { 'content-type': 'application/json', ...headers };
    }
  } catch (error) {
    return { ok: false, outcome: 'login_failed', reason: `${where}: ${(error as Error).message}` };
  }
  let response: Response;
  try {
    response = await fetch(spec.url, {
      method: spec.method,
      headers: { accept: 'application/json', ...headers },
      body: spec.method === 'GET' ? undefined : body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      ok: false,
      outcome: 'login_failed',
      reason: `${where}: ${timedOut ? `no answer within ${timeoutMs} ms` : 'unreachable'}`,
    };
  }
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel();
    return {
      ok: false,
      outcome: 'login_failed',
      reason: `${where} answered HTTP ${response.status}`,
    };
  }
  if (spec.cookie) {
    await response.body?.cancel();
    const token = cookieValue(response.headers.getSetCookie(), spec.cookie);
    return token
      ? { ok: true, token }
      : {
          ok: false,
          outcome: 'login_failed',
          reason: `${where}: no cookie "${spec.cookie}" in the answer`,
        };
  }
  const path = (spec.tokenPath ?? 'access_token').replace(/^\$\./, '');
  const text = await response.text().catch(() => '');
  if (text.length > MAX_LOGIN_BODY)
    return {
      ok: false,
      outcome: 'login_failed',
      reason: `${where}: the answer is larger than 64 KiB`,
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, outcome: 'login_failed', reason: `${where}: the answer is not JSON` };
  }
  const token = path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        node !== null && typeof node === 'object'
          ? (node as Record<string, unknown>)[key]
          : undefined,
      json,
    );
  if (typeof token !== 'string' || token.length === 0)
    return {
      ok: false,
      outcome: 'login_failed',
      reason: `${where}: no string at "${path}" in the answer`,
    };
  return { ok: true, token };
}

function cookieValue(setCookies: string[], name: string): string | null {
  for (const line of setCookies) {
    const [pair] = line.split(';');
    const index = pair.indexOf('=');
    if (index > 0 && pair.slice(0, index).trim() === name)
      return decodeURIComponent(pair.slice(index + 1).trim()) || null;
  }
  return null;
}
