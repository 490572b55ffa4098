import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CodiaState } from '../contract/createCodiaState';

interface Reply {
  status: number;
  type: string;
  body: Uint8Array | string;
}

/** The fake's GET routes: result PNGs (its "CDN"), hosted fixtures, health. */
export function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  state: CodiaState,
  files: ReadonlyMap<string, { bytes: Uint8Array; contentType: string }>,
): void {
  const reply = route(req, path, state, files);
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { 'content-type': reply.type, 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function route(
  req: IncomingMessage,
  path: string,
  state: CodiaState,
  files: ReadonlyMap<string, { bytes: Uint8Array; contentType: string }>,
): Reply {
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'Method not allowed.');
  const result = /^\/results\/([A-Za-z0-9-]+)\.png$/.exec(path);
  if (result) {
    const found = state.results.get(result[1]!, state.now());
    // 410 for a URL that existed: the upstream's CDN links are short-lived by design.
    if (found.state === 'expired') return text(410, 'This result URL has expired.');
    if (found.state === 'unknown') return text(404, 'No such result.');
    if (req.method === 'GET') state.stats.resultsServed++;
    return { status: 200, type: 'image/png', body: found.result.bytes };
  }
  const file = /^\/files\/(\d+)$/.exec(path);
  if (file) {
    const hosted = files.get(file[1]!);
    if (!hosted) return text(404, 'No such file.');
    return { status: 200, type: hosted.contentType, body: hosted.bytes };
  }
  if (path === '/healthz') return text(200, 'ok');
  return text(404, 'Not found.');
}

function text(status: number, body: string): Reply {
  return { status, type: 'text/plain; charset=utf-8', body };
}
