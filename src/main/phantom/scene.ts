import type { Material, TissueId } from './tissues';

/**
 * The phantom as a painter's list: layers drawn in order onto each axial plane, later layers
 * covering earlier ones by their fractional coverage (which is how partial volume arises).
 * Everything here is plain data (numbers and typed arrays), so a scene crosses to worker threads
 * by structured clone and every thread paints exactly the same thing.
 *
 * Coordinates are the anatomical frame in mm: x toward the patient's left, y toward posterior,
 * z toward superior (LPS axes), origin at the carina on the midline.
 */

/** Star-shaped outlines lofted in z: key k has centre (cx[k], cy[k]) and n radii at angles 2*pi*v/n. */
export interface LoftShape {
  readonly kind: 'loft';
  readonly n: number;
  readonly z: Float64Array;
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  readonly radii: Float32Array;
}

/** Solid ellipsoid {p : (p-c)^T A (p-c) <= 1}, A symmetric positive definite (row-major 3x3). */
export interface EllipsoidShape {
  readonly kind: 'ellipsoid';
  readonly c: readonly [number, number, number];
  readonly a: readonly number[];
}

/** Elliptic cylinder along z between z0 and z1, semi-axes (ax, ay) rotated by `angle` in the plane. */
export interface CylinderShape {
  readonly kind: 'cylinder';
  readonly cx: number;
  readonly cy: number;
  readonly ax: number;
  readonly ay: number;
  readonly angle: number;
  readonly z0: number;
  readonly z1: number;
}

/** A fixed polygon extruded between z0 and z1 (the scanner table). */
export interface PrismShape {
  readonly kind: 'prism';
  readonly xy: Float64Array;
  readonly z0: number;
  readonly z1: number;
}

/**
 * Union of tapered tubes (round cones): 8 numbers per segment, x0 y0 z0 r0 x1 y1 z1 r1.
 * Drawn radius is r*scale + add, so one centreline gives a bone's cortex and marrow, or an
 * airway's wall and lumen. `zIndex` buckets segments by z for culling.
 */
export interface TubeShape {
  readonly kind: 'tubes';
  readonly seg: Float32Array;
  readonly scale: number;
  readonly add: number;
}

/**
 * A lobulated blob: local q = diag(1/axes) * R^T (p - c); inside when |q| < 1 + sum of bumps,
 * each bump amp*exp(kappa*(u.d - 1)) for direction u = q/|q| (von Mises-Fisher lobes).
 * Drawn boundary is offset by `add` mm (a ground-glass halo) and scaled by `scale` (a cavity).
 */
export interface BlobShape {
  readonly kind: 'blob';
  readonly c: readonly [number, number, number];
  /** Row-major rotation; column c is the world direction of local axis c. */
  readonly rot: readonly number[];
  readonly axes: readonly [number, number, number];
  /** 5 numbers per lobe: dx dy dz kappa amp. */
  readonly lobes: readonly number[];
  readonly base: number;
  readonly scale: number;
  readonly add: number;
}

/** A thin flat sheet (a fissure): points with |(p - c).n| < halfWidth inside the ellipsoid `within`; n is a unit vector. */
export interface SheetShape {
  readonly kind: 'sheet';
  readonly c: readonly [number, number, number];
  readonly n: readonly [number, number, number];
  readonly halfWidth: number;
  readonly within: EllipsoidShape;
}

export type Shape = LoftShape | EllipsoidShape | CylinderShape | PrismShape | TubeShape | BlobShape | SheetShape;

/**
 * What a layer does to the lung labels: 'none' removes lung where it paints, 'keep' leaves the
 * labels alone (vessels inside the lung are lung), 'right'/'left' mark that lung, 'side' marks
 * right or left by which side of the midline x = 0 the pixel is on.
 */
export type LungRule = 'none' | 'keep' | 'right' | 'left' | 'side';

export interface Layer {
  readonly name: string;
  readonly shape: Shape;
  readonly material: Material;
  readonly tissue: TissueId;
  readonly lung: LungRule;
  /** Paint only where the lung labels are (coverage multiplied by lung occupancy). */
  readonly clipToLung?: boolean;
  /** Paint only inside the layer saved under this name. */
  readonly clipTo?: string;
  /** Keep this layer's coverage for later layers' clipTo. */
  readonly save?: string;
  /** Tumour label this layer writes (>0), or 0 to leave tumour labels alone. */
  readonly tumor?: number;
  /** Multiplies coverage: a ground-glass halo only partly replaces lung. */
  readonly opacity?: number;
}

export interface Scene {
  readonly layers: readonly Layer[];
  /** Seed for texture noise. */
  readonly textureSeed: number;
  /** Front and back of the lungs, for the density gradient of the lung material. */
  readonly bounds: { readonly zMin: number; readonly zMax: number };
}
