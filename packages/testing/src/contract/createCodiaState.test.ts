import { describe, expect, it } from 'vitest';
import { createCodiaState } from './createCodiaState';
import { createRateWindow } from './rateWindow';
import { createResultStore } from './resultStore';

describe('createCodiaState', () => {
  it('admits in the upstream order: script, scenario, random, rate limit, credits', () => {
    let now = 0;
    const state = createCodiaState({
      credits: 1,
      rateLimit: { limit: 1, windowMs: 1000 },
      now: () => now,
    });
    state.script('transient');
    expect(state.admit()).toMatchObject({ ok: false, fault: 'transient', injected: true });
    const first = state.admit();
    expect(first).toMatchObject({ ok: true });
    expect(state.admit()).toMatchObject({
      ok: false,
      fault: 'rate-limit',
      injected: false,
      retryAfterS: 1,
    });
    now = 1000;
    expect(state.admit()).toMatchObject({ ok: false, fault: 'credits', injected: false });
    state.setScenario('stall');
    expect(state.admit()).toMatchObject({ ok: false, fault: 'stall', injected: true });
  });

  it('reserves a credit per admitted call and gives it back on failure', () => {
    const state = createCodiaState({ credits: 2 });
    const a = state.admit();
    const b = state.admit();
    expect(state.admit()).toMatchObject({ ok: false, fault: 'credits' });
    if (!a.ok || !b.ok) throw new Error('expected admissions');
    a.settle(false);
    a.settle(false); // idempotent
    b.settle(true);
    expect(state.credits).toBe(1);
  });

  it('lets success quirks through the normal path', () => {
    const state = createCodiaState({ credits: 1 });
    state.script('expired-result');
    expect(state.admit()).toMatchObject({ ok: true, quirk: 'expired-result' });
    expect(state.admit()).toMatchObject({ ok: false, fault: 'credits' });
  });

  it('tracks calls: in flight, concurrency, bytes, outcomes', () => {
    const state = createCodiaState();
    const a = state.open('json');
    const b = state.open('multipart');
    a.received(10);
    b.received(5);
    expect(state.stats).toMatchObject({
      requests: 2,
      inFlight: 2,
      maxConcurrent: 2,
      bytesReceived: 15,
    });
    a.finish({ status: 200, code: 0 });
    b.fault = 'reset';
    b.finish({ label: 'reset' });
    b.finish({ status: 500, code: 50000 }); // recorded once
    expect(state.stats).toMatchObject({ inFlight: 0, successes: 1, byCode: { '0': 1, reset: 1 } });
    expect(state.requests).toMatchObject([
      { seq: 1, mode: 'json', status: 200, code: 0, bytes: 10 },
      { seq: 2, mode: 'multipart', status: undefined, fault: 'reset', bytes: 5 },
    ]);
  });
});

describe('createRateWindow', () => {
  it('counts per fixed window and advises the time left in it', () => {
    const window = createRateWindow({ limit: 2, windowMs: 5000 });
    expect(window.take(0)).toBeUndefined();
    expect(window.take(100)).toBeUndefined();
    expect(window.take(1200)).toBe(4); // 3.8 s left, rounded up
    expect(window.take(4999)).toBe(1);
    expect(window.take(5000)).toBeUndefined();
    expect(() => createRateWindow({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });
});

describe('createResultStore', () => {
  it('expires results: 410-style "expired" for known ids, "unknown" otherwise', () => {
    const store = createResultStore();
    const id = store.put({ bytes: new Uint8Array(3), width: 1, height: 1 }, 0, 100);
    expect(store.get(id, 99).state).toBe('ok');
    expect(store.get(id, 100).state).toBe('expired');
    expect(store.size).toBe(0);
    expect(store.get('nope', 0).state).toBe('unknown');
  });
});
