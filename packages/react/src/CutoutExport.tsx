'use client';
import { lazy, Suspense } from 'react';
import type { CutoutExportProps } from './CutoutExportView';
import { defaultExportMessages } from './exportMessages';

export type { CutoutExportProps, ExportSwatch } from './CutoutExportView';

/**
 * Loaded on first render: the panel, core's output parsing and the composition stay out of
 * every bundle until an export panel is shown (issue #5 §5 budget; issue #12).
 */
const View = lazy(() =>
  import('./CutoutExportView').then((m) => ({ default: m.CutoutExportView })),
);

/**
 * The export panel (preset, background, margin, shadow, size, format), a live preview that
 * composes in the browser with the server's maths, and a download of that image. See
 * `useCutoutExport` for the headless version. `data-state` is `loading` while its code loads,
 * then the hook's status (`idle`, `decoding`, `composing`, `ready`, `error`).
 */
export function CutoutExport(props: CutoutExportProps) {
  return (
    <Suspense
      fallback={
        <section
          className={['cutout-export', props.className].filter(Boolean).join(' ')}
          style={props.style}
          data-state="loading"
          aria-label={props.messages?.panelLabel ?? defaultExportMessages.panelLabel}
          aria-busy="true"
        />
      }
    >
      <View {...props} />
    </Suspense>
  );
}
