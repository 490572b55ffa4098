import type { OutputOptions } from '@cutout/core/output';
import { createExportSession, type ExportFrame } from './exportSession';
import type { ExportWorkerRequest, ExportWorkerResponse } from './exportWorker';

type Request =
  | { type: 'load'; blob: Blob }
  | { type: 'compose'; options: OutputOptions; previewEdge: number }
  | { type: 'encode' };

interface Sender {
  call(request: Request): Promise<unknown>;
  inWorker: boolean;
  dispose(): void;
}

/**
 * The page's side of an export: a module worker with an OffscreenCanvas where the browser
 * has them (all current ones), else the same session on the main thread. Compose requests
 * are coalesced: while one runs only the newest waits, so dragging a slider never builds a
 * backlog and the preview catches up with the last value.
 */
export interface ExportComposer {
  load(blob: Blob): Promise<{ width: number; height: number }>;
  /** Resolves undefined when a newer request superseded this one before it started. */
  compose(options: OutputOptions, previewEdge: number): Promise<ExportFrame | undefined>;
  /** The file of the last composition (the preview's pixels at full size). */
  encode(): Promise<Blob>;
  /** True when the work runs in a worker (the main thread only draws the bitmap). */
  readonly inWorker: boolean;
  dispose(): void;
}

export function createExportComposer(): ExportComposer {
  let send = workerSender() ?? mainThreadSender();
  let running: Promise<unknown> = Promise.resolve();
  let waiting: { resolve: (frame: ExportFrame | undefined) => void } | undefined;
  let loaded: Blob | undefined;

  /** One request; a worker that cannot load (CSP, a bundler without worker support) is
   * replaced by the main thread for good, the cutout loaded again there. */
  const call = async (request: Request): Promise<unknown> => {
    try {
      return await send.call(request);
    } catch (error) {
      if (!(error instanceof WorkerFailed)) throw error;
      send.dispose();
      send = mainThreadSender();
      if (loaded && request.type !== 'load') await send.call({ type: 'load', blob: loaded });
      return send.call(request);
    }
  };

  const run = <T>(request: Request): Promise<T> => {
    const next = running.then(() => call(request) as Promise<T>);
    running = next.catch(() => undefined);
    return next;
  };

  return {
    get inWorker() {
      return send.inWorker;
    },
    load: (blob) => {
      loaded = blob;
      return run({ type: 'load', blob });
    },
    compose(options, previewEdge) {
      waiting?.resolve(undefined);
      return new Promise<ExportFrame | undefined>((resolve, reject) => {
        const entry = { resolve };
        waiting = entry;
        running = running.then(async () => {
          if (waiting !== entry) return; // superseded: already answered undefined
          waiting = undefined;
          try {
            resolve((await call({ type: 'compose', options, previewEdge })) as ExportFrame);
          } catch (error) {
            reject(error);
          }
        });
      });
    },
    encode: () => run({ type: 'encode' }),
    dispose: () => send.dispose(),
  };
}

class WorkerFailed extends Error {}

/** A module worker, or undefined where none can be made or it lacks OffscreenCanvas. */
function workerSender(): Sender | undefined {
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return undefined;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./exportWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let broken: Error | undefined;
  worker.onmessage = (event: MessageEvent<ExportWorkerResponse>) => {
    const data = event.data;
    const entry = pending.get(data.id);
    if (!entry) return;
    pending.delete(data.id);
    if (data.ok) entry.resolve(data.result);
    else entry.reject(Object.assign(new Error(data.message), data.code ? { code: data.code } : {}));
  };
  worker.onerror = () => {
    broken = new WorkerFailed('export worker failed to load');
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.reject(broken);
    }
  };
  return {
    inWorker: true,
    call(request) {
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, ...request } as ExportWorkerRequest);
      });
    },
    dispose: () => worker.terminate(),
  };
}

/** The session on the main thread, each step after a macrotask so the page paints first. */
function mainThreadSender(): Sender {
  const session = createExportSession();
  const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    inWorker: false,
    async call(request) {
      await yieldToPage();
      if (request.type === 'load') return session.load(request.blob);
      if (request.type === 'compose') return session.compose(request.options, request.previewEdge);
      return session.encode();
    },
    dispose() {},
  };
}
