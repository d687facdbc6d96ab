import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { clippedChartLabels } from '../helpers/layout';
import { postJson, startServer, type RunningServer } from '../helpers/server';
import { specFixture } from '../helpers/fixtures';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const INGEST_KEY = 'ingest-key-fleet-e2e-8c1f-3d5e7a9b1c2f';
const DRIFTED = specFixture('fingerprint-report-drifted.json');
const SAMPLE = specFixture('failure-websocket-validation.json') as Record<string, unknown>;
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
];
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
      websocket.locator('[data-source="env:JWT_SECRET_STAGING"]').textContent(),
    ).resolves.toContain('(unset)');
    await expect(
      websocket.locator('[data-source="env:JWT_SECRET_KEY"]').getAttribute('data-picked'),
    ).resolves.toBe('true');
    await expect(
      matrix
        .locator('tr[data-service="backend-rest"] [data-source="env:JWT_SECRET_STAGING"]')
        .getAttribute('data-picked'),
    ).resolves.toBe('true');
    // The skipped unset variable reads first, then the one picked, then the one never reached.
    await expect(websocket.getByTestId('chain-steps').textContent()).resolves.toBe(
      'env:JWT_SECRET_STAGING (unset) → env:JWT_SECRET_KEY ✓ → env:JWT_SECRET (set, not used)',
    );
    await page.getByTestId('change-history').getByText('backend-websocket').first().waitFor();
    await page.screenshot({
      path: path.resolve(HERE, '../../test-results/environment-staging.png'),
      fullPage: true,
    });
  });

  it("orders each service's chain by its own lookup order, not by a shared column order", async () => {
    await report({
      environment: 'staging',
      service: 'worker',
      instance: 'worker-1',
      fingerprint: STAGING_SECRET_FINGERPRINT,
      source: 'env:JWT_SECRET_STAGING',
      resolution: [
        { source: 'env:AUTH_SECRET', present: false },
        {
          source: 'env:JWT_SECRET_STAGING',
          present: true,
          fingerprint: STAGING_SECRET_FINGERPRINT,
        },
      ],
    });
    const page = await browser.newPage();
    await page.goto(`${server.url}/environments/staging`);
    const worker = page.getByTestId('chain-matrix').locator('tr[data-service="worker"]');
    await expect(worker.getByTestId('chain-steps').textContent()).resolves.toBe(
      'env:AUTH_SECRET (unset) → env:JWT_SECRET_STAGING ✓',
    );
    await page.close();
  });

  it('fits the default range to the failures, and cuts no chart label', async () => {
    const now = Date.now();
    const failures = [3, 2, 1].map((minutesAgo) => ({
      ...SAMPLE,
      occurred_at: new Date(now - minutesAgo * 60_000).toISOString(),
    }));
    const response = await postJson(
      `${server.url}/api/v1/failures`,
      { events: failures },
      {
        authorization: `Bearer ${INGEST_KEY}`,
      },
    );
    expect(response.status).toBe(202);
    for (const viewport of VIEWPORTS) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${server.url}/environments/staging`);
      // 3 minutes of failures: the smallest preset that holds them, not a fixed 6 hours.
      await page.locator('.range-picker .chip-on', { hasText: '15m' }).waitFor();
      const chart = page.getByTestId('failure-chart');
      await chart.locator('.recharts-bar-rectangle').first().waitFor();
      const clipped = await clippedChartLabels(chart);
      expect(clipped, `${viewport.width}×${viewport.height}`).toEqual([]);
      await page.screenshot({
        path: path.resolve(HERE, `../../test-results/environment-chart-${viewport.width}.png`),
        fullPage: true,
      });
      await page.close();
    }
  });

  it('says so instead of drawing a blank box when the environment has no failures', async () => {
    await report({
      environment: 'development',
      service: 'auth-service',
      instance: 'dev-1',
      fingerprint: STAGING_SECRET_FINGERPRINT,
      source: 'env:JWT_SECRET',
    });
    const page = await browser.newPage();
    await page.goto(`${server.url}/environments/development`);
    const chart = page.locator('[data-testid="failure-chart"][data-empty="true"]');
    await chart.waitFor();
    await expect(chart.textContent()).resolves.toContain('No failures in this range');
    expect(await page.locator('[data-testid="failure-chart"] svg').count()).toBe(0);
    await page.close();
  });
});
