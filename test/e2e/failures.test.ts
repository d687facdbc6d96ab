import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const INGEST_KEY = 'ingest-key-e2e-5b7c9d1e3f-2a8c4e6b0d91';

describe.skipIf(!chromiumPath)('the failures page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  const ingest = async (service: string, errorCode: string, user: string) => {
    const response = await postJson(
      `${server.url}/api/v1/failures`,
      {
        service,
        environment: 'staging',
        user,
        payload: {
          error_code: errorCode,
          error_message: `${errorCode} from ${service}`,
          details: { failure_context: { context: 'websocket' } },
        },
      },
      { authorization: `Bearer ${INGEST_KEY}` },
    );
    expect(response.status).toBe(202);
    return (await response.json()).ids[0] as string;
  };
  const rowIds = (page: Page) =>
    page
      .locator('[data-failure-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-failure-id')));

  beforeAll(async () => {
    server = await startServer({ AUTHSCOPE_INGEST_KEYS: INGEST_KEY });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a failure posted through the API without a reload, and a filter narrows the table and the URL', async () => {
    const page = await browser.newPage();
    const consoleErrors = consoleErrorsOf(page);
    await ingest('backend-rest', 'TOKEN_EXPIRED', 'user-1');
    await page.goto(`${server.url}/failures?show=events`);
    await page.getByTestId('stream-state').getByText('● live').waitFor({ timeout: 10_000 });
    await page.locator('[data-failure-id]').first().waitFor();

    const live = await ingest('backend-websocket', 'VALIDATION_FAILED', 'staging-e2e-user-002');
    // Open pages update within a second of new data.
    await page.locator(`[data-failure-id="${live}"]`).waitFor({ timeout: 1_000 });
    expect(await rowIds(page)).toHaveLength(2);

    await page.locator('input[name="service"]').fill('backend-websocket');
    await page.locator('input[name="service"]').press('Enter');
    await page.waitForURL(/service=backend-websocket/);
    await expect.poll(() => rowIds(page)).toEqual([live]);

    await page.locator(`[data-failure-id="${live}"]`).click();
    await page.getByTestId('failure-detail').getByText('staging-e2e-user-002').first().waitFor();
    expect(page.url()).toContain(`id=${live}`);

    const dir = path.resolve(HERE, '../../test-results');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'failures.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('reproduces the view from a shared link', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/failures?service=backend-rest&range=24h&show=events`);
    await page.locator('[data-failure-id]').first().waitFor();
    const services = await page
      .locator('[data-failure-id]')
      .evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
    expect(services.length).toBeGreaterThan(0);
    expect(services.every((text) => text.includes('backend-rest'))).toBe(true);
    expect(await page.locator('input[name="service"]').inputValue()).toBe('backend-rest');
  });

  it('opens on a range that fits the data when the URL names none, and an explicit range wins', async () => {
    const fiveHoursAgo = new Date(Date.now() - 5 * 3_600_000).toISOString();
    const response = await postJson(
      `${server.url}/api/v1/failures`,
      {
        service: 'old-gateway',
        environment: 'production',
        occurred_at: fiveHoursAgo,
        payload: { error_code: 'TOKEN_EXPIRED', error_message: 'expired' },
      },
      { authorization: `Bearer ${INGEST_KEY}` },
    );
    expect(response.status).toBe(202);
    const page = await browser.newPage();
    await page.goto(`${server.url}/failures?environment=production`);
    // Five hours back: the smallest preset that holds it, not the last hour's empty list.
    await page.locator('.range-picker .chip-on', { hasText: '6h' }).waitFor();
    await page.getByTestId('failure-groups').getByText('old-gateway').waitFor();

    await page.goto(`${server.url}/failures?environment=production&range=1h`);
    await page.locator('.range-picker .chip-on', { hasText: '1h' }).waitFor();
    await page.getByText('No failures match').waitFor();
    await page.close();
  });
});
