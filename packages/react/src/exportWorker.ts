import type { OutputOptions } from '@cutout/core/output';
import { createExportSession, type ExportFrame } from './exportSession';

export type ExportWorkerRequest =
  | { id: number; type: 'load'; blob: Blob }
  | { id: number; type: 'compose'; options: OutputOptions; previewEdge: number }
  | { id: number; type: 'encode' };

export type ExportWorkerResponse =
  | { id: number; ok: true; result: { width: number; height: number } | ExportFrame | Blob }
  | { id: number; ok: false; message: string; code?: number };

/** The bits of DedicatedWorkerGlobalScope used here (the DOM lib has no worker types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ExportWorkerRequest>) => void) | null;
  postMessage(message: ExportWorkerResponse, transfer?: Transferable[]): void;
}

// The module worker behind the export panel: decoding, composing and encoding all happen
// here, so a 12 MP cutout never blocks the page's input. Messages are handled in order;
// the page coalesces compose requests, so at most one waits behind the one running.
const scope = globalThis as unknown as WorkerScope;
const session = createExportSession();
let queue = Promise.resolve();
scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(async () => {
    try {
      if (request.type === 'load') {
        scope.postMessage({ id: request.id, ok: true, result: await session.load(request.blob) });
      } else if (request.type === 'compose') {
        const frame = await session.compose(request.options, request.previewEdge);
        scope.postMessage({ id: request.id, ok: true, result: frame }, [frame.bitmap]);
      } else {
        scope.postMessage({ id: request.id, ok: true, result: await session.encode() });
      }
    } catch (error) {
      const e = error as { message?: string; code?: number };
      scope.postMessage({
        id: request.id,
        ok: false,
        message: e?.message ?? String(error),
        ...(typeof e?.code === 'number' ? { code: e.code } : {}),
      });
    }
  });
};
