/**
 * A fringe map (strength 0..255 per pixel) as RGBA for the inspector's overlay: a red-pink
 * tint whose opacity follows the strength, clear where the edge is clean. Built in the edge
 * worker for big images so the main thread only uploads it (a 12 MP loop is ~100 ms).
 */
export function fringeOverlay(map: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(map.length * 4);
  for (let p = 0, i = 0; p < map.length; p++, i += 4) {
    const s = map[p]!;
    if (s === 0) continue;
    out[i] = 255;
    out[i + 1] = 40;
    out[i + 2] = 90;
    out[i + 3] = 64 + ((s * 191) >> 8);
  }
  return out;
}
