import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleErrorsOf, launchBrowser } from '../helpers/browser';
import { startRestServer, startWsServer, type Running } from '../helpers/probeServers';
import { startServer, type RunningServer } from '../helpers/server';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SECRET = 'probe-e2e-current-secret-0123456789abcdefg';

describe.skipIf(!chromiumPath)('the probe panel in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const services: Running[] = [];

  beforeAll(async () => {
    services.push(
      await startRestServer(SECRET),
      await startWsServer('probe-e2e-other-secret-abcdefghij0123456789', [
        'authorization',
        'subprotocol',
        'query',
      ]),
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-probe-e2e-'));
    const configFile = path.join(dir, 'authscope.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        environments: ['staging'],
        keys: [
          {
            id: 'staging-primary',
            environment: 'staging',
            from: 'env:JWT_SECRET_STAGING',
            alg: 'HS256',
            probe: true,
          },
        ],
        probes: [
          {
            name: 'rest-then-websocket',
            environment: 'staging',
            token: { mint: { key: 'staging-primary' } },
            interval: '2s',
            targets: [
              { type: 'http', service: 'backend-rest', url: services[0].url },
              {
                type: 'websocket',
                service: 'backend-websocket',
                url: services[1].url,
                subprotocol: 'jwt.<token>',
                closeWait: '300ms',
              },
            ],
          },
        ],
      }),
    );
    server = await startServer({ AUTHSCOPE_CONFIG: configFile, JWT_SECRET_STAGING: SECRET });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await Promise.all(services.map((service) => service.close()));
  });

  it('shows HTTP ✓ and the WebSocket ✗ 1008 in every way on the environment page', async () => {
    const page = await browser.newPage();
    const consoleErrors = consoleErrorsOf(page);
    await page.goto(`${server.url}/environments/staging`);
    const panel = page.getByTestId('probe-panel');
    const websocket = panel.locator('tr[data-target="backend-websocket"]');
    for (const way of ['authorization', 'subprotocol', 'query']) {
      await websocket
        .locator(`td[data-way="${way}"][data-outcome="fail"]`)
        .getByText('✗ 1008')
        .waitFor({ timeout: 15_000 });
    }
    await panel
      .locator('tr[data-target="backend-rest"] td[data-way="authorization"][data-outcome="pass"]')
      .getByText('✓ 200')
      .waitFor();
    await expect
      .poll(() => websocket.locator('td[data-way="subprotocol"]').textContent())
      .toContain('since');
    mkdirSync(path.resolve(HERE, '../../test-results'), { recursive: true });
    await page.screenshot({
      path: path.resolve(HERE, '../../test-results/probe-panel.png'),
      fullPage: true,
    });
    expect(consoleErrors).toEqual([]);
  });

  it('shows the failing probe on the overview card', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    const summary = page.getByTestId('probe-summary-staging');
    await summary.waitFor({ timeout: 15_000 });
    expect(await summary.textContent()).toContain(
      'Probe rest-then-websocket: backend-websocket ✗ 1008 (authorization), ✗ 1008 (subprotocol), ✗ 1008 (query)',
    );
  });
});
