'use client';
import { type ComponentType, useEffect, useState } from 'react';
import type { CutoutExportProps } from './CutoutExportView';
import { defaultExportMessages } from './exportMessages';

export type { CutoutExportProps, ExportSwatch } from './CutoutExportView';

/**
 * The panel's code (its view, core's output parsing, the composer) loads on first use: it
 * stays out of every bundle until an export panel is shown (issue #5 §5 budget; issue #12).
 * Kept in a module variable once loaded, so later panels render at once, without a
 * suspended first render.
 */
let View: ComponentType<CutoutExportProps> | undefined;
let loading: Promise<void> | undefined;

/**
 * Starts loading the panel's code now (e.g. on hover of an "Export" button), so its first
 * render shows the controls at once.
 */
export function preloadCutoutExport(): Promise<void> {
  loading ??= import('./CutoutExportView').then((m) => {
    View = m.CutoutExportView;
  });
  return loading;
}

/**
 * The export panel (preset, background, margin, shadow, size, format), a live preview that
 * composes in the browser with the server's maths, and a download of that image. See
 * `useCutoutExport` for the headless version. `data-state` is `loading` while its code loads,
 * then the hook's status (`idle`, `decoding`, `composing`, `ready`, `error`).
 */
export function CutoutExport(props: CutoutExportProps) {
  const [, setLoaded] = useState(View !== undefined);
  useEffect(() => {
    if (View) return;
    let live = true;
    preloadCutoutExport().then(
      () => live && setLoaded(true),
      () => {
        loading = undefined; // a failed chunk load may succeed on the next mount
      },
    );
    return () => {
      live = false;
    };
  }, []);
  if (View) return <View {...props} />;
  return (
    <section
      className={['cutout-export', props.className].filter(Boolean).join(' ')}
      style={props.style}
      data-state="loading"
      aria-label={props.messages?.panelLabel ?? defaultExportMessages.panelLabel}
      aria-busy="true"
    />
  );
}
