'use client';
import type { CutoutError, CutoutInput } from '@cutout/core';
import {
  type ClipboardEvent,
  type CSSProperties,
  type FormEvent,
  lazy,
  type ReactNode,
  Suspense,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { useDropzone } from 'react-dropzone';
import { useCutoutContext, useMessages } from './CutoutProvider';
import { CutoutStatus } from './CutoutStatus';
import type { CutoutMessagesOverrides } from './messages';
import { type CutoutWithUrl, useRemoveBg } from './useRemoveBg';
import { useRemoveBgBatch } from './useRemoveBgBatch';

/** Loaded when `multiple` is first used: single-file screens never need the list. */
const CutoutBatchList = lazy(() =>
  import('./CutoutBatchList').then((m) => ({ default: m.CutoutBatchList })),
);

/** The file picker's filter; dropped and pasted files are checked by core's magic-byte preflight. */
const ACCEPT = 'image/jpeg,image/png,image/webp';

export type DropzoneState = 'idle' | 'active' | 'working' | 'done' | 'error';

export interface CutoutDropzoneProps {
  /** Several files at once, worked by a pool (`useRemoveBgBatch`). Default false. */
  multiple?: boolean;
  /** Pool size with `multiple`. Default 4. */
  concurrency?: number;
  /** Called for every finished cutout (its object URL is managed for you). */
  onCutout?: (cutout: CutoutWithUrl, input: CutoutInput) => void;
  /** Called when a single-file call fails for good. */
  onError?: (error: CutoutError, input: CutoutInput) => void;
  /** The app's own call to action under the out-of-credits message (a node, or a render prop). */
  creditsAction?: ReactNode | ((error: CutoutError) => ReactNode);
  /** Renders the single result; default a plain `<img>`. Return null to show nothing. */
  renderResult?: (cutout: CutoutWithUrl) => ReactNode;
  /** Offer the image-URL field. Default true. */
  allowUrl?: boolean;
  disabled?: boolean;
  messages?: CutoutMessagesOverrides;
  className?: string;
  style?: CSSProperties;
  /** Extra content inside the drop target (an icon, an illustration). */
  children?: ReactNode;
}

/**
 * Drop, click, paste (an image or a URL) or type a URL; shows progress by phase and errors by
 * kind with the remedy each needs. Single file by default, a batch with `multiple`.
 * The root carries `data-state` (idle | active | working | done | error).
 */
export function CutoutDropzone(props: CutoutDropzoneProps) {
  const { multiple = false, allowUrl = true, disabled = false } = props;
  const messages = useMessages(props.messages);
  const { maxAttempts } = useCutoutContext();
  const propsRef = useRef(props);
  propsRef.current = props;
  const single = useRemoveBg({
    onSuccess: undefined,
    onError: (error, input) => propsRef.current.onError?.(error, input),
  });
  const batch = useRemoveBgBatch({ concurrency: props.concurrency });
  const [url, setUrl] = useState('');
  const hintId = useId();
  const urlId = useId();

  const submit = useCallback(
    (inputs: CutoutInput[]) => {
      if (disabled || inputs.length === 0) return;
      if (multiple) batch.add(inputs);
      // Errors are shown from the hook's state; nothing to do with the rejection here.
      else single.removeBackground(inputs[0]!).catch(() => {});
    },
    [disabled, multiple, batch.add, single.removeBackground],
  );

  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: (files) => submit(files),
    multiple,
    disabled,
    // Keyboard goes to the real button inside (React Aria's DropZone pattern): a focusable
    // drop target with a file input inside would be nested interactive content.
    noKeyboard: true,
  });

  // onCutout once per finished cutout, after its object URL exists.
  const reported = useRef(new Set<string>());
  const singleCutout = single.cutout;
  useEffect(() => {
    if (
      singleCutout &&
      single.input !== undefined &&
      !reported.current.has(singleCutout.objectUrl)
    ) {
      reported.current.add(singleCutout.objectUrl);
      propsRef.current.onCutout?.(singleCutout, single.input);
    }
  }, [singleCutout, single.input]);
  useEffect(() => {
    for (const item of batch.items) {
      if (item.status === 'done' && item.cutout && !reported.current.has(item.cutout.objectUrl)) {
        reported.current.add(item.cutout.objectUrl);
        propsRef.current.onCutout?.(item.cutout, item.input);
      }
    }
  }, [batch.items]);

  const onPaste = (event: ClipboardEvent<HTMLDivElement>) => {
    if (disabled) return;
    const files = Array.from(event.clipboardData.files);
    if (files.length > 0) {
      event.preventDefault();
      submit(multiple ? files : files.slice(0, 1));
      return;
    }
    // Text pasted into the URL field goes into the field; elsewhere a URL starts a call.
    if ((event.target as HTMLElement).id === urlId) return;
    const text = event.clipboardData.getData('text').trim();
    if (/^https?:\/\//i.test(text)) {
      event.preventDefault();
      submit([text]);
    }
  };

  const onUrlSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = url.trim();
    if (value) submit([value]);
  };

  const pending = single.status === 'pending';
  const state: DropzoneState = isDragActive
    ? 'active'
    : multiple
      ? batch.totals.running + batch.totals.queued > 0
        ? 'working'
        : batch.totals.failed > 0
          ? 'error'
          : batch.totals.done > 0
            ? 'done'
            : 'idle'
      : pending
        ? 'working'
        : single.status === 'error'
          ? 'error'
          : single.status === 'success'
            ? 'done'
            : 'idle';

  const errorKind = single.error?.kind;
  const pickAnother = errorKind === 'input' || errorKind === 'preflight' || errorKind === 'aborted';
  // A CORS refusal is a network error another try cannot fix: no retry button for it.
  const canRetry =
    single.error?.retryable !== false &&
    (errorKind === 'rate-limit' ||
      errorKind === 'transient' ||
      errorKind === 'network' ||
      errorKind === 'timeout');

  return (
    <div
      className={['cutout-dropzone', props.className].filter(Boolean).join(' ')}
      style={props.style}
      data-state={state}
      data-phase={pending ? single.progress?.phase : undefined}
      data-error={!multiple && single.status === 'error' ? errorKind : undefined}
      data-disabled={disabled ? '' : undefined}
      onPaste={onPaste}
    >
      <div
        {...getRootProps({
          className: 'cutout-dropzone__target',
          role: 'group',
          'aria-label': messages.dropzoneLabel,
          'aria-describedby': hintId,
        })}
      >
        <input {...getInputProps({ accept: ACCEPT, 'aria-label': messages.chooseFile })} />
        {props.children}
        <p id={hintId} className="cutout-dropzone__hint">
          {isDragActive ? messages.dropzoneActive : messages.dropzoneHint}
        </p>
        <button
          type="button"
          className="cutout-dropzone__choose"
          disabled={disabled}
          aria-describedby={hintId}
          onClick={(event) => {
            // The root's own click handler would open a second dialog.
            event.stopPropagation();
            open();
          }}
        >
          {messages.chooseFile}
        </button>
      </div>
      {allowUrl ? (
        <form className="cutout-dropzone__url" onSubmit={onUrlSubmit}>
          <label htmlFor={urlId}>{messages.urlLabel}</label>
          <input
            id={urlId}
            type="url"
            inputMode="url"
            placeholder={messages.urlPlaceholder}
            value={url}
            disabled={disabled}
            onChange={(e) => setUrl(e.target.value)}
          />
          <button type="submit" disabled={disabled || url.trim() === ''}>
            {messages.urlSubmit}
          </button>
        </form>
      ) : null}
      {multiple ? (
        <Suspense fallback={null}>
          <CutoutBatchList batch={batch} messages={messages} maxAttempts={maxAttempts} />
        </Suspense>
      ) : (
        <>
          <CutoutStatus
            progress={single.progress}
            error={single.error}
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
          {single.status === 'success' && single.cutout ? (
            <div className="cutout-dropzone__result" data-state="done">
              <p className="cutout-visually-hidden" role="status">
                {messages.done}
              </p>
              {props.renderResult ? (
                props.renderResult(single.cutout)
              ) : (
                <img
                  src={single.cutout.objectUrl}
                  alt={messages.resultAlt}
                  width={single.cutout.width}
                  height={single.cutout.height}
                />
              )}
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
