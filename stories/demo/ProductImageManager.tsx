import { useCutoutContext, useRemoveBgBatch } from '@cutout/react';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { makeProductPhoto } from '../support/productPhotos';
import { CutoutWorkspace } from './CutoutWorkspace';
import { EngineBadge } from './EngineBadge';
import { cutoutFileName, PhotoQueue } from './PhotoQueue';
import './productImageManager.css';

export interface ProductImageManagerProps {
  /** Parallel calls to the proxy. Default 2 (the local engine works one image per core). */
  concurrency?: number;
}

/**
 * A product page's image admin, built on the hooks and components of @cutout/react: add
 * photos (drop, choose, or sample photos), watch the queue, check each cutout on #111 and
 * white, inspect its edges, compare before/after, download the PNGs.
 */
export function ProductImageManager({ concurrency = 2 }: ProductImageManagerProps) {
  const batch = useRemoveBgBatch({ concurrency });
  const { maxAttempts } = useCutoutContext();
  const [selectedId, setSelectedId] = useState<string>();
  const [dragging, setDragging] = useState(false);
  const [makingSamples, setMakingSamples] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // Show the first finished cutout until the user picks one.
  const firstDone = batch.items.find((i) => i.status === 'done')?.id;
  const selected = batch.items.find((i) => i.id === selectedId && i.status === 'done');
  useEffect(() => {
    if (!selected && firstDone) setSelectedId(firstDone);
  }, [selected, firstDone]);

  const addFiles = (files: FileList | File[] | null) => {
    const images = Array.from(files ?? []);
    if (images.length > 0) batch.add(images);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };
  const addSamples = async () => {
    setMakingSamples(true);
    try {
      addFiles(await samplePhotos());
    } finally {
      setMakingSamples(false);
    }
  };
  const downloadAll = () => {
    for (const item of batch.items) {
      if (!item.cutout) continue;
      const a = document.createElement('a');
      a.href = item.cutout.objectUrl;
      a.download = cutoutFileName(item.name);
      a.click();
    }
  };

  const { totals } = batch;
  const busy = totals.running + totals.queued > 0;
  return (
    // A dark admin app: the kit's explicit theme switch on an ancestor, whatever the OS says.
    <div className="pim" data-theme="dark">
      <header className="pim-header">
        <div>
          <p className="pim-eyebrow">Catalog › Kitchen › SKU KT-2291</p>
          <h1>Product images</h1>
          <p className="pim-sub">Stoneware pour-over set, matte glaze</p>
        </div>
        <EngineBadge />
      </header>
      <div className="pim-body">
        <aside className="pim-side" aria-label="Photos">
          <section
            className="pim-drop"
            data-testid="demo-dropzone"
            data-state={dragging ? 'active' : 'idle'}
            aria-label="Add product photos"
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <p>{dragging ? 'Drop to add them' : 'Drop product photos here (JPEG, PNG, WEBP)'}</p>
            <div className="pim-drop__actions">
              <button type="button" className="pim-button" onClick={() => input.current?.click()}>
                Choose photos…
              </button>
              <button
                type="button"
                className="pim-button"
                onClick={addSamples}
                disabled={makingSamples}
              >
                {makingSamples ? 'Making samples…' : 'Add sample photos'}
              </button>
            </div>
            <input
              ref={input}
              type="file"
              accept="image/jpeg,image/png,image/webp"
              multiple
              hidden
              onChange={(e) => {
                addFiles(e.target.files);
                e.target.value = '';
              }}
            />
          </section>
          {totals.total > 0 ? (
            <div className="pim-summary">
              <p role="status" aria-live="polite">
                {totals.done} of {totals.total} done
                {totals.failed ? `, ${totals.failed} failed` : ''}
                {totals.skipped ? `, ${totals.skipped} skipped` : ''}
                {busy ? ' …' : ''}
              </p>
              <div className="pim-summary__actions">
                {totals.failed > 0 && !busy ? (
                  <button type="button" className="pim-button" onClick={batch.retryFailed}>
                    Retry failed
                  </button>
                ) : null}
                {busy ? (
                  <button type="button" className="pim-button" onClick={batch.cancelAll}>
                    Cancel all
                  </button>
                ) : null}
                {totals.done > 1 ? (
                  <button type="button" className="pim-button" onClick={downloadAll}>
                    Download all PNGs
                  </button>
                ) : null}
              </div>
            </div>
          ) : null}
          <PhotoQueue
            items={batch.items}
            selectedId={selected?.id}
            onSelect={setSelectedId}
            maxAttempts={maxAttempts}
            pausedUntil={batch.pausedUntil}
          />
        </aside>
        <main className="pim-main">
          <CutoutWorkspace key={selected?.id} item={selected} />
        </main>
      </div>
    </div>
  );
}

/** Studio-style photos to try the page without one's own: varied sizes, one long name, one too small. */
export function samplePhotos(): Promise<File[]> {
  return Promise.all([
    makeProductPhoto({ product: 'mug', width: 1600, height: 1200, name: 'mug-front.jpg' }),
    makeProductPhoto({ product: 'bottle', width: 900, height: 1200, name: 'bottle.jpg' }),
    makeProductPhoto({
      product: 'sneaker',
      width: 2400,
      height: 1600,
      backdrop: 'wood',
      name: 'trail-runner-sneaker-left-side-view-on-oak-table-final-v3-retouched.jpg',
    }),
    makeProductPhoto({ product: 'lamp', width: 300, height: 300, name: 'lamp-thumbnail.jpg' }),
  ]);
}
