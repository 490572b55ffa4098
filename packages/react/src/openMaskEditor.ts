import { createMaskEditor, type MaskEditor } from './createMaskEditor';
import { decodePixels } from './decodePixels';
import type { MaskBuffer } from './maskBuffer';
import type { UseMaskEditorOptions } from './useMaskEditor';

/** The editor as `useMaskEditor` holds it: `adopt` takes a controlled `value`. */
export type OpenedMaskEditor = MaskEditor & { adopt(value: MaskBuffer | undefined): void };

/**
 * Decodes the original photo and the cutout (in slices, see decodePixels), makes the editor
 * over them and wires `onValueChange`. Loaded with `import()` by `useMaskEditor`, so none of
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
  const editor = createMaskEditor({
    original: originalPixels,
    cutout: cutoutPixels,
    mask: value ?? defaultValue,
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
