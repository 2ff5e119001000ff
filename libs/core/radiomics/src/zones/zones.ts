import { rowOffsets, type CroppedRoi } from './cropped-roi';

/**
 * IBSI distance to the ROI edge of every voxel of `mask` (a padded box of nx × ny × nz whose border
 * voxels are 0): the Manhattan (city-block) distance to the nearest voxel outside the mask, within
 * the slice for 2D (4-connected steps) or in the volume for 3D (6-connected steps), so voxels on the
 * edge have distance 1. This is what the manual's iterative erosion by the 4/6-connected structuring
 * element counts. Two raster passes (forward, then backward) give it exactly for the city-block
 * norm, with sequential memory access. 0 outside the mask.
 */
export function edgeDistanceMap(
  mask: Uint8Array,
  nx: number,
  ny: number,
  nz: number,
  threeD: boolean,
): Int32Array {
  const size = nx * ny * nz;
  if (mask.length !== size) throw new RangeError('mask does not match the box');
  const plane = nx * ny;
  const distance = new Int32Array(size);
  // Only interior voxels of the padded box can be set, so every face neighbour exists.
  for (let i = 0; i < size; i++) {
    if (!mask[i]) continue;
    let d = Math.min(distance[i - 1] as number, distance[i - nx] as number);
    if (threeD) d = Math.min(d, distance[i - plane] as number);
    distance[i] = d + 1;
  }
  for (let i = size - 1; i >= 0; i--) {
    if (!mask[i]) continue;
    let d = Math.min(distance[i + 1] as number, distance[i + nx] as number);
    if (threeD) d = Math.min(d, distance[i + plane] as number);
    if (d + 1 < (distance[i] as number)) distance[i] = d + 1;
  }
  return distance;
}

/** The zones of a cropped ROI: groups of linked voxels sharing a grey level. */
export interface Zones {
  readonly count: number;
  /** Grey level of each zone (first `count` entries). */
  readonly level: Int32Array;
  /** Number of voxels of each zone. */
  readonly size: Int32Array;
  /** Minimum over its voxels of the distance map, at least 1; only when a distance map was given. */
  readonly distance: Int32Array | undefined;
  /** Zones are in raster order of their first voxel: those starting in padded slice z are [sliceStarts[z], sliceStarts[z + 1]). */
  readonly sliceStarts: Int32Array;
}

/**
 * Labels the zones of `roi` by iterative flood fill (an explicit typed-array stack, no recursion):
 * 8-connected within slices for 2D (so no zone spans two slices), 26-connected for 3D. With a
 * `distanceMap` (same box), each zone's distance is the minimum of its voxels' (at least 1: an
 * intensity voxel outside the morphological mask counts as on the edge).
 */
export function labelZones(roi: CroppedRoi, threeD: boolean, distanceMap?: Int32Array): Zones {
  const { nx, ny, nz, levels, voxels, sliceStarts: voxelSliceStarts } = roi;
  // The neighbourhood as rows of three voxels along x, by the offset of each row's middle voxel.
  const rows = rowOffsets(nx, ny, threeD);
  const capacity = voxels.length;
  // A working copy of the levels: a voxel is set to 0 once assigned to a zone.
  const unassigned = levels.slice();
  const stack = new Int32Array(capacity);
  const level = new Int32Array(capacity);
  const size = new Int32Array(capacity);
  const distance = distanceMap ? new Int32Array(capacity) : undefined;
  const sliceStarts = new Int32Array(nz + 1);
  const rowCount = rows.length;
  let count = 0;
  for (let z = 0; z < nz; z++) {
    sliceStarts[z] = count;
    const end = voxelSliceStarts[z + 1] as number;
    for (let v = voxelSliceStarts[z] as number; v < end; v++) {
      const seed = voxels[v] as number;
      const zoneLevel = unassigned[seed] as number;
      if (zoneLevel === 0) continue;
      unassigned[seed] = 0;
      stack[0] = seed;
      let top = 1;
      let zoneSize = 0;
      let minDistance = Number.MAX_SAFE_INTEGER;
      while (top > 0) {
        const i = stack[--top] as number;
        zoneSize++;
        if (distanceMap && (distanceMap[i] as number) < minDistance) minDistance = distanceMap[i] as number;
        for (let r = 0; r < rowCount; r++) {
          const middle = i + (rows[r] as number);
          if (unassigned[middle - 1] === zoneLevel) {
            unassigned[middle - 1] = 0;
            stack[top++] = middle - 1;
          }
          // The voxel itself is already assigned (0), so the middle of its own row never matches.
          if (unassigned[middle] === zoneLevel) {
            unassigned[middle] = 0;
            stack[top++] = middle;
          }
          if (unassigned[middle + 1] === zoneLevel) {
            unassigned[middle + 1] = 0;
            stack[top++] = middle + 1;
          }
        }
      }
      level[count] = zoneLevel;
      size[count] = zoneSize;
      if (distance) distance[count] = Math.max(1, minDistance);
      count++;
    }
  }
  sliceStarts[nz] = count;
  return { count, level, size, distance, sliceStarts };
}

/** The 2D and 3D zones of a cropped ROI, each zone with its distance to the morphological edge. */
export interface ZoneSet {
  readonly '2D': Zones;
  readonly '3D': Zones;
}
const zoneSets = new WeakMap<CroppedRoi, ZoneSet>();

/** Keeps the first `count` entries of a zone array (the rest is unused capacity). */
function trimmed(zones: Zones): Zones {
  return {
    count: zones.count,
    level: zones.level.slice(0, zones.count),
    size: zones.size.slice(0, zones.count),
    distance: zones.distance?.slice(0, zones.count),
    sliceStarts: zones.sliceStarts,
  };
}

/**
 * The zones of `cropped` for 2D and 3D with their edge distances (from its morphological mask, or
 * the intensity mask when it has none), computed once per cropped ROI and shared by the GLSZM and
 * GLDZM.
 */
export function zonesOf(cropped: CroppedRoi): ZoneSet {
  const cached = zoneSets.get(cropped);
  if (cached) return cached;
  const { nx, ny, nz } = cropped;
  const edge = cropped.morphology ?? Uint8Array.from(cropped.levels, (level) => (level > 0 ? 1 : 0));
  const set: ZoneSet = {
    '2D': trimmed(labelZones(cropped, false, edgeDistanceMap(edge, nx, ny, nz, false))),
    '3D': trimmed(labelZones(cropped, true, edgeDistanceMap(edge, nx, ny, nz, true))),
  };
  zoneSets.set(cropped, set);
  return set;
}
