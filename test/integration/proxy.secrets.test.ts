import { inspect } from 'node:util';
import { createCutoutClient, isCutoutError } from '@cutout/core';
import { codiaEngine } from '@cutout/proxy';
import { FAULT_KINDS, makeTestImage } from '@cutout/testing';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { type ProxyRig, startRig } from './proxy.harness';

/** Recognisable, so any leak anywhere is found by a plain substring search. */
const KEY = 'sk-cutout-LEAK-5f1e0c9d2b7a4e31';

let rig: ProxyRig;
let jpeg: Uint8Array<ArrayBuffer>;
const captured: string[] = [];
const capture = (...parts: unknown[]) => {
  for (const p of parts) captured.push(typeof p === 'string' ? p : inspect(p, { depth: 10 }));
};

beforeAll(async () => {
  jpeg = new Uint8Array(await makeTestImage({ width: 600, height: 450 }));
  rig = await startRig({
    fake: { apiKey: KEY, retryAfterS: 0.01 },
    engine: (fake) =>
      codiaEngine({
        apiKey: KEY,
        baseUrl: fake.url,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        timeoutMs: 300,
      }),
  });
  // Everything the process prints while the proxy works is captured too.
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => capture(...args));
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rig.close();
});

async function drive(init: () => Request | [string, RequestInit]) {
  const made = init();
  const res = Array.isArray(made) ? await fetch(...made) : await fetch(made);
  capture(
    String(res.status),
    [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n'),
    await res.text(),
  );
}

describe('the API key never leaves the proxy', () => {
  test('every upstream failure kind, in every request mode: no body, header, log line or error holds the key', async () => {
    const client = createCutoutClient({ endpoint: rig.proxy.url, fetch, retry: false });
    const kinds = [...FAULT_KINDS, 'success' as const];
    for (const kind of kinds) {
      rig.fake.reset();
      rig.fake.setScenario(kind);
      const form = () => {
        const f = new FormData();
        f.set('image', new Blob([jpeg], { type: 'image/jpeg' }), 'a.jpg');
        return f;
      };
      const url = `${rig.proxy.url}/v1/open/remove_bg`;
      await drive(() => [url, { method: 'POST', body: form() }]);
      await drive(() => [url, { method: 'POST', body: form(), headers: { accept: 'image/png' } }]);
      await drive(() => [
        url,
        {
          method: 'POST',
          body: JSON.stringify({ image_url: rig.fake.hostFile(jpeg, 'image/jpeg') }),
          headers: { 'content-type': 'application/json' },
        },
      ]);
      for (const input of [jpeg, rig.fake.hostFile(jpeg, 'image/jpeg')]) {
        try {
          capture(await client.removeBackground(input));
        } catch (error) {
          capture(
            error,
            isCutoutError(error) ? JSON.stringify(error.toJSON()) : '',
            (error as Error).stack,
          );
        }
      }
    }
    // The engine's own errors, cause chains included, seen the way a logger would print them.
    const engine = codiaEngine({
      apiKey: KEY,
      baseUrl: rig.fake.url,
      retry: false,
      timeoutMs: 300,
    });
    for (const kind of FAULT_KINDS) {
      rig.fake.reset();
      rig.fake.setScenario(kind);
      try {
        await engine.removeBackground(
          { type: 'image', data: jpeg, format: 'jpeg' },
          { signal: new AbortController().signal },
        );
      } catch (error) {
        capture(error, (error as Error).stack, inspect((error as Error).cause, { depth: 10 }));
      }
    }
    capture(...rig.logs.map((l) => JSON.stringify(l)));

    expect(rig.logs.length).toBeGreaterThan(FAULT_KINDS.length * 3);
    expect(captured.length).toBeGreaterThan(100);
    const leaks = captured.filter((text) => text.includes(KEY));
    expect(leaks).toEqual([]);
    // The key did reach the upstream (so the test exercised it): every success used it.
    expect(rig.fake.requests.length).toBeGreaterThan(0);
  });

  test('a wrong key answered 401 by the upstream is reported without the key', async () => {
    rig.fake.reset();
    const engine = codiaEngine({ apiKey: `${KEY}-wrong`, baseUrl: rig.fake.url, retry: false });
    const error = await engine
      .removeBackground(
        { type: 'image', data: jpeg, format: 'jpeg' },
        { signal: new AbortController().signal },
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', reason: 'upstream-auth', status: 502 });
    expect(inspect(error, { depth: 10 })).not.toContain(KEY);
  });
});
