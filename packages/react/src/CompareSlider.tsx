'use client';
import { lazy, Suspense } from 'react';
import type { CompareSliderProps } from './CompareSliderView';

export type { CompareSliderProps } from './CompareSliderView';

/** Loaded on first render, like the inspector: keeps the initial bundle in budget (issue #5 §5). */
const View = lazy(() =>
  import('./CompareSliderView').then((m) => ({ default: m.CompareSliderView })),
);

/**
 * Before/after with a draggable divider: pointer events cover mouse, pen and touch; the
 * handle is a `role="slider"` with the full `aria-value*` set and arrow/Home/End/Page keys.
 * The position is the CSS variable `--cutout-compare`; `data-state` is `split`, `before`,
 * `after` (or `loading` while its code loads).
 */
export function CompareSlider(props: CompareSliderProps) {
  return (
    <Suspense
      fallback={
        <div
          className={['cutout-compare', props.className].filter(Boolean).join(' ')}
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
