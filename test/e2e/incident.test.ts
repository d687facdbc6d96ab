import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import {
  incidentPath,
  incidentScenario,
  replayIncidents,
  type IncidentScenario,
} from '../helpers/incidents';
import { startServer, type RunningServer } from '../helpers/server';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.resolve(HERE, '../../test-results');
const PROJECTOR = { width: 1280, height: 720 };

describe.skipIf(!chromiumPath)('the incident page in Chromium', () => {
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

  /** Relative luminance contrast of two computed `rgb(…)` colours (WCAG 2). */
  const contrast = (a: string, b: string) => {
    const luminance = (rgb: string) => {
      const [r, g, bl] = rgb
        .match(/\d+(\.\d+)?/g)!
        .slice(0, 3)
        .map((v) => Number(v) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };

  async function openPresentation(
    theme: 'dark' | 'light',
  ): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: PROJECTOR });
    const errors = consoleErrorsOf(page);
    await page.goto(
      `${server.url}${incidentPath(scenario.first, { present: '1', ...(theme === 'light' ? { theme: 'light' } : {}) })}`,
    );
    await page.getByTestId('fact-total').getByText(String(scenario.first.total)).waitFor();
    await page.getByTestId('causes-table').waitFor();
    return { page, errors };
  }

  it('shows the replayed incident in presentation mode on a 1280×720 projector, light theme, and keeps a screenshot', async () => {
    const { page, errors } = await openPresentation('light');
    const view = page.getByTestId('incident-view');

    // The story a reviewer needs, on the first screen.
    await expect
      .poll(() => page.getByTestId('fact-cause').textContent())
      .toContain('secret_mismatch');
    expect(await page.getByTestId('fact-cause').textContent()).toContain(
      scenario.first.mismatchDetail,
    );
    expect(await page.getByTestId('fact-first').textContent()).toContain(
      new Date(scenario.first.firstFailureAt).toISOString().slice(0, 19).replace('T', ' '),
    );
    const matrix = await page.getByTestId('signer-resolver').textContent();
    for (const name of [
      'staging-primary',
      'backend-websocket',
      'staging-legacy',
      'env:JWT_SECRET_KEY',
    ])
      expect(matrix).toContain(name);
    for (const testId of ['fact-total', 'fact-cause']) {
      const box = (await page.getByTestId(testId).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(PROJECTOR.height);
    }

    // No navigation chrome, no filter form, no failures table: only the story.
    expect(await page.locator('.navbar').isVisible()).toBe(false);
    expect(await page.locator('form[aria-label="incident span"]').count()).toBe(0);

    // It survives the projector: nothing wider than the screen, large type, high contrast.
    const layout = await view.evaluate((element) => {
      const style = getComputedStyle(element);
      const body = getComputedStyle(element.querySelector('dd')!);
      return {
        scrollWidth: element.scrollWidth,
        clientWidth: element.clientWidth,
        scrollHeight: element.scrollHeight,
        background: style.backgroundColor,
        color: style.color,
        fontSize: parseFloat(style.fontSize),
        factSize: parseFloat(body.fontSize),
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    // Facts, timeline, causes and the signer table on one screen: nothing to scroll to.
    expect(layout.scrollHeight).toBeLessThanOrEqual(PROJECTOR.height);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      PROJECTOR.height,
    );
    for (const testId of ['causes-table', 'signer-resolver']) {
      const box = (await page.getByTestId(testId).boundingBox())!;
      expect(box.y + box.height, testId).toBeLessThanOrEqual(PROJECTOR.height);
    }
    expect(layout.background).toBe('rgb(255, 255, 255)');
    expect(contrast(layout.color, layout.background)).toBeGreaterThanOrEqual(7);
    expect(layout.fontSize).toBeGreaterThanOrEqual(18);

    await page.screenshot({ path: path.join(RESULTS, 'incident-presentation.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches to the dark theme and back out of presentation mode, keeping the window frozen in the URL', async () => {
    const { page, errors } = await openPresentation('light');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.waitForURL(
      (url) => url.searchParams.get('present') === '1' && !url.searchParams.has('theme'),
    );
    const dark = await page.getByTestId('incident-view').evaluate((element) => ({
      background: getComputedStyle(element).backgroundColor,
      color: getComputedStyle(element).color,
    }));
    expect(dark.background).toBe('rgb(0, 0, 0)');
    expect(contrast(dark.color, dark.background)).toBeGreaterThanOrEqual(7);
    await page.screenshot({ path: path.join(RESULTS, 'incident-presentation-dark.png') });

    await page.getByRole('button', { name: 'Leave presentation' }).click();
    await page.waitForURL((url) => !url.searchParams.has('present'));
    await page.locator('.navbar').waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('from')).toBe(new Date(scenario.first.from).toISOString());
    expect(url.searchParams.get('to')).toBe(new Date(scenario.first.to).toISOString());
    expect(errors).toEqual([]);
    await page.close();
  });

  it('turns a link without a window into an absolute one, so a copied link shows the same data later', async () => {
    const page = await browser.newPage({ viewport: PROJECTOR });
    await page.goto(`${server.url}/incidents/new?environment=staging`);
    await page.waitForURL((url) => url.searchParams.has('from') && url.searchParams.has('to'));
    const url = new URL(page.url());
    for (const name of ['from', 'to'])
      expect(url.searchParams.get(name)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(
      Date.parse(url.searchParams.get('to')!) - Date.parse(url.searchParams.get('from')!),
    ).toBe(3_600_000);
    expect(page.url()).not.toMatch(/token|eyJ/);
    await page.close();
  });

  it('exports the Markdown from the page with the replayed facts', async () => {
    const page = await browser.newPage({ viewport: PROJECTOR });
    await page.goto(`${server.url}${incidentPath(scenario.first)}`);
    const href = await page.getByTestId('export-markdown').getAttribute('href');
    const response = await page.request.get(`${server.url}${href}`);
    expect(response.status()).toBe(200);
    const text = await response.text();
    expect(text).toContain(`- Failures: ${scenario.first.total}`);
    expect(text).toContain(scenario.first.changes[0]);
    await page.close();
  });
});
