'use client';
import type { MaskEditorSnapshot } from './createMaskEditor';
import { MAX_BRUSH } from './createMaskEditor';
import type { EditorMessages } from './editorMessages';
import { type CutoutMessages, format } from './messages';
import { MAX_ZOOM, MIN_ZOOM, stepZoom } from './zoomSteps';

export interface EditorToolbarProps {
  state: MaskEditorSnapshot | undefined;
  readOnly: boolean;
  zoom: number;
  showOriginal: boolean;
  messages: EditorMessages;
  viewMessages: CutoutMessages;
  onSettings(settings: Partial<MaskEditorSnapshot>): void;
  onUndo(): void;
  onRedo(): void;
  onZoom(zoom: number): void;
  onFit(): void;
  onShowOriginal(show: boolean): void;
}

/** Tools (a toggle group), brush size and hardness, undo/redo, zoom, before/after. */
export function EditorToolbar(props: EditorToolbarProps) {
  const { state, messages: m, viewMessages: v, zoom } = props;
  const off = !state || props.readOnly;
  return (
    <div className="cutout-editor__toolbar" role="toolbar" aria-label={m.toolsLabel}>
      {/* biome-ignore lint/a11y/useSemanticElements: a toggle-button group, not a form fieldset */}
      <div role="group" aria-label={m.toolsLabel} className="cutout-editor__tools">
        <button
          type="button"
          aria-pressed={state?.tool === 'erase'}
          aria-keyshortcuts="E"
          disabled={off}
          onClick={() => props.onSettings({ tool: 'erase' })}
        >
          {m.erase}
        </button>
        <button
          type="button"
          aria-pressed={state?.tool === 'restore'}
          aria-keyshortcuts="R"
          disabled={off}
          onClick={() => props.onSettings({ tool: 'restore' })}
        >
          {m.restore}
        </button>
        <button
          type="button"
          aria-pressed={state?.edgeAware ?? false}
          aria-keyshortcuts="G"
          disabled={off}
          onClick={() => props.onSettings({ edgeAware: !state?.edgeAware })}
        >
          {m.edgeAware}
        </button>
      </div>
      <label className="cutout-editor__range">
        {m.brushSize}
        <input
          type="range"
          min={1}
          max={Math.min(MAX_BRUSH, Math.max(state?.width ?? 0, state?.height ?? 0, 100))}
          value={state?.size ?? 40}
          disabled={off}
          aria-keyshortcuts="[ ]"
          onChange={(e) => props.onSettings({ size: Number(e.target.value) })}
        />
        <output>{state?.size ?? ''}</output>
      </label>
      <label className="cutout-editor__range">
        {m.hardness}
        <input
          type="range"
          min={0}
          max={100}
          value={Math.round((state?.hardness ?? 0.8) * 100)}
          disabled={off}
          onChange={(e) => props.onSettings({ hardness: Number(e.target.value) / 100 })}
        />
      </label>
      <button
        type="button"
        disabled={off || !state?.canUndo}
        aria-keyshortcuts="Control+Z Meta+Z"
        onClick={props.onUndo}
      >
        {m.undo}
      </button>
      <button
        type="button"
        disabled={off || !state?.canRedo}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z"
        onClick={props.onRedo}
      >
        {m.redo}
      </button>
      <button
        type="button"
        onClick={() => props.onZoom(stepZoom(zoom, -1))}
        disabled={zoom <= MIN_ZOOM}
        aria-label={v.zoomOut}
      >
        −
      </button>
      <output className="cutout-editor__zoom" aria-live="polite">
        {format(v.zoomValue, { zoom: Math.round(zoom) })}
      </output>
      <button
        type="button"
        onClick={() => props.onZoom(stepZoom(zoom, 1))}
        disabled={zoom >= MAX_ZOOM}
        aria-label={v.zoomIn}
      >
        +
      </button>
      <button type="button" onClick={props.onFit}>
        {v.zoomFit}
      </button>
      <button
        type="button"
        aria-pressed={props.showOriginal}
        aria-keyshortcuts="B"
        onClick={() => props.onShowOriginal(!props.showOriginal)}
      >
        {m.showOriginal}
      </button>
    </div>
  );
}
