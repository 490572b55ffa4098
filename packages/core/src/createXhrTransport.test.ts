// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCutoutClient } from './createCutoutClient';
import {
  type LoopbackServer,
  makeImage,
  readBody,
  sendJson,
  sendPng,
  startLoopbackServer,
  until,
} from './testing/loopbackServer';
import type { CutoutProgress } from './types';

/**
 * The browser path: jsdom's real XMLHttpRequest (it does HTTP, with CORS) against a loopback
 * server. The client picks XHR on its own because XMLHttpRequest exists and no fetch was given.
 */
let jpeg: Uint8Array<ArrayBuffer>;
let png: Uint8Array<ArrayBuffer>;
const servers: LoopbackServer[] = [];

beforeAll(async () => {
  jpeg = await makeImage('jpeg', 1600, 1200);
  png = await makeImage('png', 1600, 1200, true);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Allow-Methods': 'POST, GET',
};

async function serve(onPost: Parameters<typeof startLoopbackServer>[0]) {
  const server = await startLoopbackServer(async (req, res, index) => {
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    await onPost(req, res, index);
  });
  servers.push(server);
  return server;
}

describe('XHR transport (browser path)', () => {
  it('is chosen when XMLHttpRequest exists, with upload progress and the PNG answer', async () => {
    expect(typeof XMLHttpRequest).toBe('function');
    let received = 0;
    const server = await serve(async (req, res) => {
      received = (await readBody(req)).byteLength;
      sendPng(res, png);
    });
    const client = createCutoutClient({ endpoint: server.url });
    const events: CutoutProgress[] = [];
    const cutout = await client.removeBackground(new Blob([jpeg], { type: 'image/jpeg' }), {
      onProgress: (p) => events.push(p),
    });
    expect(cutout).toMatchObject({ width: 1600, height: 1200, attempts: 1 });
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers['content-type']).toMatch(/^multipart\/form-data/);
    // jsdom reports the upload in one step; browsers report it as it goes.
    const uploads = events.filter((e) => e.phase === 'uploading');
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads.at(-1)!.loaded).toBe(uploads.at(-1)!.total);
    expect(received).toBeGreaterThanOrEqual(jpeg.byteLength);
    const downloads = events.filter((e) => e.phase === 'downloading');
    expect(downloads.at(-1)).toMatchObject({ loaded: png.byteLength, total: png.byteLength });
    expect(events.map((e) => e.phase).filter((p, i, a) => p !== a[i - 1])).toEqual([
      'preflight',
      'uploading',
      'processing',
      'downloading',
      'done',
    ]);
  });

  it('maps answers and failures the same way as fetch', async () => {
    let posts = 0;
    const server = await serve(async (req, res) => {
      await readBody(req);
      if (posts++ === 0) sendJson(res, 402, { code: 40200, message: 'x' });
      else req.socket.destroy();
    });
    const client = createCutoutClient({ endpoint: server.url, retry: false });
    await expect(client.removeBackground(jpeg)).rejects.toMatchObject({ kind: 'credits' });
    await expect(client.removeBackground(jpeg)).rejects.toMatchObject({ kind: 'network' });
  });

  it('aborts an XHR in flight', async () => {
    const server = await serve(async (req) => {
      await readBody(req); // never answers
    });
    const client = createCutoutClient({ endpoint: server.url });
    const controller = new AbortController();
    const phases: string[] = [];
    const promise = client.removeBackground(jpeg, {
      signal: controller.signal,
      onProgress: (p) => phases.push(p.phase),
    });
    await until(() => server.requests.some((r) => r.method === 'POST'));
    expect(phases).toEqual(['preflight', 'uploading']);
    controller.abort();
    await expect(promise).rejects.toMatchObject({ kind: 'aborted' });
    await until(() => server.closedEarly === 1);
  });
});
