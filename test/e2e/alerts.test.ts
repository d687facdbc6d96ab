import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const INGEST_KEY = 'ingest-key-alerts-e2e-4b7d-8e1f3a5c7b9d0e2f';
const report = (service: string, instance: string, fingerprint: string, source: string) => ({
  environment: 'staging',
  service,
  instance,
  fingerprint,
  source,
});
const MISMATCH = [
  report('auth-service', 'auth-1', 'sha256/16:70610b56526d0480', 'env:JWT_SECRET_STAGING'),
  report('backend-rest', 'rest-1', 'sha256/16:70610b56526d0480', 'env:JWT_SECRET_STAGING'),
  report('backend-websocket', 'ws-1', 'sha256/16:e275dfc423d43d3e', 'env:JWT_SECRET_KEY'),
];

describe.skipIf(!chromiumPath)('the alerts page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-alerts-e2e-'));
    const configFile = path.join(dir, 'authscope.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        environments: ['development', 'staging'],
        alerts: { for: '1s', evaluateEvery: '300ms' },
      }),
    );
    server = await startServer({ AUTHSCOPE_CONFIG: configFile, AUTHSCOPE_INGEST_KEYS: INGEST_KEY });
    browser = await launchBrowser();
    expect(
      (
        await postJson(
          `${server.url}/api/v1/fingerprints`,
          { reports: MISMATCH },
          { authorization: `Bearer ${INGEST_KEY}` },
        )
      ).status,
    ).toBe(202);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the firing mismatch on the overview and the alerts page, and silences it', async () => {
    const page = await browser.newPage();
    const consoleErrors = consoleErrorsOf(page);
    await expect
      .poll(
        async () => {
          await page.goto(`${server.url}/`);
          return page.getByTestId('firing-alerts').count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await expect
      .poll(() => page.getByTestId('firing-alerts').textContent())
      .toContain('fleet_mismatch: staging: backend-websocket resolves unknown key');

    await page.getByRole('link', { name: 'open alerts' }).click();
    await page.waitForURL(`${server.url}/alerts`);
    const item = page.getByTestId('alert-item').first();
    expect(await item.getAttribute('data-key')).toBe('staging/fleet_mismatch/access-token');
    expect(await item.getByTestId('alert-status').textContent()).toBe('firing');
    await page.getByLabel('silence duration').selectOption('4h');
    await page.getByTestId('silence-button').click();
    await expect
      .poll(() => item.textContent(), { timeout: 10_000 })
      .toMatch(/silenced until \d{4}-/);
    expect(consoleErrors).toEqual([]);
  });
});
