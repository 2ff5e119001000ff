/**
 * A small seeded pseudo-random generator (sfc32, seeded through cyrb128 of the seed's text), so
 * that a cohort is the same bytes for the same seed on every machine and Node version.
 * Not for cryptography.
 */
export interface Random {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform integer on [min, max], both included. */
  int(min: number, max: number): number;
  /** Uniform on [min, max). */
  uniform(min: number, max: number): number;
  /** Normal(mean, sd) by the Box–Muller transform. */
  normal(mean?: number, sd?: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** 128 random bits as an unsigned bigint (for DICOM UIDs). */
  bits128(): bigint;
  /** An independent generator for a named sub-stream (a patient), stable whatever else is drawn. */
  fork(label: string): Random;
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/**
 * @example const random = createRandom('cohort-42'); random.int(1, 6);
 */
export function createRandom(seed: number | string): Random {
  const seedText = String(seed);
  let [a, b, c, d] = cyrb128(seedText);
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes its state over the first few rounds.
  for (let i = 0; i < 15; i++) nextUint32();
  const random: Random = {
    next: () => nextUint32() / 4294967296,
    int: (min, max) => {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min)
        throw new RangeError(`int(${min}, ${max})`);
      return min + Math.floor(random.next() * (max - min + 1));
    },
    uniform: (min, max) => min + random.next() * (max - min),
    normal: (mean = 0, sd = 1) => {
      // 1 - u keeps the logarithm's argument in (0, 1].
      const u = 1 - random.next();
      const v = random.next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    chance: (p) => random.next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(random.next() * items.length)] as T;
    },
    bits128: () => {
      let value = 0n;
      for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt(nextUint32());
      return value;
    },
    fork: (label) => createRandom(`${seedText}/${label}`),
  };
  return random;
}
