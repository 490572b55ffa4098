import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCutoutError } from './CutoutError';
import { createCutoutClient } from './createCutoutClient';
import {
  type LoopbackServer,
  makeImage,
  readBody,
  sendJson,
  sendPng,
  startLoopbackServer,
} from './testing/loopbackServer';
import type { CutoutProgress } from './types';

const KEY = 'sk-super-secret-123';
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

async function serve(handler: Parameters<typeof startLoopbackServer>[0]) {
  const server = await startLoopbackServer(handler);
  servers.push(server);
  return server;
}

function client(url: string, extra: Partial<Parameters<typeof createCutoutClient>[0]> = {}) {
  return createCutoutClient({
    endpoint: url,
    headers: { Authorization: `Bearer ${KEY}` },
    retry: false,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(isCutoutError(error)).toBe(true);
  // The key never shows up in what the caller gets.
  expect(JSON.stringify(error)).not.toContain(KEY);
  expect(String((error as Error).stack)).not.toContain(KEY);
  return error as import('./CutoutError').CutoutError;
}

describe('error mapping over HTTP (DESIGN table)', () => {
  const cases: Array<{
    name: string;
    status: number;
    body: unknown;
    headers?: Record<string, string>;
    expected: Record<string, unknown>;
  }> = [
    {
      name: '40001',
      status: 400,
      body: { code: 40001, message: 'x' },
      expected: { kind: 'input', reason: 'missing-url', code: 40001, retryable: false },
    },
    {
      name: '40002',
      status: 400,
      body: { code: 40002, message: 'x' },
      expected: { kind: 'input', reason: 'unsupported-format', code: 40002 },
    },
    {
      name: '40003',
      status: 413,
      body: { code: 40003, message: 'x' },
      expected: { kind: 'input', reason: 'too-large', status: 413 },
    },
    {
      name: '40001 with HTTP 200',
      status: 200,
      body: { code: 40001, message: 'x' },
      expected: { kind: 'input', status: 200 },
    },
    {
      name: 'other 4xx',
      status: 418,
      body: { code: 41800, message: 'x' },
      expected: { kind: 'input', reason: 'rejected' },
    },
    {
      name: '402',
      status: 402,
      body: { code: 40200, message: 'x' },
      expected: { kind: 'credits', retryable: false },
    },
    {
      name: '401',
      status: 401,
      body: { code: 40100, message: 'x' },
      expected: { kind: 'auth', reason: 'unauthorized' },
    },
    {
      name: '403',
      status: 403,
      body: 'Forbidden',
      expected: { kind: 'auth', reason: 'forbidden' },
    },
    {
      name: '429 + Retry-After',
      status: 429,
      body: { code: 42900, message: 'x' },
      headers: { 'Retry-After': '7' },
      expected: { kind: 'rate-limit', retryAfterMs: 7000, retryable: true },
    },
    {
      name: '42900 on HTTP 200',
      status: 200,
      body: { code: 42900, message: 'x' },
      expected: { kind: 'rate-limit' },
    },
    {
      name: '50000',
      status: 500,
      body: { code: 50000, message: 'x' },
      expected: { kind: 'transient', code: 50000, retryable: true },
    },
    {
      name: 'HTML 502',
      status: 502,
      body: '<html>Bad gateway</html>',
      expected: { kind: 'transient', status: 502 },
    },
    {
      name: 'bad JSON on 200',
      status: 200,
      body: '{"code":0,',
      expected: { kind: 'transient', reason: 'bad-response' },
    },
    {
      name: 'success without a URL',
      status: 200,
      body: { code: 0, message: 'ok', data: {} },
      expected: { kind: 'transient', reason: 'bad-response' },
    },
  ];

  it.each(cases)('$name', async ({ status, body, headers, expected }) => {
    const server = await serve(async (req, res) => {
      await readBody(req);
      if (typeof body === 'string') {
        res.writeHead(status, { 'Content-Type': 'text/html', ...headers });
        res.end(body);
      } else {
        sendJson(res, status, body, headers);
      }
    });
    const error = await failure(client(server.url).removeBackground(jpeg));
    expect(error).toMatchObject(expected);
  });

  it('402 answered before the upload is read is still `credits`', async () => {
    const server = await serve((_req, res) => {
      // Like the upstream: answer at once, never read the multipart body.
      sendJson(res, 402, { code: 40200, message: 'no credits' }, { Connection: 'close' });
    });
    const big = await makeImage('png', 2000, 2000);
    const error = await failure(client(server.url).removeBackground(big));
    expect(error.kind).toBe('credits');
  });

  it('a reset connection is `network`', async () => {
    const server = await serve((req) => {
      req.socket.destroy();
    });
    const error = await failure(client(server.url).removeBackground(jpeg));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
  });

  it('a refused connection is `network`', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const error = await failure(client(`http://127.0.0.1:${port}`).removeBackground(jpeg));
    expect(error.kind).toBe('network');
  });

  it('a server that stops answering is `timeout` after the stall limit', async () => {
    const server = await serve(async (req) => {
      await readBody(req); // and never answer
    });
    const error = await failure(client(server.url, { stallTimeoutMs: 150 }).removeBackground(jpeg));
    expect(error).toMatchObject({ kind: 'timeout', reason: 'stalled', retryable: true });
  });

  it('a download that stalls midway is `timeout`', async () => {
    const server = await serve(async (req, res) => {
      await readBody(req);
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.byteLength });
      res.write(png.subarray(0, 50)); // and never the rest
    });
    const error = await failure(client(server.url, { stallTimeoutMs: 150 }).removeBackground(jpeg));
    expect(error.kind).toBe('timeout');
  });

  it('unsupported formats fail preflight before any byte is sent', async () => {
    const server = await serve((_req, res) => sendPng(res, png));
    const gif = await makeImage('gif', 800, 600);
    const error = await failure(client(server.url).removeBackground(gif));
    expect(error).toMatchObject({ kind: 'preflight', reason: 'unsupported-format' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries over HTTP', () => {
  it('recovers from 50000 and 429 with retrying events, then succeeds', async () => {
    const server = await serve(async (req, res, index) => {
      await readBody(req);
      if (index === 0) sendJson(res, 500, { code: 50000, message: 'x' });
      else if (index === 1)
        sendJson(res, 429, { code: 42900, message: 'x' }, { 'Retry-After': '0.01' });
      else sendPng(res, png);
    });
    const events: CutoutProgress[] = [];
    const cutout = await client(server.url, {
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    }).removeBackground(jpeg, { onProgress: (p) => events.push(p) });
    expect(cutout.attempts).toBe(3);
    const retries = events.filter((e) => e.phase === 'retrying');
    expect(retries.map((r) => [r.attempt, r.error?.kind])).toEqual([
      [1, 'transient'],
      [2, 'rate-limit'],
    ]);
    expect(retries[1]!.retryInMs).toBe(10);
    // Each attempt uploads from zero again and ends at 100%.
    for (const attempt of [1, 2, 3]) {
      const ups = events.filter((e) => e.phase === 'uploading' && e.attempt === attempt);
      expect(ups[0]!.loaded).toBe(0);
      expect(ups.at(-1)!.loaded).toBe(ups.at(-1)!.total);
    }
  });

  it('gives up after maxAttempts with the last error', async () => {
    const server = await serve(async (req, res) => {
      await readBody(req);
      sendJson(res, 503, { code: 50000, message: 'x' });
    });
    const error = await failure(
      client(server.url, {
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      }).removeBackground(jpeg),
    );
    expect(error.kind).toBe('transient');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry input errors', async () => {
    const server = await serve(async (req, res) => {
      await readBody(req);
      sendJson(res, 400, { code: 40002, message: 'x' });
    });
    await failure(client(server.url, { retry: { baseDelayMs: 1 } }).removeBackground(jpeg));
    expect(server.requests).toHaveLength(1);
  });
});
