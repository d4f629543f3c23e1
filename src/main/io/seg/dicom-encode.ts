import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { APP_VERSION } from '../../../shared/version';

/** A dataset in dcmjs's "naturalized" form: DICOM keywords to values, sequences as arrays of datasets. */
export interface NaturalDataset {
  [keyword: string]: NaturalValue;
}
export type NaturalValue = string | number | readonly (string | number)[] | readonly NaturalDataset[] | readonly ArrayBuffer[] | Record<string, string> | undefined;

interface DcmjsData {
  DicomDict: new (meta: unknown) => { dict: unknown; write(): ArrayBuffer };
  DicomMetaDictionary: { denaturalizeDataset(ds: NaturalDataset): unknown };
}

// dcmjs ships a UMD bundle without types; only the two entry points used here are typed.
const dcmjs = createRequire(import.meta.url)('dcmjs') as { data: DcmjsData };

/** Our implementation class UID (a UUID-derived 2.25 root fixed for this program) and name. */
export const IMPLEMENTATION_CLASS_UID = '2.25.218431226398071358434596342467370925211';
export const IMPLEMENTATION_VERSION_NAME = `LUNGTS_${APP_VERSION}`.slice(0, 16);
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** A new globally unique DICOM UID from a random UUID (PS3.5 B.2: the 2.25 root), at most 44 characters. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

/**
 * A decimal string (DS) value of at most 16 characters: `x` to 12 significant digits (float
 * noise such as 0.9999999999999991 reads back as 1; positions keep nanometre precision), fewer
 * only when 16 characters demand it, so the encoder never cuts a value silently.
 */
export function decimalString(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`decimalString: ${x} is not finite`);
  // String() may use exponent form (1e-7), which DS allows.
  for (let digits = 12; digits > 1; digits--) {
    const s = String(Number(x.toPrecision(digits)));
    if (s.length <= 16) return s;
  }
  return x.toExponential(1);
}

/** DICOM date (YYYYMMDD) and time (HHMMSS.FFFFFF) of an instant, in local time as DICOM expects. */
export function dicomDateTime(at: Date): { date: string; time: string } {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return {
    date: `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}`,
    time: `${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}.${p(at.getMilliseconds() * 1000, 6)}`,
  };
}

/** Encodes a dataset as a DICOM Part-10 file (explicit VR little endian) with its file meta information. */
export function encodeDicomFile(dataset: NaturalDataset): Uint8Array {
  const meta: NaturalDataset = {
    FileMetaInformationVersion: [new Uint8Array([0, 1]).buffer],
    MediaStorageSOPClassUID: dataset['SOPClassUID'] as string,
    MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'] as string,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
