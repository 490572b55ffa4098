/** A finished cutout kept by the proxy until the client downloads it. */
export interface StoredResult {
  /** The image bytes: the cutout PNG, or the composed output (see `contentType`). */
  png: Uint8Array;
  /** Set when the bytes are not a PNG (a JPEG or WebP output). Default `image/png`. */
  contentType?: string;
  width: number;
  height: number;
}

export interface StoredEntry extends StoredResult {
  /** Epoch ms after which the entry is gone. */
  expiresAt: number;
}

/**
 * Where results wait for their download (`GET /v1/results/:id`). The default keeps them in
 * memory; implement this to keep them elsewhere (Redis, a bucket) so several proxy
 * instances can serve each other's results.
 */
export interface ResultStore {
  /** Stores a result and returns its id (unguessable: the id is the capability to read it). */
  put(result: StoredResult, ttlMs: number): string | Promise<string>;
  get(id: string): StoredEntry | undefined | Promise<StoredEntry | undefined>;
  close?(): void | Promise<void>;
}

export interface MemoryResultStoreOptions {
  /** Bytes of PNG kept at most; the least recently used results go first. Default 256 MiB. */
  maxBytes?: number;
  /** Results kept at most. Default 10 000. */
  maxEntries?: number;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

export interface MemoryResultStore extends ResultStore {
  get(id: string): StoredEntry | undefined;
  put(result: StoredResult, ttlMs: number): string;
  /** Bytes held now. */
  readonly bytes: number;
  readonly size: number;
}

/**
 * In-memory results with a TTL and a byte budget (LRU). A Map iterates in insertion order,
 * so re-inserting on read makes its first key the least recently used: eviction is O(1)
 * without a linked list.
 */
export function createMemoryResultStore(options: MemoryResultStoreOptions = {}): MemoryResultStore {
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, StoredEntry>();
  let bytes = 0;

  const remove = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    bytes -= entry.png.byteLength;
  };

  const sweepExpired = (t: number) => {
    for (const [id, entry] of entries) if (entry.expiresAt <= t) remove(id);
  };

  return {
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
    put(result, ttlMs) {
      const t = now();
      const id = crypto.randomUUID();
      const entry: StoredEntry = { ...result, expiresAt: t + ttlMs };
      // One result larger than the whole budget is still served once: refusing it would fail
      // a paid call; it is simply the first to go.
      if (bytes + result.png.byteLength > maxBytes || entries.size >= maxEntries) sweepExpired(t);
      while (
        entries.size > 0 &&
        (bytes + result.png.byteLength > maxBytes || entries.size >= maxEntries)
      ) {
        remove(entries.keys().next().value as string);
      }
      entries.set(id, entry);
      bytes += result.png.byteLength;
      return id;
    },
    get(id) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        remove(id);
        return undefined;
      }
      entries.delete(id);
      entries.set(id, entry);
      return entry;
    },
    close() {
      entries.clear();
      bytes = 0;
    },
  };
}
