import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Job ids are derived from what the job is, never from when it was enqueued (issue #7):
 * the same image enqueued twice, from any path or machine, maps to the same BullMQ job,
 * which BullMQ refuses to add again, so a catalog is never paid twice.
 * - local images: `img-<sha256 of the bytes>` (a renamed or copied file is the same job);
 * - URLs: `url-<sha256 of the normalised URL>` (the bytes are not ours to read at enqueue).
 * BullMQ forbids ':' in custom ids, hence the dash.
 */
export function jobIdForHash(sha256: string): string {
  return `img-${sha256}`;
}

export function jobIdForUrl(url: string): string {
  return `url-${sha256Hex(new URL(url).href)}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Streams a file through SHA-256, so enqueuing a catalog never holds a whole image. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}
