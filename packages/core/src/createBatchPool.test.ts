import { describe, expect, it } from 'vitest';
import { CutoutError } from './CutoutError';
import { batchFailure, createBatchPool } from './createBatchPool';

/** A task that stays running until released. */
function deferred() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { done, release };
}

describe('createBatchPool', () => {
  it('runs at most `concurrency` tasks, takes tasks added while others run, and grows', async () => {
    const pool = createBatchPool(2);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 5 }, deferred);
    const task = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await gates[i]!.done;
      running--;
      return i;
    };
    const first = [0, 1, 2].map((i) => pool.run(task(i)));
    expect(running).toBe(2); // started at once, the third waits
    gates[0]!.release();
    expect(await first[0]).toBe(0);
    const later = pool.run(task(3));
    pool.setConcurrency(3);
    await new Promise((r) => setTimeout(r, 0));
    expect(running).toBe(3);
    for (const g of gates) g.release();
    expect(await Promise.all([...first, later])).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(3);
  });

  it('cancelAll aborts running tasks through their own signal and rejects queued ones', async () => {
    const pool = createBatchPool(1);
    const reason = new CutoutError('aborted', 'Stop.');
    const running = pool.run(
      (signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    let queuedStarted = false;
    const queued = pool.run(async () => {
      queuedStarted = true;
    });
    pool.cancelAll(reason);
    await expect(running).rejects.toBe(reason);
    await expect(queued).rejects.toBe(reason);
    expect(queuedStarted).toBe(false);
    // Still usable afterwards.
    expect(await pool.run(async () => 'again')).toBe('again');
  });

  it('holds new tasks while the gate is paused', async () => {
    const pool = createBatchPool(4);
    pool.gate.pause(80);
    const started = performance.now();
    let at = 0;
    await pool.run(async () => {
      at = performance.now() - started;
    });
    expect(at).toBeGreaterThanOrEqual(70);
  });

  it('batchFailure: too small is skipped, anything else failed, non-errors wrapped', () => {
    const small = new CutoutError('preflight', 'small', { reason: 'too-small' });
    expect(batchFailure(small)).toEqual({ status: 'skipped', error: small });
    expect(batchFailure(new CutoutError('credits', 'x')).status).toBe('failed');
    const wrapped = batchFailure(new Error('bug'));
    expect(wrapped.status).toBe('failed');
    expect(wrapped.error.reason).toBe('unexpected');
  });
});
