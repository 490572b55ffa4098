/**
 * A signal that aborts when any of `signals` does, or after `ms`. Hand-written instead of
 * `AbortSignal.any([s, AbortSignal.timeout(ms)])`: on Node 20 such a composite can be
 * garbage-collected with its timeout still pending, and then never fires (a stalled
 * upstream call would hang for ever; seen in our fault-storm test). A plain timer holds
 * the controller strongly, and `clear()` releases both at once.
 */
export interface Deadline {
  signal: AbortSignal;
  /** True when it was the time limit (not a parent signal) that aborted. */
  readonly timedOut: boolean;
  clear(): void;
}

export function deadlineSignal(signals: AbortSignal[], ms: number): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (event: Event) => {
    cleanup();
    controller.abort((event.target as AbortSignal).reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    cleanup();
    controller.abort(new DOMException(`Timed out after ${ms} ms`, 'TimeoutError'));
  }, ms);
  const cleanup = () => {
    clearTimeout(timer);
    for (const s of signals) s.removeEventListener('abort', onAbort);
  };
  for (const s of signals) {
    if (s.aborted) {
      cleanup();
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', onAbort);
  }
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    clear: cleanup,
  };
}
