import type { CutoutEngine, EngineCheck } from '@cutout/core';
import { deadlineSignal } from './deadlineSignal';

export interface DeepCheckOptions {
  /** Longest check; past it the answer is `check-timeout`. Default 5000 ms. */
  timeoutMs?: number;
  /** A finished check is reused this long. Default 1000 ms. */
  reuseMs?: number;
}

/**
 * The engine's `check()` behind `/healthz?deep=1`, bounded in time. Checks asked for while
 * one runs share it, and its result serves for `reuseMs`: a load balancer polling every
 * instance, or anyone hammering the route, sends the upstream at most one question a second
 * per instance.
 */
export function createDeepCheck(
  engine: CutoutEngine,
  options: DeepCheckOptions = {},
): () => Promise<EngineCheck | undefined> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const reuseMs = options.reuseMs ?? 1000;
  let running: Promise<EngineCheck> | undefined;
  let last: { at: number; result: EngineCheck } | undefined;

  const run = async (): Promise<EngineCheck> => {
    const deadline = deadlineSignal([], timeoutMs);
    // The engine gets the signal and says itself what timed out; an engine that ignores it
    // is cut off a moment later.
    let cutOff: ReturnType<typeof setTimeout> | undefined;
    const started = performance.now();
    try {
      const result = await Promise.race([
        engine.check!(deadline.signal),
        new Promise<never>((_, reject) => {
          cutOff = setTimeout(() => reject(new Error('check-timeout')), timeoutMs + 500);
        }),
      ]);
      return { ...result, ms: result.ms ?? Math.round(performance.now() - started) };
    } catch {
      return {
        ok: false,
        reason: deadline.timedOut ? 'check-timeout' : 'check-failed',
        message: deadline.timedOut
          ? `The engine's check took over ${timeoutMs} ms.`
          : "The engine's check failed.",
        ms: Math.round(performance.now() - started),
      };
    } finally {
      clearTimeout(cutOff);
      deadline.clear();
    }
  };

  return () => {
    if (!engine.check) return Promise.resolve(undefined);
    if (last && performance.now() - last.at < reuseMs) return Promise.resolve(last.result);
    running ??= run().then((result) => {
      last = { at: performance.now(), result };
      running = undefined;
      return result;
    });
    return running;
  };
}
