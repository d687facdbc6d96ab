import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (playwright-core downloads no browser), headless, with everything that would
 * phone home switched off: the browser tests and `npm run screenshot` both launch it here.
 */
export function launchChromium(executablePath = process.env.AUTHSCOPE_CHROMIUM): Promise<Browser> {
  return chromium.launch({
    executablePath: executablePath ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
