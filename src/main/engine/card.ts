import { createHash } from 'node:crypto';
import {
  architectureKey,
  describeMismatch,
  MODEL_CARD_VERSION,
  modelCardSchema,
  paramLayout,
  type ModelCard,
  type ProvenanceInput,
  type UNetSpec,
} from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import { APP_VERSION } from '../../shared/version';

/** sha256 (hex) of a parameter vector's little-endian float32 bytes. */
export function paramsSha256(params: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(params.buffer, params.byteOffset, params.byteLength)).digest('hex');
}

const DEFAULT_INPUTS: Record<number, string[]> = {
  1: ['CT (HU clipped to [-1024, 1000], z-scored over the scan)'],
  2: ['CT (HU clipped to [-1024, 1000], z-scored over the scan)', 'axial box mask (each slice filled inside its box)'],
};

export interface CardExtras {
  readonly metrics?: Record<string, number>;
  readonly inputChannels?: string[];
  readonly createdAt?: string;
}

export function makeModelCard(spec: UNetSpec, params: Float32Array, provenance: ProvenanceInput, extras: CardExtras = {}): ModelCard {
  const notes = [...(provenance.notes ?? [])];
  if (provenance.syntheticOnly && !notes.some((n) => /synthetic/i.test(n))) {
    notes.push('Trained on synthetic phantoms only: for demonstrations and tests, not for clinical use.');
  }
  return modelCardSchema.parse({
    format: 'lungts-model-card',
    cardVersion: MODEL_CARD_VERSION,
    spec,
    createdAt: extras.createdAt ?? new Date().toISOString(),
    appVersion: APP_VERSION,
    paramsSha256: paramsSha256(params),
    paramCount: params.length,
    provenance: { ...provenance, notes },
    metrics: extras.metrics ?? {},
    input: {
      channels: extras.inputChannels ?? DEFAULT_INPUTS[spec.inChannels] ?? [],
      spacingMm: [1, 1, 1.5],
      intensity: 'HU clipped to [-1024, 1000], then z-scored with the whole clipped scan',
    },
  });
}

/**
 * Checks that weights read from a file fit the card and, when the caller expects a particular
 * network, that the card's network is that one.
 */
export function checkCardAgainst(card: ModelCard, params: Float32Array, expect: UNetSpec | undefined, what: string): Result<void> {
  const spec = card.spec as UNetSpec;
  const total = paramLayout(spec).total;
  if (params.length !== total) return fail(`${what}: holds ${params.length} weights but its network needs ${total} (damaged file)`);
  if (card.paramsSha256 !== paramsSha256(params)) return fail(`${what}: weights do not match their checksum (damaged or altered file)`);
  if (expect && architectureKey(expect) !== architectureKey(spec)) {
    return fail(`${what}: is a "${spec.name}" network that differs from the expected "${expect.name}": ${describeMismatch(expect, spec)}`);
  }
  return ok(undefined);
}
