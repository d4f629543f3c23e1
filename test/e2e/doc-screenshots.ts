import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './app-server';

/**
 * With LUNGTS_DOC_SCREENSHOTS=1 the e2e run refreshes docs/images/screen-<name>.png from the
 * real app; otherwise tracked files are never touched by a test run.
 */
export async function saveDocScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.LUNGTS_DOC_SCREENSHOTS !== '1') return;
  const dir = join(ROOT, 'docs', 'images');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `screen-${name}.png`) });
}
