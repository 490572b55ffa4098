/**
 * A streamed upload that can be sent again while it is young. The upstream refuses some
 * calls at the door (429, 503, a reset) after it has taken only the first bytes; keeping
 * those bytes (up to `capBytes`) lets the engine retry without the client re-uploading,
 * and without ever holding a large body whole. Past the cap, `canReplay()` turns false and
 * the error goes to the client, whose own retry resends the file.
 */
export interface ReplayableBody {
  /** A fresh stream of the whole body. The previous one must be finished with. */
  open(): ReadableStream<Uint8Array>;
  canReplay(): boolean;
  /** Ends the current stream's reading: the attempt that owned it is over. */
  detach(): void;
  /** Bytes taken from the source so far. */
  readonly pulled: number;
  /** Stops the source (the client's upload). */
  cancel(reason?: unknown): void;
}

export function createReplayableBody(
  source: ReadableStream<Uint8Array> | Uint8Array,
  capBytes: number,
): ReplayableBody {
  if (source instanceof Uint8Array) {
    const bytes = source;
    return {
      open: () =>
        new ReadableStream({
          start(c) {
            c.enqueue(bytes);
            c.close();
          },
        }),
      canReplay: () => true,
      detach() {},
      pulled: bytes.byteLength,
      cancel() {},
    };
  }
  const reader = source.getReader();
  let kept: Uint8Array[] | undefined = [];
  let count = 0;
  let pulled = 0;
  let ended = false;
  let generation = 0;
  return {
    open() {
      const mine = ++generation;
      if (!kept && count > 0) throw new Error('The body was already sent and cannot be replayed.');
      // Position in the body, in chunks. An older attempt's read still in flight may append
      // a chunk after we opened: reading by index (not a snapshot) keeps every byte in order.
      let pos = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (mine !== generation) {
            controller.error(new Error('A newer attempt owns the body.'));
            return;
          }
          if (pos < count) {
            if (!kept) {
              controller.error(new Error('The body was already sent and cannot be replayed.'));
              return;
            }
            controller.enqueue(kept[pos++]!);
            return;
          }
          if (ended) {
            controller.close();
            return;
          }
          const { done, value } = await reader.read();
          if (done) {
            ended = true;
            if (pos === count) controller.close();
            return;
          }
          pulled += value.byteLength;
          count++;
          if (kept) {
            if (pulled <= capBytes) kept.push(value);
            else kept = undefined;
          }
          if (pos === count - 1) {
            pos++;
            controller.enqueue(value);
          } else if (kept) {
            controller.enqueue(kept[pos++]!);
          } else {
            controller.error(new Error('The body was already sent and cannot be replayed.'));
          }
        },
        cancel() {
          // An attempt gave up; the source stays open for a replay (or for cancel()).
        },
      });
    },
    canReplay: () => kept !== undefined,
    detach() {
      generation++;
    },
    get pulled() {
      return pulled;
    },
    cancel(reason) {
      reader.cancel(reason).catch(() => {});
    },
  };
}
