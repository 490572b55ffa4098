import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CutoutHandler } from '../createCutoutHandler';
import { toNodeListener } from './toNodeListener';

export interface CutoutServerOptions {
  handler: CutoutHandler;
  /** Default 8787; 0 for a free port. */
  port?: number;
  /** Default '127.0.0.1'. Use '0.0.0.0' (or '::') to serve other machines. */
  host?: string;
}

export interface CutoutServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /**
   * Graceful shutdown: stops accepting connections, lets requests in flight finish (up to
   * `timeoutMs`, default 30 s), then closes what is left.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** A node:http server around the handler, with a graceful close. */
export async function startCutoutServer(options: CutoutServerOptions): Promise<CutoutServer> {
  const server = createServer(toNodeListener(options.handler));
  // Slow or half-open clients must not pin sockets forever; the handler has its own
  // upload timeouts, these are the socket-level backstops.
  server.headersTimeout = 30_000;
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (_error, socket) => {
    // Bytes after an answer we closed early (the rest of a refused upload) are no request:
    // drop them. A malformed first request gets a plain 400.
    if (socket.writable && (socket as { bytesWritten?: number }).bytesWritten === 0) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    } else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    server,
    close(timeoutMs = 30_000) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Idle keep-alive sockets would hold close() open; busy ones finish first.
        server.closeIdleConnections();
        await options.handler.close(timeoutMs);
        // Give the answers just produced a moment to flush before cutting what remains.
        await new Promise((r) => setTimeout(r, 50));
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
