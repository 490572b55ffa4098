'use client';
import type { EdgeAnalysis } from '@cutout/core/edges';
import type { CutoutMessages } from './messages';

export interface ReviewNoticeProps {
  analysis: EdgeAnalysis | undefined;
  messages: CutoutMessages;
}

/**
 * The "needs review" signal: shown when core's edge analysis flags the edges (a halo, a bright
 * rim, a wide uncertain band, subject and background of similar colour), with each reason.
 */
export function ReviewNotice({ analysis, messages }: ReviewNoticeProps) {
  if (!analysis?.needsReview) return null;
  return (
    <div className="cutout-review" data-state="needs-review" role="status">
      <strong className="cutout-review__title">{messages.needsReview}</strong>
      <ul className="cutout-review__reasons">
        {analysis.reasons.map((reason) => (
          <li key={reason} data-reason={reason}>
            {messages.reviewReasons[reason]}
          </li>
        ))}
      </ul>
    </div>
  );
}
