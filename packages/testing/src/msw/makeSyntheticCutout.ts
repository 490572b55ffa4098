import { encodePng } from './encodePng';

export interface SyntheticCutoutOptions {
  width: number;
  height: number;
  /** Subject colour as [r, g, b]. Default a brick red. */
  color?: [number, number, number];
}

/**
 * What the MSW handlers return instead of a real cutout (no sharp in a browser): an RGBA PNG
 * of the input's size with a transparent background and a soft-edged, shaded product-like
 * shape (a rounded "bottle" body), so previews, compositing and edge inspection all see real
 * alpha, including semi-transparent edge pixels.
 */
export async function makeSyntheticCutout(
  options: SyntheticCutoutOptions,
): Promise<Uint8Array<ArrayBuffer>> {
  return encodePng(syntheticCutoutPixels(options), options.width, options.height);
}

/** The pixels of `makeSyntheticCutout` (straight RGBA), for tests that compose them. */
export function syntheticCutoutPixels(options: SyntheticCutoutOptions): Uint8Array<ArrayBuffer> {
  const { width, height } = options;
  if (!(width >= 1 && height >= 1 && Number.isInteger(width) && Number.isInteger(height))) {
    throw new RangeError('makeSyntheticCutout needs positive integer width and height');
  }
  const [cr, cg, cb] = options.color ?? [196, 58, 44];
  const rgba = new Uint8Array(width * height * 4);
  const cx = width / 2;
  const cy = height / 2;
  // A superellipse (squircle) reads as a product box or bottle rather than a plain ellipse.
  const rx = width * 0.3;
  const ry = height * 0.38;
  const soft = Math.max(1.5, Math.min(width, height) / 250); // edge ramp in pixels
  const top = Math.max(0, Math.floor(cy - ry - soft * 2));
  const bottom = Math.min(height, Math.ceil(cy + ry + soft * 2));
  const scale = Math.min(rx, ry);
  for (let y = top; y < bottom; y++) {
    const ny = (y + 0.5 - cy) / ry;
    const ny4 = ny * ny * ny * ny;
    for (let x = 0; x < width; x++) {
      const nx = (x + 0.5 - cx) / rx;
      const d = Math.sqrt(Math.sqrt(nx * nx * nx * nx + ny4)); // 1 on the outline
      const outside = (d - 1) * scale; // ≈ pixels beyond the outline
      const alpha = outside <= -soft ? 1 : outside >= soft ? 0 : 0.5 - outside / (2 * soft);
      if (alpha <= 0) continue;
      // Light from the top left, a darker base: self-shading the cutout must keep.
      const light = 1.15 - 0.35 * (nx * 0.5 + ny * 0.5 + 0.5);
      const o = (y * width + x) * 4;
      rgba[o] = Math.min(255, cr * light);
      rgba[o + 1] = Math.min(255, cg * light);
      rgba[o + 2] = Math.min(255, cb * light);
      rgba[o + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}
