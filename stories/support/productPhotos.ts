/**
 * Product photos and cutouts drawn on a canvas in the browser, so stories and their tests need
 * no binary fixtures and every pixel is the same on every run.
 */

export type Product = 'mug' | 'bottle' | 'sneaker' | 'lamp';

export interface PhotoOptions {
  product?: Product;
  width?: number;
  height?: number;
  /** Backdrop of the "studio" photo. Default a light grey sweep. */
  backdrop?: 'sweep' | 'white' | 'wood';
  /** File name; default `<product>.jpg`. */
  name?: string;
  type?: 'image/jpeg' | 'image/png' | 'image/webp';
}

export interface CutoutOptions {
  product?: Product;
  width?: number;
  height?: number;
  /**
   * Paint a light fringe around the subject, as a cutout from a white backdrop without colour
   * decontamination would have: what the EdgeInspector's fringe overlay is for.
   */
  halo?: boolean;
}

const PRODUCT_COLOURS: Record<Product, [string, string]> = {
  mug: ['#2f6fd6', '#173a78'],
  bottle: ['#1f9d6b', '#0d4d34'],
  sneaker: ['#e2492f', '#7c1d10'],
  lamp: ['#e0b23c', '#7a5a12'],
};

function canvas(width: number, height: number) {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  return { c, ctx };
}

function toBlob(c: HTMLCanvasElement, type: string, quality = 0.92): Promise<Blob> {
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas.toBlob failed'))), type, quality),
  );
}

/** The subject's outline in a unit box (0..1), centred; traced into `ctx` as one path. */
function tracePath(ctx: CanvasRenderingContext2D, product: Product, w: number, h: number) {
  const s = Math.min(w, h);
  const cx = w / 2;
  const cy = h / 2;
  ctx.beginPath();
  switch (product) {
    case 'mug': {
      const bw = s * 0.34;
      const bh = s * 0.42;
      ctx.roundRect(cx - bw / 2 - s * 0.05, cy - bh / 2, bw, bh, s * 0.04);
      // Handle: a ring on the right, hole included with the even-odd rule.
      ctx.moveTo(cx + bw / 2 - s * 0.05 + s * 0.13, cy);
      ctx.ellipse(cx + bw / 2 - s * 0.05, cy, s * 0.13, s * 0.12, 0, 0, Math.PI * 2);
      ctx.moveTo(cx + bw / 2 - s * 0.05 + s * 0.075, cy);
      ctx.ellipse(cx + bw / 2 - s * 0.05, cy, s * 0.075, s * 0.065, 0, 0, Math.PI * 2);
      break;
    }
    case 'bottle': {
      const bw = s * 0.22;
      const top = cy - s * 0.36;
      const shoulder = cy - s * 0.12;
      const bottom = cy + s * 0.34;
      ctx.moveTo(cx - s * 0.045, top);
      ctx.lineTo(cx + s * 0.045, top);
      ctx.lineTo(cx + s * 0.045, shoulder - s * 0.08);
      ctx.quadraticCurveTo(cx + bw / 2, shoulder - s * 0.04, cx + bw / 2, shoulder + s * 0.04);
      ctx.lineTo(cx + bw / 2, bottom - s * 0.03);
      ctx.quadraticCurveTo(cx + bw / 2, bottom, cx + bw / 2 - s * 0.03, bottom);
      ctx.lineTo(cx - bw / 2 + s * 0.03, bottom);
      ctx.quadraticCurveTo(cx - bw / 2, bottom, cx - bw / 2, bottom - s * 0.03);
      ctx.lineTo(cx - bw / 2, shoulder + s * 0.04);
      ctx.quadraticCurveTo(cx - bw / 2, shoulder - s * 0.04, cx - s * 0.045, shoulder - s * 0.08);
      ctx.closePath();
      break;
    }
    case 'sneaker': {
      const left = cx - s * 0.4;
      const right = cx + s * 0.4;
      const sole = cy + s * 0.14;
      ctx.moveTo(left, sole);
      ctx.lineTo(left, cy - s * 0.02);
      ctx.quadraticCurveTo(left + s * 0.02, cy - s * 0.16, left + s * 0.16, cy - s * 0.18);
      ctx.lineTo(left + s * 0.26, cy - s * 0.1);
      ctx.quadraticCurveTo(cx + s * 0.05, cy - s * 0.02, right - s * 0.08, cy + s * 0.02);
      ctx.quadraticCurveTo(right, cy + s * 0.05, right, sole - s * 0.02);
      ctx.lineTo(right - s * 0.02, sole);
      ctx.closePath();
      break;
    }
    case 'lamp': {
      ctx.moveTo(cx - s * 0.22, cy - s * 0.08);
      ctx.lineTo(cx - s * 0.12, cy - s * 0.36);
      ctx.lineTo(cx + s * 0.12, cy - s * 0.36);
      ctx.lineTo(cx + s * 0.22, cy - s * 0.08);
      ctx.closePath();
      ctx.rect(cx - s * 0.02, cy - s * 0.08, s * 0.04, s * 0.34);
      ctx.ellipse(cx, cy + s * 0.28, s * 0.16, s * 0.05, 0, 0, Math.PI * 2);
      break;
    }
  }
}

function paintSubject(ctx: CanvasRenderingContext2D, product: Product, w: number, h: number) {
  const [light, dark] = PRODUCT_COLOURS[product];
  const s = Math.min(w, h);
  const shade = ctx.createLinearGradient(w / 2 - s * 0.4, 0, w / 2 + s * 0.4, 0);
  shade.addColorStop(0, dark);
  shade.addColorStop(0.35, light);
  shade.addColorStop(1, dark);
  tracePath(ctx, product, w, h);
  ctx.fillStyle = shade;
  ctx.fill('evenodd');
  // A label band, so the inspector has inner detail to zoom into.
  ctx.save();
  ctx.clip('evenodd');
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(0, h / 2 - s * 0.03, w, s * 0.06);
  ctx.restore();
}

function paintBackdrop(
  ctx: CanvasRenderingContext2D,
  backdrop: NonNullable<PhotoOptions['backdrop']>,
  w: number,
  h: number,
) {
  if (backdrop === 'white') {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, w, h);
    return;
  }
  const g = ctx.createLinearGradient(0, 0, 0, h);
  if (backdrop === 'wood') {
    g.addColorStop(0, '#c9a27a');
    g.addColorStop(1, '#8a6440');
  } else {
    g.addColorStop(0, '#f5f5f4');
    g.addColorStop(0.7, '#e4e4e2');
    g.addColorStop(1, '#cfcfcc');
  }
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
}

/** A studio product photo (subject, cast shadow, backdrop) as a File, like a user's upload. */
export async function makeProductPhoto(options: PhotoOptions = {}): Promise<File> {
  const product = options.product ?? 'mug';
  const width = options.width ?? 1200;
  const height = options.height ?? 900;
  const type = options.type ?? 'image/jpeg';
  const { c, ctx } = canvas(width, height);
  paintBackdrop(ctx, options.backdrop ?? 'sweep', width, height);
  const s = Math.min(width, height);
  // Soft cast shadow on the floor: what a good engine leaves out.
  ctx.save();
  ctx.filter = `blur(${Math.max(1, Math.round(s * 0.02))}px)`;
  ctx.fillStyle = 'rgba(0,0,0,0.28)';
  ctx.beginPath();
  ctx.ellipse(width / 2 + s * 0.04, height / 2 + s * 0.36, s * 0.3, s * 0.04, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
  paintSubject(ctx, product, width, height);
  const ext = type === 'image/png' ? 'png' : type === 'image/webp' ? 'webp' : 'jpg';
  const blob = await toBlob(c, type);
  return new File([blob], options.name ?? `${product}.${ext}`, { type });
}

/** The cutout an engine would return for `makeProductPhoto`: the subject on transparency. */
export async function makeCutoutPng(options: CutoutOptions = {}): Promise<Blob> {
  const product = options.product ?? 'mug';
  const width = options.width ?? 1200;
  const height = options.height ?? 900;
  const { c, ctx } = canvas(width, height);
  if (options.halo) {
    // A 2–3 px light rim half-mixed with the backdrop: the classic fringe.
    ctx.save();
    tracePath(ctx, product, width, height);
    ctx.lineWidth = Math.max(3, Math.round(Math.min(width, height) * 0.008));
    ctx.strokeStyle = 'rgba(238,238,236,0.75)';
    ctx.stroke();
    ctx.restore();
  }
  paintSubject(ctx, product, width, height);
  return toBlob(c, 'image/png');
}

/** Bytes that claim to be a JPEG by name and type but are text: preflight must refuse them. */
export function makeFakeJpeg(name = 'not-really-a-photo.jpg'): File {
  return new File(['this is a text file, not an image\n'], name, { type: 'image/jpeg' });
}
