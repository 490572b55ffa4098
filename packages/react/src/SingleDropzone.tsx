'use client';
import { useEffect, useRef } from 'react';
import { useCutoutContext, useMessages } from './CutoutProvider';
import { CutoutStatus } from './CutoutStatus';
import { DropzoneFrame } from './DropzoneFrame';
import type { CutoutDropzoneProps } from './dropzoneProps';
import { useRemoveBg } from './useRemoveBg';

/** `<CutoutDropzone>` for one file at a time (`useRemoveBg`). */
export function SingleDropzone(props: CutoutDropzoneProps) {
  const messages = useMessages(props.messages);
  const { maxAttempts } = useCutoutContext();
  const propsRef = useRef(props);
  propsRef.current = props;
  const single = useRemoveBg({
    onError: (error, input) => propsRef.current.onError?.(error, input),
  });
  const { status, cutout, input, error } = single;

  // onCutout once per finished cutout, after its object URL exists.
  const reported = useRef<string>(undefined);
  useEffect(() => {
    if (cutout && input !== undefined && reported.current !== cutout.objectUrl) {
      reported.current = cutout.objectUrl;
      propsRef.current.onCutout?.(cutout, input);
    }
  }, [cutout, input]);

  const pending = status === 'pending';
  // What the error itself says: retrying helps when it is retryable; otherwise a different
  // file helps with what is wrong with this one (bad input, or a cancelled call).
  const canRetry = error?.retryable;
  const kind = error?.kind;
  const pickAnother = kind === 'input' || kind === 'preflight' || kind === 'aborted';
  return (
    <DropzoneFrame
      props={props}
      messages={messages}
      state={
        pending ? 'working' : status === 'error' ? 'error' : status === 'success' ? 'done' : 'idle'
      }
      data={{
        'data-phase': pending ? single.progress?.phase : undefined,
        'data-error': status === 'error' ? kind : undefined,
      }}
      // Errors are shown from the hook's state; nothing to do with the rejection here.
      submit={(inputs) => single.removeBackground(inputs[0]!).catch(() => {})}
    >
      {(open) => (
        <>
          <CutoutStatus
            progress={single.progress}
            error={error}
            pending={pending}
            retryAt={single.retryAt}
            maxAttempts={maxAttempts}
            messages={messages}
            creditsAction={props.creditsAction}
            actions={
              <div className="cutout-status__actions">
                {canRetry ? (
                  <button type="button" onClick={() => single.retry()}>
                    {messages.retry}
                  </button>
                ) : null}
                {pickAnother ? (
                  <button type="button" onClick={open}>
                    {messages.chooseAnother}
                  </button>
                ) : null}
              </div>
            }
          />
          {pending ? (
            <button type="button" className="cutout-dropzone__cancel" onClick={single.cancel}>
              {messages.cancel}
            </button>
          ) : null}
          {status === 'success' && cutout ? (
            <div className="cutout-dropzone__result" data-state="done">
              <p className="cutout-visually-hidden" role="status">
                {messages.done}
              </p>
              {props.renderResult ? (
                props.renderResult(cutout)
              ) : (
                <img
                  src={cutout.objectUrl}
                  alt={messages.resultAlt}
                  width={cutout.width}
                  height={cutout.height}
                />
              )}
            </div>
          ) : null}
        </>
      )}
    </DropzoneFrame>
  );
}
