import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContractAnswer } from '../contract/contractAnswer';

export function sendAnswer(res: ServerResponse, answer: ContractAnswer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': Buffer.byteLength(answer.body),
    'cache-control': 'no-store',
  });
  res.end(answer.body);
}

/**
 * Answers without reading (the rest of) the request body, the way the upstream answers 402:
 * the client's upload must stop, not be swallowed. With `Connection: close` Node half-closes
 * right after the answer and then drops the connection instead of draining the unread body
 * for keep-alive, so the client gets the answer and its upload stalls on TCP flow control
 * (measured: a 20 MB streamed upload stops after the socket buffers, ~4 MB, while the
 * server reads ~0.2 MB).
 */
export function refuseUnread(
  req: IncomingMessage,
  res: ServerResponse,
  answer: ContractAnswer,
): void {
  if (res.headersSent || res.destroyed) return;
  req.unpipe();
  res.shouldKeepAlive = false;
  res.setHeader('connection', 'close');
  sendAnswer(res, answer);
}
