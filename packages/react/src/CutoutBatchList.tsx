'use client';
import { CutoutStatus } from './CutoutStatus';
import { type CutoutMessages, format } from './messages';
import { useCountdown } from './useCountdown';
import type { UseRemoveBgBatchResult } from './useRemoveBgBatch';

export interface CutoutBatchListProps {
  batch: UseRemoveBgBatchResult;
  messages: CutoutMessages;
  maxAttempts: number;
}

/** The items of a batch with their state, a summary, and the batch actions. */
export function CutoutBatchList({ batch, messages, maxAttempts }: CutoutBatchListProps) {
  const { totals } = batch;
  const pausedFor = useCountdown(batch.pausedUntil || undefined);
  if (totals.total === 0) return null;
  return (
    <div
      className="cutout-batch"
      data-state={totals.running + totals.queued > 0 ? 'working' : 'idle'}
    >
      <p className="cutout-batch__summary" role="status" aria-live="polite">
        {format(messages.batchSummary, {
          done: totals.done,
          total: totals.total,
          failed: totals.failed,
          skipped: totals.skipped,
        })}
        {pausedFor > 0 ? ` ${format(messages.rateLimitCountdown, { seconds: pausedFor })}` : ''}
      </p>
      <ul className="cutout-batch__items">
        {batch.items.map((item) => (
          <li key={item.id} className="cutout-batch__item" data-state={item.status}>
            {item.cutout ? (
              <img src={item.cutout.objectUrl} alt={item.name} className="cutout-batch__thumb" />
            ) : null}
            <span className="cutout-batch__name">{item.name}</span>
            <span className="cutout-batch__status">{messages.batchStatus[item.status]}</span>
            {item.status === 'running' || item.status === 'queued' || item.error ? (
              <CutoutStatus
                progress={item.progress}
                error={item.error}
                pending={item.status === 'running'}
                // A rate-limited item waits for the pool's gate: count down to it.
                retryAt={
                  item.progress?.phase === 'retrying' && batch.pausedUntil
                    ? batch.pausedUntil
                    : undefined
                }
                pausedUntil={pausedFor > 0 ? batch.pausedUntil : undefined}
                maxAttempts={maxAttempts}
                messages={messages}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <div className="cutout-batch__actions">
        {totals.failed > 0 && totals.running + totals.queued === 0 ? (
          <button type="button" onClick={batch.retryFailed}>
            {messages.batchRetryFailed}
          </button>
        ) : null}
        {totals.running + totals.queued > 0 ? (
          <button type="button" onClick={batch.cancelAll}>
            {messages.batchCancelAll}
          </button>
        ) : null}
      </div>
    </div>
  );
}
