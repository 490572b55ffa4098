import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { RequestInfo } from '../handlerOptions';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Adapts the fetch-style handler to node:http, Express and Connect. The bridge is
 * @hono/node-server's (streamed bodies both ways, the Request's signal aborted when the
 * client disconnects, unread bodies drained), with `overrideGlobalObjects: false` so the
 * process' own Request/Response stay untouched. The connection's address goes to the
 * handler for per-client rate limits.
 */
export function toNodeListener(
  handler: (req: Request, info?: RequestInfo) => Promise<Response>,
): NodeListener {
  const listener = getRequestListener(
    (req, env) => {
      const socket = (env as { incoming?: IncomingMessage }).incoming?.socket;
      const info: RequestInfo = {};
      if (socket?.remoteAddress) info.clientAddress = socket.remoteAddress;
      // The host allow-list's default is on for loopback connections (DNS rebinding).
      if (socket?.localAddress) info.localAddress = socket.localAddress;
      return handler(req, info);
    },
    { overrideGlobalObjects: false },
  );
  return listener as NodeListener;
}
