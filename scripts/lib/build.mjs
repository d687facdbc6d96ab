import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
export const TSX_BIN = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** Builds the production app once: `npm start`, the demo and the tests all reuse the build. */
export function ensureBuild({ force = false } = {}) {
  if (!force && existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) return;
  console.log('authscope: no production build yet, running `next build` (about a minute)…');
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('authscope: the build failed');
    process.exit(result.status ?? 1);
  }
}

/** Runs scripts/check-config.ts; exits with its message when the config is invalid. */
export function checkConfig(env = process.env) {
  const result = spawnSync(
    process.execPath,
    [TSX_BIN, path.join(ROOT, 'scripts', 'check-config.ts')],
    { cwd: ROOT, stdio: 'inherit', env },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
