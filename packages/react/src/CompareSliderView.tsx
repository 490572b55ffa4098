'use client';
import {
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
  useRef,
} from 'react';
import { useMessages } from './CutoutProvider';
import type { CutoutMessagesOverrides } from './messages';
import { useControllableState } from './useControllableState';

export interface CompareSliderProps {
  /** The original photo. */
  before: string;
  /** The cutout. */
  after: string;
  beforeAlt?: string;
  afterAlt?: string;
  /** Divider position in percent from the left, 0–100 (controlled). */
  value?: number;
  /** Initial position when uncontrolled. Default 50. */
  defaultValue?: number;
  onValueChange?: (value: number) => void;
  /** Keyboard step in percent (PageUp/PageDown move 10 steps). Default 1. */
  step?: number;
  /** Rendered behind the "after" image, e.g. a backdrop colour. Default: #111 via CSS. */
  afterBackground?: ReactNode;
  messages?: CutoutMessagesOverrides;
  className?: string;
  style?: CSSProperties;
}

const clamp = (v: number) => Math.min(100, Math.max(0, v));

/**
 * Before/after with a draggable divider: pointer events cover mouse, pen and touch; the
 * handle is a `role="slider"` with the full `aria-value*` set and arrow/Home/End/Page keys.
 * The position is the CSS variable `--cutout-compare` so styles can follow it.
 */
/** The slider itself, loaded on demand by `CompareSlider`. */
export function CompareSliderView(props: CompareSliderProps) {
  const messages = useMessages(props.messages);
  const step = props.step ?? 1;
  const [value, setValue] = useControllableState(
    props.value === undefined ? undefined : clamp(props.value),
    clamp(props.defaultValue ?? 50),
    props.onValueChange,
  );
  const root = useRef<HTMLDivElement>(null);
  const dragging = useRef<number | undefined>(undefined);

  const fromPointer = (clientX: number) => {
    const rect = root.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setValue(clamp(Math.round(((clientX - rect.left) / rect.width) * 1000) / 10));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    dragging.current = e.pointerId;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    fromPointer(e.clientX);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current === e.pointerId) fromPointer(e.clientX);
  };
  const onPointerEnd = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current === e.pointerId) dragging.current = undefined;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next: Record<string, number> = {
      ArrowLeft: value - step,
      ArrowDown: value - step,
      ArrowRight: value + step,
      ArrowUp: value + step,
      PageDown: value - step * 10,
      PageUp: value + step * 10,
      Home: 0,
      End: 100,
    };
    const v = next[e.key];
    if (v === undefined) return;
    e.preventDefault();
    setValue(clamp(v));
  };

  return (
    <div
      ref={root}
      className={['cutout-compare', props.className].filter(Boolean).join(' ')}
      style={{ ...props.style, '--cutout-compare': `${value}%` } as CSSProperties}
      data-state={value <= 0 ? 'after' : value >= 100 ? 'before' : 'split'}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
    >
      <img
        className="cutout-compare__before"
        src={props.before}
        alt={props.beforeAlt ?? messages.before}
        draggable={false}
      />
      <div className="cutout-compare__after" style={{ clipPath: `inset(0 0 0 ${value}%)` }}>
        {props.afterBackground}
        <img src={props.after} alt={props.afterAlt ?? messages.after} draggable={false} />
      </div>
      {/* Visual labels only: the slider's value text already says which side is which. */}
      <span className="cutout-compare__label" data-side="before" aria-hidden="true">
        {messages.before}
      </span>
      <span className="cutout-compare__label" data-side="after" aria-hidden="true">
        {messages.after}
      </span>
      <div
        className="cutout-compare__handle"
        role="slider"
        tabIndex={0}
        aria-label={messages.compareLabel}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${messages.before} ${Math.round(value)}%, ${messages.after} ${Math.round(100 - value)}%`}
        aria-orientation="horizontal"
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
