import type { CutoutError, CutoutInput } from '@cutout/core';
import type { HTMLAttributes, ReactNode } from 'react';
import type { CutoutMessagesOverrides } from './messages';
import type { CutoutWithUrl } from './useRemoveBg';

export type DropzoneState = 'idle' | 'active' | 'working' | 'done' | 'error';

/**
 * Every other prop (`id`, `aria-*`, `data-*`, event handlers…) goes on the root element; the
 * caller's handlers run before ours, and one that stops propagation skips ours.
 */
export interface CutoutDropzoneProps
  extends Omit<HTMLAttributes<HTMLDivElement>, 'onError' | 'children'> {
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
  /** Extra content inside the drop target (an icon, an illustration). */
  children?: ReactNode;
}
