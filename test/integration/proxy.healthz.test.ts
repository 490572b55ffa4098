import type { EngineCheck } from '@cutout/core';
import { codiaEngine } from '@cutout/proxy';
import { makeTestImage } from '@cutout/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { type ProxyRig, startRig } from './proxy.harness';

// Issue 14 item 8: `/healthz` said ready while the upstream was unreachable. `?deep=1` asks
// the upstream a free question (a JSON call with an empty image_url: key and credits are
// checked before the input, and only successful calls are billed).
let rig: ProxyRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const health = async (r: ProxyRig, query = '?deep=1') => {
  const res = await fetch(`${r.proxy.url}/healthz${query}`);
  const body = (await res.json()) as {
    message: string;
    data: { engine: string; ready: boolean; check: EngineCheck & { lastError?: { at: string } } };
  };
  return { status: res.status, body };
};

describe('/healthz?deep=1 with the Codia engine (real fake upstream)', () => {
  test('an upstream that answers: 200 upstream-ok, and no credit spent', async () => {
    rig = await startRig({ fake: { credits: 5 } });
    const { status, body } = await health(rig);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      engine: 'codia',
      ready: true,
      check: { ok: true, reason: 'upstream-ok' },
    });
    expect(body.data.check.ms).toBeGreaterThanOrEqual(0);
    expect(rig.fake.credits).toBe(5);
    expect(rig.fake.stats.requests).toBe(1);
  });

  test('an unreachable upstream: 503 upstream-unreachable, while the plain check stays 200', async () => {
    rig = await startRig();
    await rig.fake.close();
    expect((await health(rig, '')).status).toBe(200); // plain: the process is up
    const { status, body } = await health(rig);
    expect(status).toBe(503);
    expect(body.data).toMatchObject({
      ready: false,
      check: { ok: false, reason: 'upstream-unreachable' },
    });
    expect(body.message).toMatch(/did not answer/);
  });

  test('a refused server key and an empty account are told apart', async () => {
    rig = await startRig({
      engine: (fake) => codiaEngine({ apiKey: 'sk-wrong-LEAK-1234', baseUrl: fake.url }),
    });
    const auth = await health(rig);
    expect(auth.status).toBe(503);
    expect(auth.body.data.check).toMatchObject({ ok: false, reason: 'upstream-auth' });
    expect(JSON.stringify(auth.body)).not.toContain('LEAK');
    await rig.close();

    rig = await startRig({ fake: { credits: 0 } });
    const credits = await health(rig);
    expect(credits.status).toBe(503);
    expect(credits.body.data.check).toMatchObject({ ok: false, reason: 'upstream-credits' });
  });

  test('a stalled upstream ends the check in its time limit, not the route', async () => {
    rig = await startRig();
    rig.fake.setScenario('stall');
    const started = performance.now();
    const { status, body } = await health(rig);
    expect(status).toBe(503);
    expect(body.data.check.reason).toBe('upstream-unreachable');
    expect(performance.now() - started).toBeLessThan(9_000);
  }, 15_000);

  test('checks asked at once share one upstream question', async () => {
    rig = await startRig();
    const answers = await Promise.all(Array.from({ length: 8 }, () => health(rig!)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(rig.fake.stats.requests).toBe(1);
  });

  test("reports the engine's last upstream failure until a call succeeds again", async () => {
    rig = await startRig({
      engine: (fake) => codiaEngine({ apiKey: fake.apiKey, baseUrl: fake.url, retry: false }),
    });
    const jpeg = new Uint8Array(await makeTestImage({ width: 500, height: 400 }));
    const post = () => {
      const form = new FormData();
      form.set('image', new Blob([jpeg], { type: 'image/jpeg' }), 'a.jpg');
      return fetch(`${rig!.proxy.url}/v1/open/remove_bg`, { method: 'POST', body: form });
    };
    rig.fake.script('transient');
    expect((await post()).status).toBe(500);
    const after = await health(rig);
    // The upstream answers again: ready, with what went wrong last.
    expect(after.status).toBe(200);
    expect(after.body.data.check.lastError).toMatchObject({ kind: 'transient', status: 500 });
    expect(Date.parse(after.body.data.check.lastError?.at ?? '')).toBeGreaterThan(0);

    expect((await post()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100)); // past the 1 s reuse of a check
    expect((await health(rig)).body.data.check.lastError).toBeUndefined();
  });
});
