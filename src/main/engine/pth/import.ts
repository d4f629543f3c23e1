import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ModelCard, UNetSpec } from '../../../shared/network';
import { fail, ok, withContext, type Result } from '../../../shared/result';
import { makeModelCard } from '../card';
import { mapMonaiStateDict, type MonaiImportReport } from './monai-map';
import { loadTorchStateDict } from './torch-load';

export interface ImportedWeights {
  readonly params: Float32Array;
  readonly card: ModelCard;
  readonly report: MonaiImportReport & { readonly wrapper: string | null; readonly sourceSha256: string };
}

/** Reads a PyTorch .pth holding a MONAI UNet state dict and maps it onto `spec`. */
export function importMonaiWeights(path: string, spec: UNetSpec): Result<ImportedWeights> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return fail(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const sd = loadTorchStateDict(bytes, path);
  if (!sd.ok) return sd;
  const mapped = withContext(mapMonaiStateDict(spec, sd.value.tensors), path);
  if (!mapped.ok) return mapped;
  const sha = createHash('sha256').update(bytes).digest('hex');
  const card = makeModelCard(spec, mapped.value.params, {
    source: 'imported',
    data: 'weights trained elsewhere (see importedFrom)',
    importedFrom: { file: basename(path), sha256: sha, format: `pytorch ${mapped.value.report.layout} (${mapped.value.report.naming} names)` },
    notes: mapped.value.report.ignored.length ? [`ignored ${mapped.value.report.ignored.length} tensors: ${mapped.value.report.ignored.slice(0, 8).join(', ')}`] : [],
  });
  return ok({ params: mapped.value.params, card, report: { ...mapped.value.report, wrapper: sd.value.wrapper, sourceSha256: sha } });
}
