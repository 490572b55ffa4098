/**
 * Fires `onStall` when `poke()` has not been called for `ms`. Each attempt of the client has
 * one, poked by every byte sent or received and by the answer's headers: a slow but moving
 * upload of a large file never times out, a dead connection does.
 */
export interface StallWatchdog {
  poke(): void;
  stop(): void;
  readonly fired: boolean;
}

export function createStallWatchdog(ms: number, onStall: () => void): StallWatchdog {
  let fired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (!Number.isFinite(ms) || ms <= 0) return;
    timer = setTimeout(() => {
      fired = true;
      onStall();
    }, ms);
  };
  arm();
  return {
    poke: () => {
      if (!fired) arm();
    },
    stop: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    get fired() {
      return fired;
    },
  };
}
