'use client';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { MaskEditor, MaskEditorSettings, MaskEditorSnapshot } from './createMaskEditor';
import type { MaskBuffer } from './maskBuffer';
import type { OpenedMaskEditor, UseMaskEditorOptions } from './openMaskEditor';

export type { UseMaskEditorOptions } from './openMaskEditor';

export type MaskEditorStatus = 'loading' | 'ready' | 'error';

export interface UseMaskEditorResult {
  status: MaskEditorStatus;
  error: Error | undefined;
  /** The editor's commands and state (undefined while loading). */
  editor: MaskEditor | undefined;
  /** Tool, brush, history flags; undefined while loading. */
  state: MaskEditorSnapshot | undefined;
}

const noSubscribe = () => () => {};
const none = () => undefined;

/**
 * The headless mask editor: decodes `original` and `cutout` without blocking the main thread,
 * then exposes the editor's state and commands (tools, strokes, undo/redo, PNG output).
 * Glue only: the editor's code loads on first use (`import()`), so this hook adds almost
 * nothing to the initial bundle. `<CutoutEditor>` is built on it.
 */
export function useMaskEditor(options: UseMaskEditorOptions): UseMaskEditorResult {
  const [opened, setOpened] = useState<{ editor?: OpenedMaskEditor; error?: Error }>({});
  const latest = useRef(options);
  latest.current = options;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reopen when the images change; the rest is read from `latest`
  useEffect(() => {
    const controller = new AbortController();
    setOpened({});
    import('./openMaskEditor')
      .then((m) => m.openMaskEditor(latest, controller.signal))
      .then(
        (editor) => setOpened({ editor }),
        (error: Error) => controller.signal.aborted || setOpened({ error }),
      );
    return () => controller.abort();
  }, [options.original, options.cutout]);
  const { editor, error } = opened;
  useEffect(() => editor?.adopt(options.value), [editor, options.value]);
  const state = useSyncExternalStore(
    editor?.subscribe ?? noSubscribe,
    editor?.getSnapshot ?? none,
    none,
  );
  return { status: error ? 'error' : editor ? 'ready' : 'loading', error, editor, state };
}
