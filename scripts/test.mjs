// `npm test`: every suite. Suites that need Chromium or PostgreSQL run when those are present;
// otherwise this says what it skipped and how to enable it. With CI=true a skip is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureBuild, ROOT } from './lib/build.mjs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const skipped = [];

const chromium =
  env.AUTHSCOPE_CHROMIUM ||
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => existsSync(file));
if (chromium) env.AUTHSCOPE_CHROMIUM = chromium;
else
  skipped.push(
    'browser tests (test/e2e): no Chromium. Enable: apt-get install -y chromium, or set AUTHSCOPE_CHROMIUM=/path/to/chromium',
  );

if (!env.AUTHSCOPE_TEST_PG_URL) {
  skipped.push(
    'PostgreSQL tests: AUTHSCOPE_TEST_PG_URL is not set. Enable: apt-get install -y postgresql, start it on 127.0.0.1, and set AUTHSCOPE_TEST_PG_URL=postgres://user@127.0.0.1:5432/postgres (.ci/run does this)',
  );
}

for (const [file, what] of [
  ['/usr/bin/prometheus', 'Prometheus scrape test'],
  ['/usr/bin/promtool', 'promtool rule and metrics checks'],
  ['/usr/bin/prometheus-alertmanager', 'Alertmanager delivery test'],
]) {
  if (!existsSync(file))
    skipped.push(
      `${what}: no ${file}. Enable: apt-get install -y prometheus prometheus-alertmanager (.ci/run does this)`,
    );
}

if (sourcesNewerThanBuild()) ensureBuild({ force: true });
else ensureBuild();

const args = process.argv.slice(2);
const vitest = spawnSync(
  process.execPath,
  [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args],
  { cwd: ROOT, stdio: 'inherit', env },
);

for (const line of skipped) console.log(`SKIPPED ${line}`);
if (vitest.status !== 0) process.exit(vitest.status ?? 1);
if (skipped.length > 0 && env.CI === 'true') {
  console.error('CI=true: a skipped suite counts as a failure.');
  process.exit(1);
}

/** A stale build would test yesterday's code: rebuild when any app source is newer. */
function sourcesNewerThanBuild() {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  const dirs = ['app', 'components', 'lib'].map((dir) => path.join(ROOT, dir));
  const files = [
    'next.config.js',
    'proxy.ts',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
  ].map((file) => path.join(ROOT, file));
  return (
    files.some((file) => existsSync(file) && statSync(file).mtimeMs > built) ||
    dirs.some((dir) => newerIn(dir, built))
  );
}

function newerIn(dir, since) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? newerIn(full, since) : statSync(full).mtimeMs > since;
  });
}
