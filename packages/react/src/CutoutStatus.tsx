'use client';
import type { CutoutError, CutoutProgress } from '@cutout/core';
import type { ReactNode } from 'react';
import { type CutoutMessages, errorMessage, format } from './messages';
import { ProgressBar, percentOf } from './ProgressBar';
import { useCountdown } from './useCountdown';

export interface CutoutStatusProps {
  progress: CutoutProgress | undefined;
  error: CutoutError | undefined;
  pending: boolean;
  /** Epoch ms of the next attempt while `retrying`. */
  retryAt: number | undefined;
  maxAttempts: number;
  messages: CutoutMessages;
  /** Shown under an out-of-credits message: the app's own "buy credits" call to action. */
  creditsAction?: ReactNode | ((error: CutoutError) => ReactNode);
  /** Buttons offered with the error (retry, choose another). */
  actions?: ReactNode;
  /**
   * Epoch ms until which a batch's pool is paused by a rate limit: a queued or waiting item
   * says so with the countdown, not a stale phase or nothing (issue 15 §9).
   */
  pausedUntil?: number;
}

/**
 * What a call is doing, in words and a progress bar (a polite live region), or why it failed
 * (an alert), branching on the error's kind: the remedy differs for each.
 */
export function CutoutStatus(props: CutoutStatusProps) {
  const { progress, error, pending, messages } = props;
  const seconds = useCountdown(props.retryAt);
  const pausedFor = useCountdown(props.pausedUntil);
  if (error && !pending) {
    const action =
      error.kind === 'credits'
        ? typeof props.creditsAction === 'function'
          ? props.creditsAction(error)
          : props.creditsAction
        : null;
    return (
      <div className="cutout-status" data-state="error" data-kind={error.kind}>
        <p role="alert" className="cutout-status__error">
          {error.kind === 'aborted' ? messages.cancelled : errorMessage(error, messages)}
        </p>
        {action ? <div className="cutout-status__cta">{action}</div> : null}
        {props.actions}
      </div>
    );
  }
  const ownRateLimit = progress?.phase === 'retrying' && progress.error?.kind === 'rate-limit';
  if (pausedFor > 0 && !ownRateLimit) {
    // Not a live region: every paused row ticking aloud would drown the batch summary.
    return (
      <div className="cutout-status" data-state="paused" data-kind="rate-limit">
        <p className="cutout-status__text">
          {format(messages.batchPaused, { seconds: pausedFor })}
        </p>
      </div>
    );
  }
  if (!pending || !progress) {
    return <div className="cutout-status" data-state="idle" role="status" aria-live="polite" />;
  }
  const phase = progress.phase;
  let text = messages.phase[phase];
  let bar: ReactNode = null;
  if (phase === 'uploading' || phase === 'downloading') {
    const pct = percentOf(progress.loaded, progress.total);
    const valueText =
      pct === undefined ? undefined : format(messages.percent, { percent: Math.round(pct) });
    bar = <ProgressBar value={pct} label={messages.progressLabel} valueText={valueText} />;
    if (valueText) text = `${text} ${valueText}`;
  } else if (phase === 'processing' || phase === 'preflight') {
    bar = <ProgressBar value={undefined} label={messages.progressLabel} />;
  } else if (phase === 'retrying') {
    text =
      progress.error?.kind === 'rate-limit'
        ? format(messages.rateLimitCountdown, { seconds })
        : format(messages.retryingAttempt, {
            attempt: progress.attempt + 1,
            maxAttempts: props.maxAttempts,
          });
  }
  return (
    <div
      className="cutout-status"
      data-state={phase}
      data-kind={progress.error?.kind}
      role="status"
      aria-live="polite"
    >
      <p className="cutout-status__text">{text}</p>
      {bar}
    </div>
  );
}
