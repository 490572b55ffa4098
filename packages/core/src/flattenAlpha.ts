/**
 * Draws an image that carries alpha onto opaque white and re-encodes it as PNG (lossless, so
 * flattening costs no quality). The upstream misreads existing transparency
 * (UPSTREAM-API.md, "Inputs"), so browsers flatten before sending.
 *
 * Returns undefined where no canvas exists (Node, old browsers, SSR): there the bytes go out
 * as they are and the server side flattens (the proxy's engines decode with sharp and
 * flatten onto white). Looks the globals up at call time only, so importing core never
 * touches the DOM.
 */
export type AlphaFlattener = (image: Blob) => Promise<Blob | undefined>;

export const flattenAlphaWithCanvas: AlphaFlattener = async (image) => {
  const g = globalThis as {
    createImageBitmap?: (blob: Blob) => Promise<ImageBitmap>;
    OffscreenCanvas?: typeof OffscreenCanvas;
    document?: Document;
  };
  if (typeof g.createImageBitmap !== 'function') return undefined;
  if (typeof g.OffscreenCanvas !== 'function' && g.document === undefined) return undefined;

  const bitmap = await g.createImageBitmap(image);
  try {
    const { width, height } = bitmap;
    if (typeof g.OffscreenCanvas === 'function') {
      const canvas = new g.OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) return undefined;
      paint(ctx, bitmap, width, height);
      return await canvas.convertToBlob({ type: 'image/png' });
    }
    const canvas = g.document!.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    paint(ctx, bitmap, width, height);
    return await new Promise<Blob | undefined>((resolve) =>
      canvas.toBlob((blob) => resolve(blob ?? undefined), 'image/png'),
    );
  } finally {
    bitmap.close();
  }
};

function paint(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  bitmap: ImageBitmap,
  width: number,
  height: number,
): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0);
}
