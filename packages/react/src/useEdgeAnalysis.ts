'use client';
import type { EdgeAnalysis, EdgeAnalysisOptions } from '@cutout/core/edges';
import { useEffect, useState } from 'react';
import type { EdgePixelsInput } from './analyzeEdgesAsync';

export type EdgeAnalysisStatus = 'idle' | 'analysing' | 'done' | 'unavailable' | 'error';

export interface UseEdgeAnalysisOptions {
  /** Skip the work (e.g. the caller already has an analysis). */
  enabled?: boolean;
  /** Passed to core's `analyzeEdges` (thresholds, a known background colour). */
  options?: EdgeAnalysisOptions;
}

export interface UseEdgeAnalysisResult {
  analysis: EdgeAnalysis | undefined;
  status: EdgeAnalysisStatus;
}

/**
 * Core's edge analysis of a cutout, off the render path: decodes `source` (a URL, or RGBA
 * pixels you already have), then analyses in a worker for big images. `unavailable` where
 * there is no canvas to read pixels with (SSR, jsdom).
 */
export function useEdgeAnalysis(
  source: string | EdgePixelsInput | undefined,
  { enabled = true, options }: UseEdgeAnalysisOptions = {},
): UseEdgeAnalysisResult {
  const [result, setResult] = useState<UseEdgeAnalysisResult>({
    analysis: undefined,
    status: 'idle',
  });
  const optionsKey = JSON.stringify(options ?? null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: options compared by content
  useEffect(() => {
    if (!enabled || !source) {
      setResult({ analysis: undefined, status: 'idle' });
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;
    setResult({ analysis: undefined, status: 'analysing' });
    (async () => {
      // On demand: decoding, the worker and the analysis stay out of the initial bundle.
      const { runEdgeAnalysis } = await import('./runEdgeAnalysis');
      const analysis = await runEdgeAnalysis(source, options, signal);
      if (signal.aborted) return;
      setResult(
        analysis ? { analysis, status: 'done' } : { analysis: undefined, status: 'unavailable' },
      );
    })().catch(() => {
      if (!signal.aborted) setResult({ analysis: undefined, status: 'error' });
    });
    return () => controller.abort();
  }, [source, enabled, optionsKey]);
  return result;
}
