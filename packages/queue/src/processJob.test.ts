import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CutoutEngine, CutoutError, type EngineInput, sniffImage } from '@cutout/core';
import { makeTestImage } from '@cutout/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFile } from './jobId';
import type { CutoutJobData } from './jobTypes';
import { directoryOutputStore } from './outputStore';
import { DEFAULT_JOB_LIMITS, type JobContext, processJob } from './processJob';

let dir: string;
let jpeg: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutout-process-'));
  jpeg = await makeTestImage({ width: 420, height: 300 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An engine whose answers the test scripts: an error to throw, or a PNG to return. */
function scriptedEngine(answer: CutoutError | Uint8Array) {
  const calls: EngineInput[] = [];
  const engine: CutoutEngine = {
    name: 'scripted',
    async removeBackground(input) {
      calls.push(input);
      if (answer instanceof CutoutError) throw answer;
      return { png: answer, width: 420, height: 300 };
    },
  };
  return { engine, calls };
}

function context(engine: CutoutEngine, out: string) {
  const log: string[] = [];
  const ctx: JobContext = {
    engine,
    store: directoryOutputStore(out),
    ...DEFAULT_JOB_LIMITS,
    rateLimit: async (ms) => void log.push(`rateLimit ${ms}`),
    pauseQueue: async (reason) => void log.push(`pause ${reason}`),
    markSkipped: async (id) => void log.push(`skipped ${id}`),
    isClosing: () => false,
  };
  return { ctx, log };
}

async function fileJob(
  name: string,
  bytes: Uint8Array | string,
): Promise<{ id: string; data: CutoutJobData }> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  const { sha256, size } = await hashFile(path);
  return {
    id: `img-${sha256}`,
    data: { source: { type: 'file', path, sha256, size }, output: `${name}.png` },
  };
}

const signal = new AbortController().signal;

describe('processJob', () => {
  it('sends the bytes once and stores the PNG', async () => {
    const { engine, calls } = scriptedEngine(new Uint8Array([0x89, 1, 2]));
    const { ctx } = context(engine, join(dir, 'out1'));
    const job = await fileJob('ok.jpg', jpeg);
    expect(await processJob(job, signal, ctx)).toMatchObject({
      status: 'done',
      output: 'ok.jpg.png',
      reused: false,
      width: 420,
    });
    expect(calls).toMatchObject([{ type: 'image', format: 'jpeg', width: 420, height: 300 }]);
    // Run again (a crash after the write): the stored result is reused, nothing is paid.
    expect(await processJob(job, signal, ctx)).toMatchObject({ status: 'done', reused: true });
    expect(calls).toHaveLength(1);
  });

  it('flattens an image with alpha onto white before sending it', async () => {
    const { engine, calls } = scriptedEngine(new Uint8Array([1]));
    const { ctx } = context(engine, join(dir, 'out6'));
    const job = await fileJob(
      'alpha.webp',
      await makeTestImage({ width: 500, height: 400, format: 'webp', background: 'transparent' }),
    );
    await processJob(job, signal, ctx);
    const sent = calls[0] as Extract<EngineInput, { type: 'image' }>;
    expect(sent).toMatchObject({ format: 'png', width: 500, height: 400 });
    expect(sniffImage(sent.data as Uint8Array)).toMatchObject({
      format: 'png',
      width: 500,
      height: 400,
      hasAlpha: false,
    });
  });

  it('skips an image under the minimum without calling the engine', async () => {
    const { engine, calls } = scriptedEngine(new Uint8Array([1]));
    const { ctx, log } = context(engine, join(dir, 'out2'));
    const job = await fileJob('small.jpg', await makeTestImage({ width: 300, height: 200 }));
    expect(await processJob(job, signal, ctx)).toMatchObject({
      status: 'skipped',
      kind: 'preflight',
      reason: 'too-small',
    });
    expect(log).toEqual([`skipped ${job.id}`]);
    expect(calls).toHaveLength(0);
  });

  it('fails input errors for good, with kind/reason (not a format, changed since enqueue)', async () => {
    const { engine, calls } = scriptedEngine(new Uint8Array([1]));
    const { ctx } = context(engine, join(dir, 'out3'));
    const text = await fileJob('text.jpg', 'hello');
    await expect(processJob(text, signal, ctx)).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: expect.stringMatching(/^preflight\/unsupported-format: /),
    });
    const changed = await fileJob('changed.jpg', jpeg);
    await writeFile(
      changed.data.source.type === 'file' ? changed.data.source.path : '',
      Buffer.concat([jpeg, Buffer.from([0])]),
    );
    await expect(processJob(changed, signal, ctx)).rejects.toMatchObject({
      name: 'UnrecoverableError',
      message: expect.stringMatching(/^input\/changed: /),
    });
    expect(calls).toHaveLength(0);
  });

  it('sorts engine errors: 429 pauses every worker, 402 pauses the queue, 5xx retries, 4xx fails', async () => {
    const job = await fileJob('e.jpg', jpeg);
    const run = async (error: CutoutError) => {
      const { engine } = scriptedEngine(error);
      const { ctx, log } = context(engine, join(dir, 'out4'));
      const thrown = await processJob(job, signal, ctx).catch((e: Error) => e);
      return { thrown: thrown as Error & { retryAfterMs?: number }, log };
    };
    const limited = await run(new CutoutError('rate-limit', 'Slow down.', { retryAfterMs: 1500 }));
    expect(limited.log).toEqual(['rateLimit 1500']);
    expect(limited.thrown.message).toBe('bullmq:rateLimitExceeded');

    const credits = await run(
      new CutoutError('credits', 'Out of credits.', { reason: 'out-of-credits', status: 402 }),
    );
    expect(credits.log[0]).toMatch(/^pause credits\/out-of-credits: Out of credits\. Add credits/);
    expect(credits.thrown.message).toBe('bullmq:rateLimitExceeded');

    const transient = await run(new CutoutError('transient', 'Busy.', { retryAfterMs: 700 }));
    expect(transient.thrown).toMatchObject({
      name: 'RetryableJobError',
      message: 'transient: Busy.',
      retryAfterMs: 700,
    });
    expect(transient.log).toEqual([]);

    const input = await run(new CutoutError('input', 'Too large.', { reason: 'too-large' }));
    expect(input.thrown).toMatchObject({
      name: 'UnrecoverableError',
      message: 'input/too-large: Too large.',
    });
  });

  it('hands an aborted job back while the worker shuts down', async () => {
    const controller = new AbortController();
    let started!: () => void;
    const called = new Promise<void>((resolve) => {
      started = resolve;
    });
    const engine: CutoutEngine = {
      name: 'slow',
      removeBackground: (_input, { signal: s }) =>
        new Promise((_, reject) => {
          started();
          s.addEventListener('abort', () => reject(new CutoutError('aborted', 'Cancelled.')), {
            once: true,
          });
        }),
    };
    const { ctx } = context(engine, join(dir, 'out5'));
    ctx.isClosing = () => true;
    const job = await fileJob('abort.jpg', jpeg);
    const pending = processJob(job, controller.signal, ctx);
    await called;
    controller.abort();
    await expect(pending).rejects.toMatchObject({ message: 'bullmq:rateLimitExceeded' });
  });
});

describe('processJob with output options stored in the job', () => {
  it('composes the engine PNG into the job’s output (amazon JPEG) before storing it', async () => {
    const { syntheticCutoutPixels } = await import('@cutout/testing/msw');
    const sharp = (await import('sharp')).default;
    const cut = new Uint8Array(
      await sharp(syntheticCutoutPixels({ width: 420, height: 300 }), {
        raw: { width: 420, height: 300, channels: 4 },
      })
        .png()
        .toBuffer(),
    );
    const { engine } = scriptedEngine(cut);
    const out = join(dir, 'out-amazon');
    const { ctx } = context(engine, out);
    const job = await fileJob('amazon.jpg', jpeg);
    job.data.output = 'amazon.jpg';
    job.data.outputOptions = { preset: 'amazon' };
    expect(await processJob(job, signal, ctx)).toMatchObject({
      status: 'done',
      width: 2000,
      height: 2000,
    });
    const { readFile } = await import('node:fs/promises');
    const meta = await sharp(await readFile(join(out, 'amazon.jpg'))).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 2000, height: 2000 });
  });

  it('composes the local engine’s raw pixels when it hands them over: same file as from a PNG', async () => {
    const { syntheticCutoutPixels } = await import('@cutout/testing/msw');
    const sharp = (await import('sharp')).default;
    const rgba = new Uint8Array(syntheticCutoutPixels({ width: 420, height: 300 }));
    const png = new Uint8Array(
      await sharp(rgba, { raw: { width: 420, height: 300, channels: 4 } })
        .png()
        .toBuffer(),
    );
    const asked: boolean[] = [];
    let released = 0;
    const engine: CutoutEngine = {
      name: 'pixels',
      async removeBackground(_input, request) {
        asked.push(request.pixels === true);
        if (!request.pixels) return { png, width: 420, height: 300 };
        const data = rgba.slice();
        const release = () => {
          released++;
          data.fill(9); // the engine's next image reuses the memory
        };
        return { pixels: { data, width: 420, height: 300, release }, width: 420, height: 300 };
      },
    };
    const { readFile } = await import('node:fs/promises');
    const run = async (name: string, from: CutoutEngine) => {
      const out = join(dir, `out-${name}`);
      const job = await fileJob(`${name}.jpg`, jpeg);
      job.data.output = `${name}.png`;
      job.data.outputOptions = { preset: 'square', add_shadow: 'true' };
      expect(await processJob(job, signal, context(from, out).ctx)).toMatchObject({
        status: 'done',
        width: 1600,
      });
      return readFile(join(out, `${name}.png`));
    };
    const fromPixels = await run('from-pixels', engine);
    expect([asked, released]).toEqual([[true], 1]);
    const fromPng = await run('from-png', scriptedEngine(png).engine);
    expect(fromPixels.equals(fromPng)).toBe(true);
  });
});
