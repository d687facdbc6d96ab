import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { incidentScenario, replayIncidents, type IncidentScenario } from '../helpers/incidents';
import { postJson, startServer, type RunningServer } from '../helpers/server';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.resolve(HERE, '../../test-results');
const VIEWPORTS = [
  { name: '1440x900', width: 1440, height: 900 },
  { name: '1280x720', width: 1280, height: 720 },
];

describe.skipIf(!chromiumPath)('failure groups and legible failures in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let scenario: IncidentScenario;

  beforeAll(async () => {
    scenario = incidentScenario();
    server = await startServer(scenario.env);
    await replayIncidents(server.url, scenario);
    browser = await launchBrowser();
    mkdirSync(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Cells whose text is cut: their content is wider than the box that shows it. */
  const clippedCells = (page: Page, selector: string) =>
    page
      .locator(selector)
      .evaluateAll((cells) =>
        cells
          .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
          .map((cell) => cell.textContent),
      );

  describe.each(VIEWPORTS)('at $name', (viewport) => {
    it('leads /failures with the incidents as a handful of problems', async () => {
      const page = await browser.newPage({ viewport });
      const errors = consoleErrorsOf(page);
      await page.goto(`${server.url}/failures?range=7d`);
      const groups = page.getByTestId('failure-groups');
      await groups.waitFor();
      const rows = groups.locator('tr[data-group-id]');
      await expect.poll(() => rows.count()).toBe(4);
      const counts = await rows.evaluateAll((elements) =>
        elements.map((row) => Number(row.getAttribute('data-count'))),
      );
      expect(counts.reduce((a, b) => a + b, 0)).toBe(scenario.first.total + scenario.second.total);
      expect(await groups.textContent()).toContain(scenario.first.mismatchDetail);
      // "All environments": each environment gets its own leading cause.
      const leads = page.getByTestId('cause-summary');
      await leads.locator('li[data-environment="staging"]').getByText('secret_mismatch').waitFor();
      expect(await leads.locator('li[data-environment="production"]').textContent()).toContain(
        'no failures',
      );
      await page.screenshot({
        path: path.join(RESULTS, `failures-groups-${viewport.name}.png`),
        fullPage: true,
      });
      expect(errors).toEqual([]);
      await page.close();
    });

    it('opens a problem on its events, with whole times and service names, and a detail panel that leads with the cause', async () => {
      const page = await browser.newPage({ viewport });
      const errors = consoleErrorsOf(page);
      await page.goto(`${server.url}/failures?range=7d&environment=staging`);
      const mismatch = page.getByTestId('failure-groups').locator('tr[data-count="12"]');
      await mismatch.click();
      await page.waitForURL(/group=/);
      const table = page.getByTestId('failures-table');
      await expect.poll(() => table.getAttribute('data-rows')).toBe('12');

      expect(await clippedCells(page, '[data-failure-id] td')).toEqual([]);
      const times = await table.locator('[data-failure-id] time').allTextContents();
      for (const text of times) expect(text).toMatch(/^(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d$/);

      await table.locator('[data-failure-id]').first().click();
      const cause = page.getByTestId('detail-cause');
      await cause.getByText('secret_mismatch').waitFor();
      expect(await cause.textContent()).toContain(scenario.first.mismatchDetail);
      expect(await page.getByTestId('failure-detail').textContent()).toContain('Service resolved');
      expect(
        await page.getByTestId('failure-detail').locator('details').getAttribute('open'),
      ).toBeNull();
      expect(await clippedCells(page, '[data-failure-id] td')).toEqual([]);
      await page.screenshot({
        path: path.join(RESULTS, `failures-detail-${viewport.name}.png`),
        fullPage: true,
      });
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  it('keeps the open row where it is when live rows arrive above it', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS[0] });
    await page.goto(`${server.url}/failures?range=7d&show=events`);
    await page.getByTestId('stream-state').getByText('● live').waitFor({ timeout: 10_000 });
    const open = page.locator('[data-failure-id]').nth(5);
    await open.waitFor();
    const id = (await open.getAttribute('data-failure-id'))!;
    await open.click();
    await page.getByTestId('detail-cause').waitFor();
    const before = (await page.locator(`[data-failure-id="${id}"]`).boundingBox())!;

    const response = await postJson(
      `${server.url}/api/v1/failures`,
      {
        events: [1, 2, 3].map((n) => ({
          environment: 'staging',
          service: 'backend-rest',
          user: `live-${n}`,
          payload: { error_code: 'TOKEN_EXPIRED' },
        })),
      },
      scenario.ingest,
    );
    expect(response.status).toBe(202);
    const { ids } = await response.json();
    await page
      .locator(`[data-failure-id="${ids[0]}"]`)
      .waitFor({ state: 'attached', timeout: 5_000 });
    const after = (await page.locator(`[data-failure-id="${id}"]`).boundingBox())!;
    expect(Math.abs(after.y - before.y)).toBeLessThanOrEqual(1);
    expect(await page.locator(`[data-failure-id="${id}"]`).getAttribute('class')).toContain(
      'row-selected',
    );
    await page.close();
  });

  it('opens the incident view for the range of a clicked chart bar', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS[0] });
    await page.goto(`${server.url}/environments/staging?range=7d`);
    const bar = page.getByTestId('failure-chart').locator('.recharts-bar-rectangle path').first();
    await bar.waitFor();
    await bar.click();
    await page.waitForURL(/\/incidents\/new\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('environment')).toBe('staging');
    const from = Date.parse(url.searchParams.get('from')!);
    const to = Date.parse(url.searchParams.get('to')!);
    expect(from).toBeLessThanOrEqual(scenario.first.firstFailureAt);
    expect(to).toBeGreaterThan(scenario.first.firstFailureAt);
    await page.getByTestId('fact-total').waitFor();
    await page.close();
  });

  it("opens the nav's Incidents on the environment with the most recent failures", async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS[0] });
    await page.goto(`${server.url}/incidents/new`);
    await page.waitForURL(
      (url) => url.searchParams.get('environment') === 'staging' && url.searchParams.has('from'),
    );
    await page.getByTestId('fact-total').waitFor();
    await page.close();
  });
});
