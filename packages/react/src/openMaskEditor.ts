import { createMaskEditor, type MaskEditor, type MaskEditorSettings } from './createMaskEditor';
import { decodePixels } from './decodePixels';
import type { MaskBuffer, RgbaPixels } from './maskBuffer';

export interface UseMaskEditorOptions {
  /** The photo the cutout was made from (restore brings its pixels back; edges come from it). */
  original: Blob | string;
  /** The cutout (PNG with alpha), the same size as the original. */
  cutout: Blob | string;
  /** The mask, controlled: adopted whenever it changes (as one undoable step). */
  value?: MaskBuffer;
  /** The starting mask when uncontrolled. Default: the cutout's alpha. */
  defaultValue?: MaskBuffer;
  /** Called after every edit (stroke, undo, redo, adopted value) with a copy of the mask. */
  onValueChange?: (mask: MaskBuffer) => void;
  /** Starting brush settings. */
  settings?: Partial<MaskEditorSettings>;
}

/** The editor as `useMaskEditor` holds it: `adopt` takes a controlled `value`. */
export type OpenedMaskEditor = MaskEditor & { adopt(value: MaskBuffer | undefined): void };

/**
 * Decodes the original photo and the cutout (off the main thread, see decodePixels), makes
 * the editor over them and wires `onValueChange`. Loaded with `import()` by `useMaskEditor`, so none of
 * the editor's code is in the initial bundle.
 */
export async function openMaskEditor(
  options: { readonly current: UseMaskEditorOptions },
  signal?: AbortSignal,
): Promise<OpenedMaskEditor> {
  const { original, cutout, value, defaultValue, settings } = options.current;
  const originalPixels = await decodePixels(original, signal);
  const cutoutPixels = await decodePixels(cutout, signal);
  signal?.throwIfAborted();
  const given = value ?? defaultValue;
  const editor = createMaskEditor({
    original: originalPixels,
    cutout: cutoutPixels,
    // The cutout's alpha made here in slices: one pass over 12 MP (with a fresh 12 MB array)
    // was a single 0.7 s task on the bench's loaded 2 cores.
    mask: given ?? (await alphaInSlices(cutoutPixels, signal)),
    ownsMask: given === undefined,
    settings,
  });
  // The last mask reported or adopted: a controlled parent handing back the copy it was
  // just given is not a new value.
  let known = value;
  editor.onCommit(() => {
    const notify = options.current.onValueChange;
    if (!notify) return;
    known = editor.copyMask();
    notify(known);
  });
  return Object.assign(editor, {
    adopt(next: MaskBuffer | undefined) {
      if (!next || next === known) return;
      known = next;
      editor.setMask(next);
    },
  });
}

/** Rows of alpha copied per slice: a quarter megapixel at 4000 px wide. */
const SLICE_PX = 262_144;

/** `maskFromAlpha` in slices with a yield between them (no long task at 12 MP). */
async function alphaInSlices(pixels: RgbaPixels, signal?: AbortSignal): Promise<MaskBuffer> {
  const { width, height, data } = pixels;
  const mask = new Uint8Array(width * height);
  for (let start = 0; start < mask.length; start += SLICE_PX) {
    signal?.throwIfAborted();
    copyAlpha(data, mask, start, Math.min(mask.length, start + SLICE_PX));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { width, height, data: mask };
}

function copyAlpha(rgba: RgbaPixels['data'], mask: Uint8Array, from: number, to: number) {
  for (let i = from, j = from * 4 + 3; i < to; i++, j += 4) mask[i] = rgba[j]!;
}
