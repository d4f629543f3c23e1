import { z } from 'zod';
import { AxialBoxFileSchema } from '../../boxes/schema';

/** Database row ids: positive integers. */
export const IdSchema = z.number().int().positive();

/** ISO-8601 timestamps (UTC) as stored and sent. */
export const TimestampSchema = z.string().min(1);

const finite = z.number().finite();
export const Vec3Schema = z.tuple([finite, finite, finite]);

/**
 * A voxel grid in DICOM LPS world coordinates (see src/shared/volume/geometry.ts): dims and
 * spacing per index axis, origin = centre of voxel (0,0,0), direction row-major 3x3 whose
 * column c is the unit world direction of index axis c.
 */
export const GeometrySchema = z.strictObject({
  dims: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  spacing: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  origin: Vec3Schema,
  direction: z.tuple([finite, finite, finite, finite, finite, finite, finite, finite, finite]),
});

/** Who made an annotation version. */
export const AnnotationSourceSchema = z.enum(['manual', 'teacher', 'student', 'imported']);
export type AnnotationSource = z.infer<typeof AnnotationSourceSchema>;

/**
 * One axial box, 0-based inclusive voxel indices on the case's grid (the CT reoriented to
 * LPS, as `volume.get` serves it): the boxes.json box (src/shared/boxes/types.ts `AxialBox`)
 * with its corners in order (a box file reports that later, against its grid).
 */
export const AxialBoxSchema = AxialBoxFileSchema
  .refine((b) => b.i0 <= b.i1 && b.j0 <= b.j1, { message: 'a box needs i0 <= i1 and j0 <= j1' });

/** Free text a person typed (names, notes): bounded so a bad payload cannot bloat the database. */
export const ShortText = z.string().max(200);
export const LongText = z.string().max(10_000);

/** No arguments. */
export const EmptySchema = z.strictObject({});

/** Any JSON value (model specs, job inputs and results): validated further where it is used. */
export const JsonSchema = z.json();
export type Json = z.infer<typeof JsonSchema>;
