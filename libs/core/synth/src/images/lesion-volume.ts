import type { Random } from '../random';

/** A 3-D volume, x fastest: voxel (x, y, z) is `data[x + nx * (y + ny * z)]`. */
export interface Volume<T extends Float32Array | Int16Array | Uint8Array> {
  readonly dims: [number, number, number];
  /** Voxel size in millimetres along x, y, z. */
  readonly spacingMm: [number, number, number];
  readonly data: T;
}

/** Voxels along x, y, z of a baseline image unless told otherwise. */
export const DEFAULT_IMAGE_DIMS: readonly [number, number, number] = [48, 48, 24];
/** Voxel size in mm of a baseline image unless told otherwise. */
export const DEFAULT_IMAGE_SPACING_MM: readonly [number, number, number] = [2, 2, 4];

export interface BaselineImageOptions {
  /** The patient's imaging marker (`PatientTruth.imagingMarker`): standardised, higher = more likely responder. */
  readonly imagingMarker: number;
  /** Voxels along x, y, z; default [48, 48, 24]. */
  readonly dims?: readonly [number, number, number];
  /** Voxel size in mm; default [2, 2, 4]. */
  readonly spacingMm?: readonly [number, number, number];
}

export interface BaselineImage {
  /** The image, in arbitrary intensity units (tissue about 300–600). */
  readonly image: Volume<Int16Array>;
  /** 1 inside the lesion, 0 elsewhere; same grid as the image. */
  readonly mask: Volume<Uint8Array>;
  /** How many voxels the mask has set. */
  readonly lesionVoxels: number;
}

/** Lesion mean intensity with the marker at 0. */
export const LESION_BASE_INTENSITY = 560;
/** Lesion mean intensity gained per unit of the marker. */
export const LESION_INTENSITY_PER_MARKER = 40;
/** SD of the patient's lesion mean intensity not explained by the marker. */
export const LESION_INTENSITY_NOISE_SD = 25;
/** Lesion texture SD (high-frequency heterogeneity) with the marker at 0. */
export const LESION_TEXTURE_SD = 35;
/** Log-scale slope of the lesion texture SD on the marker: it falls by e^-0.4 ≈ 0.67 per unit. */
export const LESION_TEXTURE_LOG_SLOPE = -0.4;
/** SD of the log texture SD not explained by the marker. */
export const LESION_TEXTURE_LOG_NOISE_SD = 0.2;
/** Scanner noise SD, everywhere. */
export const SCANNER_NOISE_SD = 8;

// Module-scope aliases: the per-voxel loop then makes no global lookups, which are slow inside
// vm contexts (Jest's sandbox) and cost nothing to avoid elsewhere.
const { cos, log, round, sin, sqrt } = Math;
const TWO_PI = 2 * Math.PI;

const TISSUE_BASE = 450;
const BACKGROUND_WAVES = 3;
const MIN_RADIUS = 4;
const MAX_RADIUS = 9;

/**
 * Synthesises a patient's baseline image and its lesion mask, where the lesion carries the
 * imaging marker: a radiomics model has real but imperfect signal.
 *
 * Model (all draws from `random`, in a fixed order, so the output is deterministic for a given
 * stream, and the same stream with another marker gives the same anatomy and noise, only with
 * the lesion's intensities changed):
 * - Background tissue: 450 plus three separable low-frequency waves (each a product of one
 *   sinusoid per axis, 0.3–1.2 cycles across the volume, random phase, amplitude 15–35), plus
 *   scanner noise N(0, 8) in every voxel: values about 300–600, independent of the marker.
 * - Lesion: an axis-aligned ellipsoid with in-plane radii uniform on 4–9 voxels and an axial
 *   radius of similar physical size (mean in-plane radius in mm ± 25 %, at least 1.5 voxels),
 *   centred at random so that it lies fully inside the volume with at least one voxel to spare.
 *   Inside it the background is replaced by
 *   `μ + τ·ε + N(0, 8)`, with ε ~ N(0, 1) per voxel (high-frequency texture),
 *   `μ = 560 + 40·marker + N(0, 25)` (the mean rises with the marker), and
 *   `τ = 35·exp(−0.4·marker + N(0, 0.2))` (heterogeneity falls with the marker).
 * - Values are rounded and clamped to int16; the mask is 1 exactly where the ellipsoid
 *   `((x−cx)/rx)² + ((y−cy)/ry)² + ((z−cz)/rz)² ≤ 1` holds at the voxel centre.
 *
 * @throws {RangeError} for a marker that is not finite, spacing that is not positive, or
 *   dimensions too small to hold the largest lesion (at least 21 × 21 × 6 voxels).
 */
export function synthesizeBaselineImage(random: Random, options: BaselineImageOptions): BaselineImage {
  const { imagingMarker } = options;
  if (!Number.isFinite(imagingMarker))
    throw new RangeError(`imagingMarker must be finite, got ${imagingMarker}`);
  const dims: [number, number, number] = [...(options.dims ?? DEFAULT_IMAGE_DIMS)];
  const spacingMm: [number, number, number] = [...(options.spacingMm ?? DEFAULT_IMAGE_SPACING_MM)];
  const [nx, ny, nz] = dims;
  if (!dims.every((n) => Number.isInteger(n)) || nx < 2 * MAX_RADIUS + 3 || ny < 2 * MAX_RADIUS + 3 || nz < 6)
    throw new RangeError(`dims must be integers of at least [21, 21, 6], got [${dims.join(', ')}]`);
  if (!spacingMm.every((s) => Number.isFinite(s) && s > 0))
    throw new RangeError(`spacingMm must be positive, got [${spacingMm.join(', ')}]`);
  const [sx, sy, sz] = spacingMm;

  // Lesion geometry.
  const rx = random.uniform(MIN_RADIUS, MAX_RADIUS);
  const ry = random.uniform(MIN_RADIUS, MAX_RADIUS);
  const inPlaneMm = (rx * sx + ry * sy) / 2;
  const rz = clamp((inPlaneMm * random.uniform(0.75, 1.25)) / sz, 1.5, (nz - 3) / 2);
  const cx = random.uniform(rx + 1, nx - 2 - rx);
  const cy = random.uniform(ry + 1, ny - 2 - ry);
  const cz = random.uniform(rz + 1, nz - 2 - rz);

  // The lesion's intensity model.
  const lesionMean =
    LESION_BASE_INTENSITY +
    LESION_INTENSITY_PER_MARKER * imagingMarker +
    random.normal(0, LESION_INTENSITY_NOISE_SD);
  const textureSd =
    LESION_TEXTURE_SD *
    Math.exp(LESION_TEXTURE_LOG_SLOPE * imagingMarker + random.normal(0, LESION_TEXTURE_LOG_NOISE_SD));

  // Background: separable waves, tabulated per axis.
  const waves: Wave[] = Array.from({ length: BACKGROUND_WAVES }, () => ({
    amplitude: random.uniform(15, 35),
    x: axisWave(random, nx),
    y: axisWave(random, ny),
    z: axisWave(random, nz),
  }));

  const voxels = nx * ny * nz;
  const image = new Int16Array(voxels);
  const mask = new Uint8Array(voxels);
  const gaussian = standardNormals(random);
  const rowWeights = new Float64Array(BACKGROUND_WAVES);
  let lesionVoxels = 0;
  for (let z = 0; z < nz; z++) {
    const dz = (z - cz) / rz;
    for (let y = 0; y < ny; y++) {
      const dy = (y - cy) / ry;
      waves.forEach(
        (wave, k) => (rowWeights[k] = wave.amplitude * (wave.y[y] as number) * (wave.z[z] as number)),
      );
      for (let x = 0; x < nx; x++) {
        const index = x + nx * (y + ny * z);
        const dx = (x - cx) / rx;
        let value: number;
        if (dx * dx + dy * dy + dz * dz <= 1) {
          mask[index] = 1;
          lesionVoxels++;
          value = lesionMean + textureSd * gaussian();
        } else {
          value = TISSUE_BASE;
          for (let k = 0; k < BACKGROUND_WAVES; k++)
            value += (rowWeights[k] as number) * ((waves[k] as Wave).x[x] as number);
        }
        value += SCANNER_NOISE_SD * gaussian();
        image[index] = clamp(round(value), -32768, 32767);
      }
    }
  }
  return {
    image: { dims: [...dims], spacingMm: [...spacingMm], data: image },
    mask: { dims: [...dims], spacingMm: [...spacingMm], data: mask },
    lesionVoxels,
  };
}

interface Wave {
  readonly amplitude: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
}

/**
 * Standard normal draws from `random`, two per pair of uniforms (Box–Muller, both the cosine and
 * the sine branch): half the cost of `random.normal()` for the per-voxel noise.
 */
function standardNormals(random: Random): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const radius = sqrt(-2 * log(1 - random.next()));
    const angle = TWO_PI * random.next();
    spare = radius * sin(angle);
    hasSpare = true;
    return radius * cos(angle);
  };
}

/** One axis's factor of a background wave: a sinusoid of 0.3–1.2 cycles across `n` voxels. */
function axisWave(random: Random, n: number): Float64Array {
  const cycles = random.uniform(0.3, 1.2);
  const phase = random.uniform(0, 2 * Math.PI);
  return Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * cycles * i) / n + phase));
}

function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? hi : value;
}
