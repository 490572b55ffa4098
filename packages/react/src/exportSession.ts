import {
  composeRaster,
  describeOutput,
  measureSubject,
  type OutputFormat,
  type OutputOptions,
  parseOutputOptions,
  type RasterImage,
  type SubjectInfo,
} from '@cutout/core/output';
import {
  type AnyCanvas,
  decodeToPixels,
  encodeCanvas,
  previewBitmap,
  rasterToCanvas,
} from './composeOnCanvas';

/** What one composition gives the UI: the canvas size and a bitmap to show. */
export interface ExportFrame {
  /** Size of the file the download gives. */
  width: number;
  height: number;
  format: OutputFormat;
  /** `describeOutput` of the resolved options (for labels and logs). */
  description: string;
  /** The composed image, at most the preview size on its long edge. */
  bitmap: ImageBitmap;
}

/**
 * One cutout being exported: decoded and measured once, composed again on every option
 * change, encoded on download. Runs inside the export worker, or on the main thread where
 * no worker can hold an OffscreenCanvas. The maths is core's `composeRaster`, as on the server.
 */
export function createExportSession() {
  let cutout: RasterImage | undefined;
  let subject: SubjectInfo | undefined;
  let composed: { canvas: AnyCanvas; format: OutputFormat } | undefined;
  // Backgrounds by URL: dragging a slider must not refetch the image each time.
  const backgrounds = new Map<string, Promise<RasterImage>>();

  return {
    async load(blob: Blob): Promise<{ width: number; height: number }> {
      composed = undefined;
      cutout = await decodeToPixels(blob);
      // The alpha box and base do not change with the options: measured once, not per frame.
      subject = measureSubject(cutout.data, cutout.width, cutout.height);
      return { width: cutout.width, height: cutout.height };
    },

    async compose(options: OutputOptions, previewEdge: number): Promise<ExportFrame> {
      if (!cutout || !subject) throw new Error('no cutout loaded');
      const output = parseOutputOptions(options as Record<string, unknown>);
      let background: RasterImage | undefined;
      if (output.backgroundImageUrl) {
        const url = output.backgroundImageUrl;
        let pending = backgrounds.get(url);
        if (!pending) {
          // CORS applies: a background the page may not read cannot be composed here.
          pending = fetch(url)
            .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(`HTTP ${r.status}`))))
            .then(decodeToPixels);
          pending.catch(() => backgrounds.delete(url));
          backgrounds.set(url, pending);
        }
        background = await pending;
      }
      const raster = composeRaster(
        cutout,
        output,
        background ? { background, subject } : { subject },
      );
      const canvas = rasterToCanvas(raster);
      composed = { canvas, format: output.format };
      return {
        width: raster.width,
        height: raster.height,
        format: output.format,
        description: describeOutput(output),
        bitmap: await previewBitmap(canvas, previewEdge),
      };
    },

    /** The file of the last composition: what the preview shows, at full size. */
    encode(): Promise<Blob> {
      if (!composed) return Promise.reject(new Error('nothing composed yet'));
      return encodeCanvas(composed.canvas, composed.format);
    },
  };
}

export type ExportSession = ReturnType<typeof createExportSession>;
