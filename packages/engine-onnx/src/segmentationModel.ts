import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { float16ToFloat32 } from './float16ToFloat32';
import { bilinearColumns } from './resizeBilinear';
import { FRESH, type Scratch } from './scratch';

export interface ModelInputSpec {
  /** Square input side. ISNet: 1024. */
  inputSize: number;
  /** Per-channel mean and std in 8-bit units: x' = (x − mean) / std. */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/**
 * The normalisation the bundled ISNet weights were exported with (IMG.LY's reference
 * pipeline: (x − 128) / 256, i.e. rgb/255 − 0.5 to within 0.4%).
 */
export const ISNET_INPUT: ModelInputSpec = {
  inputSize: 1024,
  mean: [128, 128, 128],
  std: [256, 256, 256],
};

export interface SegmentationModel {
  readonly spec: ModelInputSpec;
  /**
   * Alpha mask in 0..1, `inputSize²`, for an 8-bit interleaved RGB image of any size. The
   * input tensor and the mask come from `scratch` (default: fresh arrays).
   */
  predict(rgb: Uint8Array, width: number, height: number, scratch?: Scratch): Promise<Float32Array>;
  /**
   * Inferences on a blank input, so the first real image does not pay for growing the
   * memory arena (the first two runs are ~2.5× slower than the ones after them).
   */
  prime(): Promise<void>;
  release(): Promise<void>;
}

/** One ONNX session, created once and reused for every image. */
export async function createSegmentationModel(
  bytes: Uint8Array,
  spec: ModelInputSpec,
  threads: number,
  { memoryArena = true }: { memoryArena?: boolean } = {},
): Promise<SegmentationModel> {
  // fp16 weights (the bundled "medium") run ~25 % faster as fp32 on ONNX Runtime's CPU
  // kernels; the rewrite costs ~0.6–1 s once per process, partly paid back by a faster
  // session load. Models without fp16 tensors pass through unchanged.
  const session = await ort.InferenceSession.create(float16ToFloat32(bytes), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // ISNet at 1024² needs ~1.3 GB of activations. The arena keeps them between images
    // (~2.3 GB resident when idle) and makes each inference ~2.5× faster here: without it
    // every run maps and faults in those pages again (see test/bench/README.md, Engine).
    // `memoryArena: false` trades that speed for ~0.7 GB resident between images.
    enableCpuMemArena: memoryArena,
  });
  const inputName = session.inputNames[0]!;
  // ISNet exports its deep-supervision side outputs too; only the first is the final mask,
  // and fetching only it saves copying five more 4 MB tensors per image.
  const outputName = session.outputNames[0]!;
  const size = spec.inputSize;
  const plane = size * size;
  return {
    spec,
    async predict(rgb, width, height, scratch = FRESH) {
      const input = scratch.floats(3 * plane);
      if (width <= size && height <= size) {
        // Enlarging on both axes: bilinear straight into the planar tensor in one pass. It is
        // the resize ISNet's own inference code uses (F.upsample, bilinear), and it saves
        // sharp's round trip (~30–40 ms for a 0.5 MP image, whatever the kernel).
        resizeBilinearToTensor(rgb, width, height, size, spec, input);
      } else {
        // Shrinking on an axis: sharp filters properly (bilinear sampling would alias).
        const resized = await sharp(rgb, { raw: { width, height, channels: 3 } })
          .resize(size, size, { fit: 'fill' })
          .raw()
          .toBuffer();
        normalizeToTensor(resized, plane, spec, input);
      }
      const tensor = new ort.Tensor('float32', input, [1, 3, size, size]);
      const result = await session.run({ [inputName]: tensor }, [outputName]);
      const output = result[outputName]!;
      const data = output.data as Float32Array;
      const mask = clamp01Into(data, scratch.floats(plane));
      tensor.dispose();
      output.dispose();
      return mask;
    },
    async prime() {
      // Two runs: the arena settles only after the second (measured: ~2.5 s, ~2.3 s, then
      // ~1.0 s per inference).
      for (let i = 0; i < 2; i++) {
        const tensor = new ort.Tensor('float32', new Float32Array(3 * plane), [1, 3, size, size]);
        const result = await session.run({ [inputName]: tensor }, [outputName]);
        tensor.dispose();
        result[outputName]!.dispose();
      }
    },
    async release() {
      await session.release();
    },
  };
}

// The per-pixel loops are module functions, not inline in `predict`: V8 optimises small
// functions whole, while loops inside one long async function ran partly unoptimised.

/** Interleaved 8-bit RGB at `size²` → planar normalised floats. */
function normalizeToTensor(
  rgb: Uint8Array,
  plane: number,
  { mean, std }: ModelInputSpec,
  out: Float32Array,
): void {
  for (let c = 0; c < 3; c++) {
    const m = mean[c]!;
    const inv = 1 / std[c]!;
    const offset = c * plane;
    for (let i = 0; i < plane; i++) out[offset + i] = (rgb[i * 3 + c]! - m) * inv;
  }
}

/**
 * Bilinear resize (pixel centres aligned, like `resizeBilinear`) of interleaved 8-bit RGB to
 * `size²`, normalised, written planar.
 */
function resizeBilinearToTensor(
  rgb: Uint8Array,
  width: number,
  height: number,
  size: number,
  { mean, std }: ModelInputSpec,
  out: Float32Array,
): void {
  const plane = size * size;
  const sy = height / size;
  const { x0s, x1s, fxs } = bilinearColumns(width, size);
  // Byte offsets of the columns' pixels in the interleaved RGB rows.
  for (let x = 0; x < size; x++) {
    x0s[x]! *= 3;
    x1s[x]! *= 3;
  }
  for (let c = 0; c < 3; c++) {
    const m = mean[c]!;
    const inv = 1 / std[c]!;
    for (let y = 0; y < size; y++) {
      const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
      const y0 = Math.floor(fy);
      resizeRow(
        rgb,
        y0 * width * 3 + c,
        Math.min(y0 + 1, height - 1) * width * 3 + c,
        fy - y0,
        x0s,
        x1s,
        fxs,
        m,
        inv,
        out,
        c * plane + y * size,
      );
    }
  }
}

function resizeRow(
  rgb: Uint8Array,
  r0: number,
  r1: number,
  wy: number,
  x0s: Int32Array,
  x1s: Int32Array,
  fxs: Float32Array,
  mean: number,
  inv: number,
  out: Float32Array,
  offset: number,
): void {
  for (let x = 0; x < x0s.length; x++) {
    const x0 = x0s[x]!;
    const x1 = x1s[x]!;
    const wx = fxs[x]!;
    const top = rgb[r0 + x0]! + (rgb[r0 + x1]! - rgb[r0 + x0]!) * wx;
    const bottom = rgb[r1 + x0]! + (rgb[r1 + x1]! - rgb[r1 + x0]!) * wx;
    out[offset + x] = (top + (bottom - top) * wy - mean) * inv;
  }
}

function clamp01Into(data: Float32Array, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i++) {
    const v = data[i]!;
    out[i] = v < 0 ? 0 : Math.min(v, 1);
  }
  return out;
}
