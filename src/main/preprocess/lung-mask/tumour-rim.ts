import { ballOffsets, dilateByOffsets, erodeByOffsets } from '../../../shared/image/ball-offsets';
import { betweenLungs } from './enclosed';
import { fillMassHulls } from './mass-hull';
import type { WorkVolume } from './work-volume';

// A mass core is lung-labelled tissue denser than CORE_HU (a tumour's own 12-50 HU on the
// phantoms; the partial-volume voxels of the lung's rim and of the apex dome lie below it),
// opened with a ball of OPEN_MM (vessels under ~6 mm go). The rim taken is what lies within
// GROW_MM of a core, outside both lungs and denser than RIM_HU. Measured on full-size phantoms
// (1001, 1007, 1012, 1014, 2001, 2003, 3000, 1041): the wall-side voxels a pleural tumour loses
// to the 2 mm grid lie within 4 mm of the mask (1041: 919 of 932 missed voxels, 3000: 1582 of
// 1636); a 6 mm grow took more (1041 0.985 inside, 1012 0.997) but also 13-25 mL of chest
// wall and heart per phantom, against 2-13 mL at 4 mm; a -100 HU core without the span rule
// below grew from the apex dome and the hilum (32-35 mL on 1001 and 3000).
const CORE_HU = -50;
const OPEN_MM = 3;
const GROW_MM = 4;
const RIM_HU = -300;

/**
 * Takes in the dense rim just outside each lung around a mass inside it: the wall side of a
 * pleural tumour that the 2 mm work grid averaged with the chest wall. Nothing is taken in the
 * span between the two lungs of a row that shows both (the mediastinum), so a hilum or a
 * mass on the mediastinum does not grow into it, except around a mass whose hulls
 * (`massHulls`, fillMassHulls) closed a band across that span: that mass reaches the heart or
 * the mediastinum from the lung, and its rim there is its own. Returns the voxels added.
 */
export function fillTumourRims(w: WorkVolume, labels: Uint8Array, body: Uint8Array, massHulls = true): number {
  // Only rows that show both lungs: a basal or paravertebral tumour's rim lies in one-lung rows
  // (phantom 1041, cores at 0 HU: 0.859 inside when those rows ran to the body's centre, as in
  // step 9, 0.937 without them).
  const mediastinum = betweenLungs(w, labels);
  // Balls of one or two voxels on a sparse core: offsets cost far less than whole-volume EDTs.
  const openBall = ballOffsets(w.spacing, OPEN_MM);
  const growBall = ballOffsets(w.spacing, GROW_MM);
  let added = 0;
  for (const side of [1, 2]) {
    const dense = new Uint8Array(labels.length);
    let any = false;
    for (let q = 0; q < labels.length; q++) {
      if (labels[q] === side && w.data[q]! > CORE_HU) {
        dense[q] = 1;
        any = true;
      }
    }
    if (!any) continue;
    const core = dilateByOffsets(erodeByOffsets(dense, w.dims, openBall), w.dims, openBall);
    for (let q = 0; q < core.length; q++) if (!dense[q]) core[q] = 0;
    // A mass whose hulls closed a band across the span grows its rim there too (mass-hull.ts).
    const hulls = massHulls ? fillMassHulls(w, labels, body, core, side, RIM_HU) : undefined;
    added += hulls?.added ?? 0;
    const near = dilateByOffsets(core, w.dims, growBall);
    const nearSpanMass = hulls?.spanMasses ? dilateByOffsets(hulls.spanMasses, w.dims, growBall) : undefined;
    for (let q = 0; q < labels.length; q++) {
      if (!near[q] || labels[q] || !body[q] || (mediastinum[q] && !nearSpanMass?.[q]) || w.data[q]! <= RIM_HU) continue;
      labels[q] = side;
      added++;
    }
  }
  return added;
}

