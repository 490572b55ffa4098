'use client';
import { asCutoutError, CutoutError } from '@cutout/core';
import {
  type OutputFormat,
  type OutputOptions,
  outputExtension,
  parseOutputOptions,
  type ResolvedOutput,
} from '@cutout/core/output';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ExportComposer } from './exportComposer';
import type { ExportFrame } from './exportSession';

import { useControllableState } from './useControllableState';

export type { ExportFrame } from './exportSession';

/** `idle` (no cutout), `decoding`, `composing` (a preview is on its way), `ready`, `error`. */
export type CutoutExportStatus = 'idle' | 'decoding' | 'composing' | 'ready' | 'error';

export interface UseCutoutExportOptions {
  /** The cutout: a URL the page may read (e.g. `cutout.objectUrl`) or the PNG blob. */
  src: string | Blob | undefined | null;
  /** Controlled options (the same vocabulary as the proxy, the client and the CLI). */
  output?: OutputOptions;
  /** Initial options when uncontrolled. Default `{}` (the cutout as it is). */
  defaultOutput?: OutputOptions;
  onOutputChange?: (output: OutputOptions) => void;
  /** Download name without extension; the extension follows the format. Default `'cutout'`. */
  fileName?: string;
  /** Long edge of the preview bitmap in pixels. Default 720. */
  previewEdge?: number;
}

export interface UseCutoutExportResult {
  status: CutoutExportStatus;
  output: OutputOptions;
  setOutput: (output: OutputOptions) => void;
  /** Changes some options, keeping the rest (`update({ add_shadow: true })`). */
  update: (patch: Partial<OutputOptions>) => void;
  /** The options after presets and defaults; undefined while they are invalid. */
  resolved: ResolvedOutput | undefined;
  /** A bad option (400 / 40010 text naming it), or a decode / compose failure. */
  error: CutoutError | undefined;
  /** The latest composition, or undefined before the first one. */
  frame: ExportFrame | undefined;
  /** `fileName` plus the extension of the format (`.jpg` for JPEG). */
  downloadName: string;
  /** The composed file in the chosen format: the preview's pixels at full size. */
  toBlob: () => Promise<Blob>;
  /** Saves `toBlob()` as `downloadName`. */
  download: () => Promise<void>;
  /** Where the composition runs once loaded: `worker`, or `main` where no worker can. */
  composer: 'worker' | 'main' | undefined;
}

/**
 * Headless export: options state, a live preview composed in the browser with the server's
 * maths (core's `composeRaster`, in a worker with an OffscreenCanvas), and the download. The
 * composition code loads on first use, so importing the hook costs little.
 */
export function useCutoutExport(options: UseCutoutExportOptions): UseCutoutExportResult {
  const { src, previewEdge = 720 } = options;
  const [output, setOutput] = useControllableState<OutputOptions>(
    options.output,
    () => options.defaultOutput ?? {},
    options.onOutputChange,
  );
  const parsed = useMemo(() => {
    try {
      return { resolved: parseOutputOptions(output as Record<string, unknown>) };
    } catch (error) {
      return { error: asCutoutError(error) };
    }
  }, [output]);
  const composerRef = useRef<Promise<ExportComposer> | undefined>(undefined);
  const [loaded, setLoaded] = useState<{ src: string | Blob } | undefined>();
  const [frame, setFrame] = useState<ExportFrame>();
  const [status, setStatus] = useState<CutoutExportStatus>('idle');
  const [failure, setFailure] = useState<CutoutError>();
  const [where, setWhere] = useState<'worker' | 'main'>();

  const composer = useCallback(() => {
    composerRef.current ??= import('./exportComposer').then((m) => m.createExportComposer());
    return composerRef.current;
  }, []);
  useEffect(
    () => () => {
      void composerRef.current?.then((c) => c.dispose());
      composerRef.current = undefined;
    },
    [],
  );

  useEffect(() => {
    setLoaded(undefined);
    setFrame(undefined);
    setFailure(undefined);
    if (!src) {
      setStatus('idle');
      return;
    }
    let live = true;
    setStatus('decoding');
    (async () => {
      const blob = typeof src === 'string' ? await (await fetch(src)).blob() : src;
      const c = await composer();
      await c.load(blob);
      if (!live) return;
      setWhere(c.inWorker ? 'worker' : 'main');
      setLoaded({ src });
    })().catch((error) => {
      if (!live) return;
      setFailure(decodeError(error));
      setStatus('error');
    });
    return () => {
      live = false;
    };
  }, [src, composer]);

  const key = JSON.stringify(output);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by content, not identity
  useEffect(() => {
    if (!loaded || !parsed.resolved) return;
    let live = true;
    setStatus('composing');
    composer()
      .then((c) => c.compose(output, previewEdge))
      .then((next) => {
        if (!live || !next) return;
        setFrame((previous) => {
          previous?.bitmap.close();
          return next;
        });
        setFailure(undefined);
        setStatus('ready');
      })
      .catch((error) => {
        if (!live) return;
        setFailure(asCutoutError(error));
        setStatus('error');
      });
    return () => {
      live = false;
    };
  }, [loaded, key, previewEdge, composer, parsed.resolved]);

  const format: OutputFormat = parsed.resolved?.format ?? 'png';
  const downloadName = `${options.fileName ?? 'cutout'}${outputExtension(format)}`;
  const toBlob = useCallback(async () => (await composer()).encode(), [composer]);
  const download = useCallback(async () => {
    const blob = await toBlob();
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = downloadName;
    a.click();
    // The click starts the download synchronously; the URL is not needed after this task.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }, [toBlob, downloadName]);
  const update = useCallback(
    (patch: Partial<OutputOptions>) => setOutput({ ...output, ...patch }),
    [output, setOutput],
  );

  const error = parsed.error ?? failure;
  return {
    status: parsed.error ? 'error' : status,
    output,
    setOutput,
    update,
    resolved: parsed.resolved,
    error,
    frame,
    downloadName,
    toBlob,
    download,
    composer: where,
  };
}

/** A cutout the browser cannot read: the wrong URL, CORS, or not an image. */
function decodeError(error: unknown): CutoutError {
  return new CutoutError('input', 'The cutout could not be read as an image.', {
    reason: 'undecodable',
    cause: error,
  });
}
