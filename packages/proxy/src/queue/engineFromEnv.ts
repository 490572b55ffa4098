import { type CutoutEngine, CutoutError } from '@cutout/core';
import { codiaEngine } from '../engines/codiaEngine';

/**
 * The engine a worker runs, chosen like `cutout serve` does: `CUTOUT_ENGINE` when set,
 * else Codia when `CODIA_API_KEY` is set (`CODIA_BASE_URL` points it at another server,
 * e.g. the fake), else the local ONNX engine.
 *
 * The Codia engine gets `retry: false`: in a queue, retries and 429 pauses belong to BullMQ,
 * where all workers see them and the global concurrency holds; a retry hidden inside one
 * call would hold a slot of the plan while it sleeps.
 */
export async function engineFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<CutoutEngine> {
  const choice = env.CUTOUT_ENGINE ?? (env.CODIA_API_KEY ? 'codia' : 'onnx');
  if (choice === 'codia') {
    if (!env.CODIA_API_KEY) {
      throw new CutoutError('auth', 'CUTOUT_ENGINE=codia needs CODIA_API_KEY.', {
        reason: 'missing-key',
      });
    }
    return codiaEngine({
      apiKey: env.CODIA_API_KEY,
      ...(env.CODIA_BASE_URL ? { baseUrl: env.CODIA_BASE_URL } : {}),
      retry: false,
    });
  }
  if (choice !== 'onnx') {
    throw new CutoutError('input', `Unknown CUTOUT_ENGINE "${choice}": use codia or onnx.`, {
      reason: 'unknown-engine',
    });
  }
  // Never a static dependency: the local engine (onnxruntime, sharp, ~90 MB of weights) is
  // optional for users who only run Codia. A variable specifier keeps bundlers off it.
  const specifier = '@cutout/engine-onnx';
  let mod: { onnxEngine: () => CutoutEngine };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (error) {
    throw new CutoutError(
      'input',
      'No CODIA_API_KEY and the local engine is not installed: npm i @cutout/engine-onnx, or set CODIA_API_KEY.',
      { reason: 'no-engine', cause: error },
    );
  }
  return mod.onnxEngine();
}
