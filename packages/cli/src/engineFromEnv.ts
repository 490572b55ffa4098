import type { CutoutEngine } from '@cutout/core';
import { codiaEngine } from '@cutout/proxy';
import { resolveEngine } from './resolveEngine';

/**
 * The engine a worker runs, chosen like `cutout serve` does (`resolveEngine`):
 * `CUTOUT_ENGINE` when set, else Codia when `CODIA_API_KEY` is set (`CODIA_BASE_URL` points
 * it at another server, e.g. the fake), else the local ONNX engine, imported at run time.
 *
 * One difference: the Codia engine gets `retry: false`. In a queue, retries and 429 pauses
 * belong to BullMQ, where every worker sees them and the global concurrency holds; a retry
 * hidden inside one call would sleep while holding a slot of the plan, and a 429 retried
 * inside one worker would not pause the others.
 */
export async function engineFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<CutoutEngine> {
  const key = env.CODIA_API_KEY?.trim();
  const choice = env.CUTOUT_ENGINE?.trim().toLowerCase() || (key ? 'codia' : 'onnx');
  if (choice === 'codia' && key) {
    return codiaEngine({
      apiKey: key,
      ...(env.CODIA_BASE_URL ? { baseUrl: env.CODIA_BASE_URL } : {}),
      retry: false,
    });
  }
  // The local engine, or the same configuration errors as `cutout serve`.
  return resolveEngine(env);
}
