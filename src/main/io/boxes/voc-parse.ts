import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fail, ok, type Result } from '../../../shared/result';

/**
 * The pixel convention of Lung-PET-CT-Dx's PASCAL-VOC files (LabelImg output), read the way
 * the paper's own code reads them: xmin..xmax and ymin..ymax are 1-based and inclusive, x
 * counts columns and y counts rows of the referenced DICOM slice. So pixel column c (0-based)
 * is inside when xmin - 1 <= c <= xmax - 1.
 */
export const VOC_PIXEL_CONVENTION = 'one-based-inclusive' as const;

/** A VOC box in the file's own numbers (1-based inclusive pixels). */
export interface VocObject {
  readonly name: string;
  readonly xmin: number;
  readonly ymin: number;
  readonly xmax: number;
  readonly ymax: number;
}

export interface VocAnnotation {
  readonly width?: number;
  readonly height?: number;
  readonly objects: readonly VocObject[];
}

/** 0-based inclusive column/row range of a VOC box under VOC_PIXEL_CONVENTION. */
export function vocToZeroBased(o: VocObject): { i0: number; j0: number; i1: number; j1: number } {
  return { i0: o.xmin - 1, j0: o.ymin - 1, i1: o.xmax - 1, j1: o.ymax - 1 };
}

type Node = Record<string, unknown>;

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function text(x: unknown): string | undefined {
  if (typeof x === 'string') return x.trim();
  if (typeof x === 'number') return String(x);
  if (isNode(x) && typeof x['#text'] === 'string') return x['#text'].trim();
  return undefined;
}

/** A pixel coordinate: LabelImg writes integers; some tools write "146.0", which we accept when it is whole. */
function pixel(node: Node, key: string, where: string): Result<number> {
  const raw = text(node[key]);
  if (raw === undefined || raw === '') return fail(`${where}: <${key}> is missing`);
  const n = Number(raw);
  if (!Number.isFinite(n)) return fail(`${where}: <${key}> is not a number ("${raw}")`);
  if (!Number.isInteger(n)) return fail(`${where}: <${key}> is not a whole pixel number ("${raw}")`);
  return ok(n);
}

function dimension(node: Node | undefined, key: string): number | undefined {
  const raw = node ? text(node[key]) : undefined;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Parses one VOC XML document; `file` names it in messages. */
export function parseVocXml(xml: string, file: string): Result<VocAnnotation> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return fail(`${file}: malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc: unknown = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'object' }).parse(xml);
  const root = isNode(doc) ? doc['annotation'] : undefined;
  if (!isNode(root)) return fail(`${file}: not a PASCAL-VOC annotation (no <annotation> root element)`);
  const size = isNode(root['size']) ? root['size'] : undefined;
  const objectsRaw = Array.isArray(root['object']) ? (root['object'] as unknown[]) : [];
  const objects: VocObject[] = [];
  for (let n = 0; n < objectsRaw.length; n++) {
    const o = objectsRaw[n];
    const where = `${file}: object ${n + 1}`;
    if (!isNode(o) || !isNode(o['bndbox'])) return fail(`${where}: has no <bndbox>`);
    const name = text(o['name']);
    if (!name) return fail(`${where}: has no class <name>`);
    const box = o['bndbox'];
    const coords: number[] = [];
    for (const key of ['xmin', 'ymin', 'xmax', 'ymax']) {
      const v = pixel(box, key, where);
      if (!v.ok) return v;
      coords.push(v.value);
    }
    const [xmin, ymin, xmax, ymax] = coords as [number, number, number, number];
    if (xmin > xmax || ymin > ymax) return fail(`${where}: box corners are reversed (x ${xmin}..${xmax}, y ${ymin}..${ymax})`);
    objects.push({ name, xmin, ymin, xmax, ymax });
  }
  const width = dimension(size, 'width');
  const height = dimension(size, 'height');
  return ok({ ...(width !== undefined ? { width } : {}), ...(height !== undefined ? { height } : {}), objects });
}
