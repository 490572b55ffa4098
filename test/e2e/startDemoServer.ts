import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface DemoServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * One loopback origin serving a built Storybook and, under /v1 and /healthz, the real proxy:
 * the same shape as `npm start`, where Storybook's dev server forwards those paths, so the
 * page reads the result PNG's pixels same-origin. A static server this small is hand-written
 * to keep a dependency out of the root for one test.
 */
export async function startDemoServer(dir: string, api: Listener): Promise<DemoServer> {
  const root = normalize(dir);
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    if (pathname.startsWith('/v1/') || pathname === '/healthz') return api(req, res);
    void serveFile(root, pathname, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serveFile(root: string, pathname: string, res: ServerResponse) {
  const file = normalize(
    join(root, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)),
  );
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
    });
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }
}
