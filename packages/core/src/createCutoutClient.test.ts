import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCutoutClient } from './createCutoutClient';
import { sniffImage } from './sniffImage';
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

let jpeg: Uint8Array<ArrayBuffer>;
let png: Uint8Array<ArrayBuffer>;
const servers: LoopbackServer[] = [];

beforeAll(async () => {
  jpeg = await makeImage('jpeg', 800, 500);
  png = await makeImage('png', 800, 500, true);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startLoopbackServer>[0]) {
  const server = await startLoopbackServer(handler);
  servers.push(server);
  return server;
}

/** Asserts the progress contract: phases in order, bytes monotonic, ending at 100%. */
function expectWellFormed(events: CutoutProgress[]) {
  const order = ['preflight', 'uploading', 'processing', 'downloading', 'done'];
  const phases = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
  expect(phases).toEqual(order);
  for (const phase of ['uploading', 'downloading'] as const) {
    const loaded = events.filter((e) => e.phase === phase).map((e) => e.loaded!);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    const last = events.filter((e) => e.phase === phase).at(-1)!;
    expect(last.loaded).toBe(last.total);
  }
}

describe('removeBackground over HTTP', () => {
  it("passes the engine's own review on from X-Cutout-Review, in both answer modes", async () => {
    // Inline image answer (our proxy's one round trip), flagged by the local engine.
    const inline = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { 'Content-Type': 'image/png', 'X-Cutout-Review': 'wide-soft-edge' });
      res.end(png);
    });
    const flagged = await createCutoutClient({ endpoint: inline.url }).removeBackground(jpeg);
    expect(flagged.review).toEqual({ needsReview: true, reasons: ['wide-soft-edge'] });
    // JSON answer then a download: the verdict is on the JSON answer, not on the file.
    const json = await serve(async (req, res) => {
      if (req.method === 'POST') {
        await readBody(req);
        sendJson(
          res,
          200,
          { code: 0, message: 'ok', data: { image_url: '/r/1' } },
          {
            'X-Cutout-Review': 'ok',
          },
        );
      } else {
        sendPng(res, png);
      }
    });
    const ok = await createCutoutClient({ endpoint: json.url }).removeBackground(jpeg);
    expect(ok.review).toEqual({ needsReview: false, reasons: [] });
    // No header (Codia, or an older proxy): no verdict, not a made-up "ok".
    const plain = await serve(async (req, res) => {
      await readBody(req);
      sendPng(res, png);
    });
    const none = await createCutoutClient({ endpoint: plain.url }).removeBackground(jpeg);
    expect(none.review).toBeUndefined();
    expect('review' in none).toBe(false);
  });

  it('uploads multipart `image`, downloads the result URL and reads its size', async () => {
    let upload: { contentType?: string; length?: string; body?: string } = {};
    const server = await serve(async (req, res) => {
      if (req.method === 'POST') {
        const body = await readBody(req);
        upload = {
          contentType: req.headers['content-type'],
          length: req.headers['content-length'],
          body: body.toString('latin1'),
        };
        sendJson(res, 200, { code: 0, message: 'ok', data: { image_url: '/results/1.png' } });
      } else {
        sendPng(res, png);
      }
    });
    const client = createCutoutClient({
      endpoint: `${server.url}/`,
      headers: { Authorization: 'Bearer secret-key' },
    });
    const events: CutoutProgress[] = [];
    const cutout = await client.removeBackground(jpeg, { onProgress: (p) => events.push(p) });

    expect(cutout).toMatchObject({ width: 800, height: 500, attempts: 1 });
    expect(cutout.blob.type).toBe('image/png');
    expect(new Uint8Array(await cutout.blob.arrayBuffer())).toEqual(png);
    for (const ms of Object.values(cutout.timings)) expect(ms).toBeGreaterThanOrEqual(0);

    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/open/remove_bg',
      'GET /results/1.png',
    ]);
    expect(server.requests[0]!.headers.accept).toBe('image/png, application/json');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer secret-key');
    // Same origin as the endpoint: the caller's headers go along.
    expect(server.requests[1]!.headers.authorization).toBe('Bearer secret-key');
    expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(upload.length)).toBe(upload.body!.length);
    expect(upload.body).toContain(
      'Content-Disposition: form-data; name="image"; filename="image.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
    );
    expect(upload.body).toContain(Buffer.from(jpeg).toString('latin1'));
    expectWellFormed(events);
    expect(events.at(-1)).toEqual({ phase: 'done', attempt: 1 });
  });

  it('takes the PNG from the answer itself when the proxy sends image/png', async () => {
    const server = await serve(async (req, res) => {
      await readBody(req);
      sendPng(res, png);
    });
    const client = createCutoutClient({ endpoint: server.url });
    const events: CutoutProgress[] = [];
    const cutout = await client.removeBackground(new Blob([jpeg]), {
      onProgress: (p) => events.push(p),
    });
    expect(cutout).toMatchObject({ width: 800, height: 500, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expectWellFormed(events);
  });

  it('sends URL inputs as JSON image_url', async () => {
    let body = '';
    const server = await serve(async (req, res) => {
      if (req.method === 'POST') {
        body = (await readBody(req)).toString();
        expect(req.headers['content-type']).toBe('application/json');
        sendJson(res, 200, { code: 0, message: 'ok', data: { image_url: 'r/2' } });
      } else {
        sendPng(res, png);
      }
    });
    const client = createCutoutClient({ endpoint: `${server.url}/api/cutout` });
    const events: CutoutProgress[] = [];
    const cutout = await client.removeBackground('https://cdn.example.com/shoe.jpg', {
      onProgress: (p) => events.push(p),
    });
    expect(JSON.parse(body)).toEqual({ image_url: 'https://cdn.example.com/shoe.jpg' });
    expect(cutout.width).toBe(800);
    // Relative result URLs resolve against the endpoint.
    expect(server.requests[1]!.url).toBe('/api/cutout/r/2');
    expectWellFormed(events);
  });

  it('resolves a relative endpoint against the page location', async () => {
    const server = await serve(async (req, res) => {
      await readBody(req);
      sendJson(res, 200, { code: 0, message: 'ok', data: { image_url: 'results/9' } });
      server.setHandler((_req, res2) => sendPng(res2, png));
    });
    vi.stubGlobal('location', { href: `${server.url}/shop/admin?tab=1` });
    try {
      const client = createCutoutClient({ endpoint: '/api/cutout' });
      await client.removeBackground(jpeg);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/cutout/v1/open/remove_bg',
      '/api/cutout/results/9',
    ]);
  });

  it('a relative endpoint without a page fails fast as input/invalid-endpoint', async () => {
    const client = createCutoutClient({ endpoint: '/api/cutout' });
    await expect(client.removeBackground(jpeg)).rejects.toMatchObject({
      kind: 'input',
      reason: 'invalid-endpoint',
      retryable: false,
    });
  });

  it('never sends the caller headers to another origin named by the server', async () => {
    const cdn = await serve((_req, res) => sendPng(res, png));
    const api = await serve(async (req, res) => {
      await readBody(req);
      sendJson(res, 200, { code: 0, message: 'ok', data: { image_url: `${cdn.url}/x.png` } });
    });
    const client = createCutoutClient({
      endpoint: api.url,
      headers: async () => ({ Authorization: 'Bearer secret-key' }),
    });
    await client.removeBackground(jpeg);
    expect(api.requests[0]!.headers.authorization).toBe('Bearer secret-key');
    expect(cdn.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('reports upload progress as the socket takes bytes, not all at once', async () => {
    // 24 MB of bytes (preflight off): more than loopback socket buffers hold.
    const big = new Uint8Array(24 * 1024 * 1024);
    let resume: (() => void) | undefined;
    let received = 0;
    const server = await serve(async (req, res) => {
      req.pause();
      await new Promise<void>((r) => {
        resume = r;
      });
      for await (const chunk of req) received += (chunk as Buffer).byteLength;
      sendPng(res, png);
    });
    const client = createCutoutClient({ endpoint: server.url, preflight: false });
    const uploads: CutoutProgress[] = [];
    let lastEventAt = Date.now();
    const promise = client.removeBackground(big, {
      onProgress: (p) => {
        if (p.phase === 'uploading') {
          uploads.push(p);
          lastEventAt = Date.now();
        }
      },
    });
    await until(() => resume !== undefined && uploads.length > 0 && Date.now() - lastEventAt > 200);
    const stalled = uploads.at(-1)!;
    expect(stalled.loaded).toBeLessThan(stalled.total!);
    resume!();
    const cutout = await promise;
    expect(cutout.width).toBe(800);
    const last = uploads.at(-1)!;
    expect(last.loaded).toBe(last.total);
    expect(received).toBe(last.total);
    expect(uploads.length).toBeGreaterThan(10);
  });

  it('downloads with progress from Content-Length', async () => {
    const server = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.byteLength });
      // Two writes so the client sees the body arrive in parts.
      res.write(png.subarray(0, 100));
      setTimeout(() => res.end(png.subarray(100)), 20);
    });
    const client = createCutoutClient({ endpoint: server.url });
    const downloads: CutoutProgress[] = [];
    await client.removeBackground(jpeg, {
      onProgress: (p) => p.phase === 'downloading' && downloads.push(p),
    });
    expect(downloads.length).toBeGreaterThanOrEqual(2);
    expect(downloads.every((d) => d.total === png.byteLength)).toBe(true);
    expect(downloads.some((d) => d.loaded! > 0 && d.loaded! < png.byteLength)).toBe(true);
    expect(downloads.at(-1)!.loaded).toBe(png.byteLength);
  });

  it('re-posts when the result URL has expired, and only re-downloads on a failed download', async () => {
    let gets = 0;
    const server = await serve(async (req, res) => {
      if (req.method === 'POST') {
        await readBody(req);
        sendJson(res, 200, { code: 0, message: 'ok', data: { image_url: '/r' } });
        return;
      }
      gets++;
      if (gets === 1) sendJson(res, 410, { code: 40400, message: 'gone' });
      else if (gets === 2) sendJson(res, 503, { code: 50000, message: 'busy' });
      else sendPng(res, png);
    });
    const client = createCutoutClient({
      endpoint: server.url,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const cutout = await client.removeBackground(jpeg);
    expect(cutout.attempts).toBe(3);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST', 'GET', 'GET']);
  });

  it('treats a non-PNG result as a transient bad response', async () => {
    const server = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end('<html>oops</html>');
    });
    const client = createCutoutClient({ endpoint: server.url, retry: false });
    await expect(client.removeBackground(jpeg)).rejects.toMatchObject({
      kind: 'transient',
      reason: 'bad-response',
    });
  });

  it('is created without touching the DOM and results carry the PNG size', async () => {
    const server = await serve(async (req, res) => {
      await readBody(req);
      sendPng(res, png);
    });
    const client = createCutoutClient({ endpoint: server.url, fetch: globalThis.fetch });
    const cutout = await client.removeBackground(new File([png], 'a.png'));
    expect(sniffImage(new Uint8Array(await cutout.blob.arrayBuffer()))).toMatchObject({
      format: 'png',
      width: cutout.width,
      height: cutout.height,
    });
  });
});
