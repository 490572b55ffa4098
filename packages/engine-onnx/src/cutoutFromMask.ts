import {
  DEFAULT_FOREGROUND_LONG_EDGE,
  DEFAULT_REFINE_LONG_EDGE,
  downsampleRgb,
  fitLongEdge,
} from './areaDownsample';
import { type EstimateForegroundOptions, estimateForeground } from './estimateForeground';
import { type RefineAlphaOptions, refineAlpha } from './refineAlpha';
import { resizeBilinear } from './resizeBilinear';
import { FRESH, type Scratch } from './scratch';

export interface CutoutFromMaskOptions {
  /** Alpha refinement; `false` uses the bilinearly upscaled mask as is. */
  refine?: RefineAlphaOptions | false;
  /**
   * Colour decontamination (blur-fusion foreground estimation), off by default: on the
   * rendered dev set it raised the halo over #111 (6.5 → 6.7–7.1 with every radius set
   * tried), the rendered edge's own colour being closer to the truth than the estimate.
   * `{}` turns it on with its defaults.
   */
  foreground?: EstimateForegroundOptions | false;
}

/**
 * The engine's post-processing: the model's mask and the full-resolution image in, the
 * straight-alpha RGBA cutout out (alpha from `refineAlpha`; colour the image's own, or from
 * `estimateForeground` when asked).
 * The benchmark scores exactly this on cached masks, so what it measures is what ships.
 */
export function cutoutFromMask(
  rgb: Uint8Array,
  width: number,
  height: number,
  channels: number,
  mask: Float32Array,
  maskWidth: number,
  maskHeight: number,
  options: CutoutFromMaskOptions = {},
  scratch: Scratch = FRESH,
  /** Called between the alpha and the colour stage (the engine times and checks abort there). */
  onAlpha?: () => void,
): Uint8Array {
  const { refine, foreground = false } = options;
  // The downsampled guide is made once at refinement's working size; decontamination uses it
  // as is or shrinks it further to its own (each function checks the sizes).
  const workLongEdge =
    refine === false
      ? ((foreground ? foreground.workLongEdge : undefined) ?? DEFAULT_FOREGROUND_LONG_EDGE)
      : (refine?.workLongEdge ?? DEFAULT_REFINE_LONG_EDGE);
  const [ww, wh] = fitLongEdge(width, height, workLongEdge);
  // Without decontamination refinement makes only the window of the guide it needs.
  const work =
    foreground === false ? undefined : downsampleRgb(rgb, width, height, channels, ww, wh, scratch);
  const alpha =
    refine === false
      ? resizeBilinear(mask, maskWidth, maskHeight, width, height, scratch.floats(width * height))
      : refineAlpha(
          rgb,
          width,
          height,
          channels,
          mask,
          maskWidth,
          maskHeight,
          refine,
          work,
          scratch,
        );
  onAlpha?.();
  return foreground === false
    ? withAlpha(rgb, channels, alpha, width * height, scratch.bytes(width * height * 4))
    : estimateForeground(rgb, width, height, channels, alpha, foreground, work, scratch);
}

/** RGBA from the image's own colours and an alpha plane (no decontamination). */
function withAlpha(
  rgb: Uint8Array,
  channels: number,
  alpha: Float32Array,
  n: number,
  out: Uint8Array,
): Uint8Array {
  for (let i = 0; i < n; i++) {
    out[i * 4] = rgb[i * channels]!;
    out[i * 4 + 1] = rgb[i * channels + 1]!;
    out[i * 4 + 2] = rgb[i * channels + 2]!;
    out[i * 4 + 3] = Math.round(alpha[i]! * 255);
  }
  return out;
}
