import type { CutoutEngine } from '@cutout/core';
import {
  type CutoutHandlerOptions,
  codiaEngine,
  createCutoutHandler,
  type RequestLogEntry,
} from '@cutout/proxy';
import { type CutoutServer, startCutoutServer } from '@cutout/proxy/node';
import { type FakeCodia, type FakeCodiaOptions, startFakeCodia } from '@cutout/testing';

export { keyOutEngine } from '../../packages/proxy/src/testing/keyOutEngine';

export interface ProxyRig {
  fake: FakeCodia;
  proxy: CutoutServer;
  handler: ReturnType<typeof createCutoutHandler>;
  logs: RequestLogEntry[];
  close(): Promise<void>;
}

/** The fake upstream and the proxy in front of it, both real servers on loopback. */
export async function startRig(
  options: {
    fake?: FakeCodiaOptions;
    engine?: (fake: FakeCodia) => CutoutEngine;
    handler?: Partial<CutoutHandlerOptions>;
  } = {},
): Promise<ProxyRig> {
  const fake = await startFakeCodia(options.fake);
  const engine =
    options.engine?.(fake) ??
    codiaEngine({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      timeoutMs: 2_000,
    });
  const logs: RequestLogEntry[] = [];
  const handler = createCutoutHandler({
    engine,
    onLog: (entry) => logs.push(entry),
    ...options.handler,
  });
  const proxy = await startCutoutServer({ handler, port: 0 });
  return {
    fake,
    proxy,
    handler,
    logs,
    async close() {
      await proxy.close(5_000);
      await fake.close();
    },
  };
}
