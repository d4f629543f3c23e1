import { join } from 'node:path';
import { parseReply, type ApiInput, type ApiMethod, type ApiOutput } from '../../../src/shared/api';
import { preset } from '../../../src/shared/network/presets';
import { unwrap } from '../../../src/shared/result';
import { createVolume, type Volume } from '../../../src/shared/volume/volume';
import { writeFileAtomic } from '../../../src/main/fs/atomic';
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

/** An ONNX-named file with a valid model card beside it (the bytes need not be a real network to be registered). */
export function writeModelFiles(dir: string, name = 'teacher-small'): { file: string; card: string } {
  const file = join(dir, `${name}.onnx`);
  writeFileAtomic(file, new Uint8Array([8, 7, 18, 4, 116, 101, 115, 116]));
  const card = {
    format: 'lungts-model-card',
    cardVersion: 1,
    spec: preset('teacher-small'),
    createdAt: '2026-01-01T00:00:00Z',
    appVersion: '0.1.0',
    paramsSha256: '0'.repeat(64),
    paramCount: 0,
    provenance: { source: 'initialised', data: 'none (test)', syntheticOnly: true },
    metrics: { val_dice: 0.5 },
  };
  const cardPath = join(dir, `${name}.card.json`);
  writeFileAtomic(cardPath, JSON.stringify(card));
  return { file, card: cardPath };
}

export async function openTestApp(dataDir: string, executor: 'inline' | 'fork' = 'inline'): Promise<App> {
  return unwrap(await openApp({ dataDir, settingsPath: join(dataDir, 'settings.json'), host: { host: 'bridge' }, executor }));
}

/** Calls a handler through the contract's dispatch and validates the reply as the client would. */
export async function call<M extends ApiMethod>(app: App, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const { reply } = await app.dispatch(method, input);
  return unwrap(parseReply(method, reply));
}
