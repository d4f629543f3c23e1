import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (CI installs it with apt); e2e tests and the viewer benchmark skip without it. */
export const CHROMIUM = process.env.LUNGTS_CHROMIUM ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export const MISSING_CHROMIUM = `skipped: ${CHROMIUM} is absent (apt-get install -y chromium, or set LUNGTS_CHROMIUM)`;

/**
 * Headless Chromium with the flags that make it render WebGL2 in software (SwiftShader) and
 * never reach the network. playwright gives every launch a fresh temporary profile (the
 * equivalent of a new --user-data-dir) and deletes it on close.
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--enable-unsafe-swiftshader',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}
