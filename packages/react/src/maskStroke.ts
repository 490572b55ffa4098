import { type BrushShape, dabSpacing, dabStrength } from './brushDab';
import { type EdgeSeed, edgeAwareRegion, sampleSeed } from './edgeAwareRegion';
import {
  clipRect,
  type MaskBuffer,
  type Rect,
  type RgbaPixels,
  readRect,
  TILE,
  tileRect,
  unionRect,
  writeRect,
} from './maskBuffer';

export type BrushTool = 'erase' | 'restore';

export interface StrokeOptions extends BrushShape {
  tool: BrushTool;
  /** Keep the stroke from crossing strong edges of `original` (see edgeAwareRegion). */
  edgeAware?: boolean;
  /** RGB distance still counted as the same surface by the edge-aware brush. Default 48. */
  edgeTolerance?: number;
}

/** One tile a stroke changed: its mask bytes before and after. */
export interface TileChange {
  index: number;
  before: Uint8Array;
  after: Uint8Array;
}

/** What one edit did to the mask: only the tiles it touched. Undo writes `before` back. */
export interface MaskDelta {
  tiles: TileChange[];
  /** The rectangle holding every changed tile, to redraw. */
  bounds: Rect | undefined;
  /** Bytes this delta holds (for the history's budget). */
  bytes: number;
}

export interface MaskStroke {
  /** Paints dabs from the last point to (x, y); returns the rectangle whose pixels changed. */
  to(x: number, y: number, pressure?: number): Rect | undefined;
  /** Ends the stroke; the delta is empty when nothing changed. */
  finish(): MaskDelta;
  /** Puts the mask back as it was before the stroke; returns the rectangle to redraw. */
  cancel(): Rect | undefined;
}

interface TileState {
  rect: Rect;
  before: Uint8Array;
  /** The strongest dab so far on each pixel, 0–255: overlapping dabs do not build up. */
  coverage: Uint8Array;
}

/**
 * A brush stroke on `mask`, starting at (x, y). Erase moves alpha towards 0, restore towards
 * 255 (the original photo's pixel, fully opaque), by the strongest coverage any dab of the
 * stroke gave the pixel (hardness fall-off × pen pressure): painting over the same spot twice
 * in one stroke does not darken it further, as in image editors. The stroke keeps the
 * "before" bytes of each tile on first touch, so cancel and undo are exact.
 */
export function beginStroke(
  mask: MaskBuffer,
  original: RgbaPixels,
  options: StrokeOptions,
  x: number,
  y: number,
  pressure = 1,
): MaskStroke & { first: Rect | undefined } {
  const tiles = new Map<number, TileState>();
  const cols = Math.ceil(mask.width / TILE);
  const seed: EdgeSeed | undefined = options.edgeAware
    ? sampleSeed(original, x, y, options.edgeTolerance ?? 48)
    : undefined;
  const radius = Math.max(0.5, options.radius);
  const shape = { radius, hardness: options.hardness };
  const erase = options.tool === 'erase';
  let last = { x, y, pressure };
  let done = false;

  const tileFor = (tx: number, ty: number): TileState => {
    const index = ty * cols + tx;
    let t = tiles.get(index);
    if (!t) {
      const rect = tileRect(index, mask.width, mask.height);
      t = {
        rect,
        before: readRect(mask, rect),
        coverage: new Uint8Array(rect.width * rect.height),
      };
      tiles.set(index, t);
    }
    return t;
  };

  const dab = (cx: number, cy: number, p: number): Rect | undefined => {
    const box = clipRect(
      { x: cx - radius, y: cy - radius, width: radius * 2 + 1, height: radius * 2 + 1 },
      mask.width,
      mask.height,
    );
    if (!box) return undefined;
    // The edge-aware region lives in a square box around the centre.
    const size = Math.ceil(radius * 2) + 2;
    const bx = Math.floor(cx - radius) - 1;
    const by = Math.floor(cy - radius) - 1;
    const allowed = seed ? edgeAwareRegion(original, seed, bx, by, size, cx, cy, radius) : null;
    if (seed && !allowed) return undefined;
    // Bounds of the changed pixels as numbers: an object per pixel would cost more than the paint.
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = -1;
    let maxY = -1;
    const pressure = Math.min(1, Math.max(0, p));
    for (let py = box.y; py < box.y + box.height; py++) {
      const ty = Math.floor(py / TILE);
      const dy = py + 0.5 - cy;
      for (let px = box.x; px < box.x + box.width; px++) {
        const dx = px + 0.5 - cx;
        const s = dabStrength(Math.sqrt(dx * dx + dy * dy), shape);
        if (s <= 0) continue;
        if (allowed && !allowed[(py - by) * size + (px - bx)]) continue;
        const c = Math.round(s * pressure * 255);
        if (c === 0) continue;
        const t = tileFor(Math.floor(px / TILE), ty);
        const k = (py - t.rect.y) * t.rect.width + (px - t.rect.x);
        if (c <= t.coverage[k]!) continue;
        t.coverage[k] = c;
        const b = t.before[k]!;
        mask.data[py * mask.width + px] = erase
          ? Math.round((b * (255 - c)) / 255)
          : b + Math.round(((255 - b) * c) / 255);
        if (px < minX) minX = px;
        if (px > maxX) maxX = px;
        if (py < minY) minY = py;
        maxY = py;
      }
    }
    return maxX < 0
      ? undefined
      : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
  };

  const first = dab(x, y, pressure);

  return {
    first,
    to(nx, ny, np = 1) {
      if (done) return undefined;
      const dist = Math.hypot(nx - last.x, ny - last.y);
      const steps = Math.max(1, Math.ceil(dist / dabSpacing(radius)));
      let changed: Rect | undefined;
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        changed = unionRect(
          changed,
          dab(
            last.x + (nx - last.x) * t,
            last.y + (ny - last.y) * t,
            last.pressure + (np - last.pressure) * t,
          ),
        );
      }
      last = { x: nx, y: ny, pressure: np };
      return changed;
    },
    finish() {
      done = true;
      const out: TileChange[] = [];
      let bounds: Rect | undefined;
      let bytes = 0;
      for (const [index, t] of [...tiles].sort((a, b) => a[0] - b[0])) {
        const after = readRect(mask, t.rect);
        if (sameBytes(after, t.before)) continue;
        out.push({ index, before: t.before, after });
        bounds = unionRect(bounds, t.rect);
        bytes += t.before.length * 2;
      }
      tiles.clear();
      return { tiles: out, bounds, bytes };
    },
    cancel() {
      done = true;
      let bounds: Rect | undefined;
      for (const t of tiles.values()) {
        writeRect(mask, t.rect, t.before);
        bounds = unionRect(bounds, t.rect);
      }
      tiles.clear();
      return bounds;
    },
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
