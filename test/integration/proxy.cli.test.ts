import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeCodia, makeTestImage, startFakeCodia } from '@cutout/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleSources } from './bundleSources';

/**
 * The `cutout` bin run as a real child process. It is bundled from src with esbuild in a
 * few hundred ms (workspace packages from their sources, npm dependencies left external),
 * so the test needs no prior `npm run build`.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'sk-cli-LEAK-0d9c8b7a6f5e';
let dir: string;
let cli: string;
let fake: FakeCodia;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutout-cli-'));
  cli = join(root, 'node_modules/.cache/cutout-cli-test', `cli-${process.pid}.mjs`);
  await bundleSources(join(root, 'packages/cli/src/cli.ts'), cli);
  fake = await startFakeCodia({ apiKey: KEY });
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(cli, { force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: root,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const codiaEnv = () => ({ CODIA_API_KEY: KEY, CODIA_BASE_URL: fake.url });

async function startServe(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [cli, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    cwd: root,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 15_000);
    const check = () => {
      const m = /"url":"(http:[^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', () => reject(new Error(`serve exited: ${out}`)));
  });
  return { child, url, out: () => out };
}

describe('cutout serve', () => {
  test('serves, logs one JSON line per request without the key, and stops cleanly on SIGTERM', async () => {
    const serve = await startServe(codiaEnv());
    const jpeg = await makeTestImage({ width: 500, height: 400 });
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'a.jpg');
    const res = await fetch(`${serve.url}/v1/open/remove_bg`, {
      method: 'POST',
      body: form,
      headers: { accept: 'image/png' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cutout-width')).toBe('500');
    const health = await fetch(`${serve.url}/healthz`);
    expect(await health.json()).toMatchObject({ data: { engine: 'codia', ready: true } });
    fake.setScenario('auth');
    expect(
      (await fetch(`${serve.url}/v1/open/remove_bg`, { method: 'POST', body: form })).status,
    ).toBe(502);
    fake.reset();

    const exited = new Promise<number | null>((r) => serve.child.once('exit', r));
    serve.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = serve
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.method);
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/open/remove_bg',
      status: 200,
      engine: 'codia',
    });
    expect(requests[0]!.bytes).toBeGreaterThan(jpeg.byteLength);
    expect(typeof requests[0]!.ms).toBe('number');
    expect(requests[2]).toMatchObject({
      status: 502,
      error: { kind: 'transient', reason: 'upstream-auth' },
      msg: expect.stringMatching(/server key.*CODIA_API_KEY/),
    });
    expect(lines.at(-1)).toMatchObject({ msg: 'stopped' });
    expect(serve.out()).not.toContain(KEY);
  });

  test('the key pasted into the wrong variable is never echoed, in any case (issue 14 item 6)', async () => {
    const port = await run(['serve'], { ...codiaEnv(), PORT: KEY });
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/PORT must be a port number \(got "\[redacted\]"\)/);
    const engine = await run(['serve'], { ...codiaEnv(), CUTOUT_ENGINE: `x${KEY}` });
    expect(engine.code).toBe(2);
    expect(engine.stderr).toMatch(/CUTOUT_ENGINE must be/);
    const concurrency = await run(['serve'], { ...codiaEnv(), CUTOUT_UPSTREAM_CONCURRENCY: KEY });
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toMatch(/CUTOUT_UPSTREAM_CONCURRENCY must be an integer/);
    for (const r of [port, engine, concurrency]) {
      const all = r.stdout + r.stderr;
      expect(all.toLowerCase()).not.toContain(KEY.toLowerCase());
      expect(all).toContain('[redacted]');
    }
  });

  test('CUTOUT_ALLOWED_HOSTS and CUTOUT_UPSTREAM_CONCURRENCY reach the proxy', async () => {
    const serve = await startServe({
      ...codiaEnv(),
      CUTOUT_ALLOWED_HOSTS: 'shop.example',
      CUTOUT_UPSTREAM_CONCURRENCY: '3',
    });
    try {
      const port = new URL(serve.url).port;
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(
            { hostname: '127.0.0.1', port, path: '/healthz', headers: { host } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
        });
      expect(await status(`shop.example:${port}`)).toBe(200);
      expect(await status(`127.0.0.1:${port}`)).toBe(200);
      expect(await status(`evil.example:${port}`)).toBe(403);
      const listening = JSON.parse(serve.out().split('\n')[0]!) as Record<string, unknown>;
      expect(listening).toMatchObject({ allowedHosts: ['shop.example'], maxConcurrent: 3 });
    } finally {
      serve.child.kill('SIGTERM');
    }
  });

  test('CUTOUT_ENGINE=codia without a key, and a bad CUTOUT_ENGINE, fail with a clear message', async () => {
    const noKey = await run(['serve'], { CUTOUT_ENGINE: 'codia', PORT: '0' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/needs CODIA_API_KEY/);
    const bad = await run(['serve'], { CUTOUT_ENGINE: 'magic', PORT: '0' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/must be "codia" or "onnx"/);
  });
});

describe('offline: no key, the local ONNX engine', () => {
  // The quick start's promise on a fresh machine: no CODIA_API_KEY, no network, real cutouts.
  test('serve loads the model at start (/healthz ready) and remove writes a real cutout', async () => {
    const { productScene, alphaIoU } = await import(
      '../../packages/engine-onnx/src/testing/productScene'
    );
    const scene = await productScene(800, 600, 'plain');
    const serve = await startServe({});
    try {
      await expect
        .poll(() => serve.out(), { timeout: 60_000, interval: 200 })
        .toMatch(/"msg":"engine ready","engine":"onnx"/);
      const health = await fetch(`${serve.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ data: { engine: 'onnx', ready: true } });
      // Issue 14 item 8: the deep check says the model loaded.
      const deep = await fetch(`${serve.url}/healthz?deep=1`);
      expect(deep.status).toBe(200);
      expect(await deep.json()).toMatchObject({
        data: { engine: 'onnx', ready: true, check: { ok: true, reason: 'model-loaded' } },
      });
    } finally {
      const exited = new Promise((r) => serve.child.once('exit', r));
      serve.child.kill('SIGTERM');
      await exited;
    }

    const input = join(dir, 'offline');
    await mkdir(input, { recursive: true });
    await writeFile(join(input, 'photo.png'), scene.png);
    const out = join(dir, 'offline-out');
    const r = await run(['remove', join(input, 'photo.png'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const { data, info } = await sharp(await readFile(join(out, 'photo.png')))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([800, 600, 4]);
    expect(data[3]).toBe(0); // a transparent corner
    expect(alphaIoU(new Uint8Array(data), scene.alpha)).toBeGreaterThan(0.9);
  }, 120_000);
});

describe('cutout remove', () => {
  test('a batch: PNGs out, bad and small inputs reported, report file, exit 1; a re-run resumes', async () => {
    const input = join(dir, 'in');
    const nested = join(input, 'nested');
    await mkdir(nested, { recursive: true });
    await writeFile(join(input, 'mug.jpg'), await makeTestImage({ width: 640, height: 480 }));
    await writeFile(
      join(input, 'vase.png'),
      await makeTestImage({ width: 500, height: 700, format: 'png' }),
    );
    await writeFile(
      join(nested, 'shoe.webp'),
      await makeTestImage({ width: 800, height: 600, format: 'webp' }),
    );
    await writeFile(join(input, 'tiny.jpg'), await makeTestImage({ width: 200, height: 150 }));
    await writeFile(join(input, 'notes.jpg'), 'this is text, not a JPEG');
    await writeFile(join(input, 'readme.txt'), 'ignored: not an image extension');
    const url = fake.hostFile(
      new Uint8Array(await makeTestImage({ width: 600, height: 600 })),
      'image/jpeg',
    );
    const out = join(dir, 'out');
    const report = join(dir, 'report.json');

    const first = await run(
      ['remove', input, url, '--out', out, '--concurrency', '3', '--report', report],
      codiaEnv(),
    );
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/4 done, 1 skipped, 1 failed of 6/);
    expect(first.stderr).toMatch(/failed: .*notes\.jpg: preflight\/unsupported-format/);
    // Folders keep their relative paths (the one naming rule shared with `cutout enqueue`).
    expect((await readdir(out)).sort()).toEqual(['1.png', 'mug.png', 'nested', 'vase.png']);
    const meta = await sharp(await readFile(join(out, 'nested', 'shoe.png'))).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 800, height: 600, channels: 4 });
    const r = JSON.parse(await readFile(report, 'utf8')) as {
      done: number;
      failed: number;
      skipped: number;
      items: Array<{ input: string; status: string; reason?: string; error?: { kind: string } }>;
    };
    expect(r).toMatchObject({ done: 4, failed: 1, skipped: 1 });
    expect(r.items.find((i) => i.input.endsWith('tiny.jpg'))).toMatchObject({
      status: 'skipped',
      reason: 'too-small',
    });
    expect(r.items.find((i) => i.input.endsWith('notes.jpg'))).toMatchObject({
      status: 'failed',
      error: { kind: 'preflight' },
    });
    const callsAfterFirst = fake.stats.requests;

    // Re-run: finished outputs are skipped, nothing is paid for twice.
    const second = await run(['remove', input, url, '--out', out, '--report', report], codiaEnv());
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/0 done, 5 skipped, 1 failed of 6/);
    expect(fake.stats.requests).toBe(callsAfterFirst);

    // With the bad file gone and one output removed, the run completes and exits 0.
    await rm(join(input, 'notes.jpg'));
    await rm(join(out, 'vase.png'));
    const third = await run(['remove', input, url, '--out', out], codiaEnv());
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/1 done, 4 skipped, 0 failed of 5/);
    expect(first.stderr + second.stderr + third.stderr).not.toContain(KEY);
  });

  test('output flags: --preset amazon --format jpg --crop --crop-margin 5% writes 2000 px JPEGs named .jpg', async () => {
    const input = join(dir, 'amazon-in');
    await mkdir(input, { recursive: true });
    await writeFile(join(input, 'mug.jpg'), await makeTestImage({ width: 640, height: 480 }));
    const out = join(dir, 'amazon-out');
    const r = await run(
      [
        'remove',
        input,
        '--out',
        out,
        '--preset',
        'amazon',
        '--format',
        'jpg',
        '--crop',
        '--crop-margin',
        '5%',
      ],
      codiaEnv(),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(out)).toEqual(['mug.jpg']);
    const meta = await sharp(await readFile(join(out, 'mug.jpg'))).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 2000, height: 2000 });

    const bad = await run(['remove', input, '--out', out, '--format', 'gif'], codiaEnv());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Bad format "gif": expected png, webp, jpg or jpeg/);
  });

  test('--via sends the batch through a running proxy', async () => {
    const serve = await startServe(codiaEnv());
    try {
      const input = join(dir, 'via');
      await mkdir(input, { recursive: true });
      await writeFile(join(input, 'a.jpg'), await makeTestImage({ width: 640, height: 480 }));
      const out = join(dir, 'via-out');
      const before = fake.stats.successes;
      // No key in this process: only the proxy has it.
      const r = await run(['remove', input, '--out', out, '--via', serve.url]);
      expect(r.code).toBe(0);
      expect(await readdir(out)).toEqual(['a.png']);
      expect(fake.stats.successes).toBe(before + 1);
      expect(serve.out()).toMatch(/"path":"\/v1\/open\/remove_bg","status":200/);
    } finally {
      const exited = new Promise((r) => serve.child.once('exit', r));
      serve.child.kill('SIGTERM');
      await exited;
    }
  });

  test('usage errors exit 2', async () => {
    expect((await run(['remove', 'x'])).code).toBe(2);
    expect((await run(['remove', '--out', dir])).code).toBe(2);
    expect((await run(['nope'])).code).toBe(2);
    expect((await run(['remove', dir, '--out', dir, '--concurrency', '0'])).code).toBe(2);
  });
});
