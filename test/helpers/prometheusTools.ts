import { existsSync } from 'node:fs';

/** Debian's binaries (.ci/run installs them); tests skip without them, and fail under CI=true. */
export const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';

export function hasBinary(file: string): boolean {
  if (existsSync(file)) return true;
  if (process.env.CI === 'true')
    throw new Error(
      `${file} is missing (CI=true): apt-get install -y prometheus prometheus-alertmanager`,
    );
  console.log(
    `SKIPPED: ${file} is not installed (apt-get install -y prometheus prometheus-alertmanager)`,
  );
  return false;
}

/** Polls `check` every 100 ms until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
