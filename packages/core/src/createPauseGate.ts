import { abortableDelay } from './abortableDelay';

/**
 * A gate every attempt of a batch passes before it starts. One rate-limit answer closes it
 * for the advised time, pausing the whole pool rather than the one item that was refused:
 * the limit is per account, so the other workers would only collect more 429s.
 */
export interface PauseGate {
  /** Keeps the gate closed until at least `ms` from now (pauses only ever extend). */
  pause(ms: number): void;
  /** Resolves once the gate is open; rejects with `aborted` when the signal fires. */
  wait(signal?: AbortSignal): Promise<void>;
  /** When the gate opens again (epoch ms), or 0 when open. */
  readonly pausedUntil: number;
}

export function createPauseGate(now: () => number = Date.now): PauseGate {
  let until = 0;
  return {
    pause(ms) {
      until = Math.max(until, now() + Math.max(0, ms));
    },
    async wait(signal) {
      // A loop, because another worker may extend the pause while this one waits.
      for (let left = until - now(); left > 0; left = until - now()) {
        await abortableDelay(left, signal);
      }
    },
    get pausedUntil() {
      return until > now() ? until : 0;
    },
  };
}
