import type { DecodeWorkerRequest, DecodeWorkerResponse } from './decodePixels';

/** The bits of DedicatedWorkerGlobalScope used here (the DOM lib has no worker types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<DecodeWorkerRequest>) => void) | null;
  postMessage(message: DecodeWorkerResponse, transfer?: Transferable[]): void;
}

// The module worker behind `decodePixels`: decodes one image per message and reads its RGBA
// back in one go, all off the main thread (the decode alone was a 200–370 ms main-thread
// task at 12 MP, and the read-back's 48 MB buffers were garbage there); the pixels are
// transferred back, not copied.
const scope = globalThis as unknown as WorkerScope;
scope.onmessage = async (event) => {
  const { id, blob } = event.data;
  try {
    const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none' });
    const { width, height } = bitmap;
    const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas in the worker');
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    const data = ctx.getImageData(0, 0, width, height).data;
    scope.postMessage({ id, ok: true, width, height, data }, [data.buffer]);
  } catch (error) {
    scope.postMessage({
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
