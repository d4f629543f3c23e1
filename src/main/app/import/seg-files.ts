import type { Result } from '../../../shared/result';
import { sameGeometry } from '../../../shared/volume/geometry';
import { reorient } from '../../../shared/volume/orientation';
import type { LoadedCtSeries } from '../../io/dicom/types';
import { readSeg, type DicomSeg } from '../../io/seg/seg-read';
import { segToMask } from '../../io/seg/seg-to-mask';
import type { CaseGridVolume } from '../case-grid';

/** A ground-truth mask from a SEG, on the case grid, ready to store as an imported annotation. */
export interface MaskToStore {
  readonly bytes: Uint8Array;
  readonly label: string;
  readonly note: string;
}

/**
 * DICOM SEG objects found by an import. Each is read once; it is attached to the series it
 * references (SEG's ReferencedSeriesSequence) when that series is loaded, rasterised onto the
 * CT by the SEG reader and moved onto the case grid like the CT itself.
 */
export class SegFiles {
  private readonly parsed = new Map<string, Result<DicomSeg>>();
  private readonly used = new Set<string>();

  constructor(readonly files: readonly string[]) {}

  private read(file: string): Result<DicomSeg> {
    let r = this.parsed.get(file);
    if (!r) {
      r = readSeg(file);
      this.parsed.set(file, r);
    }
    return r;
  }

  /** The series UIDs a SEG file references (empty when unreadable). */
  referencedSeries(file: string): string[] {
    const r = this.read(file);
    return r.ok ? r.value.referencedSeries.map((s) => s.seriesInstanceUid) : [];
  }

  /** Masks of the SEGs that reference this series; problems go to `skipped`. */
  masksFor(ct: LoadedCtSeries, grid: CaseGridVolume, skipped: { path: string; reason: string }[]): MaskToStore[] {
    const out: MaskToStore[] = [];
    for (const file of this.files) {
      if (this.used.has(file) || !this.referencedSeries(file).includes(ct.info.seriesInstanceUid)) continue;
      this.used.add(file);
      const seg = this.read(file);
      const imported = seg.ok ? segToMask(seg.value, ct) : seg;
      if (!imported.ok) {
        skipped.push({ path: file, reason: imported.error });
        continue;
      }
      const onGrid = reorient(imported.value.mask, 'LPS');
      if (!sameGeometry(onGrid, grid.volume)) {
        skipped.push({ path: file, reason: 'the SEG does not lie on the CT grid after reorientation' });
        continue;
      }
      const labels = imported.value.labels.map((l) => l.name).join(', ');
      const notes = [`DICOM SEG ${file}`, ...imported.value.warnings].join('; ');
      out.push({ bytes: onGrid.data, label: labels || 'SEG', note: notes });
    }
    return out;
  }

  /** SEG files no loaded series claimed. */
  unused(): string[] {
    return this.files.filter((f) => !this.used.has(f));
  }

  markUsed(file: string): void {
    this.used.add(file);
  }
}
