import { availableParallelism } from 'node:os';
import type { AxialBox, BoxSet } from '../../shared/boxes/types';
import { ignoreProgress, type CancelSignal, type ProgressSink } from '../../shared/job';
import { ok, type Result } from '../../shared/result';
import type { Geometry } from '../../shared/volume/geometry';
import type { Mask, Volume } from '../../shared/volume/volume';
import { samplePatient, type Patient } from './anatomy/patient';
import type { TumorSpec } from './anatomy/tumors';
import { buildScene } from './build-scene';
import { sampleProtocol, type PhantomSize, type ProtocolOverrides, type ScanProtocol } from './protocol';
import { hashSeed, Rng } from '../../shared/random';
import { renderSlices } from './render-slices';
import { sliceGrid } from './slice-render';
import { tumorBoxes } from './tumor-boxes';

export interface PhantomOptions {
  /** The patient: same seed, same anatomy and tumours. */
  readonly seed: number;
  /** Which scan of the patient (0 = first); later scans vary the acquisition and tumour size. */
  readonly scan?: number;
  readonly size?: PhantomSize;
  /** Number of tumours; drawn from 0..3 (mostly 1) when absent. */
  readonly tumors?: number;
  /** Worker threads for rendering; 1 renders in this thread. Any value gives the same bytes. */
  readonly threads?: number;
  readonly protocol?: ProtocolOverrides;
}

/** A tumour as drawn, with where it ended up in the volume (label 0: too small to fill any voxel). */
export interface TumorReport extends Omit<TumorSpec, 'centre'> {
  /** Centre in world (LPS) mm. */
  readonly centre: readonly [number, number, number];
  readonly voxels: number;
  readonly volumeMl: number;
}

export interface PhantomCase {
  readonly seed: number;
  readonly scan: number;
  readonly patient: Patient;
  readonly protocol: ScanProtocol;
  /** Hounsfield units, LPS grid (i toward patient left, j posterior, k superior). */
  readonly ct: Volume<Int16Array>;
  /** Tumour instance labels 1..K on the CT grid. */
  readonly tumor: Mask;
  /** 1 = right lung, 2 = left lung, tumours inside a lung included. */
  readonly lungs: Mask;
  /** Tissue class at each voxel centre (tissues.ts), for tests and inspection. */
  readonly tissue: Mask;
  readonly boxes: BoxSet;
  readonly tumors: readonly TumorReport[];
}

export function defaultTumorCount(seed: number): number {
  return Rng.derive(seed, 'tumor count').weighted([0.08, 0.55, 0.25, 0.12]);
}

export function phantomGeometry(protocol: ScanProtocol): Geometry {
  const g = sliceGrid(protocol);
  return {
    dims: [g.nx, g.ny, protocol.slices],
    spacing: [g.dx, g.dy, protocol.sliceSpacing],
    origin: [g.x0 + protocol.offset[0], g.y0 + protocol.offset[1], protocol.zBottom + protocol.offset[2]],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
}

/** Generates one phantom case (a job: progress, cancellable). */
export async function generatePhantom(
  o: PhantomOptions, progress: ProgressSink = ignoreProgress, signal: CancelSignal = new AbortController().signal,
): Promise<Result<PhantomCase>> {
  const scan = o.scan ?? 0;
  const size = o.size ?? 'full';
  const patient = samplePatient(o.seed);
  const scanSeed = hashSeed(o.seed, 'scan', scan);
  const protocol = sampleProtocol(patient, scanSeed, size, o.protocol);
  const count = o.tumors ?? defaultTumorCount(o.seed);
  progress({ stage: 'anatomy', fraction: 0, message: 'building anatomy' });
  const growth = scan === 0 ? 1 : Rng.derive(scanSeed, 'growth').range(0.8, 1.35);
  const planned = buildScene(patient, {
    zBottom: protocol.zBottom - protocol.sliceThickness,
    zTop: protocol.zBottom + (protocol.slices - 1) * protocol.sliceSpacing + protocol.sliceThickness,
    tumors: count,
    minTumorMm: Math.max(4, 1.1 * protocol.sliceThickness, 2.5 * protocol.pixelMm),
    treePoints: size === 'small' ? 900 : 2600,
    scanSeed, growth,
  });
  const geometry = phantomGeometry(protocol);
  const n = geometry.dims[0] * geometry.dims[1] * geometry.dims[2];
  const ct = new Int16Array(n);
  const tumor = new Uint8Array(n);
  const lungs = new Uint8Array(n);
  const tissue = new Uint8Array(n);
  const threads = o.threads ?? (size === 'small' ? 1 : Math.min(8, availableParallelism()));
  const rendered = await renderSlices(planned.scene, protocol, threads, { hu: ct, lungs, tumor, tissue },
    (p) => progress({ ...p, fraction: 0.05 + 0.95 * p.fraction }), signal);
  if (!rendered.ok) return rendered;
  const { reports, boxes } = relabelAndBox(tumor, geometry, planned.tumors, protocol);
  return ok({
    seed: o.seed, scan, patient, protocol,
    ct: { ...geometry, data: ct }, tumor: { ...geometry, data: tumor }, lungs: { ...geometry, data: lungs }, tissue: { ...geometry, data: tissue },
    boxes: { format: 'lungts-boxes', version: 1, grid: geometry, boxes },
    tumors: reports,
  });
}

/**
 * Tumours too small to fill half of any voxel leave no mask; labels are renumbered so the mask
 * holds exactly 1..K for the visible ones (the report keeps the others with label 0).
 */
function relabelAndBox(tumor: Uint8Array, g: Geometry, specs: readonly TumorSpec[], p: ScanProtocol): { reports: TumorReport[]; boxes: AxialBox[] } {
  const counts = new Array<number>(256).fill(0);
  for (let q = 0; q < tumor.length; q++) counts[tumor[q]!]!++;
  const map = new Uint8Array(256);
  let next = 0;
  const reports = specs.map((s): TumorReport => {
    const voxels = counts[s.label]!;
    const label = voxels > 0 ? ++next : 0;
    map[s.label] = label;
    const voxelMl = (g.spacing[0] * g.spacing[1] * g.spacing[2]) / 1000;
    return {
      ...s, label, voxels, volumeMl: Math.round(voxels * voxelMl * 100) / 100,
      centre: [s.centre[0] + p.offset[0], s.centre[1] + p.offset[1], s.centre[2] + p.offset[2]],
    };
  });
  for (let q = 0; q < tumor.length; q++) if (tumor[q]) tumor[q] = map[tumor[q]!]!;
  const classes = new Map(reports.filter((r) => r.label > 0).map((r) => [r.label, r.className]));
  return { reports, boxes: tumorBoxes(tumor, g, classes) };
}
