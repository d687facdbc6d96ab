import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { buildKeyFixture, type KeyFixture } from '../helpers/fleetKeys';
import { startServer, type RunningServer } from '../helpers/server';

const HERE = path.dirname(fileURLToPath(import.meta.url));

describe.skipIf(!chromiumPath)('the inspect page in Chromium', () => {
  let keys: KeyFixture;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    keys = await buildKeyFixture();
    server = await startServer(keys.env);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await keys?.jwks.close();
  });

  it('shows the claims of a pasted token and the key that verifies it', async () => {
    const page = await browser.newPage();
    const consoleErrors = consoleErrorsOf(page);
    const response = await page.goto(`${server.url}/inspect`);
    // The page runs under its own strict policy: a violation would show as a console error below.
    const headers = response!.headers();
    expect(headers['content-security-policy']).toMatch(
      /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
    );
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cache-control']).toContain('no-store');
    await page.getByText('Paste a token to see').waitFor();

    const token = await keys.sign.envHs256({ sub: 'staging-e2e-user-002' });
    await page.locator('textarea[name="token"]').fill(`Bearer ${token}`);

    await page.getByText('"staging-e2e-user-002"').waitFor({ timeout: 5_000 });
    await expect(page.getByTestId('verdict').textContent({ timeout: 10_000 })).resolves.toBe(
      'Verified by staging-primary',
    );
    await page.locator('.row-signer').getByText('staging-primary').waitFor();
    expect(await page.locator('.token-parts .part-signature').count()).toBe(1);

    const dir = path.resolve(HERE, '../../test-results');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'inspect.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('keeps its relative times ticking while the page stays open', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/inspect`);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const token = await keys.sign.envHs256({
      sub: 'tick-user',
      iat: nowSeconds - 20,
      exp: nowSeconds + 3600,
    });
    await page.locator('textarea[name="token"]').fill(token);
    const issued = page.locator('li[data-claim="iat"] [data-relative]');
    const first = await issued.textContent({ timeout: 10_000 });
    expect(first).toMatch(/^\d+ s ago$/);
    // No new request, no re-paste: the words move on by themselves.
    await page.waitForFunction(
      (before) =>
        document.querySelector('li[data-claim="iat"] [data-relative]')?.textContent !== before,
      first,
      { timeout: 5_000 },
    );
    expect(Number((await issued.textContent())!.split(' ')[0])).toBeGreaterThan(
      Number(first!.split(' ')[0]),
    );
  });

  it('says plainly when the paste is not a token', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/inspect`);
    await page.locator('textarea[name="token"]').fill('not-a-token');
    await expect(
      page.getByTestId('inspect-headline').textContent({ timeout: 10_000 }),
    ).resolves.toMatch(/^Not a JWT: wrong part count/);
    await expect(page.getByTestId('verdict').textContent({ timeout: 10_000 })).resolves.toBe(
      'Not a JWT: no signature to verify',
    );
  });
});
