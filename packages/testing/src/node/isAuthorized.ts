import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * `Authorization: Bearer <key>`, scheme case-insensitive. Compared in constant time on
 * digests (equal lengths), so even the fake never teaches a client to leak the key by timing.
 */
export function isAuthorized(header: string | undefined, apiKey: string): boolean {
  const match = /^bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]!), digest(apiKey));
}
