import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { postJson, startServer, type RunningServer } from '../helpers/server';
import { specFixture } from '../helpers/fixtures';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const INGEST_KEY = 'ingest-key-fleet-e2e-8c1f-3d5e7a9b1c2f';
const DRIFTED = specFixture('fingerprint-report-drifted.json');
const STAGING_SECRET_FINGERPRINT = 'sha256/16:70610b56526d0480';

const agreeing = (service: string, instance: string) => ({
  environment: 'staging',
  service,
  instance,
  fingerprint: STAGING_SECRET_FINGERPRINT,
  source: 'env:JWT_SECRET_STAGING',
  resolution: [
    { source: 'env:JWT_SECRET_STAGING', present: true, fingerprint: STAGING_SECRET_FINGERPRINT },
  ],
});

describe.skipIf(!chromiumPath)('the fleet pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const report = async (body: unknown) => {
    const response = await postJson(`${server.url}/api/v1/fingerprints`, body, {
      authorization: `Bearer ${INGEST_KEY}`,
    });
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

  it('turns the environment card to mismatch without a reload when a drifting report arrives', async () => {
    await report({
      reports: [
        agreeing('auth-service', 'auth-1'),
        agreeing('backend-rest', 'rest-1'),
        agreeing('backend-websocket', 'ws-7f9c'),
      ],
    });
    const page = await browser.newPage();
    const consoleErrors = consoleErrorsOf(page);
    await page.goto(`${server.url}/`);
    const card = page.getByTestId('env-card-staging');
    await expect.poll(() => card.getAttribute('data-status')).toBe('consistent');
    await page.getByTestId('stream-state').getByText('● live').waitFor({ timeout: 10_000 });

    await report(DRIFTED);
    // Red within a second of a drifting report.
    await page
      .locator('[data-testid="env-card-staging"][data-status="mismatch"]')
      .waitFor({ timeout: 1_000 });
    await card.getByText('MISMATCH').waitFor();
    await card.getByText('env:JWT_SECRET_KEY').waitFor();

    mkdirSync(path.resolve(HERE, '../../test-results'), { recursive: true });
    await page.screenshot({
      path: path.resolve(HERE, '../../test-results/overview-mismatch.png'),
      fullPage: true,
    });
    expect(consoleErrors).toEqual([]);
  });

  it('shows on the environment page the chain that explains the mismatch', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/environments/staging`);
    const matrix = page.getByTestId('chain-matrix');
    await matrix.waitFor();
    const websocket = matrix.locator('tr[data-service="backend-websocket"]');
    await expect(
      websocket.locator('td[data-source="env:JWT_SECRET_STAGING"]').textContent(),
    ).resolves.toContain('not set');
    await expect(
      websocket.locator('td[data-source="env:JWT_SECRET_KEY"]').getAttribute('data-picked'),
    ).resolves.toBe('true');
    await expect(
      matrix
        .locator('tr[data-service="backend-rest"] td[data-source="env:JWT_SECRET_STAGING"]')
        .getAttribute('data-picked'),
    ).resolves.toBe('true');
    await page.getByTestId('change-history').getByText('backend-websocket').first().waitFor();
    await page.screenshot({
      path: path.resolve(HERE, '../../test-results/environment-staging.png'),
      fullPage: true,
    });
  });
});
