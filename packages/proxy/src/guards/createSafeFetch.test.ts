import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCutoutError } from '@cutout/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSafeFetch } from './createSafeFetch';

let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/image') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(100, 1));
    } else if (url.pathname === '/big') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(Buffer.alloc(1000));
      res.end(Buffer.alloc(1000));
    } else if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/image' }).end();
    } else if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (url.pathname === '/slow') {
      // Never answers: the time cap must end it.
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const signal = () => new AbortController().signal;

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!isCutoutError(error)) throw error;
    return { kind: error.kind, code: error.code, reason: error.reason, message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('createSafeFetch (SSRF guard)', () => {
  test('downloads from an allowed host', async () => {
    const fetchImage = createSafeFetch({ allowLoopback: true });
    expect((await fetchImage(`${base}/image`, signal())).byteLength).toBe(100);
  });

  test.each([
    'http://127.0.0.1/',
    'http://localhost./',
    'http://0x7f.1/',
    'http://2130706433/',
    'http://017700000001/',
    'http://127.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]/',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://100.64.0.1/',
    'http://[fd00:ec2::254]/',
    'http://0.0.0.0/',
    'http://224.0.0.1/',
  ])('refuses %s without connecting', async (url) => {
    const before = hits;
    const fetchImage = createSafeFetch({
      // localhost resolves through this resolver; every answer is checked.
      resolve: async (host) => (host === 'localhost' ? [{ address: '127.0.0.1', family: 4 }] : []),
    });
    const r = await refusal(fetchImage(url, signal()));
    expect(r).toMatchObject({ kind: 'input', code: 40001 });
    expect(r.reason).toBe('blocked-url');
    expect(hits).toBe(before);
  });

  test.each([
    'file:///etc/passwd',
    'gopher://127.0.0.1:6379/_INFO',
    'ftp://example.com/a.png',
    'data:image/png;base64,AAAA',
  ])('refuses the scheme of %s', async (url) => {
    const r = await refusal(createSafeFetch()(url, signal()));
    expect(r.reason).toBe('blocked-url');
    expect(r.message).toMatch(/Only http and https/);
  });

  test('one private address among the DNS answers blocks the host (mixed answers)', async () => {
    const fetchImage = createSafeFetch({
      resolve: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
    });
    expect((await refusal(fetchImage('http://images.example/a.png', signal()))).reason).toBe(
      'blocked-url',
    );
  });

  test('a host resolving to IPv4-mapped loopback is blocked', async () => {
    const fetchImage = createSafeFetch({
      resolve: async () => [{ address: '::ffff:127.0.0.1', family: 6 }],
    });
    expect((await refusal(fetchImage('http://rebind.example/', signal()))).reason).toBe(
      'blocked-url',
    );
  });

  test('a redirect to a private address is re-checked and refused', async () => {
    const fetchImage = createSafeFetch({ allowLoopback: true });
    const r = await refusal(
      fetchImage(
        `${base}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/')}`,
        signal(),
      ),
    );
    expect(r.reason).toBe('blocked-url');
    const scheme = await refusal(
      fetchImage(`${base}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`, signal()),
    );
    expect(scheme.reason).toBe('blocked-url');
  });

  test('redirects are followed up to the cap', async () => {
    const fetchImage = createSafeFetch({ allowLoopback: true, maxRedirects: 3 });
    expect((await fetchImage(`${base}/redirect?to=/image`, signal())).byteLength).toBe(100);
    const r = await refusal(fetchImage(`${base}/loop`, signal()));
    expect(r.message).toMatch(/Too many redirects/);
  });

  test('the size cap holds with and without Content-Length', async () => {
    const fetchImage = createSafeFetch({ allowLoopback: true, maxBytes: 50 });
    expect(await refusal(fetchImage(`${base}/image`, signal()))).toMatchObject({ code: 40003 });
    const chunked = createSafeFetch({ allowLoopback: true, maxBytes: 1500 });
    expect(await refusal(chunked(`${base}/big`, signal()))).toMatchObject({ code: 40003 });
  });

  test('the time cap ends a server that never answers', async () => {
    const fetchImage = createSafeFetch({ allowLoopback: true, timeoutMs: 200 });
    const r = await refusal(fetchImage(`${base}/slow`, signal()));
    expect(r.message).toMatch(/took over 200 ms/);
  });

  test('URLs with credentials are refused', async () => {
    const r = await refusal(createSafeFetch()('http://user:pw@example.com/a.png', signal()));
    expect(r.message).toMatch(/credentials/);
  });
});
