import type { CroppedRoi } from './cropped-roi';

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
 * Links `root` (a root of `parent`) with the tree of voxel `j` and returns the root of the union. The
 * smaller index becomes the root, so every link points backwards in raster order and each tree's
 * root is its first voxel. Path halving keeps the trees flat.
 */
function unite(parent: Int32Array, root: number, j: number): number {
  let r = j;
  let p = parent[r] as number;
  while (p !== r) {
    const grand = parent[p] as number;
    parent[r] = grand;
    r = grand;
    p = parent[r] as number;
  }
  if (r === root) return root;
  if (r < root) {
    parent[root] = r;
    return r;
  }
  parent[r] = root;
  return root;
}

/**
 * Links every voxel of `roi` with its already-visited neighbours of the same level (the backward
 * half of its neighbourhood, so each pair is tested once) in one raster pass: in `planar` over the 4
 * preceding in-plane neighbours (8-connected zones within slices), in `volumetric` over those and
 * the 9 in the slice before (26-connected zones). Either forest may be left out. Afterwards each
 * ROI voxel's parent is an earlier voxel of its zone or itself, for its zone's first voxel.
 */
function linkZones(
  roi: CroppedRoi,
  planar: Int32Array | undefined,
  volumetric: Int32Array | undefined,
): void {
  const { nx, ny, levels, voxels } = roi;
  const plane = nx * ny;
  const inPlane = Int32Array.of(1, nx - 1, nx, nx + 1);
  const crossPlane = new Int32Array(9);
  for (let dy = -1, k = 0; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) crossPlane[k++] = plane + nx * dy + dx;
  const voxelCount = voxels.length;
  for (let v = 0; v < voxelCount; v++) {
    const i = voxels[v] as number;
    const zoneLevel = levels[i] as number;
    let root2 = i;
    let root3 = i;
    if (planar) planar[i] = i;
    if (volumetric) volumetric[i] = i;
    for (let o = 0; o < 4; o++) {
      const j = i - (inPlane[o] as number);
      if (levels[j] !== zoneLevel) continue;
      if (planar) root2 = unite(planar, root2, j);
      if (volumetric) root3 = unite(volumetric, root3, j);
    }
    if (planar) planar[i] = root2;
    if (!volumetric) continue;
    for (let o = 0; o < 9; o++) {
      const j = i - (crossPlane[o] as number);
      if (levels[j] === zoneLevel) root3 = unite(volumetric, root3, j);
    }
    volumetric[i] = root3;
  }
}

/**
 * The zones of a forest built by {@link linkZones}, numbered in raster order of their first voxels,
 * with sizes and (given a `distanceMap`) distances. Overwrites the forest.
 */
function collectZones(roi: CroppedRoi, parent: Int32Array, distanceMap: Int32Array | undefined): Zones {
  const { nz, levels, voxels, sliceStarts: voxelSliceStarts } = roi;
  const voxelCount = voxels.length;
  const level = new Int32Array(voxelCount);
  const size = new Int32Array(voxelCount);
  const distance = distanceMap ? new Int32Array(voxelCount) : undefined;
  const sliceStarts = new Int32Array(nz + 1);
  let count = 0;
  for (let z = 0; z < nz; z++) {
    sliceStarts[z] = count;
    const end = voxelSliceStarts[z + 1] as number;
    for (let v = voxelSliceStarts[z] as number; v < end; v++) {
      const i = voxels[v] as number;
      const p = parent[i] as number;
      let zone: number;
      if (p === i) {
        // A root: the zone's first voxel. Parents of visited voxels become ~zone (negative), and
        // every parent is visited before its children.
        zone = count++;
        level[zone] = levels[i] as number;
        if (distance) distance[zone] = 0x7fffffff;
      } else zone = ~(parent[p] as number);
      parent[i] = ~zone;
      size[zone] = (size[zone] as number) + 1;
      if (distance && distanceMap && (distanceMap[i] as number) < (distance[zone] as number))
        distance[zone] = distanceMap[i] as number;
    }
  }
  sliceStarts[nz] = count;
  if (distance)
    for (let zone = 0; zone < count; zone++) if ((distance[zone] as number) < 1) distance[zone] = 1;
  return { count, level, size, distance, sliceStarts };
}

/**
 * Labels the zones of `roi` by union-find over the padded box (see {@link linkZones}): 8-connected
 * within slices for 2D (so no zone spans two slices), 26-connected for 3D. Zones are in raster
 * order of their first voxel. With a `distanceMap` (same box), each zone's distance is the minimum
 * of its voxels' (at least 1: an intensity voxel outside the morphological mask counts as on the
 * edge).
 */
export function labelZones(roi: CroppedRoi, threeD: boolean, distanceMap?: Int32Array): Zones {
  const parent = new Int32Array(roi.levels.length);
  linkZones(roi, threeD ? undefined : parent, threeD ? parent : undefined);
  return collectZones(roi, parent, distanceMap);
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
  // One linking pass for both neighbourhoods.
  const planar = new Int32Array(cropped.levels.length);
  const volumetric = new Int32Array(cropped.levels.length);
  linkZones(cropped, planar, volumetric);
  const set: ZoneSet = {
    '2D': trimmed(collectZones(cropped, planar, edgeDistanceMap(edge, nx, ny, nz, false))),
    '3D': trimmed(collectZones(cropped, volumetric, edgeDistanceMap(edge, nx, ny, nz, true))),
  };
  zoneSets.set(cropped, set);
  return set;
}
