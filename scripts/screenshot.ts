// `npm run screenshot`: runs the demo (staging scenario) and takes the README's screenshot of the
// overview in the staging-mismatch state with the project's own browser tooling.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs', 'images', 'overview-staging-mismatch.png');
const executablePath = process.env.AUTHSCOPE_CHROMIUM ?? '/usr/bin/chromium';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'authscope-screenshot-'));

const demo = spawn(
  process.execPath,
  [
    path.join(ROOT, 'scripts', 'demo.mjs'),
    '--port',
    process.env.PORT ?? '3990',
    '--data-dir',
    dataDir,
    '--rate',
    '4',
  ],
  { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
);
let output = '';
demo.stdout!.on('data', (chunk) => (output += chunk));
try {
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (demo.exitCode !== null) throw new Error(`the demo exited:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { url } = JSON.parse(readFileSync(path.join(dataDir, 'fleet.json'), 'utf8')).dashboard as {
    url: string;
  };
  await new Promise((resolve) => setTimeout(resolve, 15_000)); // let failures accumulate
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(url);
  await page.locator('[data-testid="env-card-staging"][data-status="mismatch"]').waitFor();
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: OUT, fullPage: true });
  await browser.close();
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
} finally {
  demo.kill('SIGINT');
}
