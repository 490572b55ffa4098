import type { InspectedEdges } from './analyzeEdgesAsync';
import { fringeOverlay } from './fringeOverlay';
import { context2d } from './loadImagePixels';

export type InspectorMode = 'composite' | 'alpha' | 'fringe';

/**
 * Draws the image for a mode with canvas compositing only (runs on the GPU in browsers, no
 * per-pixel loop on the main thread even at 12 MP):
 * - composite: the background colour, then the image over it;
 * - alpha: white kept where the image is opaque (`destination-in`), black behind it
 *   (`destination-over`): a grey matte of the alpha channel;
 * - fringe: like composite; the overlay canvas adds the fringe map on top.
 */
export function drawMode(
  canvas: HTMLCanvasElement,
  img: CanvasImageSource,
  width: number,
  height: number,
  mode: InspectorMode,
  background: string,
): boolean {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = context2d(canvas);
  if (!ctx) return false;
  ctx.save();
  ctx.globalCompositeOperation = 'source-over';
  ctx.clearRect(0, 0, width, height);
  if (mode === 'alpha') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.globalCompositeOperation = 'destination-in';
    ctx.drawImage(img, 0, 0);
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
  } else {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0);
  }
  ctx.restore();
  return true;
}

/**
 * The fringe map as an overlay, one canvas pixel per map pixel (the map may be downsampled;
 * CSS stretches it over the image with pixelated rendering). Uses the RGBA the worker made
 * when there is one.
 */
export function drawFringe(canvas: HTMLCanvasElement, analysis: InspectedEdges): boolean {
  const { mapWidth: w, mapHeight: h } = analysis;
  canvas.width = w;
  canvas.height = h;
  const ctx = context2d(canvas);
  if (!ctx) return false;
  const rgba = analysis.overlay ?? fringeOverlay(analysis.fringeMap, analysis.rimMap);
  ctx.putImageData(new ImageData(rgba, w, h), 0, 0);
  return true;
}
