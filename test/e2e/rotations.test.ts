import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const INGEST_KEY = 'ingest-key-rotations-e2e-4b7d-9e1a3c5f7b2d';
const OLD = 'sha256/16:1111111111111111';
const NEW = 'sha256/16:2222222222222222';
const T0 = Date.now() - 2 * 3600_000;
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const report = (instance: string, fingerprint: string, version: string, minutes: number) => ({
  environment: 'staging',
  service: 'api',
  instance,
  fingerprint,
  version,
  source: 'vault:secret/jwt',
  resolution: [{ source: 'vault:secret/jwt', present: true, fingerprint }],
  reported_at: at(minutes),
});

describe.skipIf(!chromiumPath)('the rotation panel in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const send = async (...reports: unknown[]) => {
    const response = await postJson(
      `${server.url}/api/v1/fingerprints`,
      { reports },
      { authorization: `Bearer ${INGEST_KEY}` },
    );
    expect(response.status).toBe(202);
  };

  beforeAll(async () => {
    server = await startServer({ AUTHSCOPE_INGEST_KEYS: INGEST_KEY });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the open rotation as progress with its laggard, then as a past rotation with its duration, live', async () => {
    await send(report('a', OLD, '3', 0), report('b', OLD, '3', 0), report('c', OLD, '3', 0));
    await send(report('a', NEW, '4', 10));
    await send(report('b', NEW, '4', 12));
    const page = await browser.newPage();
    const consoleErrors = consoleErrorsOf(page);
    await page.goto(`${server.url}/environments/staging`);
    const current = page.getByTestId('rotation-current');
    await current.waitFor({ timeout: 15_000 });
    expect(await current.getAttribute('data-status')).toBe('in_progress');
    expect(await current.textContent()).toContain('version 3 → version 4');
    expect(await page.getByTestId('rotation-progress').textContent()).toContain(
      '2 of 3 instances on the new key',
    );
    const laggards = page.getByTestId('rotation-laggards');
    expect(await laggards.textContent()).toContain('api c');
    expect(await laggards.textContent()).toContain('vault:secret/jwt');
    await page.getByTestId('stream-state').getByText('● live').waitFor({ timeout: 10_000 });

    await send(report('c', NEW, '4', 25));
    const past = page.getByTestId('rotation-past');
    await past.waitFor({ timeout: 15_000 });
    expect(await past.textContent()).toContain('completed');
    expect(await past.textContent()).toContain('15 min');
    expect(await page.getByTestId('rotation-current').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
