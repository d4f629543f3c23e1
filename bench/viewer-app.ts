// Workstation-level viewer figures: the real app (database, jobs, bridge) serving a
// 512x512x300 CT with a mask to the built renderer in headless Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { volumeBytes } from '../src/shared/api';
import { unwrap } from '../src/shared/result';
import { createVolume } from '../src/shared/volume/volume';
import { writeNifti } from '../src/main/io/nifti/write';
import { nodeApi } from '../test/e2e/app-api';
import { hasBuiltApp, startAppServer } from '../test/e2e/app-server';
import { launchChromium } from '../test/e2e/chromium';

export interface AppFigures {
  firstImageMs: number;
  /** Of which: case + CT over the API, then checking and viewing the bytes. */
  fetchMs: number;
  decodeMs: number;
  scrollMedianMs: number;
  scrollP95Ms: number;
  axialMedianMs: number;
  brushMedianMs: number;
  brushP95Ms: number;
}

const [NX, NY, NZ] = [512, 512, 300];

/** A thorax-like CT (body, two lungs, noise) with one 60 mm tumour and its mask, on an LPS grid. */
function phantom(): { ct: Int16Array; mask: Uint8Array } {
  const ct = new Int16Array(NX * NY * NZ);
  const mask = new Uint8Array(NX * NY * NZ);
  let seed = 7;
  let p = 0;
  for (let k = 0; k < NZ; k++) {
    for (let j = 0; j < NY; j++) {
      for (let i = 0; i < NX; i++, p++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const x = (i - 256) / 200;
        const y = (j - 256) / 150;
        const lung = (x + 0.45) ** 2 / 0.12 + y * y / 0.5 < 1 || (x - 0.45) ** 2 / 0.12 + y * y / 0.5 < 1;
        ct[p] = (x * x + y * y >= 1 ? -1000 : lung ? -850 : 40) + ((seed >> 8) % 40) - 20;
        if ((i - 330) ** 2 + (j - 240) ** 2 + ((k - 150) * 2) ** 2 < 40 * 40) { mask[p] = 1; ct[p] = 35; }
      }
    }
  }
  return { ct, mask };
}

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? NaN, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN };
}

/** The workstation-level figures; a string says why they could not be measured. */
export async function benchApp(frames: number): Promise<AppFigures | string> {
  if (!hasBuiltApp()) return 'the app is not built (npm run build)';
  const dir = mkdtempSync(join(tmpdir(), 'lungts-bench-viewer-'));
  try {
    const { ct, mask } = phantom();
    const geom = { dims: [NX, NY, NZ], spacing: [0.7, 0.7, 1.5], origin: [-179, -179, -220] };
    const niiPath = join(dir, 'phantom-ct.nii');
    writeNifti(niiPath, unwrap(createVolume(geom, ct)));
    const server = await startAppServer(join(dir, 'data'));
    const { browser, close } = await launchChromium();
    try {
      const api = nodeApi(server.origin, server.token);
      const job = unwrap(await api.call('jobs.start', { kind: 'import', input: { paths: [niiPath], mode: 'reference' } }));
      for (;;) {
        const j = unwrap(await api.call('jobs.get', { jobId: job.jobId })).job;
        if (j.state === 'succeeded') break;
        if (j.state !== 'queued' && j.state !== 'running') return `import of the phantom failed: ${j.error ?? j.state}`;
        await new Promise((r) => setTimeout(r, 300));
      }
      const cases = unwrap(await api.call('cases.list', {}));
      const seriesId = cases.cases[0]!.seriesId;
      const detail = unwrap(await api.call('cases.get', { seriesId }));
      if (detail.geometry.dims.join() !== [NX, NY, NZ].join() || detail.geometry.direction.join() !== '1,0,0,0,1,0,0,0,1') {
        return `the phantom came back on an unexpected grid (${detail.geometry.dims.join('x')})`;
      }
      unwrap(await api.call('annotations.saveMask', {
        meta: { seriesId, author: 'bench', source: 'manual', label: 'tumour' },
        bytes: volumeBytes(unwrap(createVolume(geom, mask))),
      }));

      const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
      // tsx compiles with keepNames: functions sent to page.evaluate call esbuild's __name helper.
      await page.addInitScript({ content: 'window.__name = (f) => f;' });
      await page.goto(server.pageUrl);
      const open = page.locator('[data-testid=cases-table] tbody tr').first().getByRole('button', { name: /^Open/ });
      await open.waitFor();
      await page.evaluate(() => ((window as unknown as { benchT0: number }).benchT0 = performance.now()));
      await open.click();
      await page.waitForFunction(() => (window as unknown as { lungtsFrameStats?: { firstImageAt?: number } }).lungtsFrameStats?.firstImageAt !== undefined, undefined, { timeout: 120_000 });
      const { firstImageMs, openPhases } = await page.evaluate(() => {
        const w = window as unknown as { benchT0: number; lungtsFrameStats: { firstImageAt: number; open: Record<string, number> } };
        return { firstImageMs: w.lungtsFrameStats.firstImageAt - w.benchT0, openPhases: w.lungtsFrameStats.open };
      });
      await page.waitForTimeout(1500); // let the 3D view finish loading so it does not share the frames measured
      await page.locator('canvas[data-view=axial]').focus();

      // Scrolling: one key press per frame; the cost is every view's redraw for that frame.
      const scroll = await page.evaluate(async (n) => {
        type Stats = { count: number; totalMs: number; last: Record<string, number> };
        const s = (window as unknown as { lungtsFrameStats: Stats }).lungtsFrameStats;
        const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));
        const all: number[] = [];
        const axial: number[] = [];
        for (let f = 0; f < n; f++) {
          const before = s.totalMs;
          window.dispatchEvent(new KeyboardEvent('keydown', { key: f % 200 < 100 ? 'ArrowUp' : 'ArrowDown', bubbles: true }));
          await frame();
          await frame();
          all.push(s.totalMs - before);
          axial.push(s.last.axial ?? NaN);
        }
        return { all, axial };
      }, frames);

      // Brush: a stroke of synthetic pointer moves; latency = event to the stroke on screen.
      await page.keyboard.press('b');
      const box = (await page.locator('canvas[data-view=axial]').boundingBox())!;
      const brush = await page.evaluate(async ({ bx, by, bw, bh, n }) => {
        type Stats = { count: number; last: Record<string, number> };
        const s = (window as unknown as { lungtsFrameStats: Stats }).lungtsFrameStats;
        const c = document.querySelector('canvas[data-view=axial]')!;
        const ev = (type: string, x: number, y: number): PointerEvent =>
          new PointerEvent(type, { clientX: bx + x, clientY: by + y, pointerId: 1, button: 0, buttons: 1, bubbles: true });
        c.dispatchEvent(ev('pointerdown', bw * 0.3, bh * 0.5));
        const lat: number[] = [];
        for (let f = 0; f < n; f++) {
          const count = s.count;
          const t0 = performance.now();
          c.dispatchEvent(ev('pointermove', bw * (0.3 + (0.4 * f) / n), bh * (0.5 + 0.1 * Math.sin(f / 5))));
          while (s.count === count) await new Promise((r) => requestAnimationFrame(() => r(undefined)));
          lat.push(performance.now() - t0);
        }
        c.dispatchEvent(ev('pointerup', bw * 0.7, bh * 0.5));
        return lat;
      }, { bx: box.x, by: box.y, bw: box.width, bh: box.height, n: Math.min(60, frames) });

      const sc = stats(scroll.all);
      const br = stats(brush);
      return {
        firstImageMs,
        fetchMs: openPhases.fetch ?? NaN,
        decodeMs: openPhases.decode ?? NaN,
        scrollMedianMs: sc.median,
        scrollP95Ms: sc.p95,
        axialMedianMs: stats(scroll.axial).median,
        brushMedianMs: br.median,
        brushP95Ms: br.p95,
      };
    } finally {
      await close();
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
