'use client';
import { lazy, Suspense } from 'react';
import type { CutoutEditorProps } from './CutoutEditorView';

export type { CutoutEditorProps } from './CutoutEditorView';

/**
 * Loaded on first render: the editor (mask ops, painting, PNG encoding) is a tool few screens
 * show, so none of it is in the initial bundle (issue #5 §5 budget).
 */
const View = lazy(() =>
  import('./CutoutEditorView').then((m) => ({ default: m.CutoutEditorView })),
);

/**
 * Touch up a cutout's mask by hand: Erase and Restore brushes (size, hardness, pen pressure,
 * an edge-aware mode that stops at strong edges of the original), undo/redo with exact
 * stroke deltas, pan and zoom shared with `<EdgeInspector>`, a before/after toggle and the
 * backdrops of `<CompositePreview>`. Built for 12 MP: decoding in slices, dirty-rectangle
 * redraws. `data-state` is `loading` (also while its code loads), `ready`, `painting` or
 * `error`.
 */
export function CutoutEditor(props: CutoutEditorProps) {
  return (
    <Suspense
      fallback={
        <section
          className={['cutout-editor', props.className].filter(Boolean).join(' ')}
          style={props.style}
          data-state="loading"
          aria-busy="true"
        />
      }
    >
      <View {...props} />
    </Suspense>
  );
}
