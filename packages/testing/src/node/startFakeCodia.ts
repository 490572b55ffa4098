import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AnswerOptions } from '../contract/contractAnswer';
import {
  type CodiaStateOptions,
  createCodiaState,
  type FakeCodiaRequest,
  type FakeCodiaStats,
  type Scenario,
} from '../contract/createCodiaState';
import type { FaultKind } from '../contract/faultKinds';
import { handleRemoveBg } from './handleRemoveBg';
import { serveStatic } from './serveStatic';

export interface FakeCodiaOptions extends CodiaStateOptions, AnswerOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Loopback only by default; default '127.0.0.1'. */
  host?: string;
  /** The key the fake accepts as `Authorization: Bearer <key>`. Default 'test-key'. */
  apiKey?: string;
  /** Processing time of each call, after its upload is read. Default 0. */
  latencyMs?: number;
  /** Image size limit (upload or downloaded `image_url`) → 40003. Default 25 MB. */
  maxBytes?: number;
  /** How long the fake waits for an `image_url` download. Default 5000 ms. */
  imageUrlTimeoutMs?: number;
  /** Pace of the 'slow-drip' fault: 8 bytes every this many ms. Default 50. */
  dripIntervalMs?: number;
  /**
   * Cut out a copy of each image shrunk to at most this many pixels, so the result is
   * smaller than the input. For load tests on one machine: the real service's work runs on
   * its machines, the fake's would take the CPU from the process under test and stretch
   * every call far beyond `latencyMs`. Default: none (full resolution, as the contract says).
   */
  workMaxPixels?: number;
}

export interface FakeCodia {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `url + '/v1/open/remove_bg'` */
  readonly endpoint: string;
  readonly apiKey: string;
  /** Live counters. */
  readonly stats: FakeCodiaStats;
  /** Every call so far (live, oldest first). */
  readonly requests: readonly FakeCodiaRequest[];
  /** Credits left. */
  readonly credits: number;
  /** The next calls fail with these kinds, in this order; then calls behave normally again. */
  script(...kinds: FaultKind[]): void;
  setCredits(credits: number): void;
  /** What every call does from now on (after any script): 'success' or a fault kind. */
  setScenario(scenario: Scenario): void;
  /** The processing time of calls that reach it from now on (see `latencyMs`). */
  setLatency(ms: number): void;
  /**
   * Serves bytes at a URL of the fake (`/files/<id>`), for JSON-mode calls
   * (`{ image_url }`), which the fake downloads itself.
   */
  hostFile(bytes: Uint8Array, contentType?: string): string;
  /** Back to the start options: credits, script, rate limit, results, counters. */
  reset(): void;
  /** Stops the server, ending stalled and in-flight calls at once. */
  close(): Promise<void>;
}

export const DEFAULT_API_KEY = 'test-key';
export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/**
 * Starts a real HTTP server on loopback that honours the Codia Remove BG contract
 * (shared/UPSTREAM-API.md): both request modes, every error code, 402 before the upload is
 * read, `Retry-After`, expiring result URLs served by the fake itself, and injected faults.
 */
export async function startFakeCodia(options: FakeCodiaOptions = {}): Promise<FakeCodia> {
  const state = createCodiaState(options);
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const closing = new AbortController();
  // One listener per call in flight (removed when it ends): hundreds at once under load are
  // expected, not a leak, so no MaxListenersExceededWarning.
  setMaxListeners(0, closing.signal);
  const files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const sockets = new Set<Socket>();
  let base = '';

  const ctx = {
    state,
    apiKey,
    latencyMs: options.latencyMs ?? 0,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    imageUrlTimeoutMs: options.imageUrlTimeoutMs ?? 5_000,
    dripIntervalMs: options.dripIntervalMs ?? 50,
    workMaxPixels: options.workMaxPixels,
    answerOptions: {
      errorsAsHttp200: options.errorsAsHttp200 ?? false,
      retryAfterS: options.retryAfterS,
    },
    closing: closing.signal,
    resultUrl: (id: string) => `${base}/results/${id}.png`,
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST' && path === '/v1/open/remove_bg') {
      void handleRemoveBg(req, res, ctx);
      return;
    }
    serveStatic(req, res, path, state, files);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A dropped client must never take the fake down.
  server.on('clientError', (_error, socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let fileSeq = 0;
  let closed: Promise<void> | undefined;

  return {
    url: base,
    endpoint: `${base}/v1/open/remove_bg`,
    apiKey,
    stats: state.stats,
    requests: state.requests,
    get credits() {
      return state.credits;
    },
    script: (...kinds) => state.script(...kinds),
    setCredits: (n) => state.setCredits(n),
    setScenario: (s) => state.setScenario(s),
    setLatency(ms) {
      ctx.latencyMs = Math.max(0, ms);
    },
    hostFile(bytes, contentType = 'application/octet-stream') {
      const id = `${++fileSeq}`;
      files.set(id, { bytes, contentType });
      return `${base}/files/${id}`;
    },
    reset: () => state.reset(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        // Stalled calls and keep-alive connections would hold close() open for minutes.
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
