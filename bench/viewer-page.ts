// Runs inside headless Chromium (bundled by bench/viewer.ts): scrolls a 512x512x300 CT with a
// mask overlay through our slice renderer and through vtk.js's image mapper, in the same page,
// and reports milliseconds per frame. Each frame is forced to completion (a 1-pixel read-back)
// so the time is the real cost, not a queued command.
import '@kitware/vtk.js/Rendering/Profiles/Geometry';
import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import { SlicingMode } from '@kitware/vtk.js/Rendering/Core/ImageMapper/Constants';
import { buildWindowLut } from '../src/shared/editing/window-level';
import { packLut, renderSlice } from '../src/renderer/viewer/slice-render';

const [NX, NY, NZ] = [512, 512, 300];
const SIZE = 768;

function phantom(): { ct: Int16Array; mask: Uint8Array } {
  const ct = new Int16Array(NX * NY * NZ);
  const mask = new Uint8Array(NX * NY * NZ);
  let seed = 12345;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5;
  let p = 0;
  for (let k = 0; k < NZ; k++) {
    for (let j = 0; j < NY; j++) {
      for (let i = 0; i < NX; i++, p++) {
        const x = (i - 256) / 200;
        const y = (j - 256) / 150;
        const body = x * x + y * y < 1;
        const lung = ((x + 0.45) ** 2 / 0.12 + y * y / 0.5 < 1) || ((x - 0.45) ** 2 / 0.12 + y * y / 0.5 < 1);
        ct[p] = (!body ? -1000 : lung ? -850 : 40) + Math.round(rnd() * 40);
        if ((i - 330) ** 2 + (j - 240) ** 2 + ((k - 150) * 2) ** 2 < 30 * 30) { mask[p] = 1; ct[p] = 35; }
      }
    }
  }
  return { ct, mask };
}

function canvas(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = SIZE;
  c.height = SIZE;
  document.body.appendChild(c);
  return c;
}

type Renderer = { draw: (k: number) => void; snapshot: () => string; dispose: () => void };

function ours(ct: Int16Array, mask: Uint8Array): Renderer {
  const view = canvas();
  const g = view.getContext('2d')!;
  const off = document.createElement('canvas');
  off.width = NX;
  off.height = NY;
  const offCtx = off.getContext('2d')!;
  const image = offCtx.createImageData(NX, NY);
  const px = new Uint32Array(image.data.buffer);
  const lut = packLut(buildWindowLut({ center: -600, width: 1500 }));
  const src = { dims: [NX, NY, NZ] as [number, number, number], data: ct };
  return {
    draw: (k) => {
      renderSlice(px, src, 'axial', k, lut, [{ data: mask, color: [255, 60, 60], opacity: 0.4, mode: 'both' }]);
      offCtx.putImageData(image, 0, 0);
      g.imageSmoothingEnabled = true;
      g.drawImage(off, 0, 0, SIZE, SIZE);
      g.getImageData(0, 0, 1, 1);
    },
    snapshot: () => view.toDataURL(),
    dispose: () => view.remove(),
  };
}

function vtk(ct: Int16Array, mask: Uint8Array): Renderer {
  const host = document.createElement('div');
  host.style.width = `${SIZE}px`;
  host.style.height = `${SIZE}px`;
  document.body.appendChild(host);
  const grw = vtkGenericRenderWindow.newInstance({ background: [0, 0, 0] });
  grw.setContainer(host);
  grw.resize();
  const renderer = grw.getRenderer();
  const image = (values: Int16Array | Uint8Array): ReturnType<typeof vtkImageData.newInstance> => {
    const d = vtkImageData.newInstance();
    d.setDimensions(NX, NY, NZ);
    d.setSpacing([0.7, 0.7, 1.5]);
    d.getPointData().setScalars(vtkDataArray.newInstance({ numberOfComponents: 1, values }));
    return d;
  };
  const ctMapper = vtkImageMapper.newInstance();
  ctMapper.setInputData(image(ct));
  ctMapper.setSlicingMode(SlicingMode.K);
  const ctSlice = vtkImageSlice.newInstance();
  ctSlice.setMapper(ctMapper);
  ctSlice.getProperty().setColorWindow(1500);
  ctSlice.getProperty().setColorLevel(-600);
  const maskMapper = vtkImageMapper.newInstance();
  maskMapper.setInputData(image(mask));
  maskMapper.setSlicingMode(SlicingMode.K);
  const maskSlice = vtkImageSlice.newInstance();
  maskSlice.setMapper(maskMapper);
  const colour = vtkColorTransferFunction.newInstance();
  colour.addRGBPoint(0, 0, 0, 0);
  colour.addRGBPoint(1, 1, 0.24, 0.24);
  const opacity = vtkPiecewiseFunction.newInstance();
  opacity.addPoint(0, 0);
  opacity.addPoint(1, 0.4);
  maskSlice.getProperty().setRGBTransferFunction(0, colour);
  maskSlice.getProperty().setPiecewiseFunction(0, opacity);
  maskSlice.getProperty().setUseLookupTableScalarRange(true);
  renderer.addActor(ctSlice);
  renderer.addActor(maskSlice);
  // Parallel projection scaled so the slice fills the canvas, as ours does: same pixels to fill.
  renderer.getActiveCamera().setParallelProjection(true);
  renderer.resetCamera();
  renderer.getActiveCamera().setParallelScale((NY * 0.7) / 2);
  const rw = grw.getRenderWindow();
  const api = grw.getApiSpecificRenderWindow() as unknown as { getContext(): WebGL2RenderingContext };
  const gl = api.getContext();
  const pixel = new Uint8Array(4);
  return {
    draw: (k) => {
      ctMapper.setSlice(k);
      maskMapper.setSlice(k);
      rw.render();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    },
    snapshot: () => {
      // Read the frame straight back after drawing (vtk.js does not preserve the drawing buffer).
      rw.render();
      const w = gl.drawingBufferWidth;
      const h = gl.drawingBufferHeight;
      const rgba = new Uint8Array(w * h * 4);
      gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const img = new ImageData(w, h);
      for (let y = 0; y < h; y++) img.data.set(rgba.subarray((h - 1 - y) * w * 4, (h - y) * w * 4), y * w * 4);
      c.getContext('2d')!.putImageData(img, 0, 0);
      return c.toDataURL();
    },
    dispose: () => { grw.delete(); host.remove(); },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

/**
 * Frames are interleaved (ours, then vtk.js, then the next slice) so both see the
 * same machine load: on a shared 2-core box that matters more than anything else.
 */
(window as unknown as { runViewerBench: (frames: number) => unknown }).runViewerBench = async (frames: number) => {
  const t0 = performance.now();
  const { ct, mask } = phantom();
  const genMs = performance.now() - t0;
  const renderers = { ours: ours(ct, mask), vtk: vtk(ct, mask) };
  const times: Record<keyof typeof renderers, number[]> = { ours: [], vtk: [] };
  for (let f = -3; f < frames; f++) {
    const k = 100 + ((f + 100) % 100);
    for (const name of Object.keys(renderers) as (keyof typeof renderers)[]) {
      const t = performance.now();
      renderers[name].draw(k);
      if (f >= 0) times[name].push(performance.now() - t);
    }
  }
  const snapshots = Object.fromEntries(Object.entries(renderers).map(([n, r]) => { r.draw(150); return [n, r.snapshot()]; }));
  Object.values(renderers).forEach((r) => r.dispose());
  const stat = (xs: number[]) => ({ median: median(xs), p95: p95(xs), first: xs[0]! });
  return {
    genMs,
    ours: stat(times.ours),
    vtk: stat(times.vtk),
    snapshots,
    webgl: (() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'no webgl2';
    })(),
  };
};
