'use client';
import { type KeyboardEvent, type PointerEvent, type RefObject, useEffect, useRef } from 'react';
import { useControllableState } from './useControllableState';
import { type PanZoom, usePanZoom } from './usePanZoom';
import { clampZoom, stepZoom } from './zoomSteps';

export interface StageViewOptions {
  /** Zoom in percent (controlled). */
  zoom?: number;
  /** Initial zoom when uncontrolled; without either, the view fits the image when it loads. */
  defaultZoom?: number;
  onZoomChange?: (zoom: number) => void;
  /** Natural size of what the stage shows. */
  size: { width: number; height: number };
  /**
   * What the stage shows, once it is there (e.g. the decoded image): the view fits (or centres)
   * then, and again for each new content (a new `src` must not keep the previous image's zoom
   * and pan, which would crop it; issue 15 §7).
   */
  content: unknown;
}

export interface StageView {
  viewportRef: RefObject<HTMLDivElement | null>;
  stageRef: RefObject<HTMLDivElement | null>;
  zoom: number;
  setZoom(zoom: number): void;
  pan: PanZoom;
  /** Fits the whole image into the viewport and centres it. */
  fit(): void;
  /** The view's keys: arrows pan (Shift: 4×), `+`/`-` zoom, `0` fits, `1` is 100 %. */
  onKeyDown(e: KeyboardEvent<HTMLElement>): boolean;
  /** Touch pinch and two-finger pan; each returns true when it took the event. */
  pinch: {
    down(e: PointerEvent<HTMLElement>): boolean;
    move(e: PointerEvent<HTMLElement>): boolean;
    up(e: PointerEvent<HTMLElement>): void;
    readonly active: boolean;
  };
  /** Viewport coordinates of a pointer event → image pixel coordinates. */
  toImage(clientX: number, clientY: number): { x: number; y: number };
}

/** Screen pixels one arrow key press pans; Shift pans 4×. */
const KEY_PAN_PX = 40;

/**
 * The view code `<EdgeInspector>` and `<CutoutEditor>` share: zoom as controllable state (the
 * toolbar shows it), pan as a CSS transform written outside React (usePanZoom), fit, the
 * wheel (Ctrl/⌘ + wheel or a trackpad pinch zooms about the pointer, a plain wheel pans),
 * the keyboard, and touch pinch-zoom with two fingers.
 */
export function useStageView(options: StageViewOptions): StageView {
  const { size, content } = options;
  const fitOnLoad = options.zoom === undefined && options.defaultZoom === undefined;
  const [zoom, setZoomRaw] = useControllableState<number>(
    options.zoom === undefined ? undefined : clampZoom(options.zoom),
    clampZoom(options.defaultZoom ?? 100),
    options.onZoomChange,
  );
  const setZoom = (z: number) => setZoomRaw(clampZoom(Math.round(z * 100) / 100));
  const viewportRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const pan = usePanZoom(viewportRef, stageRef, zoom, size);

  const fit = () => {
    const vp = viewportRef.current;
    if (!vp || !size.width || !size.height) return;
    const z = Math.min(vp.clientWidth / size.width, vp.clientHeight / size.height) * 100;
    setZoom(z > 0 ? z : 100);
    // After the zoom lands (layout effect), centre at the new scale.
    requestAnimationFrame(() => pan.centre());
  };

  // Fit each new content once it is known; with a zoom given, back to it and centred.
  const fitted = useRef<unknown>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: fit once per content
  useEffect(() => {
    if (!content || fitted.current === content) return;
    const first = fitted.current === undefined;
    fitted.current = content;
    if (fitOnLoad) fit();
    else if (!first && options.zoom === undefined && options.defaultZoom !== undefined) {
      setZoom(options.defaultZoom);
      requestAnimationFrame(() => pan.centre());
    } else pan.centre();
  }, [content]);

  // A native listener: React's wheel listener is passive, and Ctrl + wheel must not zoom the
  // whole page as well.
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;
  const setZoomRef = useRef(setZoom);
  setZoomRef.current = setZoom;
  const panRef = useRef(pan);
  panRef.current = pan;
  useEffect(() => {
    const vp = viewportRef.current;
    if (!vp) return;
    const onWheel = (e: globalThis.WheelEvent) => {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) {
        const rect = vp.getBoundingClientRect();
        panRef.current.anchorAt(e.clientX - rect.left, e.clientY - rect.top);
        // Smooth on trackpads (small deltas), a step on mouse wheels.
        const dy = Math.max(-100, Math.min(100, e.deltaY));
        setZoomRef.current(zoomRef.current * Math.exp(-dy / 200));
      } else {
        panRef.current.panBy(-e.deltaX, -e.deltaY);
      }
    };
    vp.addEventListener('wheel', onWheel, { passive: false });
    return () => vp.removeEventListener('wheel', onWheel);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>): boolean => {
    const step = e.shiftKey ? KEY_PAN_PX * 4 : KEY_PAN_PX;
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    switch (e.key) {
      case 'ArrowLeft':
        pan.panBy(step, 0);
        break;
      case 'ArrowRight':
        pan.panBy(-step, 0);
        break;
      case 'ArrowUp':
        pan.panBy(0, step);
        break;
      case 'ArrowDown':
        pan.panBy(0, -step);
        break;
      case '+':
      case '=':
        setZoom(stepZoom(zoom, 1));
        break;
      case '-':
      case '_':
        setZoom(stepZoom(zoom, -1));
        break;
      case '0':
        fit();
        break;
      case '1':
        setZoom(100);
        break;
      default:
        return false;
    }
    e.preventDefault();
    return true;
  };

  const touches = useRef(new Map<number, { x: number; y: number }>());
  const pinchStart = useRef<{ distance: number; zoom: number; mid: { x: number; y: number } }>(
    undefined,
  );
  const local = (e: PointerEvent<HTMLElement>) => {
    const rect = viewportRef.current?.getBoundingClientRect();
    return { x: e.clientX - (rect?.left ?? 0), y: e.clientY - (rect?.top ?? 0) };
  };
  const geometry = () => {
    const [a, b] = [...touches.current.values()];
    return {
      distance: Math.hypot(a!.x - b!.x, a!.y - b!.y) || 1,
      mid: { x: (a!.x + b!.x) / 2, y: (a!.y + b!.y) / 2 },
    };
  };
  const pinch: StageView['pinch'] = {
    down(e) {
      if (e.pointerType !== 'touch') return false;
      touches.current.set(e.pointerId, local(e));
      if (touches.current.size !== 2) return false;
      const g = geometry();
      pinchStart.current = { ...g, zoom };
      return true;
    },
    move(e) {
      if (!touches.current.has(e.pointerId)) return false;
      touches.current.set(e.pointerId, local(e));
      const start = pinchStart.current;
      if (!start || touches.current.size !== 2) return false;
      const g = geometry();
      pan.panBy(g.mid.x - start.mid.x, g.mid.y - start.mid.y);
      start.mid = g.mid;
      pan.anchorAt(g.mid.x, g.mid.y);
      setZoom(start.zoom * (g.distance / start.distance));
      return true;
    },
    up(e) {
      touches.current.delete(e.pointerId);
      if (touches.current.size < 2) pinchStart.current = undefined;
    },
    get active() {
      return pinchStart.current !== undefined;
    },
  };

  return {
    viewportRef,
    stageRef,
    zoom,
    setZoom,
    pan,
    fit,
    onKeyDown,
    pinch,
    toImage(clientX, clientY) {
      const rect = viewportRef.current?.getBoundingClientRect();
      const s = zoom / 100;
      return {
        x: (clientX - (rect?.left ?? 0) - pan.offset.x) / s,
        y: (clientY - (rect?.top ?? 0) - pan.offset.y) / s,
      };
    },
  };
}
