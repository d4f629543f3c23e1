import type { VoxelType } from '../../../shared/volume/volume';

/** NIfTI datatype codes for the scalar types this project reads and writes. */
export const NIFTI_DATATYPE: Record<VoxelType, number> = {
  uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64, int8: 256, uint16: 512, uint32: 768,
};

export const NIFTI_BITPIX: Record<VoxelType, number> = {
  uint8: 8, int8: 8, int16: 16, uint16: 16, int32: 32, uint32: 32, float32: 32, float64: 64,
};

export function voxelTypeFromNifti(datatype: number): VoxelType | undefined {
  const hit = Object.entries(NIFTI_DATATYPE).find(([, code]) => code === datatype);
  return hit ? (hit[0] as VoxelType) : undefined;
}
