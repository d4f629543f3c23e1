import { join } from 'node:path';
import { parseReply, type ApiInput, type ApiMethod, type ApiOutput } from '../../../src/shared/api';
import { initParams } from '../../../src/shared/network/init';
import { preset } from '../../../src/shared/network/presets';
import { unwrap } from '../../../src/shared/result';
import { createVolume, type Volume } from '../../../src/shared/volume/volume';
import { makeModelCard } from '../../../src/main/engine/card';
import { exportModel } from '../../../src/main/engine/model-file';
import { writeNifti } from '../../../src/main/io/nifti/write';
import { openApp, type App } from '../../../src/main/app/open';

/**
 * A small CT-like NIfTI (air around a body of soft tissue, a "tumour" of +60 HU) in RAS with
 * a flipped axis, so importing it exercises the reorientation to the LPS case grid.
 */
export function syntheticCt(dims: [number, number, number] = [20, 16, 10]): Volume<Int16Array> {
  const [nx, ny, nz] = dims;
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const body = Math.hypot(i - nx / 2, j - ny / 2) < nx / 3;
        data[i + nx * (j + ny * k)] = body ? (i + j + k) % 7 === 0 ? 60 : 20 + k : -1000;
      }
    }
  }
  // Direction columns: i toward patient right (R), j anterior, k superior: a RAS-style file.
  return unwrap(createVolume({ dims, spacing: [0.8, 0.8, 2.5], origin: [10, 20, -30], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] }, data));
}

export function writeSyntheticCt(dir: string, name = 'synthetic-ct.nii.gz', dims?: [number, number, number]): { path: string; volume: Volume<Int16Array> } {
  const volume = syntheticCt(dims);
  const path = join(dir, name);
  writeNifti(path, volume);
  return { path, volume };
}

/** A real (untrained, freshly initialised) small teacher exported as the engine does: ONNX with its card embedded. */
export function writeModelFile(dir: string, name = 'teacher-small', seed = 1): string {
  const spec = preset('teacher-small');
  const params = initParams(spec, seed);
  const card = makeModelCard(spec, params, { source: 'initialised', data: 'none (test)', syntheticOnly: true }, { metrics: { val_dice: 0.5 } });
  const file = join(dir, `${name}.onnx`);
  unwrap(exportModel(file, card, params));
  return file;
}

export async function openTestApp(dataDir: string, executor: 'inline' | 'fork' = 'inline'): Promise<App> {
  return unwrap(await openApp({ dataDir, settingsPath: join(dataDir, 'settings.json'), host: { host: 'bridge' }, executor }));
}

/** Calls a handler through the contract's dispatch and validates the reply as the client would. */
export async function call<M extends ApiMethod>(app: App, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const { reply } = await app.dispatch(method, input);
  return unwrap(parseReply(method, reply));
}
