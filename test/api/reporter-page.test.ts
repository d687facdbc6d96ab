import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { postJson, startServer, type RunningServer } from '../helpers/server';

// The environment page says which instance lost failures, from its reporter's dropped count.
const INGEST_KEY = 'ingest-key-reporter-page-4b7d-9e2a6c1f3d8b';
const report = (instance: string, extra: Record<string, unknown> = {}) => ({
  environment: 'staging',
  service: 'backend-websocket',
  instance,
  fingerprint: 'sha256/16:70610b56526d0480',
  source: 'env:JWT_SECRET_STAGING',
  ...extra,
});

describe.skipIf(!chromiumPath)('undelivered failures on the environment page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ AUTHSCOPE_INGEST_KEYS: INGEST_KEY });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows "n failures not delivered" on the instance that dropped them, and nothing on the others', async () => {
    const response = await postJson(
      `${server.url}/api/v1/fingerprints`,
      {
        reports: [
          report('ws-1', { undelivered_failures: 3 }),
          report('ws-2'),
          report('ws-3', { undelivered_failures: 0 }),
        ],
      },
      { authorization: `Bearer ${INGEST_KEY}` },
    );
    expect(response.status).toBe(202);
    const page = await browser.newPage();
    const consoleErrors = consoleErrorsOf(page);
    await page.goto(`${server.url}/environments/staging`);
    const notice = page.getByTestId('undelivered-failures');
    await notice.first().waitFor();
    expect(await notice.allTextContents()).toEqual([
      'backend-websocket · ws-1: 3 failures not delivered',
    ]);
    expect(consoleErrors).toEqual([]);
  });
});
