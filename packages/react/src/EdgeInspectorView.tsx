'use client';
import type { EdgeAnalysis } from '@cutout/core/edges';
import { type CSSProperties, type PointerEvent, useEffect, useId, useRef, useState } from 'react';
import type { EdgePixelsInput } from './analyzeEdgesAsync';
import { useMessages } from './CutoutProvider';
import { drawFringe, drawMode, type InspectorMode } from './drawInspector';
import { InspectorToolbar } from './InspectorToolbar';
import { loadImage } from './loadImagePixels';
import type { CutoutMessagesOverrides } from './messages';
import { ReviewNotice } from './ReviewNotice';
import { useControllableState } from './useControllableState';
import { useEdgeAnalysis } from './useEdgeAnalysis';
import { useLoupe } from './useLoupe';
import { useStageView } from './useStageView';

export interface EdgeInspectorProps {
  /** The cutout (e.g. `cutout.objectUrl`). */
  src: string;
  /** Natural size, if known: lays the stage out before the image decodes. */
  width?: number;
  height?: number;
  /** Zoom in percent, 25–3200 (controlled). */
  zoom?: number;
  /** Initial zoom when uncontrolled. Default: fit the viewport. */
  defaultZoom?: number;
  onZoomChange?: (zoom: number) => void;
  mode?: InspectorMode;
  defaultMode?: InspectorMode;
  onModeChange?: (mode: InspectorMode) => void;
  /** Colour behind the cutout in composite and fringe modes. Default #111. */
  background?: string;
  /** A magnifier under the pointer. Default true. */
  loupe?: boolean;
  /** A precomputed analysis; otherwise the inspector analyses the image (in a worker when big). */
  analysis?: EdgeAnalysis;
  /** RGBA pixels you already have, to analyse without decoding `src` again. */
  pixels?: EdgePixelsInput;
  messages?: CutoutMessagesOverrides;
  className?: string;
  style?: CSSProperties;
}

/**
 * The inspector itself, loaded on demand by `EdgeInspector`.
 * Zoom 25 %–3200 % with pixelated rendering, pan by drag, wheel and keys, a loupe, and three
 * views: composite, alpha matte, fringe overlay with the halo score. Drawing is canvas; pan
 * and zoom are a CSS transform written outside React, so a 12 MP cutout stays responsive.
 * `data-state` is the mode; `data-review` is set when the analysis asks for review.
 */
export function EdgeInspectorView(props: EdgeInspectorProps) {
  const messages = useMessages(props.messages);
  const background = props.background ?? '#111';
  const [mode, setMode] = useControllableState<InspectorMode>(
    props.mode,
    props.defaultMode ?? 'composite',
    props.onModeChange,
  );
  const [image, setImage] = useState<HTMLImageElement>();
  const size = {
    width: image?.naturalWidth || props.width || 0,
    height: image?.naturalHeight || props.height || 0,
  };

  const stage = useStageView({
    zoom: props.zoom,
    defaultZoom: props.defaultZoom,
    onZoomChange: props.onZoomChange,
    size,
    content: image,
  });
  const { viewportRef, stageRef, zoom, setZoom, fit, pan: view } = stage;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const loupe = useLoupe(props.loupe !== false, viewportRef, canvasRef, view, zoom);
  const helpId = useId();

  useEffect(() => {
    const controller = new AbortController();
    loadImage(props.src, controller.signal).then(setImage, () => {});
    return () => controller.abort();
  }, [props.src]);

  const { analysis: computed, status } = useEdgeAnalysis(props.pixels ?? props.src, {
    enabled: props.analysis === undefined,
  });
  const analysis = props.analysis ?? computed;

  useEffect(() => {
    if (image && canvasRef.current) {
      drawMode(canvasRef.current, image, size.width, size.height, mode, background);
    }
  }, [image, mode, background, size.width, size.height]);
  useEffect(() => {
    if (mode === 'fringe' && analysis && overlayRef.current)
      drawFringe(overlayRef.current, analysis);
  }, [mode, analysis]);

  // Pointer drag pans; written to the DOM directly (see usePanZoom).
  const drag = useRef<{ id: number; x: number; y: number } | undefined>(undefined);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (stage.pinch.down(e)) {
      drag.current = undefined;
      return;
    }
    if (e.button !== 0 || stage.pinch.active) return;
    drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture?.(e.pointerId);
    e.currentTarget.dataset.dragging = '';
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (stage.pinch.move(e)) return;
    const d = drag.current;
    if (d && d.id === e.pointerId) {
      view.panBy(e.clientX - d.x, e.clientY - d.y);
      d.x = e.clientX;
      d.y = e.clientY;
    }
    loupe.move(e, drag.current !== undefined);
  };
  const endDrag = (e: PointerEvent<HTMLDivElement>) => {
    stage.pinch.up(e);
    if (drag.current?.id !== e.pointerId) return;
    drag.current = undefined;
    delete e.currentTarget.dataset.dragging;
  };

  const pixelated = zoom >= 100;
  return (
    <section
      className={['cutout-inspector', props.className].filter(Boolean).join(' ')}
      style={props.style}
      data-state={mode}
      data-review={analysis?.needsReview ? '' : undefined}
      data-analysis={props.analysis ? 'done' : status}
      aria-label={messages.inspectorLabel}
    >
      <InspectorToolbar
        zoom={zoom}
        mode={mode}
        analysis={analysis}
        analysing={!props.analysis && status === 'analysing'}
        messages={messages}
        onZoom={setZoom}
        onFit={fit}
        onMode={setMode}
      />
      <ReviewNotice analysis={analysis} messages={messages} />
      <div
        ref={viewportRef}
        className="cutout-inspector__viewport"
        role="application"
        aria-roledescription={messages.inspectorRole}
        aria-label={messages.inspectorLabel}
        aria-describedby={helpId}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard-operated pan/zoom surface
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onPointerLeave={loupe.hide}
        onKeyDown={stage.onKeyDown}
      >
        <div
          ref={stageRef}
          className="cutout-inspector__stage"
          data-pixelated={pixelated ? '' : undefined}
          style={{ width: size.width || undefined, height: size.height || undefined }}
        >
          <canvas ref={canvasRef} className="cutout-inspector__canvas" />
          {mode === 'fringe' ? (
            <canvas ref={overlayRef} className="cutout-inspector__overlay" />
          ) : null}
        </div>
        {loupe.element}
      </div>
      <p id={helpId} className="cutout-visually-hidden">
        {messages.inspectorHelp}
      </p>
    </section>
  );
}
