'use client';
import type { EdgeAnalysis } from '@cutout/core/edges';
import type { InspectorMode } from './drawInspector';
import { type CutoutMessages, format } from './messages';
import { MAX_ZOOM, MIN_ZOOM, stepZoom } from './zoomSteps';

export interface InspectorToolbarProps {
  zoom: number;
  mode: InspectorMode;
  analysis: EdgeAnalysis | undefined;
  analysing: boolean;
  messages: CutoutMessages;
  onZoom(zoom: number): void;
  onFit(): void;
  onMode(mode: InspectorMode): void;
}

const MODES: readonly InspectorMode[] = ['composite', 'alpha', 'fringe'];

/** Zoom buttons with the current zoom, the view modes (a toggle group), and the halo score. */
export function InspectorToolbar(props: InspectorToolbarProps) {
  const { zoom, mode, analysis, messages } = props;
  return (
    <div className="cutout-inspector__toolbar" role="toolbar" aria-label={messages.inspectorLabel}>
      <button
        type="button"
        onClick={() => props.onZoom(stepZoom(zoom, -1))}
        disabled={zoom <= MIN_ZOOM}
        aria-label={messages.zoomOut}
      >
        −
      </button>
      <output className="cutout-inspector__zoom" aria-live="polite">
        {format(messages.zoomValue, { zoom: Math.round(zoom) })}
      </output>
      <button
        type="button"
        onClick={() => props.onZoom(stepZoom(zoom, 1))}
        disabled={zoom >= MAX_ZOOM}
        aria-label={messages.zoomIn}
      >
        +
      </button>
      <button type="button" onClick={props.onFit}>
        {messages.zoomFit}
      </button>
      {/* biome-ignore lint/a11y/useSemanticElements: a toggle-button group, not a form fieldset */}
      <div role="group" aria-label={messages.modeLabel} className="cutout-inspector__modes">
        {MODES.map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            data-state={mode === m ? 'on' : 'off'}
            onClick={() => props.onMode(m)}
          >
            {messages.modes[m]}
          </button>
        ))}
      </div>
      <span
        className="cutout-inspector__score"
        data-state={analysis?.needsReview ? 'review' : 'ok'}
      >
        {analysis
          ? [
              format(messages.haloScore, { score: Math.round(analysis.haloScore * 100) }),
              // The score next to the reason it flags: a bright rim is not part of the halo
              // score, and "Halo score 0" alone beside "needs review" reads as a contradiction.
              analysis.reasons.includes('bright-rim')
                ? format(messages.rimScore, { score: Math.round(analysis.rimContrast * 100) })
                : undefined,
            ]
              .filter(Boolean)
              .join(' · ')
          : props.analysing
            ? messages.analysing
            : null}
      </span>
    </div>
  );
}
