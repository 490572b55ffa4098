'use client';
import type { CutoutInput } from '@cutout/core';
import { type ClipboardEvent, type ReactNode, useId, useState } from 'react';
import { useDropzone } from 'react-dropzone';
import type { CutoutDropzoneProps, DropzoneState } from './dropzoneProps';
import type { CutoutMessages } from './messages';

/** The file picker's filter; dropped and pasted files are checked by core's magic-byte preflight. */
const ACCEPT = 'image/jpeg,image/png,image/webp';

interface DropzoneFrameProps {
  /** The caller's props: ours are taken out, the rest goes on the root. */
  props: CutoutDropzoneProps;
  state: DropzoneState;
  /** Extra data attributes of the mode (`data-phase`, `data-error`). */
  data?: Record<`data-${string}`, string | undefined>;
  messages: CutoutMessages;
  submit: (inputs: CutoutInput[]) => void;
  /** What the mode shows under the target; `open` opens the file dialog. */
  children: (open: () => void) => ReactNode;
}

/** The part both modes share: the root, the drop target, the file picker and the URL field. */
export function DropzoneFrame({
  props,
  state,
  data,
  messages,
  submit,
  children,
}: DropzoneFrameProps) {
  const {
    multiple = false,
    allowUrl = true,
    disabled = false,
    concurrency: _concurrency,
    onCutout: _onCutout,
    onError: _onError,
    creditsAction: _creditsAction,
    renderResult: _renderResult,
    messages: _messages,
    children: extra,
    className,
    onPaste,
    ...rest
  } = props;
  const [url, setUrl] = useState('');
  const hintId = useId();
  const urlId = useId();
  const send = (inputs: CutoutInput[]) => {
    if (!disabled && inputs.length > 0) submit(multiple ? inputs : inputs.slice(0, 1));
  };

  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: send,
    multiple,
    disabled,
    // Keyboard goes to the real button inside (React Aria's DropZone pattern): a focusable
    // drop target with a file input inside would be nested interactive content.
    noKeyboard: true,
  });

  const paste = (event: ClipboardEvent<HTMLDivElement>) => {
    // react-dropzone's composeEventHandlers shape: the caller's handler first; stopping
    // propagation there (or a paste already taken) skips ours.
    onPaste?.(event);
    if (disabled || event.isPropagationStopped() || event.defaultPrevented) return;
    const files = Array.from(event.clipboardData.files);
    if (files.length > 0) {
      event.preventDefault();
      send(files);
      return;
    }
    // Text pasted into the URL field goes into the field; elsewhere a URL starts a call.
    if ((event.target as HTMLElement).id === urlId) return;
    const text = event.clipboardData.getData('text').trim();
    if (/^https?:\/\//i.test(text)) {
      event.preventDefault();
      send([text]);
    }
  };

  return (
    <div
      {...rest}
      {...data}
      className={className ? `cutout-dropzone ${className}` : 'cutout-dropzone'}
      data-state={isDragActive ? 'active' : state}
      data-disabled={disabled ? '' : undefined}
      onPaste={paste}
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
        {extra}
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
        <form
          className="cutout-dropzone__url"
          onSubmit={(event) => {
            event.preventDefault();
            if (url.trim()) send([url.trim()]);
          }}
        >
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
      {children(open)}
    </div>
  );
}
