/**
 * Typed arrays for one image, reused by the next one.
 *
 * Why: a fresh multi-megabyte typed array is fresh pages from the kernel, and first-touching
 * them costs ~3–4 ms per MB on the VMs we measure on (a 12 MP image's alpha and RGBA planes are
 * 48 MB each: ~180 ms apiece, more than the arithmetic done on them). The engine keeps one
 * `Scratch` per queue slot; every image asks for the same sequence of arrays, so the k-th
 * request gets the k-th buffer again, grown only when an image is bigger than any before.
 *
 * Arrays handed out are NOT zeroed: callers write every element before reading it (or
 * `fill(0)` themselves). `FRESH` allocates new zeroed arrays each time (tests, one-off calls,
 * and the engine's low-memory mode, which must not hold buffers between images).
 */
export interface Scratch {
  floats(length: number): Float32Array;
  bytes(length: number): Uint8Array;
}

export const FRESH: Scratch = {
  floats: (length) => new Float32Array(length),
  bytes: (length) => new Uint8Array(length),
};

export interface ReusableScratch extends Scratch {
  /** Starts the next image: the arrays handed out so far may be handed out again. */
  reset(): void;
  /** Bytes held between images. */
  readonly retainedBytes: number;
}

export function createScratch(): ReusableScratch {
  const floats: Float32Array[] = [];
  const bytes: Uint8Array[] = [];
  let nextFloat = 0;
  let nextByte = 0;
  // Growing by a quarter more than asked means images of slightly varying size (a catalog's
  // usual mix) settle after a few instead of reallocating on every new maximum.
  const grow = (length: number) => Math.ceil(length * 1.25);
  return {
    floats(length) {
      const i = nextFloat++;
      let buffer = floats[i];
      if (!buffer || buffer.length < length) floats[i] = buffer = new Float32Array(grow(length));
      return buffer.subarray(0, length);
    },
    bytes(length) {
      const i = nextByte++;
      let buffer = bytes[i];
      if (!buffer || buffer.length < length) bytes[i] = buffer = new Uint8Array(grow(length));
      return buffer.subarray(0, length);
    },
    reset() {
      nextFloat = 0;
      nextByte = 0;
    },
    get retainedBytes() {
      let total = 0;
      for (const b of floats) total += b.byteLength;
      for (const b of bytes) total += b.byteLength;
      return total;
    },
  };
}
