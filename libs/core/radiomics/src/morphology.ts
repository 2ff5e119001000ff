import type { FeatureValue, PreparedRoi } from './types';

/**
 * IBSI 1 morphological features (HCUG), 3D by definition.
 *
 * - Mesh: marching cubes of the morphological mask padded with zeros, at iso-level 0.5, so every vertex
 *   is the midpoint of a grid edge between an ROI and a non-ROI voxel. The case table is generated
 *   below (not copied): on each cube face the iso-line separates ROI from non-ROI corners; on a face
 *   with two diagonal ROI corners (the saddle is exactly at 0.5) the ROI corners are kept apart. The
 *   face rule depends on the face alone, so neighbouring cubes agree and the mesh is closed; the
 *   face segments chain into loops oriented with outward normals (positive signed volume), each
 *   triangulated to enclose the most volume — as the usual tables do, and as IBSI's phantom values
 *   require (a fan from an arbitrary vertex gives 552 mm³ instead of 556 for the phantom).
 * - Convex hull: exact quickhull on the mesh vertices in doubled grid coordinates (small integers,
 *   so every orientation test is exact), spacing applied afterwards (the hull of an axis-scaled point
 *   set is the scaled hull). Vertices strictly between two others along an axis or a face diagonal
 *   are dropped first (they cannot be hull vertices). The maximum 3D diameter is taken over the
 *   hull's vertices; the axis-aligned bounding box of the mesh is the ROI's voxel box.
 * - Moran's I and Geary's C: exact for up to `autocorrelationExactLimit` voxels; above it, see
 *   {@link spatialAutocorrelation}.
 */

export interface MorphologyOptions {
  /**
   * Largest intensity-mask voxel count for which Moran's I and Geary's C are exact, and the size of
   * the subsample above it; default 2048.
   */
  readonly autocorrelationExactLimit?: number;
}

export const DEFAULT_AUTOCORRELATION_EXACT_LIMIT = 2048;

const FAMILY = 'morphology';

// ---------------------------------------------------------------------------------------------------
// Marching cubes table, generated from the face rule.

/** Cube corner c sits at (c & 1, (c >> 1) & 1, (c >> 2) & 1). Edge e joins EDGE_CORNERS[2e], [2e+1]. */
const EDGE_CORNERS: number[] = [];
/** Offset of each edge's midpoint from the cube's origin corner, in doubled grid units. */
const EDGE_MIDPOINT_DOUBLED: number[] = [];

for (let axis = 0; axis < 3; axis++) {
  for (let corner = 0; corner < 8; corner++) {
    if (corner & (1 << axis)) continue;
    EDGE_CORNERS.push(corner, corner | (1 << axis));
    for (let other = 0; other < 3; other++)
      EDGE_MIDPOINT_DOUBLED.push(other === axis ? 1 : 2 * ((corner >> other) & 1));
  }
}

function edgeBetween(first: number, second: number): number {
  for (let edge = 0; edge < 12; edge++) {
    const a = EDGE_CORNERS[2 * edge];
    const b = EDGE_CORNERS[2 * edge + 1];
    if ((a === first && b === second) || (a === second && b === first)) return edge;
  }
  throw new Error(`corners ${first} and ${second} share no edge`);
}

/** The four corners of each face, counter-clockwise seen from outside the cube. */
function faceCycles(): number[][] {
  const cycles: number[][] = [];
  for (let axis = 0; axis < 3; axis++) {
    const u = (axis + 1) % 3;
    const v = (axis + 2) % 3;
    for (const side of [0, 1]) {
      const square = side === 1 ? [0, 0, 1, 0, 1, 1, 0, 1] : [0, 0, 0, 1, 1, 1, 1, 0];
      const cycle: number[] = [];
      for (let k = 0; k < 4; k++)
        cycle.push((side << axis) | ((square[2 * k] as number) << u) | ((square[2 * k + 1] as number) << v));
      cycles.push(cycle);
    }
  }
  return cycles;
}

/** a · (b × c) for three edge midpoints (doubled grid units): 6 × a signed tetrahedron volume. */
function tripleProduct(a: number, b: number, c: number): number {
  const m = EDGE_MIDPOINT_DOUBLED;
  const [ax, ay, az] = [m[3 * a] as number, m[3 * a + 1] as number, m[3 * a + 2] as number];
  const [bx, by, bz] = [m[3 * b] as number, m[3 * b + 1] as number, m[3 * b + 2] as number];
  const [cx, cy, cz] = [m[3 * c] as number, m[3 * c + 1] as number, m[3 * c + 2] as number];
  return ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
}

/**
 * The triangulation of an outward-oriented loop of edge midpoints that encloses the most volume (the
 * loop bulges outwards, as the usual marching-cubes tables do: for three ROI corners on a face, the
 * triangle through the three midpoints above them). Dynamic programming over the polygon's
 * triangulations; triangle volumes are additive, and the difference between two triangulations of a
 * closed loop does not depend on the origin or on an axis scaling (voxel spacing).
 */
function largestVolumeTriangulation(loop: readonly number[]): number[] {
  const k = loop.length;
  const best: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const split: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(-1));
  for (let span = 2; span < k; span++) {
    for (let i = 0; i + span < k; i++) {
      const j = i + span;
      let value = -Infinity;
      for (let m = i + 1; m < j; m++) {
        const candidate =
          (best[i]?.[m] as number) +
          (best[m]?.[j] as number) +
          tripleProduct(loop[i] as number, loop[m] as number, loop[j] as number);
        // Strictly larger (with slack for rounding): ties keep the first split, deterministically.
        if (candidate > value + 1e-9) {
          value = candidate;
          (split[i] as number[])[j] = m;
        }
      }
      (best[i] as number[])[j] = value;
    }
  }
  const triangles: number[] = [];
  const emit = (i: number, j: number): void => {
    if (j - i < 2) return;
    const m = split[i]?.[j] as number;
    triangles.push(loop[i] as number, loop[m] as number, loop[j] as number);
    emit(i, m);
    emit(m, j);
  };
  emit(0, k - 1);
  return triangles;
}

/**
 * Triangles (as edge triples) for each of the 256 corner configurations: `edges` from
 * `offsets[config]` to `offsets[config + 1]`.
 */
function buildMarchingCubesTable(): { offsets: Int32Array; edges: Uint8Array } {
  const cycles = faceCycles();
  const offsets = new Int32Array(257);
  const edges: number[] = [];
  for (let config = 0; config < 256; config++) {
    offsets[config] = edges.length;
    const inside = (corner: number): boolean => ((config >> corner) & 1) === 1;
    // next[e] = the edge where the iso-line that leaves the ROI through edge e re-enters it.
    const next = new Int32Array(12).fill(-1);
    for (const cycle of cycles) {
      const leaves: number[] = [];
      const enters: number[] = [];
      for (let k = 0; k < 4; k++) {
        const from = cycle[k] as number;
        const to = cycle[(k + 1) % 4] as number;
        if (inside(from) && !inside(to)) leaves.push(k);
        else if (!inside(from) && inside(to)) enters.push(k);
      }
      if (leaves.length === 1) {
        const leave = leaves[0] as number;
        const enter = enters[0] as number;
        next[edgeBetween(cycle[leave] as number, cycle[(leave + 1) % 4] as number)] = edgeBetween(
          cycle[enter] as number,
          cycle[(enter + 1) % 4] as number,
        );
      } else if (leaves.length === 2) {
        // Saddle face: each ROI corner is cut off by its own segment (leave after it, enter before it).
        for (const leave of leaves) {
          const enter = (leave + 3) % 4;
          next[edgeBetween(cycle[leave] as number, cycle[(leave + 1) % 4] as number)] = edgeBetween(
            cycle[enter] as number,
            cycle[(enter + 1) % 4] as number,
          );
        }
      }
    }
    const visited = new Uint8Array(12);
    for (let start = 0; start < 12; start++) {
      if (next[start] === -1 || visited[start]) continue;
      const loop: number[] = [];
      for (let edge = start; !visited[edge]; edge = next[edge] as number) {
        visited[edge] = 1;
        loop.push(edge);
      }
      // The face rule walks with the ROI on the left: reverse for outward normals.
      loop.reverse();
      edges.push(...largestVolumeTriangulation(loop));
    }
  }
  offsets[256] = edges.length;
  return { offsets, edges: Uint8Array.from(edges) };
}

const MC_TABLE = buildMarchingCubesTable();

// ---------------------------------------------------------------------------------------------------
// Padded mask and mesh.

interface PaddedMask {
  /** The morphological mask's bounding box with one layer of zeros around it. */
  mask: Uint8Array;
  px: number;
  py: number;
  pz: number;
  /** ROI voxels. */
  count: number;
}

/** Voxel-centre moments of the morphological mask and intensity-weighted ones of the intensity mask. */
interface RoiMoments {
  /** Inclusive bounding box of the morphological mask [x0, x1, y0, y1, z0, z1]. */
  box: [number, number, number, number, number, number];
  count: number;
  /** Centroid in voxel units. */
  centroid: [number, number, number];
  /** Sample covariance (n − 1) of the voxel centres in mm: xx, yy, zz, xy, xz, yz. */
  covariance: [number, number, number, number, number, number];
  intensityCount: number;
  intensitySum: number;
  /** Inclusive bounding box of the intensity mask. */
  intensityBox: [number, number, number, number, number, number];
  /** Intensity-weighted centroid in voxel units (NaN when the intensities sum to 0). */
  weightedCentroid: [number, number, number];
}

/** One pass over the grid: raw moments about the grid centre (small numbers, no cancellation). */
function roiMoments(roi: PreparedRoi): RoiMoments {
  const [nx, ny, nz] = roi.dims;
  const [sx, sy, sz] = roi.spacingMm;
  const morphological = roi.morphologicalMask;
  const intensityMask = roi.intensityMask;
  const intensities = roi.intensities;
  const cx = Math.floor(nx / 2);
  const cy = Math.floor(ny / 2);
  const cz = Math.floor(nz / 2);
  let x0 = nx;
  let x1 = -1;
  let y0 = ny;
  let y1 = -1;
  let z0 = nz;
  let z1 = -1;
  let count = 0;
  let mx = 0;
  let my = 0;
  let mz = 0;
  let mxx = 0;
  let myy = 0;
  let mzz = 0;
  let mxy = 0;
  let mxz = 0;
  let myz = 0;
  let intensityCount = 0;
  let intensitySum = 0;
  let ix0 = nx;
  let ix1 = -1;
  let iy0 = ny;
  let iy1 = -1;
  let iz0 = nz;
  let iz1 = -1;
  let wx = 0;
  let wy = 0;
  let wz = 0;
  // Row by row, each mask between its first and last voxel of the row (same voxel order per sum).
  for (let z = 0; z < nz; z++) {
    const dz = z - cz;
    for (let y = 0; y < ny; y++) {
      const dy = y - cy;
      const row = nx * (y + ny * z);
      let first = 0;
      while (first < nx && !morphological[row + first]) first++;
      if (first < nx) {
        let last = nx - 1;
        while (!morphological[row + last]) last--;
        if (first < x0) x0 = first;
        if (last > x1) x1 = last;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
        for (let x = first; x <= last; x++) {
          if (!morphological[row + x]) continue;
          const dx = x - cx;
          count++;
          mx += dx;
          my += dy;
          mz += dz;
          mxx += dx * dx;
          myy += dy * dy;
          mzz += dz * dz;
          mxy += dx * dy;
          mxz += dx * dz;
          myz += dy * dz;
        }
      }
      first = 0;
      while (first < nx && !intensityMask[row + first]) first++;
      if (first < nx) {
        let last = nx - 1;
        while (!intensityMask[row + last]) last--;
        if (first < ix0) ix0 = first;
        if (last > ix1) ix1 = last;
        if (y < iy0) iy0 = y;
        if (y > iy1) iy1 = y;
        if (z < iz0) iz0 = z;
        if (z > iz1) iz1 = z;
        for (let x = first; x <= last; x++) {
          if (!intensityMask[row + x]) continue;
          const value = intensities[row + x] as number;
          intensityCount++;
          intensitySum += value;
          wx += value * (x - cx);
          wy += value * dy;
          wz += value * dz;
        }
      }
    }
  }
  const ax = mx / count;
  const ay = my / count;
  const az = mz / count;
  const d = count - 1;
  const covariance: [number, number, number, number, number, number] =
    count > 1
      ? [
          ((mxx - count * ax * ax) * sx * sx) / d,
          ((myy - count * ay * ay) * sy * sy) / d,
          ((mzz - count * az * az) * sz * sz) / d,
          ((mxy - count * ax * ay) * sx * sy) / d,
          ((mxz - count * ax * az) * sx * sz) / d,
          ((myz - count * ay * az) * sy * sz) / d,
        ]
      : [NaN, NaN, NaN, NaN, NaN, NaN];
  return {
    box: [x0, x1, y0, y1, z0, z1],
    count,
    centroid: [cx + ax, cy + ay, cz + az],
    covariance,
    intensityCount,
    intensitySum,
    intensityBox: [ix0, ix1, iy0, iy1, iz0, iz1],
    weightedCentroid:
      intensitySum === 0
        ? [NaN, NaN, NaN]
        : [cx + wx / intensitySum, cy + wy / intensitySum, cz + wz / intensitySum],
  };
}

/** The morphological mask's bounding box with one layer of zeros around it. */
function paddedMorphologicalMask(roi: PreparedRoi, box: readonly number[]): PaddedMask {
  const [nx, ny] = roi.dims;
  const source = roi.morphologicalMask;
  const [x0, x1, y0, y1, z0, z1] = box as [number, number, number, number, number, number];
  const px = x1 - x0 + 3;
  const py = y1 - y0 + 3;
  const pz = z1 - z0 + 3;
  const mask = new Uint8Array(px * py * pz);
  let count = 0;
  for (let z = z0; z <= z1; z++) {
    for (let y = y0; y <= y1; y++) {
      const from = nx * (y + ny * z);
      const to = 1 + px * (y - y0 + 1 + py * (z - z0 + 1));
      for (let x = x0; x <= x1; x++) {
        const inside = source[from + x] ? 1 : 0;
        mask[to + x - x0] = inside;
        count += inside;
      }
    }
  }
  return { mask, px, py, pz, count };
}

/** Volume (signed, positive for the outward mesh) and area of the marching-cubes mesh, in mm. */
function meshVolumeAndArea(padded: PaddedMask, spacing: readonly number[]): { volume: number; area: number } {
  const { mask, px, py, pz } = padded;
  const { offsets, edges } = MC_TABLE;
  // Half the spacing: doubled grid units to mm.
  const hx = (spacing[0] as number) / 2;
  const hy = (spacing[1] as number) / 2;
  const hz = (spacing[2] as number) / 2;
  const ex = new Float64Array(12);
  const ey = new Float64Array(12);
  const ez = new Float64Array(12);
  for (let edge = 0; edge < 12; edge++) {
    ex[edge] = (EDGE_MIDPOINT_DOUBLED[3 * edge] as number) * hx;
    ey[edge] = (EDGE_MIDPOINT_DOUBLED[3 * edge + 1] as number) * hy;
    ez[edge] = (EDGE_MIDPOINT_DOUBLED[3 * edge + 2] as number) * hz;
  }
  const sx = 2 * hx;
  const sy = 2 * hy;
  const sz = 2 * hz;
  const slice = px * py;
  let volume = 0;
  let area = 0;
  for (let k = 0; k + 1 < pz; k++) {
    for (let j = 0; j + 1 < py; j++) {
      const row = px * (j + py * k);
      for (let i = 0; i + 1 < px; i++) {
        const c = row + i;
        const config =
          (mask[c] as number) |
          ((mask[c + 1] as number) << 1) |
          ((mask[c + px] as number) << 2) |
          ((mask[c + px + 1] as number) << 3) |
          ((mask[c + slice] as number) << 4) |
          ((mask[c + slice + 1] as number) << 5) |
          ((mask[c + slice + px] as number) << 6) |
          ((mask[c + slice + px + 1] as number) << 7);
        if (config === 0 || config === 255) continue;
        const ox = i * sx;
        const oy = j * sy;
        const oz = k * sz;
        const end = offsets[config + 1] as number;
        for (let t = offsets[config] as number; t < end; t += 3) {
          const a = edges[t] as number;
          const b = edges[t + 1] as number;
          const d = edges[t + 2] as number;
          const ax = ox + (ex[a] as number);
          const ay = oy + (ey[a] as number);
          const az = oz + (ez[a] as number);
          const bx = ox + (ex[b] as number);
          const by = oy + (ey[b] as number);
          const bz = oz + (ez[b] as number);
          const cx = ox + (ex[d] as number);
          const cy = oy + (ey[d] as number);
          const cz = oz + (ez[d] as number);
          volume += (ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx)) / 6;
          const ux = bx - ax;
          const uy = by - ay;
          const uz = bz - az;
          const vx = cx - ax;
          const vy = cy - ay;
          const vz = cz - az;
          const nx = uy * vz - uz * vy;
          const ny = uz * vx - ux * vz;
          const nz = ux * vy - uy * vx;
          area += Math.sqrt(nx * nx + ny * ny + nz * nz) / 2;
        }
      }
    }
  }
  return { volume, area };
}

/** Lines through the doubled lattice: the axes and the six face diagonals (direction vectors). */
const LINE_DIRECTIONS: readonly (readonly [number, number, number])[] = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 0],
  [1, -1, 0],
  [1, 0, 1],
  [1, 0, -1],
  [0, 1, 1],
  [0, 1, -1],
];

/**
 * The mesh vertices that can be convex-hull vertices, in doubled grid coordinates. Every mesh vertex
 * is the midpoint of a grid edge between an ROI and a non-ROI voxel (marching cubes at 0.5 on a
 * binary mask). A vertex strictly between two others on a line is not a hull vertex, so only the
 * two extremes of every line along the axes and the face diagonals are kept.
 */
function hullCandidates(padded: PaddedMask): { xs: Float64Array; ys: Float64Array; zs: Float64Array } {
  const { mask, px, py, pz } = padded;
  const slice = px * py;
  // Vertices in doubled coordinates, in growable typed arrays.
  let capacity = 1024;
  let vx: Int32Array = new Int32Array(capacity);
  let vy: Int32Array = new Int32Array(capacity);
  let vz: Int32Array = new Int32Array(capacity);
  let count = 0;
  const record = (x: number, y: number, z: number): void => {
    if (count === capacity) {
      capacity *= 2;
      const grow = (array: Int32Array): Int32Array => {
        const larger = new Int32Array(capacity);
        larger.set(array);
        return larger;
      };
      vx = grow(vx);
      vy = grow(vy);
      vz = grow(vz);
    }
    vx[count] = x;
    vy[count] = y;
    vz[count++] = z;
  };
  // ROI extent of every row (first > last: empty row).
  const rowFirst = new Int32Array(py * pz);
  const rowLast = new Int32Array(py * pz);
  for (let r = 0; r < py * pz; r++) {
    const c = px * r;
    let first = 0;
    while (first < px && !mask[c + first]) first++;
    let last = px - 1;
    if (first < px) while (!mask[c + last]) last--;
    else last = -1;
    rowFirst[r] = first;
    rowLast[r] = last;
  }
  // Per row (j, k), only the extremes along the row of the vertices on each of its three x-lines
  // (edges along x; along y to row j + 1; along z to slice k + 1) are recorded: the others are
  // dropped by the first (x) line pass anyway. They are recorded in the same order as a full scan
  // would (by i, then edge axis), so the hull is computed from the same point sequence.
  const first = new Int32Array(3);
  const last = new Int32Array(3);
  const keys = new Int32Array(6);
  for (let k = 0; k < pz; k++) {
    for (let j = 0; j < py; j++) {
      const r = j + py * k;
      let lo = rowFirst[r] as number;
      let hi = rowLast[r] as number;
      if (j + 1 < py) {
        lo = Math.min(lo, rowFirst[r + 1] as number);
        hi = Math.max(hi, rowLast[r + 1] as number);
      }
      if (k + 1 < pz) {
        lo = Math.min(lo, rowFirst[r + py] as number);
        hi = Math.max(hi, rowLast[r + py] as number);
      }
      if (lo > hi) continue;
      // Transitions along x at i and i + 1 need i ≥ lo − 1.
      lo = Math.max(0, lo - 1);
      first.fill(-1);
      last.fill(-1);
      const row = px * r;
      for (let i = lo, c = row + lo; i <= hi; i++, c++) {
        const value = mask[c];
        if (i + 1 < px && mask[c + 1] !== value) {
          if ((first[0] as number) < 0) first[0] = i;
          last[0] = i;
        }
        if (j + 1 < py && mask[c + px] !== value) {
          if ((first[1] as number) < 0) first[1] = i;
          last[1] = i;
        }
        if (k + 1 < pz && mask[c + slice] !== value) {
          if ((first[2] as number) < 0) first[2] = i;
          last[2] = i;
        }
      }
      // Emit by i, then axis (key 3i + axis): at most six vertices.
      let keyCount = 0;
      for (let axis = 0; axis < 3; axis++) {
        const f = first[axis] as number;
        if (f < 0) continue;
        keys[keyCount++] = 3 * f + axis;
        const l = last[axis] as number;
        if (l !== f) keys[keyCount++] = 3 * l + axis;
      }
      keys.subarray(0, keyCount).sort();
      for (let e = 0; e < keyCount; e++) {
        const key = keys[e] as number;
        const i = Math.floor(key / 3);
        const axis = key - 3 * i;
        if (axis === 0) record(2 * i + 1, 2 * j, 2 * k);
        else if (axis === 1) record(2 * i, 2 * j + 1, 2 * k);
        else record(2 * i, 2 * j, 2 * k + 1);
      }
    }
  }
  // Doubled coordinates lie in [0, 2p − 2] per axis.
  const size = [2 * px - 1, 2 * py - 1, 2 * pz - 1];
  const keep = new Uint8Array(count).fill(1);
  const coordinate = [vx, vy, vz];
  for (const direction of LINE_DIRECTIONS) {
    // Parameter along the line: the first axis the direction moves along. The line is identified by
    // the coordinates across it: for each other axis b, X_b − d_b · X_a (with d_b ∈ {−1, 0, 1}).
    const a = direction.findIndex((component) => component !== 0);
    const others = [0, 1, 2].filter((axis) => axis !== a);
    const [b, c] = others as [number, number];
    const db = direction[b] as number;
    const dc = direction[c] as number;
    const sa = size[a] as number;
    // Range of X_b − d_b X_a: shift by (sa − 1) when d_b ≠ 0.
    const widthB = (size[b] as number) + (db !== 0 ? sa - 1 : 0);
    const widthC = (size[c] as number) + (dc !== 0 ? sa - 1 : 0);
    const shiftB = db === 1 ? sa - 1 : 0;
    const shiftC = dc === 1 ? sa - 1 : 0;
    const lines = widthB * widthC;
    const low = new Int32Array(lines).fill(2 ** 30);
    const high = new Int32Array(lines).fill(-1);
    const line = new Int32Array(count);
    const A = coordinate[a] as Int32Array;
    const B = coordinate[b] as Int32Array;
    const C = coordinate[c] as Int32Array;
    for (let p = 0; p < count; p++) {
      if (!keep[p]) continue;
      const t = A[p] as number;
      const id = (B[p] as number) - db * t + shiftB + widthB * ((C[p] as number) - dc * t + shiftC);
      line[p] = id;
      if (t < (low[id] as number)) low[id] = t;
      if (t > (high[id] as number)) high[id] = t;
    }
    for (let p = 0; p < count; p++) {
      if (!keep[p]) continue;
      const t = A[p] as number;
      const id = line[p] as number;
      if (t !== low[id] && t !== high[id]) keep[p] = 0;
    }
  }
  let kept = 0;
  for (let p = 0; p < count; p++) kept += keep[p] as number;
  const xs = new Float64Array(kept);
  const ys = new Float64Array(kept);
  const zs = new Float64Array(kept);
  for (let p = 0, q = 0; p < count; p++) {
    if (!keep[p]) continue;
    xs[q] = vx[p] as number;
    ys[q] = vy[p] as number;
    zs[q++] = vz[p] as number;
  }
  return { xs, ys, zs };
}

// ---------------------------------------------------------------------------------------------------
// Convex hull (quickhull with exact integer predicates).

interface HullFace {
  a: number;
  b: number;
  c: number;
  nx: number;
  ny: number;
  nz: number;
  d: number;
  /** Neighbours across edges a→b, b→c, c→a. */
  neighbours: [HullFace | undefined, HullFace | undefined, HullFace | undefined];
  outside: number[];
  alive: boolean;
  visit: number;
}

export interface ConvexHull {
  /** Triangles as point-index triples, counter-clockwise seen from outside. */
  readonly faces: readonly (readonly [number, number, number])[];
  /** Indices of the hull's vertices. */
  readonly vertices: readonly number[];
}

/**
 * Convex hull of points with integer coordinates (|coordinate| < 2^15, so every orientation test
 * is exact in double precision). Points on a face's plane are not hull vertices; faces may be
 * coplanar. Returns undefined when the points are coplanar (no 3D hull).
 */
export function convexHull(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  zs: ArrayLike<number>,
): ConvexHull | undefined {
  const n = xs.length;
  if (n < 4) return undefined;
  const X = Float64Array.from(xs);
  const Y = Float64Array.from(ys);
  const Z = Float64Array.from(zs);

  const makeFace = (a: number, b: number, c: number): HullFace => {
    const ux = (X[b] as number) - (X[a] as number);
    const uy = (Y[b] as number) - (Y[a] as number);
    const uz = (Z[b] as number) - (Z[a] as number);
    const vx = (X[c] as number) - (X[a] as number);
    const vy = (Y[c] as number) - (Y[a] as number);
    const vz = (Z[c] as number) - (Z[a] as number);
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    return {
      a,
      b,
      c,
      nx,
      ny,
      nz,
      d: nx * (X[a] as number) + ny * (Y[a] as number) + nz * (Z[a] as number),
      neighbours: [undefined, undefined, undefined],
      outside: [],
      alive: true,
      visit: -1,
    };
  };
  const height = (face: HullFace, p: number): number =>
    face.nx * (X[p] as number) + face.ny * (Y[p] as number) + face.nz * (Z[p] as number) - face.d;

  // Initial tetrahedron: the farthest pair among axis extremes, the point farthest from their line,
  // and the point farthest from that plane.
  const extremes = [0, 0, 0, 0, 0, 0];
  for (let i = 1; i < n; i++) {
    if ((X[i] as number) < (X[extremes[0] as number] as number)) extremes[0] = i;
    if ((X[i] as number) > (X[extremes[1] as number] as number)) extremes[1] = i;
    if ((Y[i] as number) < (Y[extremes[2] as number] as number)) extremes[2] = i;
    if ((Y[i] as number) > (Y[extremes[3] as number] as number)) extremes[3] = i;
    if ((Z[i] as number) < (Z[extremes[4] as number] as number)) extremes[4] = i;
    if ((Z[i] as number) > (Z[extremes[5] as number] as number)) extremes[5] = i;
  }
  let i0 = 0;
  let i1 = 0;
  let best = 0;
  for (const p of extremes) {
    for (const q of extremes) {
      const distance =
        ((X[p] as number) - (X[q] as number)) ** 2 +
        ((Y[p] as number) - (Y[q] as number)) ** 2 +
        ((Z[p] as number) - (Z[q] as number)) ** 2;
      if (distance > best) {
        best = distance;
        i0 = p;
        i1 = q;
      }
    }
  }
  if (best === 0) return undefined;
  let i2 = -1;
  best = 0;
  const ux = (X[i1] as number) - (X[i0] as number);
  const uy = (Y[i1] as number) - (Y[i0] as number);
  const uz = (Z[i1] as number) - (Z[i0] as number);
  for (let i = 0; i < n; i++) {
    const vx = (X[i] as number) - (X[i0] as number);
    const vy = (Y[i] as number) - (Y[i0] as number);
    const vz = (Z[i] as number) - (Z[i0] as number);
    const distance = (uy * vz - uz * vy) ** 2 + (uz * vx - ux * vz) ** 2 + (ux * vy - uy * vx) ** 2;
    if (distance > best) {
      best = distance;
      i2 = i;
    }
  }
  if (i2 < 0) return undefined;
  const base = makeFace(i0, i1, i2);
  let i3 = -1;
  best = 0;
  for (let i = 0; i < n; i++) {
    const distance = Math.abs(height(base, i));
    if (distance > best) {
      best = distance;
      i3 = i;
    }
  }
  if (i3 < 0) return undefined;

  const outward = (a: number, b: number, c: number, opposite: number): HullFace => {
    const face = makeFace(a, b, c);
    return height(face, opposite) > 0 ? makeFace(a, c, b) : face;
  };
  const initial = [
    outward(i0, i1, i2, i3),
    outward(i0, i1, i3, i2),
    outward(i0, i2, i3, i1),
    outward(i1, i2, i3, i0),
  ];
  // Neighbours of the tetrahedron's faces: the face holding the reversed edge.
  for (const face of initial) {
    const corners = [face.a, face.b, face.c];
    for (let s = 0; s < 3; s++) {
      const u = corners[s] as number;
      const v = corners[(s + 1) % 3] as number;
      face.neighbours[s as 0 | 1 | 2] = initial.find(
        (other) =>
          other !== face &&
          ((other.a === v && other.b === u) ||
            (other.b === v && other.c === u) ||
            (other.c === v && other.a === u)),
      );
    }
  }
  const all: HullFace[] = [...initial];
  for (let p = 0; p < n; p++) {
    if (p === i0 || p === i1 || p === i2 || p === i3) continue;
    for (const face of initial) {
      if (height(face, p) > 0) {
        face.outside.push(p);
        break;
      }
    }
  }

  // New faces by the horizon edge's start and end vertex, to link them to each other.
  const byStart: (HullFace | undefined)[] = new Array<HullFace | undefined>(n);
  const byEnd: (HullFace | undefined)[] = new Array<HullFace | undefined>(n);
  const pending = initial.filter((face) => face.outside.length > 0);
  const visible: HullFace[] = [];
  const horizonStart: number[] = [];
  const horizonEnd: number[] = [];
  const horizonFace: HullFace[] = [];
  const created: HullFace[] = [];
  let iteration = 0;
  while (pending.length > 0) {
    const face = pending.pop() as HullFace;
    if (!face.alive || face.outside.length === 0) continue;
    iteration++;
    // The farthest outside point is a vertex of the hull.
    let apex = face.outside[0] as number;
    let apexHeight = height(face, apex);
    for (const p of face.outside) {
      const h = height(face, p);
      if (h > apexHeight) {
        apexHeight = h;
        apex = p;
      }
    }
    // Faces that see the apex (strictly), and the horizon edges around them.
    visible.length = 0;
    horizonStart.length = 0;
    horizonEnd.length = 0;
    horizonFace.length = 0;
    visible.push(face);
    face.visit = iteration;
    for (let v = 0; v < visible.length; v++) {
      const current = visible[v] as HullFace;
      for (let s = 0; s < 3; s++) {
        const neighbour = current.neighbours[s as 0 | 1 | 2] as HullFace;
        if (neighbour.visit === iteration) continue;
        if (height(neighbour, apex) > 0) {
          neighbour.visit = iteration;
          visible.push(neighbour);
        } else {
          horizonStart.push(s === 0 ? current.a : s === 1 ? current.b : current.c);
          horizonEnd.push(s === 0 ? current.b : s === 1 ? current.c : current.a);
          horizonFace.push(neighbour);
        }
      }
    }
    created.length = 0;
    for (let e = 0; e < horizonFace.length; e++) {
      const u = horizonStart[e] as number;
      const v = horizonEnd[e] as number;
      const neighbour = horizonFace[e] as HullFace;
      const fresh = makeFace(u, v, apex);
      fresh.neighbours[0] = neighbour;
      if (neighbour.a === v && neighbour.b === u) neighbour.neighbours[0] = fresh;
      else if (neighbour.b === v && neighbour.c === u) neighbour.neighbours[1] = fresh;
      else neighbour.neighbours[2] = fresh;
      byStart[u] = fresh;
      byEnd[v] = fresh;
      created.push(fresh);
    }
    for (const fresh of created) {
      fresh.neighbours[1] = byStart[fresh.b];
      fresh.neighbours[2] = byEnd[fresh.a];
    }
    for (const old of visible) {
      old.alive = false;
      for (const p of old.outside) {
        if (p === apex) continue;
        for (const fresh of created) {
          if (height(fresh, p) > 0) {
            fresh.outside.push(p);
            break;
          }
        }
      }
      old.outside = [];
    }
    for (const fresh of created) {
      all.push(fresh);
      if (fresh.outside.length > 0) pending.push(fresh);
    }
  }

  const faces: [number, number, number][] = [];
  const used = new Uint8Array(n);
  for (const face of all) {
    if (!face.alive) continue;
    faces.push([face.a, face.b, face.c]);
    used[face.a] = 1;
    used[face.b] = 1;
    used[face.c] = 1;
  }
  const vertices: number[] = [];
  for (let p = 0; p < n; p++) if (used[p]) vertices.push(p);
  return { faces, vertices };
}

// ---------------------------------------------------------------------------------------------------
// Spatial autocorrelation.

/** Deterministic pseudo-random generator (mulberry32) for the autocorrelation subsample. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBSAMPLE_SEED = 20_240_611;

/** Σ 1/d, Σ y_i y_j / d and Σ (y_i − y_j)² / d over all unordered pairs of points. */
function allPairSums(
  px: Float64Array,
  py: Float64Array,
  pz: Float64Array,
  yv: Float64Array,
): [number, number, number] {
  let w = 0;
  let c = 0;
  let g = 0;
  const n = px.length;
  for (let i = 0; i < n; i++) {
    const xi = px[i] as number;
    const yi = py[i] as number;
    const zi = pz[i] as number;
    const vi = yv[i] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = (px[j] as number) - xi;
      const dy = (py[j] as number) - yi;
      const dz = (pz[j] as number) - zi;
      const weight = 1 / Math.sqrt(dx * dx + dy * dy + dz * dz);
      const vj = yv[j] as number;
      const difference = vi - vj;
      w += weight;
      c += weight * vi * vj;
      g += weight * difference * difference;
    }
  }
  return [w, c, g];
}

/**
 * The same sums over the pairs of a stratified sample farther apart than √minimumDistanceSquared,
 * each pair standing for 1/(π_a π_b) pairs (different cells) or n_s(n_s − 1)/(m_s(m_s − 1)) pairs
 * (same cell s).
 */
function sampledFarPairSums(
  sx: Float64Array,
  sy: Float64Array,
  sz: Float64Array,
  sv: Float64Array,
  inverse: Float64Array,
  stratum: Int32Array,
  within: Float64Array,
  minimumDistanceSquared: number,
): [number, number, number] {
  const m = sx.length;
  let w = 0;
  let c = 0;
  let g = 0;
  for (let a = 0; a < m; a++) {
    const xa = sx[a] as number;
    const ya = sy[a] as number;
    const za = sz[a] as number;
    const va = sv[a] as number;
    const inverseA = inverse[a] as number;
    const stratumA = stratum[a] as number;
    const withinA = within[stratumA] as number;
    for (let b = a + 1; b < m; b++) {
      const dx = (sx[b] as number) - xa;
      const dy = (sy[b] as number) - ya;
      const dz = (sz[b] as number) - za;
      const distanceSquared = dx * dx + dy * dy + dz * dz;
      if (distanceSquared <= minimumDistanceSquared) continue;
      const scale = stratum[b] === stratumA ? withinA : inverseA * (inverse[b] as number);
      const weight = scale / Math.sqrt(distanceSquared);
      const vb = sv[b] as number;
      const difference = va - vb;
      w += weight;
      c += weight * va * vb;
      g += weight * difference * difference;
    }
  }
  return [w, c, g];
}

/** Voxel count, intensity sum and inclusive bounding box [x0, x1, y0, y1, z0, z1] of the intensity mask. */
interface IntensityMaskSummary {
  readonly count: number;
  readonly sum: number;
  readonly box: readonly [number, number, number, number, number, number];
}

function summariseIntensityMask(roi: PreparedRoi): IntensityMaskSummary {
  const [nx, ny, nz] = roi.dims;
  const mask = roi.intensityMask;
  const values = roi.intensities;
  let x0 = nx;
  let x1 = -1;
  let y0 = ny;
  let y1 = -1;
  let z0 = nz;
  let z1 = -1;
  let count = 0;
  let sum = 0;
  for (let z = 0, index = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, index++) {
        if (!mask[index]) continue;
        count++;
        sum += values[index] as number;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
      }
    }
  }
  return { count, sum, box: [x0, x1, y0, y1, z0, z1] };
}

/**
 * Moran's I (N365) and Geary's C (NPT7) of the intensity mask, with inverse-distance (mm) weights
 * over all voxel pairs.
 *
 * Exact (O(n²)) for n ≤ `exactLimit`. Above it (IBSI allows an approximation) the pair sums are split
 * at a distance R = 2 × the smallest voxel spacing:
 * - pairs closer than R — the largest weights, and most of the local correlation — are summed
 *   exactly through a list of grid offsets (O(n));
 * - the sums over farther pairs are estimated from every pair of a stratified subsample of about
 *   `exactLimit` voxels: the ROI's bounding box is cut into cubic cells expected to hold about 8
 *   sampled voxels each, each cell gives a share proportional to its voxels (at least 2 when it has
 *   2), drawn by selection sampling with a fixed-seed generator (mulberry32), so the result is
 *   deterministic. Each sampled pair stands for 1/(π_a π_b) pairs (n_s(n_s − 1)/(m_s(m_s − 1)) within
 *   a cell), and the far-field products are scaled by Σy² / (the sample's Horvitz–Thompson Σy²), a
 *   ratio estimate that removes most of the sampling noise in the intensities' spread.
 */
export function spatialAutocorrelation(
  roi: PreparedRoi,
  exactLimit: number = DEFAULT_AUTOCORRELATION_EXACT_LIMIT,
  intensityMaskSummary: IntensityMaskSummary = summariseIntensityMask(roi),
): { moran: number; geary: number } {
  const [nx, ny, nz] = roi.dims;
  const [sx, sy, sz] = roi.spacingMm;
  const mask = roi.intensityMask;
  const values = roi.intensities;
  const { count: n, sum } = intensityMaskSummary;
  const [x0, x1, y0, y1, z0, z1] = intensityMaskSummary.box;
  if (n < 2) return { moran: NaN, geary: NaN };
  const mean = sum / n;
  // Σ (y − ȳ)², accumulated in the voxel passes below (in the grid's voxel order).
  let squares = 0;

  let weights: number;
  let cross: number;
  let differences: number;
  if (n <= exactLimit) {
    const px = new Float64Array(n);
    const py = new Float64Array(n);
    const pz = new Float64Array(n);
    const yv = new Float64Array(n);
    let k = 0;
    for (let z = z0; z <= z1; z++) {
      for (let y = y0; y <= y1; y++) {
        const row = nx * (y + ny * z);
        for (let x = x0; x <= x1; x++) {
          if (!mask[row + x]) continue;
          const deviation = (values[row + x] as number) - mean;
          squares += deviation * deviation;
          px[k] = x * sx;
          py[k] = y * sy;
          pz[k] = z * sz;
          yv[k++] = deviation;
        }
      }
    }
    [weights, cross, differences] = allPairSums(px, py, pz, yv);
  } else {
    const radius = 2 * Math.min(sx, sy, sz);
    const radiusSquared = radius * radius * (1 + 1e-12);
    // Near field: half of the grid offsets within the radius (the other half by symmetry).
    const rx = Math.floor(radius / sx);
    const ry = Math.floor(radius / sy);
    const rz = Math.floor(radius / sz);
    const near: number[][] = [];
    for (let dz = 0; dz <= rz; dz++) {
      for (let dy = dz === 0 ? 0 : -ry; dy <= ry; dy++) {
        for (let dx = dz === 0 && dy === 0 ? 1 : -rx; dx <= rx; dx++) {
          const distanceSquared = (dx * sx) ** 2 + (dy * sy) ** 2 + (dz * sz) ** 2;
          if (distanceSquared <= radiusSquared) near.push([dx, dy, dz, 1 / Math.sqrt(distanceSquared)]);
        }
      }
    }
    const offsetCount = near.length;
    const offsetX = Int32Array.from(near, (offset) => offset[0] as number);
    const offsetY = Int32Array.from(near, (offset) => offset[1] as number);
    const offsetZ = Int32Array.from(near, (offset) => offset[2] as number);
    const offsetIndex = Int32Array.from(
      near,
      (offset) => (offset[0] as number) + nx * ((offset[1] as number) + ny * (offset[2] as number)),
    );
    const offsetWeight = Float64Array.from(near, (offset) => offset[3] as number);

    // Cells of the stratified sample.
    const edge = Math.cbrt((n * sx * sy * sz) / Math.max(1, exactLimit / 8));
    const cellAxis = (count: number, spacing: number): { cells: number; of: Int32Array } => {
      const of = new Int32Array(count);
      for (let k = 0; k < count; k++) of[k] = Math.floor((k * spacing) / edge);
      return { cells: (of[count - 1] as number) + 1, of };
    };
    const cellsX = cellAxis(x1 - x0 + 1, sx);
    const cellsY = cellAxis(y1 - y0 + 1, sy);
    const cellsZ = cellAxis(z1 - z0 + 1, sz);
    const cellCount = cellsX.cells * cellsY.cells * cellsZ.cells;
    const cellOf = (x: number, y: number, z: number): number =>
      (cellsX.of[x - x0] as number) +
      cellsX.cells * ((cellsY.of[y - y0] as number) + cellsY.cells * (cellsZ.of[z - z0] as number));
    const population = new Int32Array(cellCount);
    for (let z = z0; z <= z1; z++) {
      for (let y = y0; y <= y1; y++) {
        const row = nx * (y + ny * z);
        for (let x = x0; x <= x1; x++) {
          if (!mask[row + x]) continue;
          const cell = cellOf(x, y, z);
          population[cell] = (population[cell] as number) + 1;
        }
      }
    }
    const quota = new Int32Array(cellCount);
    const within = new Float64Array(cellCount);
    let sampleSize = 0;
    for (let cell = 0; cell < cellCount; cell++) {
      const count = population[cell] as number;
      if (count === 0) continue;
      const taken = Math.min(count, Math.max(2, Math.round((exactLimit * count) / n)));
      quota[cell] = taken;
      within[cell] = taken > 1 ? (count * (count - 1)) / (taken * (taken - 1)) : 0;
      sampleSize += taken;
    }
    const samplePx = new Float64Array(sampleSize);
    const samplePy = new Float64Array(sampleSize);
    const samplePz = new Float64Array(sampleSize);
    const sampleY = new Float64Array(sampleSize);
    const inverse = new Float64Array(sampleSize);
    const stratum = new Int32Array(sampleSize);
    const seen = new Int32Array(cellCount);
    const chosen = new Int32Array(cellCount);
    const random = mulberry32(SUBSAMPLE_SEED);

    let nearWeights = 0;
    let nearCross = 0;
    let nearDifferences = 0;
    let s = 0;
    for (let z = z0; z <= z1; z++) {
      for (let y = y0; y <= y1; y++) {
        const row = nx * (y + ny * z);
        let first = x0;
        while (first <= x1 && !mask[row + first]) first++;
        if (first > x1) continue;
        let last = x1;
        while (!mask[row + last]) last--;
        // Near field, offset by offset along the row; bounds checks only where an offset can leave
        // the grid.
        const rowInside = y - ry >= 0 && y + ry < ny && z + rz < nz;
        for (let o = 0; o < offsetCount; o++) {
          const ox = offsetX[o] as number;
          const oy = offsetY[o] as number;
          const oz = offsetZ[o] as number;
          if (!rowInside && (y + oy < 0 || y + oy >= ny || z + oz >= nz)) continue;
          const shift = offsetIndex[o] as number;
          const weight = offsetWeight[o] as number;
          const from = Math.max(first, -ox);
          const to = Math.min(last, nx - 1 - ox);
          for (let x = from; x <= to; x++) {
            const index = row + x;
            if (!mask[index] || !mask[index + shift]) continue;
            const xi = values[index] as number;
            const xj = values[index + shift] as number;
            nearWeights += weight;
            nearCross += weight * (xi - mean) * (xj - mean);
            nearDifferences += weight * (xi - xj) * (xi - xj);
          }
        }
        // Selection sampling: the next voxel of a cell is taken with probability
        // (still needed) / (still to come), which draws exactly `quota` voxels uniformly.
        const cellYZ =
          cellsX.cells * ((cellsY.of[y - y0] as number) + cellsY.cells * (cellsZ.of[z - z0] as number));
        for (let x = first; x <= last; x++) {
          if (!mask[row + x]) continue;
          const deviation = (values[row + x] as number) - mean;
          squares += deviation * deviation;
          const cell = (cellsX.of[x - x0] as number) + cellYZ;
          const remaining = (population[cell] as number) - (seen[cell] as number);
          const needed = (quota[cell] as number) - (chosen[cell] as number);
          seen[cell] = (seen[cell] as number) + 1;
          if (needed > 0 && random() * remaining < needed) {
            chosen[cell] = (chosen[cell] as number) + 1;
            samplePx[s] = x * sx;
            samplePy[s] = y * sy;
            samplePz[s] = z * sz;
            sampleY[s] = deviation;
            inverse[s] = (population[cell] as number) / (quota[cell] as number);
            stratum[s++] = cell;
          }
        }
      }
    }
    const [w, c, g] = sampledFarPairSums(
      samplePx,
      samplePy,
      samplePz,
      sampleY,
      inverse,
      stratum,
      within,
      radiusSquared,
    );
    // Ratio estimate: the sample's far-field products relative to the sample's own sum of squares.
    let sampleSquares = 0;
    for (let a = 0; a < sampleSize; a++)
      sampleSquares += (inverse[a] as number) * (sampleY[a] as number) ** 2;
    const level = sampleSquares > 0 ? squares / sampleSquares : 1;
    weights = nearWeights + w;
    cross = nearCross + c * level;
    differences = nearDifferences + g * level;
  }
  if (squares === 0 || weights === 0) return { moran: NaN, geary: NaN };
  return {
    moran: ((n / weights) * cross) / squares,
    geary: (((n - 1) / (2 * weights)) * differences) / squares,
  };
}

// ---------------------------------------------------------------------------------------------------
// PCA and ellipsoid.

/** Eigenvalues of a symmetric 3×3 matrix, largest first (trigonometric method). */
function symmetricEigenvalues(
  a11: number,
  a22: number,
  a33: number,
  a12: number,
  a13: number,
  a23: number,
): [number, number, number] {
  const off = a12 * a12 + a13 * a13 + a23 * a23;
  const trace = a11 + a22 + a33;
  if (off === 0) {
    const diagonal = [a11, a22, a33].sort((p, q) => q - p);
    return diagonal as [number, number, number];
  }
  const q = trace / 3;
  const b11 = a11 - q;
  const b22 = a22 - q;
  const b33 = a33 - q;
  const p = Math.sqrt((b11 * b11 + b22 * b22 + b33 * b33 + 2 * off) / 6);
  const determinant =
    b11 * (b22 * b33 - a23 * a23) - a12 * (a12 * b33 - a23 * a13) + a13 * (a12 * a23 - b22 * a13);
  const r = Math.max(-1, Math.min(1, determinant / (2 * p * p * p)));
  const phi = Math.acos(r) / 3;
  const largest = q + 2 * p * Math.cos(phi);
  const smallest = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [largest, trace - largest - smallest, smallest];
}

/**
 * IBSI's approximate surface area of an ellipsoid with semi-axes a ≥ b ≥ c (RDD2): the Legendre
 * series 4πab Σ_{ν=0}^{20} (αβ)^ν P_ν((α² + β²)/(2αβ)) / (1 − 4ν²), with α = √(1 − b²/a²),
 * β = √(1 − c²/a²). The terms Q_ν = (αβ)^ν P_ν(·) follow Bonnet's recursion multiplied through by
 * (αβ)^ν, which stays finite when α or β is 0 (a spheroid).
 */
export function ellipsoidSurfaceArea(a: number, b: number, c: number): number {
  if (!(a > 0)) return 0;
  const alpha2 = Math.max(0, 1 - (b * b) / (a * a));
  const beta2 = Math.max(0, 1 - (c * c) / (a * a));
  const half = (alpha2 + beta2) / 2;
  const product2 = alpha2 * beta2;
  let previous = 1;
  let current = half;
  let sum = previous + current / (1 - 4);
  for (let nu = 1; nu < 20; nu++) {
    const following = ((2 * nu + 1) * half * current - nu * product2 * previous) / (nu + 1);
    previous = current;
    current = following;
    sum += current / (1 - 4 * (nu + 1) * (nu + 1));
  }
  return 4 * Math.PI * a * b * sum;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 || !Number.isFinite(denominator) ? NaN : numerator / denominator;
}

// ---------------------------------------------------------------------------------------------------

/** The 25 IBSI morphological features with digital-phantom reference values. */
export function morphologyFeatures(roi: PreparedRoi, options: MorphologyOptions = {}): FeatureValue[] {
  const [sx, sy, sz] = roi.spacingMm;
  const spacing = [sx, sy, sz];
  const voxelVolume = sx * sy * sz;
  const moments = roiMoments(roi);
  const padded = moments.count > 0 ? paddedMorphologicalMask(roi, moments.box) : undefined;
  const feature = (name: string, ibsi: string, value: number): FeatureValue => ({
    family: FAMILY,
    name,
    ibsi,
    value,
  });

  let volume = NaN;
  let area = NaN;
  let diameter = NaN;
  let hullVolume = NaN;
  let hullArea = NaN;
  let aabbVolume = NaN;
  let aabbArea = NaN;
  if (padded) {
    const mesh = meshVolumeAndArea(padded, spacing);
    // Outward faces: the signed volume is positive (IBSI takes its absolute value; the specs check
    // the sign over all 256 corner configurations).
    volume = mesh.volume;
    area = mesh.area;
    // The mesh's bounding box: the ROI's voxel bounding box (vertices lie half a voxel outside it).
    const ax = (padded.px - 2) * sx;
    const ay = (padded.py - 2) * sy;
    const az = (padded.pz - 2) * sz;
    aabbVolume = ax * ay * az;
    aabbArea = 2 * (ax * ay + ay * az + az * ax);
    const { xs, ys, zs } = hullCandidates(padded);
    const hull = convexHull(xs, ys, zs);
    if (hull) {
      const hx = sx / 2;
      const hy = sy / 2;
      const hz = sz / 2;
      let signed = 0;
      let hullSurface = 0;
      for (const [a, b, c] of hull.faces) {
        const ax0 = (xs[a] as number) * hx;
        const ay0 = (ys[a] as number) * hy;
        const az0 = (zs[a] as number) * hz;
        const bx = (xs[b] as number) * hx - ax0;
        const by = (ys[b] as number) * hy - ay0;
        const bz = (zs[b] as number) * hz - az0;
        const cx = (xs[c] as number) * hx - ax0;
        const cy = (ys[c] as number) * hy - ay0;
        const cz = (zs[c] as number) * hz - az0;
        const nx = by * cz - bz * cy;
        const ny = bz * cx - bx * cz;
        const nz = bx * cy - by * cx;
        signed += (ax0 * nx + ay0 * ny + az0 * nz) / 6;
        hullSurface += Math.sqrt(nx * nx + ny * ny + nz * nz) / 2;
      }
      hullVolume = Math.abs(signed);
      hullArea = hullSurface;
      const h = hull.vertices.length;
      const vx = new Float64Array(h);
      const vy = new Float64Array(h);
      const vz = new Float64Array(h);
      hull.vertices.forEach((p, k) => {
        vx[k] = (xs[p] as number) * hx;
        vy[k] = (ys[p] as number) * hy;
        vz[k] = (zs[p] as number) * hz;
      });
      // Largest pairwise distance, vertices sorted by distance r from their centroid (largest first):
      // |p_i − p_j| ≤ r_i + r_j, so a pair whose bound is clearly below the best distance so far (and
      // every later one) is skipped. The maximum is the same as over all pairs (same arithmetic).
      let mx = 0;
      let my = 0;
      let mz = 0;
      for (let k = 0; k < h; k++) {
        mx += vx[k] as number;
        my += vy[k] as number;
        mz += vz[k] as number;
      }
      mx /= h;
      my /= h;
      mz /= h;
      const radius = new Float64Array(h);
      for (let k = 0; k < h; k++)
        radius[k] = Math.hypot((vx[k] as number) - mx, (vy[k] as number) - my, (vz[k] as number) - mz);
      const order = Array.from({ length: h }, (_, k) => k).sort(
        (p, q) => (radius[q] as number) - (radius[p] as number) || p - q,
      );
      const ox = Float64Array.from(order, (k) => vx[k] as number);
      const oy = Float64Array.from(order, (k) => vy[k] as number);
      const oz = Float64Array.from(order, (k) => vz[k] as number);
      const sortedRadius = Float64Array.from(order, (k) => radius[k] as number);
      let farthest = 0;
      // Pairs with r_i + r_j below `bound` are strictly shorter than the best pair (relative slack
      // far above the rounding of the radii and distances).
      let bound = 0;
      for (let i = 0; i + 1 < h; i++) {
        const ri = sortedRadius[i] as number;
        if (ri + (sortedRadius[i + 1] as number) < bound) break;
        const xi = ox[i] as number;
        const yi = oy[i] as number;
        const zi = oz[i] as number;
        for (let j = i + 1; j < h; j++) {
          if (ri + (sortedRadius[j] as number) < bound) break;
          const dx = (ox[j] as number) - xi;
          const dy = (oy[j] as number) - yi;
          const dz = (oz[j] as number) - zi;
          const distance = dx * dx + dy * dy + dz * dz;
          if (distance > farthest) {
            farthest = distance;
            bound = Math.sqrt(farthest) * (1 - 1e-9);
          }
        }
      }
      diameter = Math.sqrt(farthest);
    } else {
      hullVolume = 0;
    }
  }

  // Sample covariance (n − 1), as the reference values require.
  const { count, intensityCount, intensitySum } = moments;
  let major = NaN;
  let minor = NaN;
  let least = NaN;
  if (count > 1) {
    [major, minor, least] = symmetricEigenvalues(...moments.covariance).map((value) =>
      Math.max(0, value),
    ) as [number, number, number];
  }
  const semiA = 2 * Math.sqrt(major);
  const semiB = 2 * Math.sqrt(minor);
  const semiC = 2 * Math.sqrt(least);
  const [gx, gy, gz] = moments.centroid;
  const [wx, wy, wz] = moments.weightedCentroid;
  const comShift = Math.hypot((gx - wx) * sx, (gy - wy) * sy, (gz - wz) * sz);
  const meanIntensity = intensityCount === 0 ? NaN : intensitySum / intensityCount;
  const { moran, geary } = spatialAutocorrelation(
    roi,
    options.autocorrelationExactLimit ?? DEFAULT_AUTOCORRELATION_EXACT_LIMIT,
    { count: intensityCount, sum: intensitySum, box: moments.intensityBox },
  );
  const sphereVolumeArea = Math.cbrt(36 * Math.PI * volume * volume);

  return [
    feature('Volume (mesh)', 'RNU0', volume),
    feature('Volume (voxel counting)', 'YEKZ', count * voxelVolume),
    feature('Surface area (mesh)', 'C0JK', area),
    feature('Surface to volume ratio', '2PR5', ratio(area, volume)),
    feature('Compactness 1', 'SKGS', ratio(volume, Math.sqrt(Math.PI) * area ** 1.5)),
    feature('Compactness 2', 'BQWJ', ratio(36 * Math.PI * volume * volume, area ** 3)),
    feature('Spherical disproportion', 'KRCK', ratio(area, sphereVolumeArea)),
    feature('Sphericity', 'QCFX', ratio(sphereVolumeArea, area)),
    feature('Asphericity', '25C7', ratio(area, sphereVolumeArea) - 1),
    feature('Centre of mass shift', 'KLMA', comShift),
    feature('Maximum 3D diameter', 'L0JK', diameter),
    feature('Major axis length', 'TDIC', 4 * Math.sqrt(major)),
    feature('Minor axis length', 'P9VJ', 4 * Math.sqrt(minor)),
    feature('Least axis length', '7J51', 4 * Math.sqrt(least)),
    feature('Elongation', 'Q3CK', Math.sqrt(ratio(minor, major))),
    feature('Flatness', 'N17B', Math.sqrt(ratio(least, major))),
    feature('Volume density (axis-aligned bounding box)', 'PBX1', ratio(volume, aabbVolume)),
    feature('Area density (axis-aligned bounding box)', 'R59B', ratio(area, aabbArea)),
    feature(
      'Volume density (approximate enclosing ellipsoid)',
      '6BDE',
      ratio(3 * volume, 4 * Math.PI * semiA * semiB * semiC),
    ),
    feature(
      'Area density (approximate enclosing ellipsoid)',
      'RDD2',
      ratio(area, ellipsoidSurfaceArea(semiA, semiB, semiC)),
    ),
    feature('Volume density (convex hull)', 'R3ER', ratio(volume, hullVolume)),
    feature('Area density (convex hull)', '7T7F', ratio(area, hullArea)),
    feature('Integrated intensity', '99N0', volume * meanIntensity),
    feature('Moran’s I index', 'N365', moran),
    feature('Geary’s C measure', 'NPT7', geary),
  ];
}
