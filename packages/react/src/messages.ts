import type { CutoutError, CutoutPhase } from '@cutout/core';

/**
 * Every user-facing string of the components, English by default. Pass a partial object to
 * `<CutoutProvider messages>` (or a component's `messages` prop) to translate or reword.
 * Error text is chosen from `CutoutError.kind`/`reason`, never from the server's own text,
 * which may be in another language, leak internals, or change without notice.
 */
export interface CutoutMessages {
  dropzoneLabel: string;
  dropzoneHint: string;
  dropzoneActive: string;
  chooseFile: string;
  chooseAnother: string;
  urlLabel: string;
  urlPlaceholder: string;
  urlSubmit: string;
  cancel: string;
  retry: string;
  progressLabel: string;
  phase: Record<CutoutPhase, string>;
  /** `{percent}` is replaced. */
  percent: string;
  /** `{attempt}` and `{maxAttempts}` are replaced. */
  retryingAttempt: string;
  /** `{seconds}` is replaced. */
  rateLimitCountdown: string;
  cancelled: string;
  done: string;
  resultAlt: string;
  /** Titles by error kind; `preflight` and `input` also have per-reason text below. */
  errors: Record<CutoutError['kind'], string>;
  /** Per-reason text (preflight reasons, 40001–40003, `cors-refused`); wins over `errors[kind]`. */
  reasons: Record<string, string>;
  batchSummary: string;
  batchRetryFailed: string;
  batchCancelAll: string;
  /** A batch item waiting while the pool is paused by a rate limit; `{seconds}` is replaced. */
  batchPaused: string;
  batchStatus: Record<'queued' | 'running' | 'done' | 'skipped' | 'failed', string>;
  backdropLabel: string;
  backdrops: Record<'dark' | 'checkerboard' | 'white' | 'custom' | 'image', string>;
  previewLabel: string;
  needsReview: string;
  reviewReasons: Record<'halo' | 'bright-rim' | 'wide-soft-edge' | 'colour-collision', string>;
  analysing: string;
  inspectorLabel: string;
  /** How screen readers announce the pan/zoom surface. */
  inspectorRole: string;
  zoomIn: string;
  zoomOut: string;
  zoomFit: string;
  /** `{zoom}` is replaced. */
  zoomValue: string;
  modeLabel: string;
  modes: Record<'composite' | 'alpha' | 'fringe', string>;
  /** `{score}` is replaced (0–100). */
  haloScore: string;
  /** Shown beside the halo score when the edges are flagged bright; `{score}` is replaced (0–100). */
  rimScore: string;
  inspectorHelp: string;
  compareLabel: string;
  before: string;
  after: string;
}

export const defaultMessages: CutoutMessages = {
  dropzoneLabel: 'Upload a product photo',
  dropzoneHint: 'Drop a JPEG, PNG or WEBP here, paste one, or click to choose',
  dropzoneActive: 'Drop to remove the background',
  chooseFile: 'Choose a file',
  chooseAnother: 'Choose another image',
  urlLabel: 'Or an image URL',
  urlPlaceholder: 'https://example.com/photo.jpg',
  urlSubmit: 'Remove background',
  cancel: 'Cancel',
  retry: 'Try again',
  progressLabel: 'Background removal progress',
  phase: {
    preflight: 'Checking the image…',
    uploading: 'Uploading…',
    processing: 'Removing the background…',
    downloading: 'Downloading the result…',
    retrying: 'Retrying…',
    done: 'Done',
  },
  percent: '{percent}%',
  retryingAttempt: 'Retrying, attempt {attempt} of {maxAttempts}',
  rateLimitCountdown: 'Too many requests. Retrying automatically in {seconds} s',
  cancelled: 'Cancelled.',
  done: 'Background removed',
  resultAlt: 'Cutout result',
  errors: {
    preflight: 'This image cannot be used.',
    input: 'The service could not use this image.',
    credits: 'You are out of credits.',
    auth: 'You are not allowed to remove backgrounds. Check that you are signed in.',
    'rate-limit': 'Too many requests right now. Please wait a moment and try again.',
    transient: 'The service had a temporary problem. Please try again.',
    network: 'Could not reach the service. Check your connection and try again.',
    timeout: 'The service took too long to answer. Please try again.',
    aborted: 'Cancelled.',
  },
  reasons: {
    empty: 'The file is empty.',
    'unsupported-format': 'Only JPEG, PNG and WEBP images are supported.',
    'too-large': 'The image is larger than 25 MB.',
    'too-small': 'The image is too small: its longer side must be at least 400 px.',
    unreadable: 'The image could not be read.',
    'too-many-pixels': 'The image has too many pixels.',
    'invalid-url': 'Enter a full http:// or https:// image URL.',
    'missing-url': 'The image URL could not be reached.',
    'blocked-url': 'This image URL points to a private address: not allowed.',
    // The developer's remedy (the proxy's allowedOrigins) is in the error's message.
    'cors-refused': 'The service does not accept requests from this page (CORS).',
  },
  batchSummary: '{done} of {total} done, {failed} failed, {skipped} skipped',
  batchRetryFailed: 'Retry failed',
  batchCancelAll: 'Cancel all',
  batchPaused: 'Paused by the rate limit. Resuming in {seconds} s',
  batchStatus: {
    queued: 'Waiting',
    running: 'Working',
    done: 'Done',
    skipped: 'Skipped',
    failed: 'Failed',
  },
  backdropLabel: 'Background',
  backdrops: {
    dark: 'Dark',
    checkerboard: 'Checkerboard',
    white: 'White',
    custom: 'Custom colour',
    image: 'Image',
  },
  previewLabel: 'Cutout preview',
  needsReview: 'Needs review',
  reviewReasons: {
    halo: 'A halo of the old background remains around the edges.',
    'bright-rim': 'The edges look brighter than the subject on dark backgrounds.',
    'wide-soft-edge': 'A wide band of the edge is uncertain (soft or blurred).',
    'colour-collision': 'The subject and the background have similar colours.',
  },
  analysing: 'Analysing edges…',
  inspectorLabel: 'Edge inspector',
  inspectorRole: 'image viewer',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomFit: 'Fit',
  zoomValue: '{zoom}%',
  modeLabel: 'View',
  modes: { composite: 'Composite', alpha: 'Alpha matte', fringe: 'Fringe overlay' },
  haloScore: 'Halo score {score}',
  rimScore: 'bright rim {score}',
  inspectorHelp: 'Arrow keys pan, + and − zoom, 0 fits. Drag or scroll to pan, Ctrl+scroll zooms.',
  compareLabel: 'Before and after',
  before: 'Before',
  after: 'After',
};

/** Overrides for `messages` props: any entry, and any key of a grouped entry. */
export type CutoutMessagesOverrides = {
  [K in keyof CutoutMessages]?: CutoutMessages[K] extends string
    ? string
    : Partial<CutoutMessages[K]>;
};

/** Merges overrides over the defaults, one level deep for the grouped entries. */
export function mergeMessages(...layers: (CutoutMessagesOverrides | undefined)[]): CutoutMessages {
  const out: CutoutMessages = { ...defaultMessages };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer) as [keyof CutoutMessages, unknown][]) {
      if (value === undefined) continue;
      const base = out[key];
      (out as unknown as Record<string, unknown>)[key] =
        typeof value === 'object' && typeof base === 'object' ? { ...base, ...value } : value;
    }
  }
  return out;
}

/** Replaces `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** The text for an error: its reason's text when there is one, else its kind's. */
export function errorMessage(error: CutoutError, messages: CutoutMessages): string {
  const byReason =
    (error.kind === 'preflight' || error.kind === 'input' || error.kind === 'network') &&
    error.reason
      ? messages.reasons[error.reason]
      : undefined;
  return byReason ?? messages.errors[error.kind] ?? messages.errors.transient;
}
