import { fail, ok, type Result } from '../result';

/**
 * A MONAI-style 3D U-Net (monai.networks.nets.UNet with num_res_units = 0), the family the
 * paper's teacher and students belong to. Each level is ONE 3x3x3 convolution followed by
 * instance norm and PReLU; level 0 already down-samples (stride 2), so the network reaches full
 * resolution again only at the last transposed convolution, which has no norm and no activation.
 *
 *   encoder[l]:  channels[l-1] (or inChannels) -> channels[l], stride strides[l]
 *   bottom:      channels[L-1] -> channels[L], stride 1           (L = strides.length)
 *   decoder[l]:  concat(encoder[l], below) -> channels[l-1] (or head.outChannels at l = 0),
 *                transposed conv with stride strides[l]; below = bottom (l = L-1) or decoder[l+1]
 *
 * Every head has its own decoder sharing the encoder and bottom: the dual-output (DO) student
 * is `heads: [mask, box]`. Outputs pass through a sigmoid.
 */
export interface UNetSpec {
  readonly format: 'lungts-unet';
  /** Version of this spec layout; a file with a newer one is refused. */
  readonly specVersion: 1;
  readonly name: string;
  readonly inChannels: number;
  /** Encoder channels per level, bottom last: length strides.length + 1. */
  readonly channels: readonly number[];
  /** Per-level stride of the down convolution (and of the matching transposed convolution): 1 or 2. */
  readonly strides: readonly number[];
  readonly kernelSize: 3;
  readonly norm: { readonly kind: 'instance'; readonly affine: boolean; readonly eps: number };
  readonly act: { readonly kind: 'prelu'; readonly perChannel: boolean; readonly init: number };
  /** One decoder per head; the first head is the segmentation the product uses. */
  readonly heads: readonly HeadSpec[];
}

export interface HeadSpec {
  /** 'mask' is the tumour segmentation; 'box' the DO student's axial box mask. */
  readonly name: string;
  readonly outChannels: number;
}

export const SPEC_VERSION = 1;
const HEAD_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** Checks a spec's internal consistency; the message names the offending field. */
export function validateSpec(spec: UNetSpec): Result<UNetSpec> {
  if (spec.format !== 'lungts-unet') return fail(`not a LungTS U-Net spec (format "${String(spec.format)}")`);
  if (spec.specVersion !== SPEC_VERSION) {
    return fail(`spec version ${String(spec.specVersion)} is not supported (this program reads version ${SPEC_VERSION}); a newer LungTS wrote it`);
  }
  if (!isPositiveInt(spec.inChannels)) return fail(`inChannels must be a positive integer, got ${spec.inChannels}`);
  if (spec.strides.length < 1) return fail('a U-Net needs at least one level (strides is empty)');
  if (spec.channels.length !== spec.strides.length + 1) {
    return fail(`channels has ${spec.channels.length} entries but strides has ${spec.strides.length}: channels needs strides + 1 (the last is the bottom)`);
  }
  for (const c of spec.channels) if (!isPositiveInt(c)) return fail(`channels must be positive integers, got ${c}`);
  for (const s of spec.strides) if (s !== 1 && s !== 2) return fail(`strides must be 1 or 2, got ${s}`);
  if (spec.kernelSize !== 3) return fail(`only kernel size 3 is supported, got ${String(spec.kernelSize)}`);
  if (spec.norm.kind !== 'instance') return fail(`only instance norm is supported, got ${String(spec.norm.kind)}`);
  if (!(spec.norm.eps > 0 && spec.norm.eps < 1)) return fail(`norm eps must lie in (0, 1), got ${spec.norm.eps}`);
  if (spec.act.kind !== 'prelu') return fail(`only PReLU is supported, got ${String(spec.act.kind)}`);
  if (!Number.isFinite(spec.act.init)) return fail('PReLU init must be a finite number');
  if (spec.heads.length < 1) return fail('a U-Net needs at least one head');
  const names = new Set<string>();
  for (const h of spec.heads) {
    if (!HEAD_NAME.test(h.name)) return fail(`head name "${h.name}" must be lower-case letters, digits or _`);
    if (names.has(h.name)) return fail(`head name "${h.name}" appears twice`);
    names.add(h.name);
    if (!isPositiveInt(h.outChannels)) return fail(`head "${h.name}" outChannels must be a positive integer`);
  }
  return ok(spec);
}

/** Input sizes must be divisible by this (the product of the strides) in every axis. */
export function sizeMultiple(spec: UNetSpec): number {
  return spec.strides.reduce((a, s) => a * s, 1);
}

export function levels(spec: UNetSpec): number {
  return spec.strides.length;
}

/** Two specs describe the same network (names aside) exactly when this key matches. */
export function architectureKey(spec: UNetSpec): string {
  return JSON.stringify({
    v: spec.specVersion,
    in: spec.inChannels,
    ch: spec.channels,
    st: spec.strides,
    k: spec.kernelSize,
    n: [spec.norm.affine, spec.norm.eps],
    a: [spec.act.perChannel],
    h: spec.heads.map((h) => [h.name, h.outChannels]),
  });
}

/** Explains, field by field, why a model's spec does not match the one expected; '' when they match. */
export function describeMismatch(expected: UNetSpec, actual: UNetSpec): string {
  const diffs: string[] = [];
  const cmp = (field: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${field} ${JSON.stringify(b)} (expected ${JSON.stringify(a)})`);
  };
  cmp('specVersion', expected.specVersion, actual.specVersion);
  cmp('inChannels', expected.inChannels, actual.inChannels);
  cmp('channels', expected.channels, actual.channels);
  cmp('strides', expected.strides, actual.strides);
  cmp('norm.affine', expected.norm.affine, actual.norm.affine);
  cmp('norm.eps', expected.norm.eps, actual.norm.eps);
  cmp('act.perChannel', expected.act.perChannel, actual.act.perChannel);
  cmp('heads', expected.heads.map((h) => `${h.name}:${h.outChannels}`), actual.heads.map((h) => `${h.name}:${h.outChannels}`));
  return diffs.join('; ');
}

function isPositiveInt(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}
