import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCutoutClient } from './createCutoutClient';
import {
  type LoopbackServer,
  makeImage,
  readBody,
  sendJson,
  startLoopbackServer,
  until,
} from './testing/loopbackServer';
import type { CutoutPhase, CutoutProgress } from './types';

let jpeg: Uint8Array<ArrayBuffer>;
let png: Uint8Array<ArrayBuffer>;
const servers: LoopbackServer[] = [];

beforeAll(async () => {
  jpeg = await makeImage('jpeg', 640, 480);
  png = await makeImage('png', 640, 480, true);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * Starts a call, aborts it on the first progress event that matches, and checks it rejects
 * with `aborted` promptly (no waiting for the server, the timer or the stall limit).
 */
async function abortAt(
  server: LoopbackServer | undefined,
  input: Uint8Array,
  match: (p: CutoutProgress) => boolean,
  options: Partial<Parameters<typeof createCutoutClient>[0]> = {},
) {
  const client = createCutoutClient({
    endpoint: server?.url ?? 'http://127.0.0.1:9',
    stallTimeoutMs: 20_000,
    ...options,
  });
  const controller = new AbortController();
  const seen: CutoutPhase[] = [];
  const started = Date.now();
  const promise = client.removeBackground(input, {
    signal: controller.signal,
    onProgress: (p) => {
      seen.push(p.phase);
      if (match(p)) controller.abort(new Error('user cancelled'));
    },
  });
  await expect(promise).rejects.toMatchObject({ kind: 'aborted', retryable: false });
  expect(Date.now() - started).toBeLessThan(5000);
  return seen;
}

describe('AbortSignal cancels every phase', () => {
  it('preflight (a flattener still working)', async () => {
    const withAlpha = await makeImage('png', 600, 600, true);
    const seen = await abortAt(undefined, withAlpha, (p) => p.phase === 'preflight', {
      flatten: () => new Promise(() => {}),
    });
    expect(seen).toEqual(['preflight']);
  });

  it('uploading (the server is not reading)', async () => {
    const server = await startLoopbackServer((req) => {
      req.pause();
    });
    servers.push(server);
    const big = new Uint8Array(16 * 1024 * 1024);
    const seen = await abortAt(server, big, (p) => p.phase === 'uploading' && (p.loaded ?? 0) > 0, {
      preflight: false,
    });
    // Nothing after the abort: the body stream stopped being pulled. (The paused server
    // cannot notice the closed socket, so it is not asked.)
    expect(seen.at(-1)).toBe('uploading');
    expect(seen.filter((p) => p === 'uploading').length).toBeLessThan(5);
  });

  it('processing (the server holds the answer)', async () => {
    const server = await startLoopbackServer(async (req) => {
      await readBody(req);
    });
    servers.push(server);
    const seen = await abortAt(server, jpeg, (p) => p.phase === 'processing');
    expect(seen.at(-1)).toBe('processing');
    await until(() => server.closedEarly === 1);
  });

  it('downloading (half of the PNG sent)', async () => {
    const server = await startLoopbackServer(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.byteLength });
      res.write(png.subarray(0, 64));
    });
    servers.push(server);
    const seen = await abortAt(
      server,
      jpeg,
      (p) => p.phase === 'downloading' && (p.loaded ?? 0) > 0,
    );
    expect(seen.at(-1)).toBe('downloading');
    await until(() => server.closedEarly === 1);
  });

  it('the backoff wait (Retry-After: 30 s)', async () => {
    const server = await startLoopbackServer(async (req, res) => {
      await readBody(req);
      sendJson(res, 429, { code: 42900, message: 'slow down' }, { 'Retry-After': '30' });
    });
    servers.push(server);
    const seen = await abortAt(server, jpeg, (p) => p.phase === 'retrying');
    expect(seen.at(-1)).toBe('retrying');
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await startLoopbackServer((_req, res) => res.end());
    servers.push(server);
    const client = createCutoutClient({ endpoint: server.url });
    await expect(
      client.removeBackground(jpeg, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ kind: 'aborted' });
    expect(server.requests).toHaveLength(0);
  });
});
