import {
  type BatchItem,
  CutoutStatus,
  defaultMessages,
  errorMessage,
  useObjectUrl,
} from '@cutout/react';
import { useMemo } from 'react';

export interface PhotoQueueProps {
  items: readonly BatchItem[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  maxAttempts: number;
  /** Epoch ms until which the pool is paused by a rate limit (every waiting row says so). */
  pausedUntil?: number;
}

/** The photos of this product, in the order added: each with its original, state and PNG. */
export function PhotoQueue({
  items,
  selectedId,
  onSelect,
  maxAttempts,
  pausedUntil,
}: PhotoQueueProps) {
  if (items.length === 0) {
    return <p className="pim-queue__empty">No photos yet. Add a few to start.</p>;
  }
  return (
    <ul className="pim-queue" aria-label="Photo queue">
      {items.map((item) => (
        <QueueRow
          key={item.id}
          item={item}
          selected={item.id === selectedId}
          onSelect={onSelect}
          maxAttempts={maxAttempts}
          pausedUntil={pausedUntil}
        />
      ))}
    </ul>
  );
}

/** `mug.jpg` → `mug-cutout.png`: what the downloaded file is called. */
export function cutoutFileName(name: string): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()!
      .replace(/\.[a-z0-9]+$/i, '') || 'image';
  return `${base}-cutout.png`;
}

function QueueRow(props: {
  item: BatchItem;
  selected: boolean;
  onSelect: (id: string) => void;
  maxAttempts: number;
  pausedUntil: number | undefined;
}) {
  const { item, selected, onSelect, maxAttempts, pausedUntil } = props;
  const original = useObjectUrl(item.input instanceof Blob ? item.input : undefined);
  const thumb = item.cutout?.objectUrl ?? original;
  const size = item.input instanceof Blob ? formatBytes(item.input.size) : 'URL';
  const dims = item.cutout ? `${item.cutout.width}×${item.cutout.height}` : undefined;
  // The deadline of this retry, fixed when its progress event arrived (not at each render).
  const deadline = useMemo(() => retryAt(item.progress), [item.progress]);
  return (
    <li
      className="pim-row"
      data-testid="queue-item"
      data-state={item.status}
      data-selected={selected ? '' : undefined}
    >
      <button
        type="button"
        className="pim-row__select"
        onClick={() => onSelect(item.id)}
        aria-pressed={selected}
        disabled={item.status !== 'done'}
      >
        <span className="pim-row__thumb" data-checker={item.cutout ? '' : undefined}>
          {thumb ? <img src={thumb} alt="" /> : null}
        </span>
        <span className="pim-row__text">
          <span className="pim-row__name" title={item.name}>
            {item.name}
          </span>
          <span className="pim-row__meta">
            {[size, dims, stateText(item)].filter(Boolean).join(' · ')}
          </span>
        </span>
      </button>
      {item.status === 'running' || item.status === 'queued' ? (
        <CutoutStatus
          progress={item.progress}
          error={undefined}
          pending={item.status === 'running'}
          retryAt={deadline}
          pausedUntil={pausedUntil || undefined}
          maxAttempts={maxAttempts}
          messages={defaultMessages}
        />
      ) : null}
      {item.error && item.status !== 'running' ? (
        <p className="pim-row__error" role="alert">
          {errorMessage(item.error, defaultMessages)}
        </p>
      ) : null}
      {item.cutout ? (
        <a
          className="pim-row__download"
          href={item.cutout.objectUrl}
          download={cutoutFileName(item.name)}
          aria-label={`Download ${cutoutFileName(item.name)}`}
        >
          PNG
        </a>
      ) : null}
    </li>
  );
}

function retryAt(p: BatchItem['progress']): number | undefined {
  return p?.phase === 'retrying' && p.retryInMs !== undefined
    ? Date.now() + p.retryInMs
    : undefined;
}

function stateText(item: BatchItem): string | undefined {
  switch (item.status) {
    case 'queued':
      return 'Waiting';
    case 'done': {
      const t = item.cutout?.timings;
      const total = t ? t.uploadMs + t.processingMs + t.downloadMs : 0;
      return total ? `Done in ${(total / 1000).toFixed(1)} s` : 'Done';
    }
    case 'skipped':
      return 'Skipped';
    case 'failed':
      return 'Failed';
    default:
      return undefined;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
