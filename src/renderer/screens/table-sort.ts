export type SortDir = 'asc' | 'desc';
export type Cell = string | number | null | undefined;

/** Sorts rows by one column; missing values always go last so a sort never hides real numbers. */
export function sortRows<T>(rows: readonly T[], get: (row: T) => Cell, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, n) => ({ row, n, v: get(row) }))
    .sort((a, b) => {
      const an = a.v === null || a.v === undefined || (typeof a.v === 'number' && Number.isNaN(a.v));
      const bn = b.v === null || b.v === undefined || (typeof b.v === 'number' && Number.isNaN(b.v));
      if (an || bn) return an === bn ? a.n - b.n : an ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v), undefined, { numeric: true });
      return c === 0 ? a.n - b.n : sign * c;
    })
    .map((x) => x.row);
}

/** Clicking the sorted column flips direction; a new column starts ascending (names) or descending (metrics). */
export function nextSort(current: { key: string; dir: SortDir }, key: string, numeric: boolean): { key: string; dir: SortDir } {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: numeric ? 'desc' : 'asc' };
}
