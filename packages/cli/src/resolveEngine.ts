import type { CutoutEngine } from '@cutout/core';
import { codiaEngine } from '@cutout/proxy';

export class ConfigError extends Error {}

/** The package that provides the local engine; resolved at run time (an optional peer). */
const ONNX_PACKAGE = '@cutout/engine-onnx';

/**
 * Picks the engine from the environment: `CUTOUT_ENGINE`, else Codia when `CODIA_API_KEY`
 * is set, else the local ONNX engine. The proxy never depends on the engine package
 * statically (DESIGN.md): it is imported here only when chosen.
 */
export async function resolveEngine(env: NodeJS.ProcessEnv): Promise<CutoutEngine> {
  const key = env.CODIA_API_KEY?.trim();
  const choice = (env.CUTOUT_ENGINE?.trim().toLowerCase() || (key ? 'codia' : 'onnx')) as string;
  if (choice === 'codia') {
    if (!key) {
      throw new ConfigError(
        'CUTOUT_ENGINE=codia needs CODIA_API_KEY (your Codia API key). Unset CUTOUT_ENGINE to use the local engine.',
      );
    }
    return codiaEngine({
      apiKey: key,
      ...(env.CODIA_BASE_URL ? { baseUrl: env.CODIA_BASE_URL } : {}),
    });
  }
  if (choice === 'onnx') {
    let mod: { onnxEngine?: (options?: unknown) => CutoutEngine };
    try {
      // A literal specifier so bundlers see it (tsdown keeps the optional peer external).
      mod = (await import('@cutout/engine-onnx')) as typeof mod;
    } catch {
      throw new ConfigError(
        `The local engine needs the package ${ONNX_PACKAGE}: run \`npm i ${ONNX_PACKAGE}\`, or set CODIA_API_KEY to use the Codia API instead.`,
      );
    }
    if (typeof mod.onnxEngine !== 'function') {
      throw new ConfigError(`${ONNX_PACKAGE} does not export onnxEngine(); update it.`);
    }
    return mod.onnxEngine();
  }
  throw new ConfigError(`CUTOUT_ENGINE must be "codia" or "onnx" (got "${choice}").`);
}

/** Replaces every occurrence of the secret in a log line: a last line of defence. */
export function redactor(secret: string | undefined): (text: string) => string {
  if (!secret || secret.length < 4) return (t) => t;
  return (text) => text.split(secret).join('[redacted]');
}
