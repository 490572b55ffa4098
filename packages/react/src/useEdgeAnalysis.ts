'use client';
import type { EdgeAnalysis, EdgeAnalysisOptions } from '@cutout/core';
import { useEffect, useState } from 'react';
import { analyzeEdgesAsync, type EdgePixelsInput } from './analyzeEdgesAsync';
import { loadImage, readPixels } from './loadImagePixels';

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
      const pixels =
        typeof source === 'string' ? readPixels(await loadImage(source, signal)) : source;
      if (signal.aborted) return;
      if (!pixels) {
        setResult({ analysis: undefined, status: 'unavailable' });
        return;
      }
      const analysis = await analyzeEdgesAsync(pixels, options, signal);
      if (!signal.aborted) setResult({ analysis, status: 'done' });
    })().catch(() => {
      if (!signal.aborted) setResult({ analysis: undefined, status: 'error' });
    });
    return () => controller.abort();
  }, [source, enabled, optionsKey]);
  return result;
}
