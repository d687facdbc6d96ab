import type { HttpTargetSpec } from '../config';
import { attempt, networkFailure, type Attempt } from './attempt';

/** Presents the token as `Authorization: Bearer` and records the status; the body is not read. */
export async function probeHttp(
  target: HttpTargetSpec,
  token: string,
  timeoutMs: number,
): Promise<Attempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(target.url, {
      method: target.method,
      headers: { authorization: `Bearer ${token}`, 'user-agent': 'authscope-probe' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const latencyMs = elapsed();
    await response.body?.cancel().catch(() => undefined);
    const accepted = target.expect
      ? target.expect.includes(response.status)
      : response.status >= 200 && response.status <= 299;
    return attempt(accepted ? 'pass' : 'fail', {
      status: response.status,
      latencyMs,
      reason: accepted
        ? null
        : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    });
  } catch (error) {
    return networkFailure(error, timeoutMs, elapsed());
  }
}
