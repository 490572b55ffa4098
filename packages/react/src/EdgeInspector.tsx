'use client';
import { lazy, Suspense } from 'react';
import { useMessages } from './CutoutProvider';
import type { EdgeInspectorProps } from './EdgeInspectorView';

export type { EdgeInspectorProps } from './EdgeInspectorView';

/**
 * Loaded on first render: the inspector (canvas drawing, pan/zoom, loupe) is a pro tool most
 * screens never show, so it stays out of the initial bundle (issue #5 §5 budget).
 */
const View = lazy(() =>
  import('./EdgeInspectorView').then((m) => ({ default: m.EdgeInspectorView })),
);

/**
 * Zoom 25 %–3200 % with pixelated rendering, pan by drag, wheel and keys, a loupe, and three
 * views: composite, alpha matte, fringe overlay with the halo score from core's edge analysis
 * (in a Web Worker for big images). Drawing is canvas; pan and zoom are a CSS transform
 * written outside React, so a 12 MP cutout stays responsive. `data-state` is the mode
 * (`loading` while its code loads); `data-review` is set when the analysis asks for review.
 */
export function EdgeInspector(props: EdgeInspectorProps) {
  const messages = useMessages(props.messages);
  return (
    <Suspense
      fallback={
        <section
          className={['cutout-inspector', props.className].filter(Boolean).join(' ')}
          style={props.style}
          data-state="loading"
          aria-label={messages.inspectorLabel}
          aria-busy="true"
        />
      }
    >
      <View {...props} />
    </Suspense>
  );
}
