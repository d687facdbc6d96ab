import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium';

export const chromiumPath = process.env.AUTHSCOPE_CHROMIUM;

/** Debian's Chromium, headless, with everything that would phone home switched off. */
export function launchBrowser(): Promise<Browser> {
  return launchChromium(chromiumPath);
}

/** Console errors of a page (a CSP violation shows up as one): a test ends expecting none. */
export function consoleErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  return errors;
}
