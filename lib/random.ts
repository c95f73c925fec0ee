/**
 * Seeded pseudo-random numbers that are identical on every machine and JavaScript engine: the generator uses
 * only 32-bit integer arithmetic (`Math.imul`, shifts), never `Math.random`, so a seed written in a race or a
 * weight file reproduces the same series, initial weights and batch order anywhere.
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, passes PractRand) seeded through
 * splitmix32, so that nearby seeds (0, 1, 2, …) give unrelated streams.
 */

export interface Rng {
  /** Uniform on [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Uniform on [0, 2^32). */
  nextUint32(): number;
  /** Uniform on [low, high). */
  uniform(low: number, high: number): number;
  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
}

const TWO_POW_32 = 4294967296;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function assertSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_POW_32) {
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
}

export function createRng(seed: number): Rng {
  assertSeed(seed);
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs: sfc32's authors recommend it so the state is fully mixed.
  for (let i = 0; i < 12; i++) nextUint32();
  const next = () => nextUint32() / TWO_POW_32;
  return {
    next,
    nextUint32,
    uniform: (low, high) => low + (high - low) * next(),
    normal: () => {
      // One deviate per call (the second Box–Muller deviate is dropped), so the stream position depends only on
      // how many numbers were drawn. 1 - next() is in (0, 1], so the logarithm is finite.
      const u1 = 1 - next();
      const u2 = next();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    int: (n) => {
      if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) throw new RangeError(`int(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
      // Rejection sampling removes the modulo bias of `x % n`.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
  };
}

/**
 * An independent seed for a named purpose ("init", "shuffle", …), so that changing how many numbers one purpose
 * draws never shifts another purpose's stream.
 */
export function deriveSeed(seed: number, purpose: string): number {
  assertSeed(seed);
  // FNV-1a over the purpose, then mixed with the seed through splitmix32.
  let h = 0x811c9dc5;
  for (let i = 0; i < purpose.length; i++) {
    h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  }
  return splitmix32((seed ^ h) >>> 0)();
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
