import sharp from 'sharp';

export interface ProductScene {
  png: Buffer;
  width: number;
  height: number;
  /** Ground-truth alpha, 0..1. */
  alpha: Float32Array;
}

/**
 * A generated product shot with exact ground truth: an orange bottle with a cap, shaded, on
 * a plain light background or on a textured (striped, noisy) one. The subject is rendered
 * alone (its alpha is the truth) and composited over the background.
 */
export async function productScene(
  width: number,
  height: number,
  background: 'plain' | 'textured',
): Promise<ProductScene> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 640 480">
    <defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#b34700"/><stop offset="0.4" stop-color="#ff9233"/><stop offset="1" stop-color="#8a3300"/></linearGradient></defs>
    <rect x="290" y="70" width="60" height="50" rx="6" fill="#1c4fa3"/>
    <path d="M280 120 L360 120 C410 150 420 190 420 230 L420 400 C420 415 410 420 395 420 L245 420 C230 420 220 415 220 400 L220 230 C220 190 230 150 280 120 Z" fill="url(#g)"/>
  </svg>`;
  const { data: subject } = await sharp(Buffer.from(svg))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const n = width * height;
  const alpha = new Float32Array(n);
  const image = Buffer.alloc(n * 3);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const a = subject[i * 4 + 3]! / 255;
      alpha[i] = a;
      let bg: [number, number, number];
      if (background === 'plain') bg = [232, 233, 236];
      else {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const stripe = Math.sin(x * 0.06 + Math.sin(y * 0.02) * 2) * 30 + ((seed >> 24) - 64) * 0.4;
        bg = [120 + stripe, 150 + stripe, 110 + stripe * 0.8];
      }
      for (let c = 0; c < 3; c++) {
        image[i * 3 + c] = Math.round(
          a * subject[i * 4 + c]! + (1 - a) * Math.min(255, Math.max(0, bg[c]!)),
        );
      }
    }
  }
  const png = await sharp(image, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  return { png, width, height, alpha };
}

/** Intersection over union of alpha masks thresholded at 0.5 (8-bit RGBA vs 0..1 truth). */
export function alphaIoU(rgba: Uint8Array, truth: Float32Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < truth.length; i++) {
    const a = rgba[i * 4 + 3]! > 127;
    const t = truth[i]! > 0.5;
    if (a && t) inter++;
    if (a || t) union++;
  }
  return inter / union;
}
