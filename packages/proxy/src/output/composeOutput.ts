import {
  composeRaster,
  computeLayout,
  measureSubject,
  outputContentType,
  type RasterImage,
  type ResolvedOutput,
  type SubjectInfo,
} from '@cutout/core/output';
import { outputTooLarge } from './outputTooLarge';

export interface ComposedOutput {
  bytes: Uint8Array;
  contentType: string;
  width: number;
  height: number;
}

export interface ComposeOutputOptions {
  /** The `bg_image_url` bytes, already fetched (SSRF-guarded) and sniffed. */
  backgroundImage?: Uint8Array;
  /** Refuse canvases above this many pixels (the proxy's `maxPixels`). */
  maxPixels?: number;
}

type Sharp = typeof import('sharp').default;

/**
 * One canvas buffer kept between compositions (up to 32 MB, a 2828² canvas): first-touching
 * fresh memory costs ~3–4 ms per MB on small VMs, i.e. ~60 ms for a 2000² canvas. Taken
 * while in use, so concurrent compositions never share it.
 */
const SPARE_MAX_BYTES = 32 * 1024 * 1024;
let spare: ArrayBuffer | undefined;
let sharpModule: Promise<Sharp> | undefined;

/** sharp is loaded on the first composition: plain cutouts and edge runtimes never pay for it. */
function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then((m) => m.default);
  return sharpModule;
}

/**
 * Raw pixels from the engine (`EnginePixels`), read in place: `release` is called as soon
 * as the composition has read them, before the encode.
 */
export interface CutoutPixels extends RasterImage {
  release?(): void;
}

/**
 * The server half of the output composition: sharp decodes the engine's PNG (and the
 * background image, EXIF-rotated) to raw RGBA — or the local engine hands its pixels over
 * and there is nothing to decode —, `@cutout/core/output` composes it — the very code the
 * browser preview runs — and sharp encodes the result. The pixel maths is not libvips's on
 * purpose: one implementation on both sides is what keeps preview = download.
 */
export async function composeOutput(
  input: Uint8Array | CutoutPixels,
  output: ResolvedOutput,
  options: ComposeOutputOptions = {},
): Promise<ComposedOutput> {
  let pending = !(input instanceof Uint8Array) && input.release !== undefined;
  const release = () => {
    if (pending) (input as CutoutPixels).release!();
    pending = false;
  };
  try {
    return await compose(input, output, options, release);
  } finally {
    release();
  }
}

async function compose(
  input: Uint8Array | CutoutPixels,
  output: ResolvedOutput,
  options: ComposeOutputOptions,
  release: () => void,
): Promise<ComposedOutput> {
  const sharp = await loadSharp();
  const { cutout, subject } =
    input instanceof Uint8Array ? await decodeCutout(sharp, input, output) : { cutout: input };
  let background: RasterImage | undefined;
  if (options.backgroundImage) {
    background = await decodeRgba(sharp, options.backgroundImage, true);
  }
  if (options.maxPixels !== undefined) {
    const needsBox = output.crop || output.shadow;
    // Cheap: the canvas size needs at most the alpha box, not the composition.
    const layout = needsBox
      ? undefined
      : computeLayout(output, { ...cutout, box: undefined, base: undefined });
    if (layout && layout.width * layout.height > options.maxPixels) {
      throw outputTooLarge(layout.width, layout.height, options.maxPixels);
    }
  }
  const scratch = spare;
  spare = undefined;
  const composed = composeRaster(cutout, output, {
    ...(background ? { background } : {}),
    ...(scratch ? { scratch } : {}),
    ...(subject ? { subject } : {}),
  });
  // Read: the engine may reuse its memory while the result is encoded.
  release();
  const { width, height, channels } = composed;
  const used = composed.data.buffer as ArrayBuffer;
  const keep = channels === 4 && used.byteLength <= SPARE_MAX_BYTES ? used : scratch;
  if (options.maxPixels !== undefined && width * height > options.maxPixels) {
    throw outputTooLarge(width, height, options.maxPixels);
  }
  let pipeline = sharp(composed.data, { raw: { width, height, channels } });
  // A matte stays one channel (sharp would otherwise widen it to sRGB on output).
  if (channels === 1) pipeline = pipeline.toColourspace('b-w');
  // Settings measured on a rendered 12 MP cutout (test/bench/README.md, "Output composition").
  if (output.format === 'jpeg') {
    // 4:4:4 keeps coloured edges clean on white; quality 90 is the marketplaces' usual ask.
    // The canvas is opaque: dropping its alpha first saves libvips a flatten (same bytes),
    // and standard Huffman tables instead of optimised ones halve the rest for ~15 % more
    // bytes (a 2000² amazon JPEG: 87 → 21 ms, 276 → 317 kB).
    pipeline = pipeline
      .removeAlpha()
      .jpeg({ quality: 90, chromaSubsampling: '4:4:4', optimiseCoding: false });
  } else if (output.format === 'webp') {
    // Effort 2 instead of 4: the same bytes in ~60 % of the time on a real cutout.
    pipeline = pipeline.webp({ quality: 90, alphaQuality: 100, effort: 2 });
  } else {
    // zlib level 2 (its fast strategy), no adaptive filtering: ~15 % faster than level 4 for
    // ~3 % more bytes; adaptive filtering would cost 3–4× the time.
    pipeline = pipeline.png({ compressionLevel: 2, adaptiveFiltering: false });
  }
  let bytes: Buffer;
  try {
    bytes = await pipeline.toBuffer();
  } finally {
    // sharp has read the pixels once the encode settles: the buffer is free again.
    const current = spare as ArrayBuffer | undefined; // another call may have returned one
    if (keep && (!current || keep.byteLength > current.byteLength)) spare = keep;
  }
  return {
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    contentType: outputContentType(output.format),
    width,
    height,
  };
}

/**
 * A PNG cutout as pixels. With `crop`, only the subject's box is decoded to RGBA: its alpha
 * is decoded first (a quarter of the bytes) to find the box, then the box alone. Same
 * composition (taps clamp to the crop box, as if cropped first), but a 12 MP decode no
 * longer fills 48 MB of fresh memory, whose page faults were most of its time on our VMs
 * (test/bench/README.md, "Output composition": 219 → 114 ms, 328 → 199 ms).
 */
async function decodeCutout(
  sharp: Sharp,
  png: Uint8Array,
  output: ResolvedOutput,
): Promise<{ cutout: RasterImage; subject?: SubjectInfo }> {
  if (output.crop) {
    const meta = await sharp(png, { limitInputPixels: false }).metadata();
    if (meta.channels === 4 && meta.width && meta.height) {
      const alpha = await sharp(png, { limitInputPixels: false })
        .extractChannel(3)
        .raw()
        .toBuffer();
      const found = measureSubject(alpha, meta.width, meta.height, 1);
      const box = found.box;
      if (box) {
        const { data, info } = await sharp(png, { limitInputPixels: false })
          .extract({ left: box.x, top: box.y, width: box.width, height: box.height })
          .raw()
          .toBuffer({ resolveWithObject: true });
        if (info.channels === 4) {
          const cutout = {
            data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
            width: box.width,
            height: box.height,
          };
          // The subject as seen from inside its box.
          const base = found.base && {
            left: found.base.left - box.x,
            right: found.base.right - box.x,
          };
          const inBox = { x: 0, y: 0, width: box.width, height: box.height };
          return { cutout, subject: { width: box.width, height: box.height, box: inBox, base } };
        }
      }
    }
  }
  return { cutout: await decodeRgba(sharp, png) };
}

async function decodeRgba(sharp: Sharp, bytes: Uint8Array, rotate = false): Promise<RasterImage> {
  let pipeline = sharp(bytes, { limitInputPixels: false });
  if (rotate) pipeline = pipeline.rotate();
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}
