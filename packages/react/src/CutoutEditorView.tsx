'use client';
import {
  type CSSProperties,
  type KeyboardEvent,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { BackdropSwatches } from './BackdropSwatches';
import { type Backdrop, backdropKind, backdropStyle, DEFAULT_SWATCHES } from './backdrop';
import { useMessages } from './CutoutProvider';
import type { MaskEditorSettings } from './createMaskEditor';
import { EditorToolbar } from './EditorToolbar';
import { defaultEditorMessages, type EditorMessages } from './editorMessages';
import type { MaskBuffer } from './maskBuffer';
import { format } from './messages';
import { type MaskCanvasPainter, paintMaskCanvas } from './paintMaskCanvas';
import { useControllableState } from './useControllableState';
import { useEditorPointer } from './useEditorPointer';
import { useMaskEditor } from './useMaskEditor';
import { useObjectUrl } from './useObjectUrl';
import { useStageView } from './useStageView';

export interface CutoutEditorProps {
  /** The photo the cutout was made from: restore paints its pixels back, edges come from it. */
  original: Blob | string;
  /** The cutout (PNG with alpha), the same size as the original. */
  cutout: Blob | string;
  /** The mask (alpha matte), controlled; adopted as an undoable step whenever it changes. */
  value?: MaskBuffer;
  /** The starting mask when uncontrolled; default the cutout's alpha. */
  defaultValue?: MaskBuffer;
  /** A copy of the mask after every edit, undo and redo. */
  onValueChange?: (mask: MaskBuffer) => void;
  /** The edited cutout as a PNG, once edits pause (300 ms), for saving or the export panel. */
  onChange?: (cutout: Blob) => void;
  /** Starting tool and brush. */
  defaultSettings?: Partial<MaskEditorSettings>;
  /** View and pan only: no painting. */
  readOnly?: boolean;
  /** Zoom in percent (controlled); default fits the image. */
  zoom?: number;
  defaultZoom?: number;
  onZoomChange?: (zoom: number) => void;
  /** What shows behind the cutout; the choices of `<CompositePreview>`. Default `'checkerboard'`. */
  backdrop?: Backdrop;
  defaultBackdrop?: Backdrop;
  onBackdropChange?: (backdrop: Backdrop) => void;
  swatches?: readonly Backdrop[];
  messages?: Partial<EditorMessages>;
  className?: string;
  style?: CSSProperties;
}

/**
 * Key of `read(rect)` on the editing canvas element: straight RGBA of the off-screen
 * full-resolution composite every frame is drawn from (what 100 % on a 1× screen shows).
 */
const COMPOSITE_READER = Symbol.for('cutout.editor.composite');

/** How long edits must pause before `onChange` gets a new PNG. */
const CHANGE_DEBOUNCE_MS = 300;
const SIZE_STEP = 1.2;

/** The editor itself, loaded on demand by `CutoutEditor`; glue over `useMaskEditor`. */
export function CutoutEditorView(props: CutoutEditorProps) {
  const viewMessages = useMessages();
  const m = useMemo(() => ({ ...defaultEditorMessages, ...props.messages }), [props.messages]);
  const readOnly = props.readOnly ?? false;
  const { editor, state, status, error } = useMaskEditor({
    original: props.original,
    cutout: props.cutout,
    value: props.value,
    defaultValue: props.defaultValue,
    onValueChange: props.onValueChange,
    settings: props.defaultSettings,
  });
  const [backdrop, setBackdrop] = useControllableState<Backdrop>(
    props.backdrop,
    props.defaultBackdrop ?? 'checkerboard',
    props.onBackdropChange,
  );
  const [showOriginal, setShowOriginal] = useState(false);
  const [painted, setPainted] = useState(false);
  const size = { width: state?.width ?? 0, height: state?.height ?? 0 };
  const stage = useStageView({
    zoom: props.zoom,
    defaultZoom: props.defaultZoom,
    onZoomChange: props.onZoomChange,
    size,
    content: painted || undefined,
  });
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cursorRef = useRef<HTMLDivElement>(null);
  const painter = useRef<MaskCanvasPainter>(undefined);
  const panMode = useRef(false);
  const helpId = useId();
  const originalUrl = useObjectUrl(props.original instanceof Blob ? props.original : undefined);
  const originalSrc = typeof props.original === 'string' ? props.original : originalUrl;

  // biome-ignore lint/correctness/useExhaustiveDependencies: one painter per editor (pan reads refs)
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!editor || !canvas) return;
    setPainted(false);
    const p = paintMaskCanvas(editor, canvas, stage.pan);
    painter.current = p;
    // The full-resolution pixels behind the view, for tests and devtools: the canvas on the
    // page is only viewport-sized.
    Object.assign(canvas, { [COMPOSITE_READER]: p.read });
    p.ready.then(() => setPainted(true));
    return () => {
      p.dispose();
      painter.current = undefined;
      Reflect.deleteProperty(canvas, COMPOSITE_READER);
    };
  }, [editor]);

  // The edited PNG for `onChange`, once edits pause; a newer edit aborts an encode under way.
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  useEffect(() => {
    if (!editor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    const off = editor.onCommit(() => {
      if (!onChange.current) return;
      clearTimeout(timer);
      controller?.abort();
      timer = setTimeout(() => {
        const c = new AbortController();
        controller = c;
        editor.toCutoutPng(c.signal).then(
          (blob) => c.signal.aborted || onChange.current?.(blob),
          () => {},
        );
      }, CHANGE_DEBOUNCE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
      controller?.abort();
    };
  }, [editor]);

  const pointer = useEditorPointer(editor, painter, stage, cursorRef, panMode, readOnly);
  // Undo and redo reach the composite at once, like the end of a stroke (a test reading it
  // back after the key press sees the restored mask); the view shows it in the next frame.
  const undo = () => {
    editor?.undo();
    painter.current?.flush();
  };
  const redo = () => {
    editor?.redo();
    painter.current?.flush();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (!editor || !state) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'z' && !readOnly) {
      if (e.shiftKey) redo();
      else undo();
    } else if (mod && key === 'y' && !readOnly) {
      redo();
    } else if (mod || e.altKey || (e.target as HTMLElement).tagName === 'INPUT') {
      return;
    } else if (e.key === ' ' && e.target === stage.viewportRef.current) {
      panMode.current = true;
      stage.viewportRef.current.dataset.panning = '';
    } else if (key === 'b') {
      setShowOriginal((s) => !s);
    } else if (readOnly && 'er[]{}g'.includes(key)) {
      return;
    } else if (key === 'e') {
      editor.set({ tool: 'erase' });
    } else if (key === 'r') {
      editor.set({ tool: 'restore' });
    } else if (key === 'g') {
      editor.set({ edgeAware: !state.edgeAware });
    } else if (e.key === '[' || e.key === '{') {
      if (e.shiftKey) editor.set({ hardness: state.hardness - 0.1 });
      else editor.set({ size: Math.min(state.size - 1, state.size / SIZE_STEP) });
    } else if (e.key === ']' || e.key === '}') {
      if (e.shiftKey) editor.set({ hardness: state.hardness + 0.1 });
      else editor.set({ size: Math.max(state.size + 1, state.size * SIZE_STEP) });
    } else if (e.target !== stage.viewportRef.current || !stage.onKeyDown(e)) {
      return;
    }
    e.preventDefault();
  };
  const onKeyUp = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== ' ') return;
    panMode.current = false;
    if (stage.viewportRef.current) delete stage.viewportRef.current.dataset.panning;
  };

  const ready = status === 'ready' && painted;
  const dataState =
    status === 'error' ? 'error' : !ready ? 'loading' : state?.painting ? 'painting' : 'ready';
  return (
    <section
      className={['cutout-editor', props.className].filter(Boolean).join(' ')}
      style={props.style}
      data-state={dataState}
      data-tool={state?.tool}
      data-readonly={readOnly ? '' : undefined}
      aria-label={m.editorLabel}
      aria-busy={!ready && status !== 'error'}
      onKeyDown={onKeyDown}
      onKeyUp={onKeyUp}
    >
      <EditorToolbar
        state={state}
        readOnly={readOnly}
        zoom={stage.zoom}
        showOriginal={showOriginal}
        messages={m}
        viewMessages={viewMessages}
        onSettings={(s) => editor?.set(s)}
        onUndo={undo}
        onRedo={redo}
        onZoom={stage.setZoom}
        onFit={stage.fit}
        onShowOriginal={setShowOriginal}
      />
      <BackdropSwatches
        value={backdrop}
        swatches={props.swatches ?? DEFAULT_SWATCHES}
        messages={viewMessages}
        onChange={setBackdrop}
      />
      <div
        ref={stage.viewportRef}
        className="cutout-editor__viewport"
        role="application"
        aria-roledescription={m.canvasRole}
        aria-label={m.editorLabel}
        aria-describedby={helpId}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard-operated pan/zoom surface
        tabIndex={0}
        onPointerDown={pointer.onPointerDown}
        onPointerMove={pointer.onPointerMove}
        onPointerUp={pointer.onPointerUp}
        onPointerCancel={pointer.onPointerUp}
        onPointerLeave={pointer.onPointerLeave}
      >
        <div
          ref={stage.stageRef}
          className="cutout-editor__stage"
          data-backdrop={backdropKind(backdrop)}
          data-pixelated={stage.zoom >= 100 ? '' : undefined}
          style={{
            ...backdropStyle(backdrop),
            width: size.width || undefined,
            height: size.height || undefined,
          }}
        >
          {showOriginal && originalSrc ? (
            <img className="cutout-editor__original" src={originalSrc} alt="" />
          ) : null}
        </div>
        {/* Viewport-sized, over the stage's backdrop: the 12 MP composite stays off screen. */}
        <canvas
          ref={canvasRef}
          className="cutout-editor__canvas"
          data-cutout-editor-canvas=""
          style={showOriginal ? { visibility: 'hidden' } : undefined}
        />
        <div ref={cursorRef} className="cutout-editor__cursor" hidden aria-hidden="true" />
        {status === 'error' ? (
          <p className="cutout-editor__message" role="alert">
            {format(m.failed, { reason: error?.message ?? '' })}
          </p>
        ) : !ready ? (
          <p className="cutout-editor__message">{m.loading}</p>
        ) : null}
      </div>
      <p id={helpId} className="cutout-visually-hidden">
        {m.help}
      </p>
    </section>
  );
}
