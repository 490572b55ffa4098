import * as ort from 'onnxruntime-node';
import { float16ToFloat32 } from './float16ToFloat32';
import { imageToTensor } from './imageToTensor';
import type { ModelInputSpec } from './modelInputSpec';
import { FRESH, type Scratch } from './scratch';

export { ISNET_INPUT, type ModelInputSpec } from './modelInputSpec';

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
  { memoryArena = true, spinning = true }: { memoryArena?: boolean; spinning?: boolean } = {},
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
    // ONNX Runtime's pool threads busy-wait for the next task, and by default keep spinning
    // for a while after a run: on our 2-core box that took a core from the JavaScript thread
    // just when the post-processing runs (0.5 MP, under load: refine 45-63 ms wall for ~18 ms
    // of CPU). `force_spinning_stop` ends the spinning when a run finishes and keeps it within
    // the run, where it saves a wake-up per parallel section. `spinning: false` never spins (a
    // box shared with other work: CPU per image −13 to −23 % there, test/bench/README.md).
    extra: {
      session: {
        force_spinning_stop: '1',
        ...(spinning ? {} : { 'intra_op.allow_spinning': '0' }),
      },
    },
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
      imageToTensor(rgb, width, height, spec, input, scratch);
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

function clamp01Into(data: Float32Array, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i++) {
    const v = data[i]!;
    out[i] = v < 0 ? 0 : Math.min(v, 1);
  }
  return out;
}
