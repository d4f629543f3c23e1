import { fail, ok, type Result } from '../../../shared/result';
import type { DataSet } from '../dicom/lib';
import { readDicomHeader } from '../dicom/parse-file';
import { str } from '../dicom/values';
import type { LoadedCtSeries } from '../dicom/types';

/** Patient and study attributes a derived object copies from its source, so archives file it with the CT. */
export const COPIED_ATTRIBUTES: Record<string, string> = {
  PatientName: 'x00100010',
  PatientID: 'x00100020',
  PatientBirthDate: 'x00100030',
  PatientSex: 'x00100040',
  StudyInstanceUID: 'x0020000d',
  StudyDate: 'x00080020',
  StudyTime: 'x00080030',
  StudyID: 'x00200010',
  AccessionNumber: 'x00080050',
  ReferringPhysicianName: 'x00080090',
  StudyDescription: 'x00081030',
};

export interface SourceHeader {
  readonly sopClassUid: string;
  /** Keyword -> value (empty string when the CT lacks it: these are type 2 attributes). */
  readonly copied: Record<string, string>;
  readonly frameOfReferenceUid: string;
  readonly warnings: readonly string[];
}

/**
 * Text of an element decoded by the CT's character set. dicom-parser reads bytes as Latin-1,
 * which is right for the default repertoire and ISO_IR 100; UTF-8 sources are re-decoded.
 */
function decodedText(ds: DataSet, tag: string, charset: string): string {
  const el = ds.elements[tag];
  if (!el || el.length === 0) return '';
  if (charset.includes('ISO_IR 192')) {
    const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
    return new TextDecoder('utf-8').decode(bytes).replace(/[\0 ]+$/, '').trim();
  }
  return str(ds, tag);
}

/** Reads what a SEG needs from the CT's first slice file (the series shares patient, study and SOP class). */
export function readSourceHeader(series: LoadedCtSeries): Result<SourceHeader> {
  const first = series.slices[0];
  if (!first) return fail('the CT series has no slices');
  const parsed = readDicomHeader(first.file);
  if (!parsed.ok) return parsed;
  const ds = parsed.value.dataSet;
  const charset = str(ds, 'x00080005');
  const warnings: string[] = [];
  if (charset && !/^(ISO_IR (6|100|192))?$/.test(charset.split('\\')[0] ?? '')) {
    warnings.push(`${first.file}: character set "${charset}" is copied as Latin-1; check patient names in the SEG`);
  }
  const copied: Record<string, string> = {};
  for (const [keyword, tag] of Object.entries(COPIED_ATTRIBUTES)) copied[keyword] = decodedText(ds, tag, charset);
  const sopClassUid = str(ds, 'x00080016');
  if (!sopClassUid) return fail(`${first.file}: the CT has no SOPClassUID, so a SEG cannot reference it`);
  const frameOfReferenceUid = str(ds, 'x00200052') || series.info.frameOfReferenceUid || '';
  if (!frameOfReferenceUid) return fail(`${first.file}: the CT has no FrameOfReferenceUID, which a SEG must share with it`);
  if (!copied['StudyInstanceUID']) return fail(`${first.file}: the CT has no StudyInstanceUID`);
  return ok({ sopClassUid, copied, frameOfReferenceUid, warnings });
}
