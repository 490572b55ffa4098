import { request } from 'node:http';
import { createCutoutHandler } from '@cutout/proxy';
import { makeTestImage } from '@cutout/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { keyOutEngine, type ProxyRig, startRig } from './proxy.harness';

/**
 * Host allow-list (DNS rebinding, issue 14 item 4) and same-origin by the Host the browser
 * sent (issue 15 item 2), over a real proxy on 127.0.0.1 and through a route-handler-style
 * Request whose URL names another host than its Host header (what Next.js hands over).
 */
let jpeg: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  jpeg = new Uint8Array(await makeTestImage({ width: 640, height: 480, format: 'jpeg' }));
});

/** A raw request with the Host and Origin a browser would send (fetch would not let us). */
function send(
  url: string,
  options: { method?: string; path: string; host: string; origin?: string; body?: Uint8Array },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const target = new URL(url);
  const boundary = 'hostsboundary';
  const payload = options.body
    ? Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        Buffer.from(options.body),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ])
    : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: options.path,
        method: options.method ?? 'POST',
        headers: {
          host: options.host,
          ...(options.origin ? { origin: options.origin } : {}),
          ...(payload
            ? {
                'content-type': `multipart/form-data; boundary=${boundary}`,
                'content-length': payload.byteLength,
              }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = { raw: text.length };
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('DNS rebinding: the proxy on 127.0.0.1 answers only to names it knows', () => {
  let rig: ProxyRig;
  let port: string;
  beforeAll(async () => {
    rig = await startRig();
    port = new URL(rig.proxy.url).port;
  });
  afterAll(() => rig.close());

  test('a rebound name (Host and Origin evil.example) is refused with 403 before any work, on every route', async () => {
    const evil = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    const post = await send(rig.proxy.url, { ...evil, path: '/v1/open/remove_bg', body: jpeg });
    expect(post).toMatchObject({ status: 403, body: { code: 40300, reason: 'host-not-allowed' } });
    for (const [method, path] of [
      ['GET', '/healthz'],
      ['GET', '/v1/results/abc'],
      ['OPTIONS', '/v1/open/remove_bg'],
    ] as const) {
      expect((await send(rig.proxy.url, { ...evil, method, path })).status).toBe(403);
    }
    expect(rig.fake.stats.requests).toBe(0);
    expect(rig.logs.at(-1)).toMatchObject({ status: 403, error: { reason: 'host-not-allowed' } });
  });

  test('loopback names and the listening address still work, same-origin', async () => {
    for (const name of ['localhost', '127.0.0.1']) {
      const host = `${name}:${port}`;
      const res = await send(rig.proxy.url, {
        host,
        origin: `http://${host}`,
        path: '/v1/open/remove_bg',
        body: jpeg,
      });
      expect(res.status).toBe(200);
      const imageUrl = (res.body.data as { image_url: string }).image_url;
      expect(imageUrl.startsWith(`http://${host}/v1/results/`)).toBe(true);
    }
  });

  test('allowedHosts lets a configured name in (and still refuses the rest)', async () => {
    const listed = await startRig({ handler: { allowedHosts: ['shop.example'] } });
    try {
      const p = new URL(listed.proxy.url).port;
      const ok = await send(listed.proxy.url, {
        host: `shop.example:${p}`,
        origin: `http://shop.example:${p}`,
        path: '/v1/open/remove_bg',
        body: jpeg,
      });
      expect(ok.status).toBe(200);
      const refused = await send(listed.proxy.url, {
        host: `evil.example:${p}`,
        path: '/healthz',
        method: 'GET',
      });
      expect(refused.status).toBe(403);
    } finally {
      await listed.close();
    }
  });
});

describe('route handlers: req.url and Host differ (next start -H 127.0.0.1)', () => {
  const nextRequest = (host: string, origin: string) => {
    const form = new FormData();
    form.set('image', new Blob([jpeg], { type: 'image/jpeg' }), 'a.jpg');
    // Next builds req.url from its own idea of the host; the browser's Host is the header.
    return new Request('http://localhost:3000/api/cutout/v1/open/remove_bg', {
      method: 'POST',
      body: form,
      headers: { host, origin },
    });
  };

  test('a same-origin upload from http://127.0.0.1:3000 is accepted, its result URL on that origin', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine() });
    const res = await handler(nextRequest('127.0.0.1:3000', 'http://127.0.0.1:3000'));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await res.json()) as { data: { image_url: string } };
    expect(body.data.image_url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/api\/cutout\/v1\/results\//);
  });

  test('another origin is still cross-origin and refused; allowedHosts guards the route handler', async () => {
    const handler = createCutoutHandler({ engine: keyOutEngine(), allowedHosts: ['shop.example'] });
    const cross = await handler(nextRequest('127.0.0.1:3000', 'http://other.example'));
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { reason: string }).reason).toBe('origin-not-allowed');
    const rebound = await handler(nextRequest('evil.example:3000', 'http://evil.example:3000'));
    expect(rebound.status).toBe(403);
    expect(((await rebound.json()) as { reason: string }).reason).toBe('host-not-allowed');
    const listed = await handler(nextRequest('shop.example', 'https://shop.example'));
    expect(listed.status).toBe(200);
  });
});
