import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * Where workers put results. A directory by default; an object store (S3, GCS) can
 * implement the same three calls. `put` must be atomic: a reader (or a worker killed
 * mid-write) never leaves or sees half a PNG under `key`.
 */
export interface OutputStore {
  /** For logs, e.g. `dir:/data/out`. */
  readonly name: string;
  /** True when a complete result is already stored under `key`. */
  has(key: string): Promise<boolean>;
  /** Stores the bytes under `key`, replacing any earlier result at once. Returns its location. */
  put(key: string, data: Uint8Array | ReadableStream<Uint8Array>): Promise<string>;
  /** Removes leftovers of writes that never finished (e.g. from a killed worker). */
  sweep?(olderThanMs: number): Promise<number>;
}

/** Folder (inside the output directory) for files being written. */
export const TEMP_DIR = '.cutout-tmp';

/**
 * A directory as an output store: the result is written to a temp file inside the
 * same directory tree (so `rename` never crosses file systems), flushed to disk, then
 * renamed over the final name, which POSIX makes atomic. Temp files live in `.cutout-tmp`,
 * so a listing of the results never shows a partial file.
 */
export function directoryOutputStore(dir: string): OutputStore {
  const root = resolve(dir);
  const tmp = join(root, TEMP_DIR);
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    // Keys come from enqueue (sanitised), but a store must not trust its callers.
    if (!path.startsWith(root + sep) || path.startsWith(tmp + sep)) {
      throw new RangeError(`Output key escapes the output directory: ${key}`);
    }
    return path;
  };
  return {
    name: `dir:${root}`,
    async has(key) {
      const info = await stat(pathOf(key)).catch(() => undefined);
      return info?.isFile() === true && info.size > 0;
    },
    async put(key, data) {
      const path = pathOf(key);
      await mkdir(tmp, { recursive: true });
      await mkdir(dirname(path), { recursive: true });
      const temp = join(tmp, `${process.pid}-${randomBytes(6).toString('hex')}.part`);
      try {
        const file = await open(temp, 'wx');
        try {
          if (data instanceof Uint8Array) {
            await file.writeFile(data);
          } else {
            // Chunk by chunk: a result stream never sits whole in memory.
            for await (const chunk of data as AsyncIterable<Uint8Array>) {
              let offset = 0;
              while (offset < chunk.byteLength) {
                const { bytesWritten } = await file.write(chunk, offset);
                offset += bytesWritten;
              }
            }
          }
          // Data on disk before the name points at it: a crash after rename never
          // leaves an empty or truncated PNG behind.
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return path;
    },
    async sweep(olderThanMs) {
      const names = await readdir(tmp).catch(() => [] as string[]);
      let removed = 0;
      for (const name of names) {
        const path = join(tmp, name);
        const info = await stat(path).catch(() => undefined);
        if (info && Date.now() - info.mtimeMs > olderThanMs) {
          await rm(path, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
