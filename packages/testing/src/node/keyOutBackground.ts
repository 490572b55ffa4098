import sharp from 'sharp';
import { borderColour, borderSpread } from './borderColour';

export interface KeyedCutout {
  png: Buffer;
  width: number;
  height: number;
}

export interface KeyOptions {
  /** Refuse images with more pixels than this (sharp's decoder guard). Default 100 MP. */
  maxPixels?: number;
  /** zlib level of the PNG: low by default, the fake has to keep up with 200-image runs. */
  compressionLevel?: number;
  /**
   * Key out a copy shrunk to at most this many pixels (the cutout comes at that size). For
   * load tests: the real service does its work on its own machines, so the fake's work on
   * full-size photos must not starve the proxy under test of the same CPU. Default: none.
   */
  maxWorkPixels?: number;
}

/** How deep (px) into the subject its edge band reaches; the window for local colours. */
const BAND = 2;
const WINDOW = 3;

/**
 * A cheap, real cutout. Keys out the dominant border colour (tolerance from the border's own
 * spread, so grain and lit backdrops key out too); then, in a thin band along the edge,
 * computes true partial alpha by projecting each pixel between the local background and the
 * local subject colour, and gives it the subject's colour (decontamination: no background
 * bleeding into edge pixels, as the upstream promises). A few linear passes, no segmentation
 * model: fast enough for the fake to answer hundreds of calls, real enough that edge
 * analysis and compositing downstream see genuine semi-transparent edges.
 */
export async function keyOutBackground(
  input: Uint8Array,
  options: KeyOptions = {},
): Promise<KeyedCutout> {
  let image = sharp(input, { limitInputPixels: options.maxPixels ?? 100_000_000 });
  if (options.maxWorkPixels) {
    const { width = 0, height = 0 } = await image.metadata();
    const scale = Math.sqrt(options.maxWorkPixels / Math.max(1, width * height));
    if (scale < 1) {
      image = image.resize(
        Math.max(1, Math.floor(width * scale)),
        Math.max(1, Math.floor(height * scale)),
      );
    }
  }
  const { data: rgb, info } = await image
    // Existing transparency counts as white, as the contract asks callers to flatten.
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const n = width * height;
  const bg = borderColour(rgb, width, height);
  const near = Math.min(96, Math.max(24, borderSpread(rgb, width, height, bg) + 10));

  // 1 where the pixel is background by colour.
  const isBg = new Uint8Array(n);
  for (let p = 0, i = 0; p < n; p++, i += 3) {
    const dr = rgb[i]! - bg[0];
    const dg = rgb[i + 1]! - bg[1];
    const db = rgb[i + 2]! - bg[2];
    if (dr * dr + dg * dg + db * db <= near * near) isBg[p] = 1;
  }
  const nearBg = dilate(isBg, width, height, BAND);

  const out = Buffer.alloc(n * 4); // transparent black by default
  for (let p = 0, i = 0, o = 0; p < n; p++, i += 3, o += 4) {
    if (isBg[p]) continue;
    if (!nearBg[p]) {
      out[o] = rgb[i]!;
      out[o + 1] = rgb[i + 1]!;
      out[o + 2] = rgb[i + 2]!;
      out[o + 3] = 255;
      continue;
    }
    edgePixel(rgb, isBg, nearBg, width, height, p, out, o);
  }
  const png = await sharp(out, { raw: { width, height, channels: 4 } })
    .png({ compressionLevel: options.compressionLevel ?? 2, adaptiveFiltering: false })
    .toBuffer();
  return { png, width, height };
}

/**
 * An edge pixel is a mix C = a·F + (1 − a)·B of the subject colour F and the background B
 * around it: take both as local means (interior subject pixels, background pixels within the
 * window), project C onto the B→F segment for a, and store F as the colour.
 */
function edgePixel(
  rgb: Uint8Array,
  isBg: Uint8Array,
  nearBg: Uint8Array,
  width: number,
  height: number,
  p: number,
  out: Buffer,
  o: number,
): void {
  const x0 = p % width;
  const y0 = (p - x0) / width;
  let fr = 0;
  let fg = 0;
  let fb = 0;
  let fn = 0;
  let br = 0;
  let bgc = 0;
  let bb = 0;
  let bn = 0;
  for (let y = Math.max(0, y0 - WINDOW); y <= Math.min(height - 1, y0 + WINDOW); y++) {
    for (let x = Math.max(0, x0 - WINDOW); x <= Math.min(width - 1, x0 + WINDOW); x++) {
      const q = y * width + x;
      const j = q * 3;
      if (isBg[q]) {
        br += rgb[j]!;
        bgc += rgb[j + 1]!;
        bb += rgb[j + 2]!;
        bn++;
      } else if (!nearBg[q]) {
        fr += rgb[j]!;
        fg += rgb[j + 1]!;
        fb += rgb[j + 2]!;
        fn++;
      }
    }
  }
  const i = p * 3;
  const cr = rgb[i]!;
  const cg = rgb[i + 1]!;
  const cb = rgb[i + 2]!;
  if (fn === 0) {
    // A thin part with no interior nearby (a strap, a stem): keep it, as the photo shows it.
    fr = cr;
    fg = cg;
    fb = cb;
  } else {
    fr /= fn;
    fg /= fn;
    fb /= fn;
  }
  let alpha = 1;
  if (bn > 0) {
    br /= bn;
    bgc /= bn;
    bb /= bn;
    const vr = fr - br;
    const vg = fg - bgc;
    const vb = fb - bb;
    const len2 = vr * vr + vg * vg + vb * vb;
    if (len2 > 64) {
      alpha = ((cr - br) * vr + (cg - bgc) * vg + (cb - bb) * vb) / len2;
      alpha = Math.min(1, Math.max(0, alpha));
    }
  }
  const a = Math.round(alpha * 255);
  if (a === 0) return;
  out[o] = Math.round(fr);
  out[o + 1] = Math.round(fg);
  out[o + 2] = Math.round(fb);
  out[o + 3] = a;
}

/** Binary dilation by a (2r+1)² square, as two separable passes. */
function dilate(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const rows = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let last = Number.NEGATIVE_INFINITY; // last x with mask set
    for (let x = 0; x < width + r; x++) {
      if (x < width && mask[row + x]) last = x;
      const target = x - r;
      if (target >= 0 && target - last <= r) rows[row + target] = 1;
    }
    last = Number.POSITIVE_INFINITY;
    for (let x = width - 1; x >= -r; x--) {
      if (x >= 0 && mask[row + x]) last = x;
      const target = x + r;
      if (target < width && last - target <= r) rows[row + target] = 1;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let x = 0; x < width; x++) {
    let last = Number.NEGATIVE_INFINITY;
    for (let y = 0; y < height + r; y++) {
      if (y < height && rows[y * width + x]) last = y;
      const target = y - r;
      if (target >= 0 && target - last <= r) out[target * width + x] = 1;
    }
    last = Number.POSITIVE_INFINITY;
    for (let y = height - 1; y >= -r; y--) {
      if (y >= 0 && rows[y * width + x]) last = y;
      const target = y + r;
      if (target < height && last - target <= r) out[target * width + x] = 1;
    }
  }
  return out;
}
