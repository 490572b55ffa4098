import { analyzeEdges } from '@cutout/core/edges';
import type { EdgeWorkerRequest, EdgeWorkerResponse } from './analyzeEdgesAsync';
import { fringeOverlay } from './fringeOverlay';

/** The bits of DedicatedWorkerGlobalScope used here (the DOM lib has no worker types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<EdgeWorkerRequest>) => void) | null;
  postMessage(message: EdgeWorkerResponse, transfer?: Transferable[]): void;
}

// The module worker behind `analyzeEdgesAsync`: one analysis per message; the fringe map and
// its overlay RGBA are transferred back (no copy).
const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (event) => {
  const { id, pixels, width, height, options } = event.data;
  try {
    const analysis = analyzeEdges(pixels, width, height, options);
    const overlay = fringeOverlay(analysis.fringeMap, analysis.rimMap);
    scope.postMessage({ id, ok: true, analysis, overlay }, [
      analysis.fringeMap.buffer,
      analysis.rimMap.buffer,
      overlay.buffer,
    ]);
  } catch (error) {
    scope.postMessage({
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
