/**
 * Rim brightening (0..255, see core's `rimMap`) from which a pixel is drawn: a quarter of the
 * default `rimContrastThreshold` (0.06 → 15), so the pixels that make up a flagged bright rim
 * show, and faint texture does not.
 */
export const RIM_OVERLAY_MIN = 4;

/**
 * The fringe and rim maps as RGBA for the inspector's overlay: a red-pink tint for the halo's
 * fringe and an amber one for a bright rim (both reasons of "needs review", so the overlay
 * never shows nothing while the notice says "edges look brighter", issue 15 §9); opacity
 * follows the strength, clear where the edge is clean. Built in the edge worker for big images
 * so the main thread only uploads it (a 12 MP loop is ~100 ms).
 */
export function fringeOverlay(
  map: Uint8Array,
  rimMap?: Uint8Array,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(map.length * 4);
  for (let p = 0, i = 0; p < map.length; p++, i += 4) {
    const s = map[p]!;
    if (s !== 0) {
      out[i] = 255;
      out[i + 1] = 40;
      out[i + 2] = 90;
      out[i + 3] = 64 + ((s * 191) >> 8);
      continue;
    }
    const r = rimMap ? rimMap[p]! : 0;
    if (r < RIM_OVERLAY_MIN) continue;
    out[i] = 255;
    out[i + 1] = 176;
    out[i + 2] = 0;
    out[i + 3] = 96 + Math.min(159, r * 4);
  }
  return out;
}
