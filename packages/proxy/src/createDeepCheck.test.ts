import type { CutoutEngine, EngineCheck } from '@cutout/core';
import { describe, expect, test } from 'vitest';
import { createDeepCheck } from './createDeepCheck';

// Engines of users' own: one whose check ignores its signal, one whose check throws.
function engineWith(check: (signal: AbortSignal) => Promise<EngineCheck>): CutoutEngine & {
  calls: number;
} {
  const engine = {
    name: 'own',
    calls: 0,
    removeBackground: () => Promise.reject(new Error('not used')),
    check: (signal: AbortSignal) => {
      engine.calls++;
      return check(signal);
    },
  };
  return engine;
}

describe('createDeepCheck', () => {
  test('an engine without check() gives no check', async () => {
    const deep = createDeepCheck({ name: 'plain', removeBackground: () => Promise.reject() });
    expect(await deep()).toBeUndefined();
  });

  test('a check that ignores its signal is cut off: check-timeout, not a hung /healthz', async () => {
    const engine = engineWith(() => new Promise<never>(() => {}));
    const started = performance.now();
    const result = await createDeepCheck(engine, { timeoutMs: 50 })();
    expect(result).toMatchObject({ ok: false, reason: 'check-timeout' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('a check that throws is check-failed, with none of its message', async () => {
    const engine = engineWith(() => Promise.reject(new Error('redis://:secret@db')));
    const result = await createDeepCheck(engine)();
    expect(result).toMatchObject({ ok: false, reason: 'check-failed' });
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  test('checks asked at once share one call; the answer serves for reuseMs, then a new one runs', async () => {
    const engine = engineWith(async () => ({ ok: true, reason: 'fine' }));
    const deep = createDeepCheck(engine, { reuseMs: 40 });
    const answers = await Promise.all([deep(), deep(), deep()]);
    expect(answers.every((a) => a?.reason === 'fine')).toBe(true);
    await deep();
    expect(engine.calls).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    await deep();
    expect(engine.calls).toBe(2);
  });
});
