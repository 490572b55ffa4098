import { composeRegion } from './composeRegion';
import { encodePng } from './encodePng';
import type { MaskBuffer, Rect, RgbaPixels } from './maskBuffer';
import { maskFromAlpha } from './maskBuffer';
import { createMaskHistory, diffMasks } from './maskHistory';
import { type BrushTool, beginStroke, type MaskStroke } from './maskStroke';

export type { BrushTool } from './maskStroke';

/** Brush size limits, as a diameter in image pixels. */
export const MIN_BRUSH = 1;
export const MAX_BRUSH = 1000;

export interface MaskEditorSettings {
  tool: BrushTool;
  /** Brush diameter in image pixels. */
  size: number;
  /** 0 = soft fall-off over the whole radius, 1 = hard edge. */
  hardness: number;
  /** Stop strokes at strong edges of the original photo. */
  edgeAware: boolean;
  /** RGB distance (0–441) the edge-aware brush still treats as the same surface. */
  edgeTolerance: number;
}

export interface MaskEditorSnapshot extends MaskEditorSettings {
  width: number;
  height: number;
  canUndo: boolean;
  canRedo: boolean;
  /** A stroke is in progress. */
  painting: boolean;
  /** Counts committed edits (strokes, undo, redo, a new value): changes on every edit. */
  revision: number;
  /** Bytes the undo history holds. */
  historyBytes: number;
}

export interface MaskEditorOptions {
  original: RgbaPixels;
  cutout: RgbaPixels;
  /** Starting mask; default the cutout's alpha. */
  mask?: MaskBuffer;
  /** The editor may keep `mask` as its live mask instead of copying it (the caller made it). */
  ownsMask?: boolean;
  settings?: Partial<MaskEditorSettings>;
  /** Budget of the undo history in bytes. */
  historyBytes?: number;
}

export interface MaskEditor {
  getSnapshot(): MaskEditorSnapshot;
  /** React-style subscription to the snapshot (not called on every brush move). */
  subscribe(listener: () => void): () => void;
  /** Called with every rectangle whose pixels changed (every dab, undo, redo, new value). */
  onPaint(listener: (rect: Rect) => void): () => void;
  /** Called after each committed edit with the mask (live: copy it to keep it). */
  onCommit(listener: (mask: MaskBuffer) => void): () => void;
  set(settings: Partial<MaskEditorSettings>): void;
  /** Starts a stroke at image coordinates (x, y) with pen pressure 0–1. */
  strokeStart(x: number, y: number, pressure?: number): void;
  strokeMove(x: number, y: number, pressure?: number): void;
  strokeEnd(): void;
  /** Drops the stroke in progress (e.g. a second finger turned it into a pinch). */
  strokeCancel(): void;
  undo(): void;
  redo(): void;
  /** Replaces the mask (a controlled `value`); recorded as one undoable step. */
  setMask(mask: MaskBuffer): void;
  /** The live mask: read it, never write it. */
  readonly mask: MaskBuffer;
  /** A copy of the mask. */
  copyMask(): MaskBuffer;
  /** The edited cutout's RGBA for a rectangle (what the canvas shows). */
  compose(rect: Rect, out?: Uint8ClampedArray<ArrayBuffer>): Uint8ClampedArray<ArrayBuffer>;
  /** The edited cutout as a PNG (exact pixels, straight alpha). */
  toCutoutPng(signal?: AbortSignal): Promise<Blob>;
  /** The edited matte as a greyscale PNG. */
  toMattePng(signal?: AbortSignal): Promise<Blob>;
}

/** Rows composed per slice when exporting (about 1 MP at 4000 px wide). */
const BAND_ROWS = 256;

const DEFAULTS: MaskEditorSettings = {
  tool: 'erase',
  size: 40,
  hardness: 0.8,
  edgeAware: false,
  edgeTolerance: 48,
};

/**
 * The mask editor's state and commands, without React or the DOM (the component and
 * `useMaskEditor` are glue over it; unit tests drive it with plain arrays). The original and
 * the cutout must be the same size.
 */
export function createMaskEditor(options: MaskEditorOptions): MaskEditor {
  const { original, cutout } = options;
  if (original.width !== cutout.width || original.height !== cutout.height) {
    throw new Error(
      `the original is ${original.width}×${original.height} but the cutout is ${cutout.width}×${cutout.height}: the editor needs both the same size`,
    );
  }
  const { width, height } = cutout;
  const given = options.mask && checkSize(options.mask, width, height);
  const mask = given ? (options.ownsMask ? given : copy(given)) : maskFromAlpha(cutout);
  const history = createMaskHistory(options.historyBytes);
  const listeners = new Set<() => void>();
  const painters = new Set<(rect: Rect) => void>();
  const committers = new Set<(mask: MaskBuffer) => void>();
  let settings: MaskEditorSettings = { ...DEFAULTS, ...options.settings };
  settings.size = clampSize(settings.size);
  let stroke: MaskStroke | undefined;
  let revision = 0;
  let snapshot = makeSnapshot();

  function makeSnapshot(): MaskEditorSnapshot {
    return {
      ...settings,
      width,
      height,
      canUndo: history.canUndo,
      canRedo: history.canRedo,
      painting: stroke !== undefined,
      revision,
      historyBytes: history.bytes,
    };
  }
  const changed = () => {
    snapshot = makeSnapshot();
    for (const l of listeners) l();
  };
  const paint = (rect: Rect | undefined) => {
    if (rect) for (const p of painters) p(rect);
  };
  const commit = () => {
    revision++;
    changed();
    for (const c of committers) c(mask);
  };

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onPaint(listener) {
      painters.add(listener);
      return () => painters.delete(listener);
    },
    onCommit(listener) {
      committers.add(listener);
      return () => committers.delete(listener);
    },
    set(next) {
      settings = { ...settings, ...next };
      settings.size = clampSize(settings.size);
      settings.hardness = Math.min(1, Math.max(0, settings.hardness));
      changed();
    },
    strokeStart(x, y, pressure = 1) {
      if (stroke) this.strokeEnd();
      const s = beginStroke(
        mask,
        original,
        {
          tool: settings.tool,
          radius: settings.size / 2,
          hardness: settings.hardness,
          edgeAware: settings.edgeAware,
          edgeTolerance: settings.edgeTolerance,
        },
        x,
        y,
        pressure,
      );
      stroke = s;
      changed();
      paint(s.first);
    },
    strokeMove(x, y, pressure = 1) {
      paint(stroke?.to(x, y, pressure));
    },
    strokeEnd() {
      if (!stroke) return;
      const delta = stroke.finish();
      stroke = undefined;
      history.push(delta);
      if (delta.tiles.length > 0) commit();
      else changed();
    },
    strokeCancel() {
      if (!stroke) return;
      const rect = stroke.cancel();
      stroke = undefined;
      changed();
      paint(rect);
    },
    undo() {
      if (stroke || !history.canUndo) return;
      paint(history.undo(mask));
      commit();
    },
    redo() {
      if (stroke || !history.canRedo) return;
      paint(history.redo(mask));
      commit();
    },
    setMask(next) {
      checkSize(next, width, height);
      if (next.data === mask.data) return;
      this.strokeCancel();
      const delta = diffMasks(mask, next);
      if (delta.tiles.length === 0) return;
      mask.data.set(next.data);
      history.push(delta);
      paint(delta.bounds);
      commit();
    },
    mask,
    copyMask: () => copy(mask),
    compose: (rect, out) => composeRegion(mask, cutout, original, rect, out),
    async toCutoutPng(signal) {
      // In bands, yielding between them: one 12 MP pass would hold the main thread ~100 ms.
      const rgba = new Uint8ClampedArray(width * height * 4);
      for (let y = 0; y < height; y += BAND_ROWS) {
        signal?.throwIfAborted();
        const rows = Math.min(BAND_ROWS, height - y);
        const band = rgba.subarray(y * width * 4, (y + rows) * width * 4);
        composeRegion(mask, cutout, original, { x: 0, y, width, height: rows }, band);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return encodePng(rgba, width, height, 4, signal);
    },
    toMattePng: (signal) => encodePng(copy(mask).data, width, height, 1, signal),
  };
}

function clampSize(size: number): number {
  return Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, Math.round(size)));
}

function copy(mask: MaskBuffer): MaskBuffer {
  return { width: mask.width, height: mask.height, data: mask.data.slice() };
}

function checkSize(mask: MaskBuffer, width: number, height: number): MaskBuffer {
  if (mask.width !== width || mask.height !== height || mask.data.length !== width * height) {
    throw new Error(`the mask is ${mask.width}×${mask.height}; the cutout is ${width}×${height}`);
  }
  return mask;
}
