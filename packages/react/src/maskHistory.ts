import { type MaskBuffer, type Rect, TILE, tileRect, unionRect, writeRect } from './maskBuffer';
import type { MaskDelta } from './maskStroke';

export interface MaskHistory {
  /** Records an edit already applied to the mask; clears the redo side. */
  push(delta: MaskDelta): void;
  /** Writes the last edit's "before" bytes back; returns the rectangle to redraw. */
  undo(mask: MaskBuffer): Rect | undefined;
  /** Writes the next edit's "after" bytes again. */
  redo(mask: MaskBuffer): Rect | undefined;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Bytes held by all recorded steps. */
  readonly bytes: number;
  readonly size: number;
  clear(): void;
}

/** Default budget for the whole history: a few hundred brush strokes at 12 MP. */
export const DEFAULT_HISTORY_BYTES = 256 * 2 ** 20;

/**
 * Undo/redo as stroke deltas (each touched 64 × 64 tile's bytes before and after), never
 * copies of the whole mask: a 12 MP mask is 12 MB, a typical stroke a few hundred KB. When
 * the steps together pass `maxBytes` the oldest ones are dropped. Undo and redo write bytes
 * back verbatim, so they are exact.
 */
export function createMaskHistory(maxBytes = DEFAULT_HISTORY_BYTES): MaskHistory {
  const done: MaskDelta[] = [];
  const undone: MaskDelta[] = [];
  let bytes = 0;

  const apply = (mask: MaskBuffer, delta: MaskDelta, side: 'before' | 'after') => {
    let bounds: Rect | undefined;
    for (const tile of delta.tiles) {
      const rect = tileRect(tile.index, mask.width, mask.height);
      writeRect(mask, rect, tile[side]);
      bounds = unionRect(bounds, rect);
    }
    return bounds;
  };

  return {
    push(delta) {
      if (delta.tiles.length === 0) return;
      for (const d of undone) bytes -= d.bytes;
      undone.length = 0;
      done.push(delta);
      bytes += delta.bytes;
      while (bytes > maxBytes && done.length > 1) bytes -= done.shift()!.bytes;
    },
    undo(mask) {
      const delta = done.pop();
      if (!delta) return undefined;
      undone.push(delta);
      return apply(mask, delta, 'before');
    },
    redo(mask) {
      const delta = undone.pop();
      if (!delta) return undefined;
      done.push(delta);
      return apply(mask, delta, 'after');
    },
    get canUndo() {
      return done.length > 0;
    },
    get canRedo() {
      return undone.length > 0;
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return done.length + undone.length;
    },
    clear() {
      done.length = 0;
      undone.length = 0;
      bytes = 0;
    },
  };
}

/** The delta that turns mask `from` into `to` (same size), tile by tile: for a new `value`. */
export function diffMasks(from: MaskBuffer, to: MaskBuffer): MaskDelta {
  const cols = Math.ceil(from.width / TILE);
  const rows = Math.ceil(from.height / TILE);
  const tiles: MaskDelta['tiles'] = [];
  let bounds: Rect | undefined;
  let bytes = 0;
  for (let index = 0; index < cols * rows; index++) {
    const rect = tileRect(index, from.width, from.height);
    let differs = false;
    for (let row = 0; row < rect.height && !differs; row++) {
      const start = (rect.y + row) * from.width + rect.x;
      for (let i = start; i < start + rect.width; i++) {
        if (from.data[i] !== to.data[i]) {
          differs = true;
          break;
        }
      }
    }
    if (!differs) continue;
    const before = new Uint8Array(rect.width * rect.height);
    const after = new Uint8Array(rect.width * rect.height);
    for (let row = 0; row < rect.height; row++) {
      const start = (rect.y + row) * from.width + rect.x;
      before.set(from.data.subarray(start, start + rect.width), row * rect.width);
      after.set(to.data.subarray(start, start + rect.width), row * rect.width);
    }
    tiles.push({ index, before, after });
    bounds = unionRect(bounds, rect);
    bytes += before.length * 2;
  }
  return { tiles, bounds, bytes };
}
