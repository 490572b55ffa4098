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
    let mod: {
      onnxEngine?: (options?: { model?: string; memoryArena?: boolean }) => CutoutEngine;
    };
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
    // The engine package reads no environment: its options come from here.
    return mod.onnxEngine({
      ...(env.CUTOUT_MODEL_PATH ? { model: env.CUTOUT_MODEL_PATH } : {}),
      memoryArena: env.CUTOUT_LOW_MEMORY !== '1',
    });
  }
  throw new ConfigError(`CUTOUT_ENGINE must be "codia" or "onnx" (got "${choice}").`);
}

/**
 * Replaces every occurrence of the secret in a line: a last line of defence. Case-insensitive:
 * a key pasted into the wrong variable comes back lower-cased in some messages
 * (`CUTOUT_ENGINE="x$KEY"`, issue 14 item 6).
 */
export function redactor(secret: string | undefined): (text: string) => string {
  if (!secret || secret.length < 4) return (t) => t;
  const pattern = new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  return (text) => text.replace(pattern, '[redacted]');
}

/**
 * Sends everything this process writes to stdout and stderr through the redactor: every
 * message of the CLI (usage errors that echo a variable, such as `PORT="$KEY"`, included)
 * instead of remembering it at each call site. The bin's own streams only.
 */
export function redactOutput(secret: string | undefined): void {
  const redact = redactor(secret);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(
        typeof chunk === 'string'
          ? redact(chunk)
          : chunk instanceof Uint8Array
            ? redact(Buffer.from(chunk).toString('utf8'))
            : chunk,
        ...rest,
      )) as typeof stream.write;
  }
}
