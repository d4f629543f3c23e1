import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingDataMessage, sharedData } from '../helpers/shared-data';
import { tempDir } from '../helpers/tmp';
import { hasBuiltApp, MISSING_APP, startAppServer, type AppServer } from './app-server';
import { hasChromium, launchChromium, MISSING_CHROMIUM } from './chromium';

const DATA = sharedData('lung-pet-ct-dx');
const why = !hasChromium() ? MISSING_CHROMIUM : !hasBuiltApp() ? MISSING_APP : !DATA ? missingDataMessage('lung-pet-ct-dx') : undefined;
if (why) console.log(`keyboard e2e ${why}`);

describe.skipIf(why !== undefined)('keyboard-only use, visible focus, and no silent loss of work', () => {
  const tmp = tempDir('lungts-e2e-keys-');
  let server: AppServer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  /** Presses Tab until the focused element matches, as a keyboard user would. */
  async function tabTo(test: (el: Element) => boolean, what: string, max = 80): Promise<void> {
    for (let n = 0; n < max; n++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(`(${test.toString()})(document.activeElement)`)) return;
    }
    throw new Error(`Tab never reached ${what}`);
  }

  const focusOutline = (): Promise<string> => page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return `${s.outlineStyle} ${s.outlineWidth}`;
  });

  beforeAll(async () => {
    server = await startAppServer(`${tmp}/data`);
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    await page.goto(server.pageUrl);
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
  });

  it('imports and opens a case with the keyboard alone, focus always visible', async () => {
    await tabTo((el) => el.id === 'import-paths', 'the import field');
    await page.keyboard.type(DATA!);
    await tabTo((el) => el.getAttribute('data-action') === 'import', 'the Import button');
    expect(await focusOutline()).toMatch(/^solid [1-9]/);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=import-report]').waitFor({ timeout: 180_000 });
    await tabTo((el) => el.tagName === 'BUTTON' && /^Open /.test(el.getAttribute('aria-label') ?? ''), 'an Open button');
    expect(await focusOutline()).toMatch(/^solid [1-9]/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { lungtsFrameStats?: { firstImageAt?: number } }).lungtsFrameStats?.firstImageAt !== undefined);
  });

  it('window presets, tools and scrolling from the keyboard', async () => {
    await page.locator('canvas[data-view=axial]').focus();
    expect(await focusOutline()).toMatch(/^solid [1-9]/);
    await page.keyboard.press('2');
    expect(await page.getByLabel('Window width').inputValue()).toBe('400');
    expect(await page.getByLabel('Window level').inputValue()).toBe('40');
    await page.keyboard.press('3');
    expect(await page.getByLabel('Window width').inputValue()).toBe('1800');
    const k0 = Number(await page.locator('canvas[data-view=axial]').getAttribute('data-slice'));
    await page.keyboard.press(k0 > 0 ? 'ArrowDown' : 'ArrowUp');
    await page.waitForFunction((k) => document.querySelector('canvas[data-view=axial]')?.getAttribute('data-slice') !== String(k), k0);
    await page.keyboard.press('End');
    expect(await page.locator('canvas[data-view=axial]').getAttribute('data-slice')).toBe('29');
    await page.keyboard.press('x');
    expect(await page.locator('[data-tool=box]').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('n');
    expect(await page.locator('[data-tool=navigate]').getAttribute('aria-pressed')).toBe('true');
  });

  it('asks before discarding unsaved mask edits, keeps them on Cancel, and saves with Ctrl+S', async () => {
    await page.keyboard.press('Home');
    await page.keyboard.press('b');
    const box = (await page.locator('canvas[data-view=axial]').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 4 });
    await page.mouse.up();
    const status = page.locator('[data-testid=mask-status]');
    expect(await status.innerText()).toContain('unsaved changes');
    // Try to open the other series: a confirmation, Cancel focused, Enter keeps the work.
    await page.keyboard.press('Alt+1');
    const other = page.locator('[data-testid=cases-table] tbody tr').nth(1).getByRole('button', { name: /^Open/ });
    await other.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('cancel');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' }).catch(() => dialog.waitFor({ state: 'hidden' }));
    await page.keyboard.press('Alt+2');
    expect(await status.innerText()).toContain('unsaved changes');
    await page.locator('canvas[data-view=axial]').focus();
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => /manual · version \d+ · not reviewed$/.test(document.querySelector('[data-testid=mask-status]')?.textContent ?? ''));
  });

  it('removing a case needs a confirmation; Escape keeps it', async () => {
    await page.keyboard.press('Alt+1');
    const rows = page.locator('[data-testid=cases-table] tbody tr');
    await rows.first().getByRole('button', { name: /^Remove/ }).focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(await rows.count()).toBe(2);
  });
});
