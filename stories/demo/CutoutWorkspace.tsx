import {
  type BatchItem,
  CompareSlider,
  CompositePreview,
  EdgeInspector,
  useObjectUrl,
} from '@cutout/react';
import { CutoutEditor, type MaskBuffer } from '@cutout/react/editor';
import { CutoutExport } from '@cutout/react/export';
import '@cutout/react/export.css';
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { cutoutFileName } from './PhotoQueue';

const TABS = [
  { id: 'preview', label: 'Preview' },
  { id: 'inspect', label: 'Inspect edges' },
  { id: 'compare', label: 'Before / after' },
  { id: 'edit', label: 'Edit' },
  { id: 'export', label: 'Export' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** Hand edits of one photo: the matte (to reopen the editor where it was) and its PNG. */
interface Edit {
  id: string;
  mask?: MaskBuffer;
  png?: Blob;
}

/**
 * The selected photo's cutout: on #111 and on white side by side (where halos and dark
 * fringes show), the edge inspector, before/after, the mask editor to touch it up (the
 * download then gives the edited PNG), and the export panel (marketplace presets, composed in
 * the browser with the proxy's maths). Tabs follow the ARIA tabs pattern (arrow keys move
 * between them).
 */
export function CutoutWorkspace({ item }: { item: BatchItem | undefined }) {
  const [tab, setTab] = useState<Tab>('preview');
  const base = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const original = useObjectUrl(item?.input instanceof Blob ? item.input : undefined);
  const cutout = item?.cutout;
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const edit = item ? edits[item.id] : undefined;
  const editedUrl = useObjectUrl(edit?.png);
  const saveEdit = (id: string, patch: Omit<Edit, 'id'>) =>
    setEdits((all) => ({ ...all, [id]: { ...all[id], ...patch, id } }));

  if (!item || !cutout) {
    return (
      <section className="pim-workspace pim-workspace--empty" aria-label="Selected photo">
        <p>Finished cutouts appear here. Select one in the queue to inspect it.</p>
      </section>
    );
  }

  const onKeyDown = (event: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next =
      event.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (i + TABS.length - 1) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    setTab(TABS[next]!.id);
    tabRefs.current[next]?.focus();
  };

  const t = cutout.timings;
  return (
    <section className="pim-workspace" aria-label={`Selected photo: ${item.name}`}>
      <header className="pim-workspace__head">
        <div className="pim-workspace__title">
          <h2 title={item.name}>{item.name}</h2>
          <p>
            {cutout.width}×{cutout.height} px · {cutout.attempts}{' '}
            {cutout.attempts === 1 ? 'attempt' : 'attempts'} · upload {Math.round(t.uploadMs)} ms ·
            processing {Math.round(t.processingMs)} ms · download {Math.round(t.downloadMs)} ms
          </p>
        </div>
        <a
          className="pim-button pim-button--primary"
          href={editedUrl ?? cutout.objectUrl}
          download={cutoutFileName(item.name)}
          data-edited={editedUrl ? '' : undefined}
        >
          Download {cutoutFileName(item.name)}
        </a>
      </header>
      <div className="pim-tabs" role="tablist" aria-label="View" onKeyDown={onKeyDown}>
        {TABS.map((entry, i) => (
          <button
            key={entry.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${entry.id}`}
            aria-controls={`${base}-panel-${entry.id}`}
            aria-selected={tab === entry.id}
            tabIndex={tab === entry.id ? 0 : -1}
            onClick={() => setTab(entry.id)}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div
        className="pim-panel"
        role="tabpanel"
        id={`${base}-panel-${tab}`}
        aria-labelledby={`${base}-tab-${tab}`}
      >
        {tab === 'preview' ? (
          <div className="pim-previews">
            <figure>
              <CompositePreview
                src={cutout.objectUrl}
                alt={`${item.name} on dark`}
                backdrop="dark"
                showPicker={false}
                rememberKey={false}
              />
              <figcaption>On #111 (spots light halos)</figcaption>
            </figure>
            <figure>
              <CompositePreview
                src={cutout.objectUrl}
                alt={`${item.name} on white`}
                backdrop="white"
                showPicker={false}
                rememberKey={false}
                analyze={false}
              />
              <figcaption>On white (spots dark fringes)</figcaption>
            </figure>
          </div>
        ) : tab === 'inspect' ? (
          <EdgeInspector src={cutout.objectUrl} width={cutout.width} height={cutout.height} />
        ) : tab === 'export' ? (
          <CutoutExport
            src={cutout.objectUrl}
            fileName={cutoutFileName(item.name).replace(/\.png$/, '')}
          />
        ) : !(item.input instanceof Blob) ? (
          <p>The original of a URL input is not kept in the browser.</p>
        ) : tab === 'compare' ? (
          original ? (
            <CompareSlider
              before={original}
              after={cutout.objectUrl}
              beforeAlt={`${item.name}, original`}
              afterAlt={`${item.name}, cutout`}
            />
          ) : null
        ) : (
          <CutoutEditor
            key={item.id}
            original={item.input}
            cutout={cutout.blob}
            defaultValue={edit?.mask}
            onValueChange={(mask) => saveEdit(item.id, { mask })}
            onChange={(png) => saveEdit(item.id, { png })}
            style={{ height: 520 }}
          />
        )}
      </div>
    </section>
  );
}
