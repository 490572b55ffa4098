/** What a segmentation model takes: its square input side and per-channel normalisation. */
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
