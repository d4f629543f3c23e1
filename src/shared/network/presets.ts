import type { HeadSpec, UNetSpec } from './spec';

/**
 * Named networks. The paper's released student (LungTumorMask `dc_student.pth`) is MONAI's
 * UNet layout with two decoders, channels 64-128-256-512-1024, strides 2-2-2-2,
 * num_res_units 0, non-affine instance norm and one PReLU slope per layer; the teacher is the
 * same family with three down-samplings and two input channels (CT + box mask). The `-small`
 * presets keep the layout with 8x fewer channels so a CPU trains them in minutes; `-medium`
 * has 4x fewer (about 2 M parameters, a train step about twice the small one's on 2 cores).
 */
const MASK: HeadSpec = { name: 'mask', outChannels: 1 };
const BOX: HeadSpec = { name: 'box', outChannels: 1 };

function unet(name: string, inChannels: number, channels: number[], heads: HeadSpec[]): UNetSpec {
  return {
    format: 'lungts-unet',
    specVersion: 1,
    name,
    inChannels,
    channels,
    strides: channels.slice(1).map(() => 2),
    kernelSize: 3,
    // MONAI 0.4 Norm.INSTANCE is torch's InstanceNorm3d defaults: no affine, eps 1e-5.
    norm: { kind: 'instance', affine: false, eps: 1e-5 },
    // torch.nn.PReLU() defaults: one slope, initialised to 0.25.
    act: { kind: 'prelu', perChannel: false, init: 0.25 },
    heads,
  };
}

const PAPER_STUDENT = [64, 128, 256, 512, 1024];
const PAPER_TEACHER = [64, 128, 256, 512];
const SMALL_STUDENT = [8, 16, 32, 64, 128];
const SMALL_TEACHER = [8, 16, 32, 64];
const MEDIUM_STUDENT = [16, 32, 64, 128, 256];

export const PRESETS = {
  /** Box-guided teacher: input CT + box mask, 3 down-samplings (128^3 -> 16^3). */
  teacher: unet('teacher', 2, PAPER_TEACHER, [MASK]),
  /** Single-output student, 4 down-samplings. */
  'student-so': unet('student-so', 1, PAPER_STUDENT, [MASK]),
  /** Dual-output student: a second decoder predicts the axial box mask. */
  'student-do': unet('student-do', 1, PAPER_STUDENT, [MASK, BOX]),
  /** The paper's released student weights (dc_student.pth): the DO layout, import target. */
  'student-paper': unet('student-paper', 1, PAPER_STUDENT, [MASK, BOX]),
  'teacher-small': unet('teacher-small', 2, SMALL_TEACHER, [MASK]),
  'student-small': unet('student-small', 1, SMALL_STUDENT, [MASK]),
  'student-do-small': unet('student-do-small', 1, SMALL_STUDENT, [MASK, BOX]),
  'student-medium': unet('student-medium', 1, MEDIUM_STUDENT, [MASK]),
  'student-do-medium': unet('student-do-medium', 1, MEDIUM_STUDENT, [MASK, BOX]),
} as const satisfies Record<string, UNetSpec>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

export function preset(name: PresetName): UNetSpec {
  return PRESETS[name];
}
