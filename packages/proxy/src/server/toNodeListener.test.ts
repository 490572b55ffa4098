import { request } from 'node:http';
import { makeTestImage } from '@cutout/testing';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createCutoutHandler } from '../createCutoutHandler';
import { keyOutEngine } from '../testing/keyOutEngine';
import { type CutoutServer, startCutoutServer } from './startCutoutServer';

let jpeg: Uint8Array;
let server: CutoutServer | undefined;
beforeAll(async () => {
  jpeg = new Uint8Array(await makeTestImage({ width: 500, height: 400 }));
});
afterEach(async () => {
  await server?.close(1000);
  server = undefined;
});

function multipartHead(): { head: Buffer; tail: Buffer; type: string } {
  const b = 'nodeboundary';
  return {
    head: Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    tail: Buffer.from(`\r\n--${b}--\r\n`),
    type: `multipart/form-data; boundary=${b}`,
  };
}

describe('toNodeListener over real HTTP', () => {
  test('a client that disconnects aborts the engine through the request signal', async () => {
    let engineSignal: AbortSignal | undefined;
    let started!: () => void;
    const engineStarted = new Promise<void>((r) => {
      started = r;
    });
    const handler = createCutoutHandler({
      engine: {
        name: 'hang',
        removeBackground(_input, { signal }) {
          engineSignal = signal;
          started();
          return new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          });
        },
      },
    });
    server = await startCutoutServer({ handler, port: 0 });
    const form = new FormData();
    form.set('image', new Blob([jpeg as Uint8Array<ArrayBuffer>]), 'a.jpg');
    const controller = new AbortController();
    const pending = fetch(`${server.url}/v1/open/remove_bg`, {
      method: 'POST',
      body: form,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await engineStarted;
    controller.abort();
    await pending;
    await expect.poll(() => engineSignal?.aborted).toBe(true);
    await expect.poll(() => handler.inFlight).toBe(0);
  });

  test('a chunked upload with no Content-Length is refused at the limit while it streams', async () => {
    server = await startCutoutServer({
      handler: createCutoutHandler({ engine: keyOutEngine(), limits: { maxBytes: 1024 * 1024 } }),
      port: 0,
    });
    const { head, type } = multipartHead();
    const url = new URL(server.url);
    let written = 0;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/v1/open/remove_bg',
          method: 'POST',
          headers: { 'content-type': type },
        },
        (res) => {
          answered = true;
          let body = '';
          res.on('data', (d: Buffer) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(head);
      req.write(jpeg);
      const chunk = Buffer.alloc(64 * 1024);
      // Keeps sending (up to 64 MB) until the server answers: the limit must stop it.
      let answered = false;
      const pump = () => {
        while (written < 64 * 1024 * 1024 && !answered) {
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      req.on('response', () => {
        answered = true;
      });
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 40003 });
    expect(written).toBeLessThan(32 * 1024 * 1024);
    // The server is still up.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test('graceful close lets the request in flight finish', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const engine = keyOutEngine();
    const handler = createCutoutHandler({
      engine: {
        ...engine,
        async removeBackground(input, options) {
          await gate;
          return engine.removeBackground(input, options);
        },
      },
    });
    server = await startCutoutServer({ handler, port: 0 });
    const form = new FormData();
    form.set('image', new Blob([jpeg as Uint8Array<ArrayBuffer>]), 'a.jpg');
    const pending = fetch(`${server.url}/v1/open/remove_bg`, {
      method: 'POST',
      body: form,
      headers: { accept: 'image/png' },
    });
    await expect.poll(() => handler.inFlight).toBe(1);
    const closing = server.close(5000);
    release();
    const res = await pending;
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    await closing;
    server = undefined;
  });
});
