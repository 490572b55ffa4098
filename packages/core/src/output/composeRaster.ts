import { CutoutError } from '../CutoutError';
import {
  computeLayout,
  measureSubject,
  type OutputLayout,
  type SubjectInfo,
  shadowAlpha,
  shadowBounds,
} from './outputLayout';
import type { ResolvedOutput } from './outputOptions';
import { resampleRows } from './resampleRows';

/** Straight RGBA pixels, 4 bytes a pixel, row-major: sharp's `raw()` and `getImageData`. */
export interface RasterImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

export interface ComposedRaster {
  /** Straight RGBA, or one byte a pixel when `channels` is 1 (the matte). */
  data: Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 4;
  layout: OutputLayout;
}

export interface ComposeRasterOptions {
  /** The decoded `bg_image_url` (cover-fitted behind the subject). */
  background?: RasterImage;
  /**
   * Memory to compose into (its first width × height × 4 bytes are used when it is big
   * enough): fresh pages cost ~3–4 ms per MB on small VMs, a 2000² canvas is 16 MB, so a
   * caller that composes often hands the same buffer back once it is done with a result.
   */
  scratch?: ArrayBuffer;
  /** Skips the alpha scan when the caller measured already (the preview re-composes often). */
  subject?: SubjectInfo;
}

/**
 * The whole composition on pixels, in plain TypeScript: the server runs it between sharp's
 * decode and encode, the browser preview between a canvas decode and a canvas draw, so
 * preview and download are the same numbers. Order: background colour, background image
 * (cover), contact shadow, subject (premultiplied "over", so the subject's own opaque
 * pixels are never touched by the shadow).
 */
export function composeRaster(
  cutout: RasterImage,
  output: ResolvedOutput,
  options: ComposeRasterOptions = {},
): ComposedRaster {
  const { data, width, height } = cutout;
  if (data.length !== width * height * 4) {
    throw new CutoutError(
      'input',
      'composeRaster: pixels must be RGBA, width × height × 4 bytes.',
      {
        reason: 'bad-dimensions',
      },
    );
  }
  const needsBox = output.crop || (output.shadow && output.channels === 'rgba');
  const subject =
    options.subject ??
    (needsBox
      ? measureSubject(data, width, height)
      : { width, height, box: undefined, base: undefined });
  const layout = computeLayout(output, subject);
  const { width: cw, height: ch } = layout;

  if (output.channels === 'alpha') {
    const matte = new Uint8ClampedArray(cw * ch);
    forEachTargetRow(cutout, layout, (y, row, x0, x1, offset) => {
      let o = y * cw + x0;
      for (let x = x0; x < x1; x++, o++) matte[o] = row[(x - offset) * 4 + 3]!;
    });
    return { data: matte, width: cw, height: ch, channels: 1, layout };
  }

  const size = cw * ch * 4;
  const reuse = options.scratch && options.scratch.byteLength >= size;
  const canvas = reuse
    ? new Uint8ClampedArray(options.scratch!, 0, size)
    : new Uint8ClampedArray(size);
  const [br, bg, bb, ba] = output.background;
  if (ba > 0 || reuse) {
    // One 32-bit word a pixel, in the platform's byte order.
    const word = new Uint8Array([br, bg, bb, ba]);
    new Uint32Array(canvas.buffer, 0, cw * ch).fill(new Uint32Array(word.buffer)[0]!);
  }
  if (options.background) {
    const bgImage = options.background;
    // Cover: the largest centred part of the image with the canvas's aspect.
    const scale = Math.max(cw / bgImage.width, ch / bgImage.height);
    const rw = cw / scale;
    const rh = ch / scale;
    const region = {
      x: (bgImage.width - rw) / 2,
      y: (bgImage.height - rh) / 2,
      width: rw,
      height: rh,
    };
    resampleRows(bgImage.data, bgImage.width, bgImage.height, region, cw, ch, (y, row) => {
      overRow(canvas, y * cw * 4, row, 0, cw);
    });
  }
  if (layout.shadow) {
    const s = layout.shadow;
    const b = shadowBounds(s, cw, ch);
    if (b) {
      for (let y = b.y; y < b.y + b.height; y++) {
        for (let x = b.x; x < b.x + b.width; x++) {
          const a = shadowAlpha(s, x, y) * 255;
          if (a > 0) overPixel(canvas, (y * cw + x) * 4, 0, 0, 0, a);
        }
      }
    }
  }
  forEachTargetRow(cutout, layout, (y, row, x0, x1, offset) => {
    overRow(canvas, (y * cw + x0) * 4, row, x0 - offset, x1 - offset);
  });
  return { data: canvas, width: cw, height: ch, channels: 4, layout };
}

/** Resamples the source box into the target box, clipped to the canvas, row by row. */
function forEachTargetRow(
  cutout: RasterImage,
  layout: OutputLayout,
  onRow: (canvasY: number, row: Float32Array, x0: number, x1: number, rowOffset: number) => void,
) {
  const { source, target, width: cw, height: ch } = layout;
  const x0 = Math.max(0, target.x);
  const x1 = Math.min(cw, target.x + target.width);
  if (x1 <= x0) return;
  if (source.width === target.width && source.height === target.height) {
    // 1:1 (crop, trimmed, margins only): premultiply straight from the bytes, the same
    // numbers the filter gives with one tap of weight 1, without its loop.
    const { data, width } = cutout;
    const row = new Float32Array(target.width * 4);
    for (let ty = 0; ty < target.height; ty++) {
      const y = target.y + ty;
      if (y < 0 || y >= ch) continue;
      const base = ((source.y + ty) * width + source.x) * 4;
      for (let i = 0, n = target.width * 4; i < n; i += 4) {
        const a = data[base + i + 3]!;
        row[i] = (a * data[base + i]!) / 255;
        row[i + 1] = (a * data[base + i + 1]!) / 255;
        row[i + 2] = (a * data[base + i + 2]!) / 255;
        row[i + 3] = a;
      }
      onRow(y, row, x0, x1, target.x);
    }
    return;
  }
  resampleRows(
    cutout.data,
    cutout.width,
    cutout.height,
    source,
    target.width,
    target.height,
    (ty, row) => {
      const y = target.y + ty;
      if (y >= 0 && y < ch) onRow(y, row, x0, x1, target.x);
    },
  );
}

/** Premultiplied source pixels `from..to` of `row` over the straight canvas from `at`. */
function overRow(
  canvas: Uint8ClampedArray,
  at: number,
  row: Float32Array,
  from: number,
  to: number,
) {
  for (let x = from, o = at; x < to; x++, o += 4) {
    const i = x * 4;
    const pa = row[i + 3]!;
    if (pa <= 0) continue;
    if (pa >= 255) {
      // Opaque: the pixel replaces what is below (most of a subject's pixels).
      canvas[o] = row[i]!;
      canvas[o + 1] = row[i + 1]!;
      canvas[o + 2] = row[i + 2]!;
      canvas[o + 3] = 255;
      continue;
    }
    overPixel(canvas, o, row[i]!, row[i + 1]!, row[i + 2]!, pa);
  }
}

/** Porter-Duff "over": premultiplied (r, g, b, a on 0..255) onto a straight canvas pixel. */
function overPixel(
  canvas: Uint8ClampedArray,
  o: number,
  r: number,
  g: number,
  b: number,
  a: number,
) {
  const keep = 1 - a / 255;
  const ca = canvas[o + 3]!;
  if (ca === 255) {
    canvas[o] = r + canvas[o]! * keep;
    canvas[o + 1] = g + canvas[o + 1]! * keep;
    canvas[o + 2] = b + canvas[o + 2]! * keep;
    return;
  }
  const below = (ca / 255) * keep;
  const outA = a + ca * keep;
  const k = 255 / outA;
  canvas[o] = (r + canvas[o]! * below) * k;
  canvas[o + 1] = (g + canvas[o + 1]! * below) * k;
  canvas[o + 2] = (b + canvas[o + 2]! * below) * k;
  canvas[o + 3] = outA;
}
