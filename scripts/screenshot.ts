// `npm run screenshot`: runs the demo and takes the README's screenshots (the overview in the
// staging-mismatch state, the failures as problems, the staging environment page) with the
// project's own browser tooling.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './lib/chromium';

const ROOT = path.resolve(import.meta.dirname, '..');
const IMAGES = path.join(ROOT, 'docs', 'images');
const OUT = path.join(IMAGES, 'overview-staging-mismatch.png');
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
  const browser = await launchChromium(executablePath);
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(url);
  await page.locator('[data-testid="env-card-staging"][data-status="mismatch"]').waitFor();
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: OUT, fullPage: true });
  console.log(`wrote ${path.relative(ROOT, OUT)}`);

  await page.goto(`${url}/failures?range=1h`);
  await page.getByTestId('failure-groups').locator('tr[data-group-id]').first().waitFor();
  await page.waitForTimeout(1_000);
  await shoot(page, 'failures-groups.png');

  await page.goto(`${url}/environments/staging`);
  await page.getByTestId('chain-matrix').waitFor();
  await page.getByTestId('failure-chart').locator('.recharts-bar-rectangle').first().waitFor();
  await page.waitForTimeout(1_000);
  await shoot(page, 'environment-staging.png');
  await browser.close();
} finally {
  demo.kill('SIGINT');
}

async function shoot(page: Page, name: string): Promise<void> {
  const out = path.join(IMAGES, name);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${path.relative(ROOT, out)}`);
}
