import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTestImage } from '@cutout/testing';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { codiaEngine } from './codiaEngine';

/**
 * Issue 11 item 3 at the engine: the upload is never retried here (the client retries it),
 * the result download is. A real loopback upstream whose answers each test scripts.
 */
let server: Server;
let base: string;
let png: Buffer;
let jpeg: Uint8Array;
const seen = { posts: 0, gets: 0 };
let postStatus = 200;
let failGets = 0;

beforeAll(async () => {
  png = await makeTestImage({ width: 640, height: 480, format: 'png' });
  jpeg = new Uint8Array(await makeTestImage({ width: 640, height: 480 }));
  server = createServer((req, res) => {
    if (req.method === 'POST') {
      seen.posts++;
      req.resume();
      req.on('end', () => {
        const ok = postStatus === 200;
        res.writeHead(postStatus, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? { code: 0, message: 'ok', data: { image_url: `${base}/result.png` } }
              : { code: 50000, message: 'Busy.' },
          ),
        );
      });
      return;
    }
    seen.gets++;
    if (failGets-- > 0) {
      req.socket.destroy(); // a reset mid-download
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.byteLength });
    res.end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.posts = 0;
  seen.gets = 0;
  postStatus = 200;
  failGets = 0;
});

const engine = () =>
  codiaEngine({ apiKey: 'k', baseUrl: base, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
const image = () =>
  ({
    type: 'image',
    data: jpeg,
    format: 'jpeg',
    width: 640,
    height: 480,
    byteLength: jpeg.byteLength,
    filename: 'p.jpg',
  }) as const;
const signal = new AbortController().signal;

it('retries a failed result download without uploading again', async () => {
  failGets = 1;
  const result = await engine().removeBackground(image(), { signal });
  expect([result.width, result.height]).toEqual([640, 480]);
  expect(seen).toEqual({ posts: 1, gets: 2 });
});

it('gives up after its 2 download attempts: 1 upload + 2 downloads is the most per call', async () => {
  failGets = 5;
  await expect(engine().removeBackground(image(), { signal })).rejects.toMatchObject({
    retryable: true,
  });
  expect(seen).toEqual({ posts: 1, gets: 2 });
});

it('hands an upstream 5xx to the client at once: the upload is the client’s to retry', async () => {
  postStatus = 500;
  await expect(engine().removeBackground(image(), { signal })).rejects.toMatchObject({
    kind: 'transient',
    retryable: true,
  });
  expect(seen).toEqual({ posts: 1, gets: 0 });
});
