import type { DataSet } from './lib';

/** Small typed readers over a dicom-parser dataset that never return NaN or throw. */

export function str(ds: DataSet, tag: string): string {
  try {
    return (ds.string(tag) ?? '').trim();
  } catch {
    return '';
  }
}

/** A multi-valued code string (e.g. ImageType) split on backslashes, upper-cased. */
export function codes(ds: DataSet, tag: string): string[] {
  const s = str(ds, tag);
  return s === '' ? [] : s.split('\\').map((c) => c.trim().toUpperCase());
}

/** A decimal (DS) or integer (IS) string; a single value. */
export function num(ds: DataSet, tag: string): number | undefined {
  const s = str(ds, tag).split('\\')[0];
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A multi-valued decimal string with exactly `count` finite values, else undefined. */
export function nums(ds: DataSet, tag: string, count: number): number[] | undefined {
  const s = str(ds, tag);
  if (s === '') return undefined;
  const parts = s.split('\\').map((p) => Number(p.trim()));
  if (parts.length < count || !parts.slice(0, count).every(Number.isFinite)) return undefined;
  return parts.slice(0, count);
}

/** An unsigned short (US) value. */
export function us(ds: DataSet, tag: string): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return undefined;
  return ds.uint16(tag);
}

/** The first item's dataset of a sequence, if present. */
export function firstItem(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds?.elements[tag]?.items?.[0]?.dataSet;
}

/** All items' datasets of a sequence. */
export function items(ds: DataSet | undefined, tag: string): DataSet[] {
  return (ds?.elements[tag]?.items ?? []).flatMap((i) => (i.dataSet ? [i.dataSet] : []));
}
