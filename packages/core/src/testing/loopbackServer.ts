import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/**
 * Test helpers for core's own tests (not exported by the package): a real HTTP server on
 * 127.0.0.1 whose answers each test scripts, and real encoded images made with sharp.
 */
export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => unknown;

export interface LoopbackServer {
  url: string;
  requests: Recorded[];
  /** Requests whose connection closed before the server answered completely. */
  closedEarly: number;
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  let current = handler;
  const requests: Recorded[] = [];
  const state = { closedEarly: 0 };
  const server = createServer((req, res) => {
    const index = requests.length;
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.on('close', () => {
      if (!res.writableFinished) state.closedEarly++;
    });
    Promise.resolve(current(req, res, index)).catch((error: unknown) => {
      res.destroy(error as Error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get closedEarly() {
      return state.closedEarly;
    },
    setHandler(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendPng(res: ServerResponse, png: Uint8Array): void {
  res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.byteLength });
  res.end(png);
}

export async function makeImage(
  format: 'jpeg' | 'png' | 'webp' | 'gif',
  width: number,
  height: number,
  alpha = false,
): Promise<Uint8Array<ArrayBuffer>> {
  const channels = alpha ? 4 : 3;
  const background = alpha ? { r: 10, g: 120, b: 200, alpha: 0.5 } : { r: 10, g: 120, b: 200 };
  const buffer = await sharp({ create: { width, height, channels, background } })
    .toFormat(format)
    .toBuffer();
  return new Uint8Array(buffer);
}

/** Resolves when `check` holds, polling on real time; bounded so a broken test fails, not hangs. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
