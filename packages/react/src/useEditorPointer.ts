'use client';
import { type PointerEvent, useRef } from 'react';
import type { MaskEditor } from './createMaskEditor';
import type { MaskCanvasPainter } from './paintMaskCanvas';
import type { StageView } from './useStageView';

export interface EditorPointer {
  onPointerDown(e: PointerEvent<HTMLElement>): void;
  onPointerMove(e: PointerEvent<HTMLElement>): void;
  onPointerUp(e: PointerEvent<HTMLElement>): void;
  onPointerLeave(): void;
}

/** Pen pressure when there is one; mice report 0.5 while a button is down, which means "none". */
const pressureOf = (e: PointerEvent<HTMLElement>) =>
  e.pointerType === 'pen' && e.pressure > 0 ? e.pressure : 1;

function capture(e: PointerEvent<HTMLElement>) {
  try {
    e.currentTarget.setPointerCapture?.(e.pointerId);
  } catch {
    // A synthetic or already-released pointer: painting still works without capture.
  }
}

/**
 * The editor's pointer handling, written outside React state (a brush stroke is 60+ moves a
 * second): one mouse button, pen or finger paints (coalesced events keep a fast pen's
 * samples); Space + drag, the middle button or a read-only editor pans; a second finger
 * turns the touch into a pinch and drops the stroke it started. The brush outline follows
 * the pointer by transform.
 */
export function useEditorPointer(
  editor: MaskEditor | undefined,
  painter: { current: MaskCanvasPainter | undefined },
  stage: StageView,
  cursor: { current: HTMLDivElement | null },
  panMode: { current: boolean },
  readOnly: boolean,
): EditorPointer {
  const active = useRef<{ id: number; kind: 'paint' | 'pan'; x: number; y: number }>(undefined);

  const moveCursor = (e: PointerEvent<HTMLElement>) => {
    const el = cursor.current;
    const vp = stage.viewportRef.current;
    if (!el || !vp || !editor) return;
    const hide = readOnly || panMode.current || e.pointerType === 'touch';
    el.hidden = hide;
    if (hide) return;
    const rect = vp.getBoundingClientRect();
    const d = (editor.getSnapshot().size * stage.zoom) / 100;
    el.style.width = `${d}px`;
    el.style.height = `${d}px`;
    el.style.transform = `translate(${e.clientX - rect.left - d / 2}px, ${e.clientY - rect.top - d / 2}px)`;
  };

  return {
    onPointerDown(e) {
      if (stage.pinch.down(e)) {
        if (active.current?.kind === 'paint') editor?.strokeCancel();
        active.current = undefined;
        return;
      }
      if (active.current || stage.pinch.active) return;
      const pan = e.button === 1 || panMode.current || readOnly;
      if (!pan && (e.button !== 0 || !editor)) return;
      active.current = { id: e.pointerId, kind: pan ? 'pan' : 'paint', x: e.clientX, y: e.clientY };
      capture(e);
      e.preventDefault();
      if (pan) {
        e.currentTarget.dataset.dragging = '';
        return;
      }
      const p = stage.toImage(e.clientX, e.clientY);
      editor!.strokeStart(p.x, p.y, pressureOf(e));
      painter.current?.flush();
    },
    onPointerMove(e) {
      if (stage.pinch.move(e)) return;
      moveCursor(e);
      const a = active.current;
      if (!a || a.id !== e.pointerId) return;
      if (a.kind === 'pan') {
        stage.pan.panBy(e.clientX - a.x, e.clientY - a.y);
        a.x = e.clientX;
        a.y = e.clientY;
        return;
      }
      const samples = e.nativeEvent.getCoalescedEvents?.() ?? [];
      for (const s of samples.length > 0 ? samples : [e.nativeEvent]) {
        const p = stage.toImage(s.clientX, s.clientY);
        editor?.strokeMove(p.x, p.y, s.pointerType === 'pen' && s.pressure > 0 ? s.pressure : 1);
      }
    },
    onPointerUp(e) {
      stage.pinch.up(e);
      const a = active.current;
      if (!a || a.id !== e.pointerId) return;
      active.current = undefined;
      delete e.currentTarget.dataset.dragging;
      if (a.kind === 'paint') {
        editor?.strokeEnd();
        painter.current?.flush();
      }
    },
    onPointerLeave() {
      if (cursor.current) cursor.current.hidden = true;
    },
  };
}
