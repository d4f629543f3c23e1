import { createHash } from 'node:crypto';

/**
 * Deterministic DICOM UIDs under the 2.25 root (ISO/IEC 9834-8: a UUID written as one decimal
 * integer). The 128 bits come from a SHA-256 of the given parts, so the same phantom seed gives
 * the same UIDs (same bytes on every run) and different seeds cannot collide in practice.
 */
export function derivedUid(...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(parts.map(String).join('\u0000')).digest();
  let n = 0n;
  for (let i = 0; i < 16; i++) n = (n << 8n) | BigInt(digest[i]!);
  // Mark it as a version-4-shaped UUID value, as 2.25 UIDs are expected to be.
  n = (n & ~(0xf000n << 64n)) | (0x4000n << 64n);
  return `2.25.${n.toString()}`;
}

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
