import { CutoutError, isCutoutError } from '@cutout/core';
import { describe, expect, it } from 'vitest';
import { createWorkQueue } from './createWorkQueue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const never = new AbortController().signal;

describe('createWorkQueue', () => {
  it('never runs more than `concurrency` tasks at once and runs the rest in order', async () => {
    const queue = createWorkQueue(2, 10);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    const runs = gates.map((gate, i) =>
      queue.run(async () => {
        active++;
        peak = Math.max(peak, active);
        order.push(i);
        await gate.promise;
        active--;
        return i;
      }, never),
    );
    await Promise.resolve();
    expect(queue.running).toBe(2);
    expect(queue.queued).toBe(3);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('answers rate-limit/busy with a retry delay when the queue is full', async () => {
    const queue = createWorkQueue(1, 1);
    const gate = deferred();
    const first = queue.run(() => gate.promise, never);
    const second = queue.run(() => Promise.resolve(), never);
    const error = await queue.run(() => Promise.resolve(), never).catch((e: unknown) => e);
    expect(isCutoutError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'rate-limit', reason: 'busy', retryable: true });
    expect((error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThanOrEqual(1000);
    gate.resolve();
    await Promise.all([first, second]);
  });

  it('drops a waiting task whose signal aborts, without running it', async () => {
    const queue = createWorkQueue(1, 5);
    const gate = deferred();
    const first = queue.run(() => gate.promise, never);
    const controller = new AbortController();
    let ran = false;
    const waiting = queue.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'aborted' });
    expect(queue.queued).toBe(0);
    gate.resolve();
    await first;
    expect(ran).toBe(false);
  });

  it('frees the slot when a task throws, and rejectQueued fails the waiters', async () => {
    const queue = createWorkQueue(1, 5);
    await expect(queue.run(() => Promise.reject(new Error('boom')), never)).rejects.toThrow('boom');
    expect(queue.running).toBe(0);
    const gate = deferred();
    const first = queue.run(() => gate.promise, never);
    const waiting = queue.run(() => Promise.resolve(1), never);
    queue.rejectQueued(new CutoutError('transient', 'closed', { reason: 'closed' }));
    await expect(waiting).rejects.toMatchObject({ reason: 'closed' });
    const idle = queue.idle();
    gate.resolve();
    await first;
    await idle;
    expect(queue.running).toBe(0);
  });
});
