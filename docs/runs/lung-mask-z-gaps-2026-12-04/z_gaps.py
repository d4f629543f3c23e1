# Trial of 2026-12-04 (not shipped): close each lung of `lungts lungmask`'s output along z only.
#   python3 z_gaps.py PHDIR MASKDIR L_MM MIN_HU SEED...
# PHDIR/seed-N holds a full-size phantom (ct, lungs, tumor .nii.gz, case.json); MASKDIR/N-ours.nii.gz
# is `lungts lungmask PHDIR/seed-N/ct.nii.gz -o MASKDIR/N-ours.nii.gz`. A voxel outside the mask,
# denser than MIN_HU, is given to a lung when that lung lies above and below it in its column
# with a gap of at most L_MM. Prints Dice against the phantom's lungs and each attached
# tumour's share inside, before -> after. Needs numpy only.
import gzip, json, struct, sys
import numpy as np

DT = {2: np.uint8, 4: np.int16, 8: np.int32, 16: np.float32, 256: np.int8, 512: np.uint16}

def load(path):
    b = gzip.open(path).read()
    dim = struct.unpack('<8h', b[40:56]); dt = struct.unpack('<h', b[70:72])[0]
    off = int(struct.unpack('<f', b[108:112])[0]); slope, inter = struct.unpack('<2f', b[112:120])
    a = np.frombuffer(b, DT[dt], dim[1] * dim[2] * dim[3], off).astype(np.float32)
    if slope not in (0.0, 1.0) or inter != 0: a = a * slope + inter
    return a.reshape(dim[3], dim[2], dim[1]), struct.unpack('<3f', b[80:92])

def z_gaps(m, max_voxels):
    """Voxels off m lying between two voxels of m in their column, the gap at most max_voxels long."""
    nz = m.shape[0]
    up = np.empty(m.shape, np.int32); down = np.empty(m.shape, np.int32)
    last = np.full(m.shape[1:], -10**6, np.int32)
    for k in range(nz):
        last = np.where(m[k], k, last); up[k] = k - last
    last = np.full(m.shape[1:], 10**6, np.int32)
    for k in range(nz - 1, -1, -1):
        last = np.where(m[k], k, last); down[k] = last - k
    return ~m & (up + down - 1 <= max_voxels)

ph, masks, L, min_hu = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
for s in sys.argv[5:]:
    d = f'{ph}/seed-{s}'
    ct, sp = load(f'{d}/ct.nii.gz')
    lungs = load(f'{d}/lungs.nii.gz')[0] > 0
    tum = load(f'{d}/tumor.nii.gz')[0]
    ours = load(f'{masks}/{s}-ours.nii.gz')[0].astype(np.uint8)
    new = ours.copy()
    for lab in (1, 2):
        new[z_gaps(ours == lab, int(L / sp[2])) & (new == 0) & (ct > min_hu)] = lab
    dice = lambda m: 2 * ((m > 0) & lungs).sum() / ((m > 0).sum() + lungs.sum())
    row = [f'{s} Dice {dice(ours):.4f} -> {dice(new):.4f}, voxels added {int((new > 0).sum() - (ours > 0).sum())}']
    for t in json.load(open(f'{d}/case.json'))['tumors']:
        if t.get('attachment') not in ('mediastinal', 'pleural', 'vascular'): continue
        m = tum == t['label']
        row.append(f"{t['attachment']} {t['diameterMm']:.0f} mm {(ours[m] > 0).mean():.3f} -> {(new[m] > 0).mean():.3f}")
    print('; '.join(row), flush=True)
