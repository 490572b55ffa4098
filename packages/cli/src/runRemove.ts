import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  batchFailure,
  type CutoutClient,
  createBatchPool,
  createCutoutClient,
  isCutoutError,
} from '@cutout/core';
import { createCutoutHandler } from '@cutout/proxy';
import { expandRemoveInputs, type RemoveInput } from './expandRemoveInputs';
import { OUTPUT_FLAGS, OUTPUT_USAGE, readOutputFlags, withExtension } from './outputFlags';
import { createProgressBar } from './progressBar';
import { ConfigError, redactor, resolveEngine } from './resolveEngine';

export interface ReportItem {
  input: string;
  output?: string;
  status: 'done' | 'skipped' | 'failed';
  reason?: string;
  error?: { kind: string; reason?: string; message: string };
  width?: number;
  height?: number;
  ms?: number;
}

/** `cutout remove`: a resumable batch with a progress bar, a JSON report and an exit code. */
export async function runRemove(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values: { out?: string; concurrency?: string; via?: string; report?: string } & Record<
    string,
    unknown
  >;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        concurrency: { type: 'string', short: 'c' },
        via: { type: 'string' },
        report: { type: 'string' },
        ...OUTPUT_FLAGS,
      },
    }));
  } catch (error) {
    process.stderr.write(`cutout remove: ${(error as Error).message}\n`);
    return 2;
  }
  if (!values.out || positionals.length === 0) {
    process.stderr.write(
      `Usage: cutout remove <files|dirs|urls...> --out DIR [--concurrency N] [--via URL] [--report FILE] ${OUTPUT_USAGE}\n`,
    );
    return 2;
  }
  let output: ReturnType<typeof readOutputFlags>;
  try {
    output = readOutputFlags(values);
  } catch (error) {
    // The option's own message (`Bad format "gif": expected png, webp, jpg or jpeg.`);
    // the flag is the option's name with dashes.
    process.stderr.write(`cutout remove: ${(error as Error).message}\n`);
    return 2;
  }
  const concurrency = values.concurrency ? Number(values.concurrency) : 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    process.stderr.write('cutout remove: --concurrency must be an integer from 1 to 256.\n');
    return 2;
  }
  const outputChoice = output;
  const redact = redactor(env.CODIA_API_KEY?.trim());
  const outDir = values.out;
  await mkdir(outDir, { recursive: true });

  let client: CutoutClient;
  let closeEngine: (() => Promise<void>) | undefined;
  const common = { preflight: { flattenAlpha: false }, fetch: globalThis.fetch } as const;
  if (values.via) {
    client = createCutoutClient({ ...common, endpoint: values.via });
  } else {
    let engine: Awaited<ReturnType<typeof resolveEngine>>;
    try {
      engine = await resolveEngine(env);
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`cutout remove: ${redact(error.message)}\n`);
        return 2;
      }
      throw error;
    }
    closeEngine = async () => engine.close?.();
    // The same handler as `cutout serve`, called in-process: every guard applies, no port.
    const handler = createCutoutHandler({ engine });
    client = createCutoutClient({
      ...common,
      endpoint: 'http://cutout.local',
      fetch: (input, init) => handler(new Request(input, init as RequestInit)),
    });
  }

  const { inputs, invalid } = await expandRemoveInputs(positionals);
  const items: ReportItem[] = invalid.map(({ input, message }) => ({
    input,
    status: 'failed' as const,
    error: { kind: 'input', reason: 'not-found', message },
  }));
  const counts = {
    done: 0,
    skipped: 0,
    failed: invalid.length,
    total: inputs.length + invalid.length,
  };
  const bar = createProgressBar(process.stderr);
  // Core's batch pool, as in `runBatch` and `useRemoveBgBatch`: each image gets its own
  // signal, and the pool's gate is given to the client, so one 429 pauses every image.
  const pool = createBatchPool(concurrency);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    pool.cancelAll();
  };
  process.once('SIGINT', onSigint);
  const started = Date.now();

  const processOne = async (input: RemoveInput, signal: AbortSignal): Promise<ReportItem> => {
    const output = join(outDir, withExtension(input.output, outputChoice.extension));
    if (await exists(output))
      return { input: input.source, output, status: 'skipped', reason: 'exists' };
    const t0 = Date.now();
    try {
      const data = input.url ? input.source : new Uint8Array(await readFile(input.source));
      const cutout = await client.removeBackground(data, {
        signal,
        gate: pool.gate,
        ...(outputChoice.options ? { output: outputChoice.options } : {}),
      });
      // Written under a temporary name and renamed: an interrupted run never leaves a
      // partial PNG that the next run would take for a finished one.
      const tmp = `${output}.part`;
      await mkdir(dirname(output), { recursive: true });
      await writeFile(tmp, new Uint8Array(await cutout.blob.arrayBuffer()));
      await rename(tmp, output);
      return {
        input: input.source,
        output,
        status: 'done',
        width: cutout.width,
        height: cutout.height,
        ms: Date.now() - t0,
      };
    } catch (thrown) {
      if (!isCutoutError(thrown)) {
        // Not the service's answer: the file could not be read.
        const message = redact(thrown instanceof Error ? thrown.message : String(thrown));
        return {
          input: input.source,
          status: 'failed',
          error: { kind: 'input', reason: 'unreadable', message },
        };
      }
      const { status, error } = batchFailure(thrown);
      return {
        input: input.source,
        status,
        ...(status === 'skipped' ? { reason: 'too-small' } : {}),
        error: {
          kind: error.kind,
          ...(error.reason ? { reason: error.reason } : {}),
          message: redact(error.message),
        },
        ms: Date.now() - t0,
      };
    }
  };

  const results: ReportItem[] = new Array(inputs.length);
  bar.render(counts);
  await Promise.all(
    inputs.map((input, index) =>
      pool
        .run((signal) => processOne(input, signal))
        .then(
          (item) => {
            results[index] = item;
            counts[item.status]++;
            if (!bar.enabled && item.status === 'failed') {
              process.stderr.write(
                `failed: ${item.input}: ${item.error?.kind}${item.error?.reason ? `/${item.error.reason}` : ''}: ${item.error?.message}\n`,
              );
            }
            bar.render(counts);
          },
          // Cancelled before it started (Ctrl+C): not started, reported as such below.
          () => {},
        ),
    ),
  );
  bar.end();
  process.off('SIGINT', onSigint);
  await closeEngine?.();
  items.push(...results.filter(Boolean));
  const summary = {
    total: counts.total,
    done: counts.done,
    skipped: counts.skipped,
    failed: counts.failed,
    ...(interrupted
      ? { interrupted: true, notStarted: inputs.length - results.filter(Boolean).length }
      : {}),
    ms: Date.now() - started,
  };
  if (values.report) {
    await writeFile(
      values.report,
      `${JSON.stringify({ ...summary, out: outDir, items }, null, 2)}\n`,
    );
  }
  process.stderr.write(
    `cutout: ${summary.done} done, ${summary.skipped} skipped, ${summary.failed} failed of ${summary.total} in ${(summary.ms / 1000).toFixed(1)} s${interrupted ? ' (interrupted: run again to resume)' : ''}\n`,
  );
  if (interrupted) return 130;
  return summary.failed > 0 ? 1 : 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
