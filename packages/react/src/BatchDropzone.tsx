'use client';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useCutoutContext, useMessages } from './CutoutProvider';
import { DropzoneFrame } from './DropzoneFrame';
import type { CutoutDropzoneProps } from './dropzoneProps';
import { useRemoveBgBatch } from './useRemoveBgBatch';

/** Loaded when `multiple` is first used: single-file screens never need the list. */
const CutoutBatchList = lazy(() =>
  import('./CutoutBatchList').then((m) => ({ default: m.CutoutBatchList })),
);

/** `<CutoutDropzone multiple>`: many files through one pool (`useRemoveBgBatch`). */
export function BatchDropzone(props: CutoutDropzoneProps) {
  const messages = useMessages(props.messages);
  const { maxAttempts } = useCutoutContext();
  const batch = useRemoveBgBatch({ concurrency: props.concurrency });
  const { totals, items } = batch;

  // onCutout once per finished cutout, after its object URL exists.
  const onCutout = useRef(props.onCutout);
  onCutout.current = props.onCutout;
  const reported = useRef(new Set<string>());
  useEffect(() => {
    for (const item of items) {
      if (item.cutout && !reported.current.has(item.cutout.objectUrl)) {
        reported.current.add(item.cutout.objectUrl);
        onCutout.current?.(item.cutout, item.input);
      }
    }
  }, [items]);

  return (
    <DropzoneFrame
      props={props}
      messages={messages}
      state={
        totals.running + totals.queued > 0
          ? 'working'
          : totals.failed > 0
            ? 'error'
            : totals.done > 0
              ? 'done'
              : 'idle'
      }
      submit={batch.add}
    >
      {() => (
        <Suspense fallback={null}>
          <CutoutBatchList batch={batch} messages={messages} maxAttempts={maxAttempts} />
        </Suspense>
      )}
    </DropzoneFrame>
  );
}
