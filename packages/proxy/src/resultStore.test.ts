import { describe, expect, test } from 'vitest';
import { createMemoryResultStore } from './resultStore';

const png = (n: number) => ({ png: new Uint8Array(n), width: 1, height: 1 });

describe('createMemoryResultStore', () => {
  test('results expire after their TTL', () => {
    let now = 0;
    const store = createMemoryResultStore({ now: () => now });
    const id = store.put(png(10), 1000);
    now = 999;
    expect(store.get(id)?.png.byteLength).toBe(10);
    now = 1000;
    expect(store.get(id)).toBeUndefined();
    expect(store.bytes).toBe(0);
  });

  test('the byte budget evicts the least recently used first', () => {
    const store = createMemoryResultStore({ maxBytes: 300 });
    const a = store.put(png(100), 60_000);
    const b = store.put(png(100), 60_000);
    const c = store.put(png(100), 60_000);
    store.get(a); // a is now the most recent
    const d = store.put(png(100), 60_000);
    expect(store.get(b)).toBeUndefined();
    expect(store.get(a)).toBeDefined();
    expect(store.get(c)).toBeDefined();
    expect(store.get(d)).toBeDefined();
    expect(store.bytes).toBe(300);
  });

  test('expired entries are swept before live ones are evicted', () => {
    let now = 0;
    const store = createMemoryResultStore({ maxBytes: 200, now: () => now });
    store.put(png(100), 10);
    const live = store.put(png(100), 60_000);
    now = 20;
    store.put(png(100), 60_000);
    expect(store.get(live)).toBeDefined();
    expect(store.size).toBe(2);
  });

  test('the entry cap holds and ids are unguessable UUIDs', () => {
    const store = createMemoryResultStore({ maxEntries: 2 });
    const ids = [store.put(png(1), 1000), store.put(png(1), 1000), store.put(png(1), 1000)];
    expect(store.size).toBe(2);
    expect(store.get(ids[0]!)).toBeUndefined();
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
