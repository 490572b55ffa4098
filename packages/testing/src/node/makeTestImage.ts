import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import { seededRandom } from '../contract/seededRandom';

export interface TestImageOptions {
  /** Default 800. */
  width?: number;
  /** Default 600. */
  height?: number;
  /** Default 'jpeg'. */
  format?: 'jpeg' | 'png' | 'webp';
  /** Background colour (CSS), or 'transparent' (PNG/WEBP with alpha). Default '#f2f2f2'. */
  background?: string;
  /**
   * 'plain' (default), 'noise' (seeded grain, like a paper sweep) or 'gradient' (a lit
   * backdrop, darker at the bottom).
   */
  texture?: 'plain' | 'noise' | 'gradient';
  /** The "product": a shaded shape in the centre, or false for a background only. */
  subject?: TestSubject | false;
  /** JPEG/WEBP quality. Default 90. */
  quality?: number;
  /** Seed of the noise texture. Default 1. */
  seed?: number;
}

export interface TestSubject {
  /** Default 'ellipse'. */
  shape?: 'ellipse' | 'rect' | 'bottle';
  /** Default '#d2372d' (far from every default background). */
  color?: string;
  /** Size relative to the image (0..1). Default 0.5. */
  scale?: number;
}

/**
 * Real JPEG/PNG/WEBP bytes of a product-like photo: a shaded subject on a plain, grainy or
 * graded background. Deterministic for the same options, so tests can compare results.
 */
export async function makeTestImage(options: TestImageOptions = {}): Promise<Buffer<ArrayBuffer>> {
  const width = options.width ?? 800;
  const height = options.height ?? 600;
  const format = options.format ?? 'jpeg';
  const transparent = options.background === 'transparent';
  const background = transparent ? '#ffffff' : (options.background ?? '#f2f2f2');
  const texture = options.texture ?? 'plain';

  let image = sharp({
    create: {
      width,
      height,
      channels: 4,
      background: transparent ? { r: 0, g: 0, b: 0, alpha: 0 } : background,
    },
  });
  const layers: OverlayOptions[] = [];
  if (texture === 'noise' && !transparent) {
    layers.push({
      input: grain(width, height, options.seed ?? 1),
      raw: { width, height, channels: 4 },
    });
  }
  if (texture === 'gradient' && !transparent) {
    layers.push({ input: Buffer.from(gradientSvg(width, height)) });
  }
  if (options.subject !== false) {
    layers.push({ input: Buffer.from(subjectSvg(width, height, options.subject ?? {})) });
  }
  if (layers.length) image = sharp(await image.composite(layers).png().toBuffer());
  const quality = options.quality ?? 90;
  // sharp's buffers own a plain ArrayBuffer; typed so, they go straight into Blob and fetch.
  return (await encode(image, format, transparent, background, quality)) as Buffer<ArrayBuffer>;
}

function encode(
  image: Sharp,
  format: 'jpeg' | 'png' | 'webp',
  transparent: boolean,
  background: string,
  quality: number,
): Promise<Buffer> {
  switch (format) {
    case 'png':
      return (transparent ? image : image.flatten({ background })).png().toBuffer();
    case 'webp':
      return (transparent ? image : image.flatten({ background })).webp({ quality }).toBuffer();
    default:
      return image.flatten({ background }).jpeg({ quality }).toBuffer();
  }
}

/** Faint black/white grain as an overlay (alpha only), so the background stays its colour. */
function grain(width: number, height: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const out = Buffer.alloc(width * height * 4);
  for (let i = 0; i < out.length; i += 4) {
    const v = random() < 0.5 ? 0 : 255;
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
    out[i + 3] = Math.floor(random() * 20);
  }
  return out;
}

/** Colours go into SVG markup: accept CSS colour syntax only. */
function cssColour(value: string): string {
  if (!/^[#a-zA-Z0-9(),.%\s]+$/.test(value)) throw new RangeError(`Not a CSS colour: ${value}`);
  return value;
}

function gradientSvg(width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="#fff" stop-opacity="0.25"/><stop offset="1" stop-color="#000" stop-opacity="0.12"/>
</linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
}

function subjectSvg(width: number, height: number, subject: TestSubject): string {
  const color = cssColour(subject.color ?? '#d2372d');
  const scale = Math.min(1, Math.max(0.05, subject.scale ?? 0.5));
  const w = width * scale;
  const h = height * scale;
  const x = (width - w) / 2;
  const y = (height - h) / 2;
  const parts = (fill: string): string => {
    switch (subject.shape ?? 'ellipse') {
      case 'rect':
        return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${Math.min(w, h) * 0.08}" fill="${fill}"/>`;
      case 'bottle': {
        const neck = w * 0.3;
        return `<rect x="${x + (w - neck) / 2}" y="${y}" width="${neck}" height="${h * 0.35}" rx="${neck * 0.2}" fill="${fill}"/>
<rect x="${x}" y="${y + h * 0.3}" width="${w}" height="${h * 0.7}" rx="${w * 0.2}" fill="${fill}"/>`;
      }
      default:
        return `<ellipse cx="${width / 2}" cy="${height / 2}" rx="${w / 2}" ry="${h / 2}" fill="${fill}"/>`;
    }
  };
  // The flat colour plus a soft highlight: real products are not flat, and the fake's keying
  // must still find their edges.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><radialGradient id="hl" cx="0.4" cy="0.35" r="0.7">
<stop offset="0" stop-color="#fff" stop-opacity="0.35"/><stop offset="1" stop-color="#fff" stop-opacity="0"/>
</radialGradient></defs>
${parts(color)}
${parts('url(#hl)')}</svg>`;
}
