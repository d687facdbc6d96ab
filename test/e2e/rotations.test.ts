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
  it('shows the trust mismatch of a public-key fleet (verifier, missing kid, cache age, refresh), then consistency, live', async () => {
    const URL_ = 'http://127.0.0.1:4100/.well-known/jwks.json';
    const K1 = { kid: 'es-2026-10', thumbprint: 'A'.repeat(43) };
    const K2 = { kid: 'es-2026-11', thumbprint: 'B'.repeat(43) };
    const now = Date.now();
    const member = (service: string, instance: string, thumbprint: string) => ({
      environment: 'staging',
      purpose: 'id-token',
      service,
      instance,
      fingerprint: `jwk-thumbprint:${thumbprint}`,
      reported_at: new Date(now).toISOString(),
    });
    const verifier = (instance: string, keys: (typeof K1)[], fetchedMinutesAgo: number) => ({
      ...member('gateway', instance, keys.at(-1)!.thumbprint),
      trust: {
        jwks_url: URL_,
        fetched_at: new Date(now - fetchedMinutesAgo * 60_000).toISOString(),
        max_age_seconds: 3600,
        keys,
      },
    });
    await send(
      { ...member('issuer', 'issuer-1', K2.thumbprint), signing: { ...K2, jwks_url: URL_ } },
      verifier('gw-1', [K1, K2], 1),
      verifier('gw-2', [K1], 50),
    );
    const page = await browser.newPage();
    const consoleErrors = consoleErrorsOf(page);
    await page.goto(`${server.url}/environments/staging`);
    const panel = page.getByTestId('trust-panel');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.getAttribute('data-status')).toBe('mismatch');
    const mismatches = page.getByTestId('trust-mismatches');
    const text = (await mismatches.textContent()) ?? '';
    expect(text).toContain('gateway/gw-2 lacks kid es-2026-11');
    expect(text).toContain('signed by issuer/issuer-1');
    expect(text).toMatch(
      /its cache is 50 min old, refreshes at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
    );
    expect(text).not.toContain('gw-1');
    expect(await page.getByTestId('trust-verifiers').textContent()).toContain('es-2026-11');
    await page.getByTestId('stream-state').getByText('● live').waitFor({ timeout: 10_000 });

    // gw-2 refetches its JWKS: the view turns consistent without a reload.
    await send({ ...verifier('gw-2', [K1, K2], 0), reported_at: new Date().toISOString() });
    await page.getByTestId('trust-consistent').waitFor({ timeout: 15_000 });
    expect(await panel.getAttribute('data-status')).toBe('consistent');
    expect(await page.getByTestId('trust-mismatches').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
