/**
 * Halves straight-alpha RGBA pixels (`width × height`) into `out` (`⌈width/2⌉ × ⌈height/2⌉
 * × 4`): each output pixel is the alpha-weighted mean of its 2×2 block (premultiplied
 * averaging, so the colour of transparent pixels does not bleed into the edge); a block cut
 * by an odd border counts only the pixels it has; the clamped array rounds to nearest. The
 * editor's zoomed-out levels are built with it, one dirty rectangle at a time.
 *
 * Not core's `downsampleRgba` (edge analysis): that one allocates its outputs and also makes
 * a second, Σa²/Σa-alpha image on every call; here it runs on each brush move into reused
 * buffers, so it writes into `out` and does only the 2×2 mean.
 */
export function downsampleHalf(
  src: Uint8ClampedArray,
  width: number,
  height: number,
  out: Uint8ClampedArray,
): void {
  const ow = (width + 1) >> 1;
  const oh = (height + 1) >> 1;
  let o = 0;
  for (let y = 0; y < oh; y++) {
    const y0 = y * 2;
    const rows = y0 + 1 < height ? 2 : 1;
    for (let x = 0; x < ow; x++, o += 4) {
      const x0 = x * 2;
      const cols = x0 + 1 < width ? 2 : 1;
      let a = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < rows; dy++) {
        let i = ((y0 + dy) * width + x0) * 4;
        for (let dx = 0; dx < cols; dx++, i += 4) {
          const w = src[i + 3]!;
          a += w;
          r += src[i]! * w;
          g += src[i + 1]! * w;
          b += src[i + 2]! * w;
        }
      }
      if (a === 0) {
        out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
        continue;
      }
      out[o] = r / a;
      out[o + 1] = g / a;
      out[o + 2] = b / a;
      out[o + 3] = a / (rows * cols);
    }
  }
}
