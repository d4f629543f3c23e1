// Viewer benchmark in headless Chromium (software WebGL2): our slice renderer against vtk.js's
// image mapper on the same 512x512x300 CT with a mask overlay, in the same page; then, when the
// app's loopback bridge is built, the real workstation: time to first image after opening a
// case, ms per frame while scrolling it, and brush stroke latency. Last line: one JSON object.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasChromium, launchChromium, MISSING_CHROMIUM } from '../test/e2e/chromium';
import { benchApp, type AppFigures } from './viewer-app';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 100);

interface PageFigures {
  genMs: number;
  ours: { median: number; p95: number; first: number };
  vtk: { median: number; p95: number; first: number };
  webgl: string;
  snapshots: Record<string, string>;
}

async function pageBench(): Promise<PageFigures> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./viewer-page.ts', import.meta.url))],
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'error',
  });
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.setContent('<!doctype html><html><body style="margin:0;background:#000"></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const figures = (await page.evaluate((n) => (window as unknown as { runViewerBench: (n: number) => Promise<unknown> }).runViewerBench(n), FRAMES)) as PageFigures;
    // Each renderer's last frame, to check by eye that all three drew the same slice.
    const dir = process.env.BENCH_SNAPSHOTS;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      for (const [name, url] of Object.entries(figures.snapshots)) {
        if (url.startsWith('data:image/png;base64,')) writeFileSync(join(dir, `viewer-${name}.png`), Buffer.from(url.slice(22), 'base64'));
      }
    }
    return figures;
  } finally {
    await close();
  }
}

function row(cells: (string | number)[]): string {
  return cells.map((c, n) => String(c).padEnd(n === 0 ? 52 : 12)).join('');
}

async function main(): Promise<void> {
  if (!hasChromium()) {
    console.log(MISSING_CHROMIUM);
    console.log(JSON.stringify({ skipped: true }));
    return;
  }
  const p = await pageBench();
  console.log(`Chromium headless, WebGL2 renderer: ${p.webgl}`);
  console.log(`512x512x300 Int16 CT + Uint8 mask, 768x768 canvas, ${FRAMES} axial slices scrolled\n`);
  console.log(row(['measure', 'median ms', 'p95 ms', 'first ms']));
  console.log(row(['scroll frame: ours (LUT -> RGBA -> canvas)', p.ours.median.toFixed(2), p.ours.p95.toFixed(2), p.ours.first.toFixed(2)]));
  console.log(row(['scroll frame: vtk.js ImageMapper (WebGL2)', p.vtk.median.toFixed(2), p.vtk.p95.toFixed(2), p.vtk.first.toFixed(2)]));
  console.log('\nthe workstation itself (dev-web bridge, real database, 512x512x300 NIfTI phantom with a 60 mm tumour mask):');
  const app: AppFigures | string = await benchApp(FRAMES);
  if (typeof app === 'string') {
    console.log(`\nworkstation figures skipped: ${app}`);
  } else {
    console.log(row(['app: time to first image after Open', app.firstImageMs.toFixed(0), '', '']));
    console.log(row(['  of which: case + CT (157 MB) over the API', app.fetchMs.toFixed(0), '', '']));
    console.log(row(['  of which: checking the bytes into a volume', app.decodeMs.toFixed(0), '', '']));
    console.log(row(['app: scroll frame, all 3 views redrawn', app.scrollMedianMs.toFixed(2), app.scrollP95Ms.toFixed(2), '']));
    console.log(row(['app: scroll frame, the axial view alone', app.axialMedianMs.toFixed(2), '', '']));
    console.log(row(['app: brush stroke latency (event -> drawn)', app.brushMedianMs.toFixed(2), app.brushP95Ms.toFixed(2), '']));
  }
  console.log(JSON.stringify({
    frame_ms_ours: Number(p.ours.median.toFixed(2)),
    frame_ms_ours_p95: Number(p.ours.p95.toFixed(2)),
    frame_ms_vtk: Number(p.vtk.median.toFixed(2)),
    ...(typeof app === 'string' ? { app: 'skipped' } : {
      first_image_ms: Math.round(app.firstImageMs),
      open_fetch_ms: Math.round(app.fetchMs),
      app_scroll_frame_ms: Number(app.scrollMedianMs.toFixed(2)),
      app_axial_frame_ms: Number(app.axialMedianMs.toFixed(2)),
      brush_latency_ms: Number(app.brushMedianMs.toFixed(2)),
    }),
    webgl: p.webgl,
  }));
}

await main();
