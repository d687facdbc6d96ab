import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const INGEST_KEY = 'ingest-key-live-e2e-4d2a-9c7e1b3f5a80';
const FINGERPRINT = 'sha256/16:70610b56526d0480';
const MINUTE = 60_000;

const agreeing = (service: string, instance: string) => ({
  environment: 'staging',
  service,
  instance,
  fingerprint: FINGERPRINT,
  source: 'env:JWT_SECRET_STAGING',
  resolution: [{ source: 'env:JWT_SECRET_STAGING', present: true, fingerprint: FINGERPRINT }],
});

/** The API requests a page makes (the SSE stream itself not counted), path and query. */
function apiRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/') && url.pathname !== '/api/v1/stream')
      seen.push(`${url.pathname}${url.search}`);
  });
  return seen;
}

describe.skipIf(!chromiumPath)('live pages refresh from the stream, not by polling', () => {
  let server: RunningServer;
  let browser: Browser;
  const post = async (route: string, body: unknown) => {
    const response = await postJson(`${server.url}${route}`, body, {
      authorization: `Bearer ${INGEST_KEY}`,
    });
    expect(response.status).toBe(202);
  };
  const failures = (count: number, occurredAt?: number) =>
    post('/api/v1/failures', {
      events: Array.from({ length: count }, (_, i) => ({
        service: 'backend-rest',
        environment: 'staging',
        user: `live-user-${i}`,
        ...(occurredAt ? { occurred_at: new Date(occurredAt).toISOString() } : {}),
        payload: { error_code: 'TOKEN_EXPIRED', error_message: 'expired' },
      })),
    });
  const cardCount = async (page: Page) =>
    Number(
      /(\d+) failure\(s\)/.exec(
        (await page.getByTestId('env-card-staging').locator('.env-card-foot').textContent()) ?? '',
      )?.[1],
    );

  beforeAll(async () => {
    server = await startServer({ AUTHSCOPE_INGEST_KEYS: INGEST_KEY });
    browser = await launchBrowser();
    await post('/api/v1/fingerprints', {
      reports: [agreeing('auth-service', 'auth-1'), agreeing('backend-rest', 'rest-1')],
    });
    // Failures that stopped five minutes ago, while the keys agree: the card must say so.
    await failures(4, Date.now() - 5 * MINUTE);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says a consistent environment recovered, and its live counts equal a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = consoleErrorsOf(page);
    await page.goto(`${server.url}/`);
    const card = page.getByTestId('env-card-staging');
    await expect.poll(() => card.getAttribute('data-status')).toBe('consistent');
    await page.getByTestId('stream-state').getByText('● live').waitFor({ timeout: 10_000 });
    await expect.poll(() => cardCount(page)).toBe(4);
    expect(await card.getByTestId('env-recovery').textContent()).toMatch(
      /^Recovered: no failure since \d\d:\d\d UTC/,
    );
    expect(await card.locator('.sparkline').count()).toBe(1);

    // A burst arrives: the card counts it without a reload, then says failures still arrive.
    await failures(3);
    await failures(2);
    await expect.poll(() => cardCount(page), { timeout: 3_000 }).toBe(9);
    await expect
      .poll(() => card.getByTestId('env-recovery').textContent())
      .toContain('failures still arrive');

    const fresh = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await fresh.goto(`${server.url}/`);
    await expect.poll(() => cardCount(fresh)).toBe(9);
    expect(await cardCount(page)).toBe(await cardCount(fresh));
    expect(await card.getByTestId('env-recovery').textContent()).toBe(
      await fresh.getByTestId('env-card-staging').getByTestId('env-recovery').textContent(),
    );
    expect(errors).toEqual([]);
  });

  it.each(['/', '/failures'])(
    'makes few API requests on an idle %s page and shows a posted failure within 3 s',
    async (route) => {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${server.url}${route}`);
      await page.getByTestId('stream-state').getByText('● live').waitFor({ timeout: 10_000 });
      await page.waitForLoadState('networkidle');
      const requests = apiRequests(page);
      await page.waitForTimeout(10_000);
      // Idle: at most the fleet's slow safety poll and the minute's slide of the hour; the probes
      // are no longer polled every 5 s (that alone made two more).
      expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(2);

      requests.length = 0;
      const before = await (
        await fetch(`${server.url}/api/v1/failures?environment=staging&limit=500`)
      ).json();
      await failures(1);
      if (route === '/') {
        await expect.poll(() => cardCount(page), { timeout: 3_000 }).toBe(before.items.length + 1);
      } else {
        await page
          .getByTestId('failure-groups')
          .locator('tr[data-group-id]')
          .first()
          .waitFor({ timeout: 3_000 });
        await expect
          .poll(
            () =>
              page
                .getByTestId('failure-groups')
                .locator('tr[data-group-id]')
                .evaluateAll((rows) =>
                  rows.reduce((sum, row) => sum + Number(row.getAttribute('data-count')), 0),
                ),
            { timeout: 3_000 },
          )
          .toBe(before.items.length + 1);
      }
      // One event: one refresh of what it changed (each query once), not a poll of every API.
      expect(new Set(requests).size, requests.join(', ')).toBe(requests.length);
      expect(requests.length, requests.join(', ')).toBeLessThanOrEqual(6);
    },
  );
});
