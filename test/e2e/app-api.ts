import { createApiClient, createHttpTransport, type ApiClient } from '../../src/shared/api';
import { planeAxes, type ViewAxis } from '../../src/shared/editing/plane';
import type { Vec3 } from '../../src/shared/volume/mat3';
import { FIT, imageRect, planeToScreen } from '../../src/renderer/viewer/viewport';
import type { Page } from 'playwright-core';

/** The same typed API the renderer uses, from the test process, to check what the screens did. */
export function nodeApi(origin: string, token: string): ApiClient {
  return createApiClient(createHttpTransport({
    baseUrl: origin,
    token,
    fetch: (url, init) => fetch(url, init) as never,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  }));
}

/**
 * Page coordinates (CSS pixels) of voxel `idx` in a slice view at the default zoom, with the
 * viewer's own layout maths, so pointer events land on the voxel meant.
 */
export async function voxelOnPage(page: Page, view: ViewAxis, dims: Vec3, spacing: Vec3, idx: readonly number[]): Promise<{ x: number; y: number; local: [number, number] }> {
  const box = await page.locator(`canvas[data-view=${view}]`).boundingBox();
  if (!box) throw new Error(`the ${view} view is not on screen`);
  const r = imageRect(view, dims, spacing, box.width, box.height, FIT);
  const a = planeAxes(view);
  const [x, y] = planeToScreen(view, r, idx[a.u]!, idx[a.v]!);
  return { x: box.x + x, y: box.y + y, local: [x, y] };
}
