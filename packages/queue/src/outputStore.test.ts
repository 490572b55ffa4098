import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directoryOutputStore, TEMP_DIR } from './outputStore';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutout-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('directoryOutputStore', () => {
  it('writes bytes and streams under nested keys, leaving no temp file', async () => {
    const store = directoryOutputStore(dir);
    expect(await store.has('a/b.png')).toBe(false);
    await store.put('a/b.png', new Uint8Array([1, 2, 3]));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([4, 5]));
        c.enqueue(new Uint8Array([6]));
        c.close();
      },
    });
    await store.put('c.png', stream);
    expect(await store.has('a/b.png')).toBe(true);
    expect([...(await readFile(join(dir, 'a/b.png')))]).toEqual([1, 2, 3]);
    expect([...(await readFile(join(dir, 'c.png')))]).toEqual([4, 5, 6]);
    expect(await readdir(join(dir, TEMP_DIR))).toEqual([]);
  });

  it('a stream that fails mid-way leaves neither a partial result nor a temp file', async () => {
    const store = directoryOutputStore(dir);
    await store.put('x.png', new Uint8Array([9]));
    const broken = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(1024));
        c.error(new Error('connection reset'));
      },
    });
    await expect(store.put('x.png', broken)).rejects.toThrow('connection reset');
    // The earlier complete result is still there, untouched.
    expect([...(await readFile(join(dir, 'x.png')))]).toEqual([9]);
    expect(await readdir(join(dir, TEMP_DIR))).toEqual([]);
  });

  it('concurrent writes of one key end with one whole result', async () => {
    const store = directoryOutputStore(dir);
    const a = new Uint8Array(256 * 1024).fill(1);
    const b = new Uint8Array(256 * 1024).fill(2);
    await Promise.all([store.put('k.png', a), store.put('k.png', b)]);
    const result = await readFile(join(dir, 'k.png'));
    expect(result.length).toBe(a.length);
    expect(result.every((v) => v === result[0])).toBe(true);
  });

  it('refuses keys outside the folder or inside its temp folder', async () => {
    const store = directoryOutputStore(dir);
    await expect(store.put('../x.png', new Uint8Array([1]))).rejects.toThrow(RangeError);
    await expect(store.put(`${TEMP_DIR}/x.png`, new Uint8Array([1]))).rejects.toThrow(RangeError);
  });

  it('sweep removes only old leftovers', async () => {
    const store = directoryOutputStore(dir);
    await store.put('a.png', new Uint8Array([1]));
    const old = join(dir, TEMP_DIR, 'dead.part');
    const fresh = join(dir, TEMP_DIR, 'live.part');
    await writeFile(old, 'x');
    await writeFile(fresh, 'x');
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(old, hourAgo, hourAgo);
    expect(await store.sweep!(3600_000)).toBe(1);
    expect(await readdir(join(dir, TEMP_DIR))).toEqual(['live.part']);
  });
});
