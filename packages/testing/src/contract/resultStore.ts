export interface StoredResult {
  bytes: Uint8Array;
  width: number;
  height: number;
}

export type ResultLookup =
  | { state: 'ok'; result: StoredResult }
  | { state: 'expired' }
  | { state: 'unknown' };

export interface ResultStore {
  /** Stores a result until `now + ttlMs` and returns its id. */
  put(result: StoredResult, now: number, ttlMs: number): string;
  get(id: string, now: number): ResultLookup;
  readonly size: number;
  clear(): void;
}

/** Ids of expired results kept to answer 410 rather than 404; older ones are forgotten. */
const MAX_TOMBSTONES = 10_000;

/**
 * Results of the fake, like the upstream's short-lived CDN URLs. Expired bytes are dropped at
 * once (a 200-image run must not keep 200 PNGs alive), only the id is remembered.
 */
export function createResultStore(): ResultStore {
  const live = new Map<string, StoredResult & { expiresAt: number }>();
  const expired = new Set<string>();
  let seq = 0;

  function sweep(now: number): void {
    for (const [id, entry] of live) {
      if (entry.expiresAt <= now) {
        live.delete(id);
        expired.add(id);
      }
    }
    while (expired.size > MAX_TOMBSTONES) {
      const oldest = expired.values().next().value as string;
      expired.delete(oldest);
    }
  }

  return {
    put(result, now, ttlMs) {
      sweep(now);
      seq++;
      // Unguessable enough for a test server, and ordered for readable logs.
      const id = `${seq.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      live.set(id, { ...result, expiresAt: now + ttlMs });
      return id;
    },
    get(id, now) {
      sweep(now);
      const entry = live.get(id);
      if (entry) return { state: 'ok', result: entry };
      return expired.has(id) ? { state: 'expired' } : { state: 'unknown' };
    },
    get size() {
      return live.size;
    },
    clear() {
      live.clear();
      expired.clear();
    },
  };
}
