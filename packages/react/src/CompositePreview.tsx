'use client';
import type { EdgeAnalysis } from '@cutout/core/edges';
import { type CSSProperties, useEffect, useRef } from 'react';
import { BackdropSwatches } from './BackdropSwatches';
import {
  type Backdrop,
  backdropKind,
  backdropStyle,
  DEFAULT_SWATCHES,
  loadBackdrop,
  saveBackdrop,
} from './backdrop';
import { useMessages } from './CutoutProvider';
import type { CutoutMessagesOverrides } from './messages';
import { ReviewNotice } from './ReviewNotice';
import { useControllableState } from './useControllableState';
import { useEdgeAnalysis } from './useEdgeAnalysis';

export interface CompositePreviewProps {
  /** The cutout (e.g. `cutout.objectUrl`). */
  src: string;
  alt?: string;
  /** Controlled backdrop. */
  backdrop?: Backdrop;
  /** Initial backdrop when uncontrolled; a remembered pick wins over it. Default `'dark'` (#111). */
  defaultBackdrop?: Backdrop;
  onBackdropChange?: (backdrop: Backdrop) => void;
  /** The swatches offered (a colour picker for any colour is added). */
  swatches?: readonly Backdrop[];
  /** Show the swatch picker. Default true. */
  showPicker?: boolean;
  /** localStorage key for the last pick, or false to not remember. Default `'cutout:backdrop'`. */
  rememberKey?: string | false;
  /** A precomputed edge analysis; otherwise the preview analyses `src` itself (`analyze`). */
  analysis?: EdgeAnalysis;
  /** Run the edge analysis for the "needs review" signal. Default true. */
  analyze?: boolean;
  messages?: CutoutMessagesOverrides;
  className?: string;
  style?: CSSProperties;
}

/**
 * The cutout over a backdrop: dark #111 by default, a checkerboard, white, any colour or an
 * image, with a swatch picker (native radios: keyboard and screen readers for free). Scales
 * to its container at any image size. `data-state` is the backdrop kind, `data-review` is set
 * when edge analysis flags the cutout.
 */
export function CompositePreview(props: CompositePreviewProps) {
  const messages = useMessages(props.messages);
  const rememberKey = props.rememberKey ?? 'cutout:backdrop';
  const [backdrop, setBackdrop] = useControllableState<Backdrop>(
    props.backdrop,
    props.defaultBackdrop ?? 'dark',
    props.onBackdropChange,
  );
  // Storage is read after mount, never during render: the server has none, and reading it
  // in render would make the first client render differ from the server's HTML.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || props.backdrop !== undefined || rememberKey === false) return;
    restored.current = true;
    const saved = loadBackdrop(rememberKey);
    if (saved) setBackdrop(saved);
  }, [props.backdrop, rememberKey, setBackdrop]);

  const pick = (next: Backdrop) => {
    setBackdrop(next);
    if (rememberKey !== false) saveBackdrop(rememberKey, next);
  };

  const { analysis: computed, status } = useEdgeAnalysis(props.src, {
    enabled: props.analysis === undefined && props.analyze !== false,
  });
  const analysis = props.analysis ?? computed;
  const swatches = props.swatches ?? DEFAULT_SWATCHES;
  const kind = backdropKind(backdrop);

  return (
    <figure
      className={['cutout-preview', props.className].filter(Boolean).join(' ')}
      style={props.style}
      data-state={kind}
      data-review={analysis?.needsReview ? '' : undefined}
      data-analysis={props.analysis ? 'done' : status}
      aria-label={messages.previewLabel}
    >
      <div className="cutout-preview__stage" data-backdrop={kind} style={backdropStyle(backdrop)}>
        <img
          className="cutout-preview__image"
          src={props.src}
          alt={props.alt ?? messages.resultAlt}
        />
      </div>
      <ReviewNotice analysis={analysis} messages={messages} />
      {props.showPicker === false ? null : (
        <BackdropSwatches
          value={backdrop}
          swatches={swatches}
          messages={messages}
          onChange={pick}
        />
      )}
    </figure>
  );
}
