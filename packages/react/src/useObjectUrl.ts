'use client';
import { useEffect, useState } from 'react';

/**
 * An object URL for `blob`, created in an effect and revoked in its cleanup. Creating it
 * during render would leak: React may render twice (StrictMode, concurrent retries) and
 * throw a render away without any cleanup. The cost is one render without a URL.
 */
export function useObjectUrl(blob: Blob | undefined | null): string | undefined {
  const [entry, setEntry] = useState<{ blob: Blob; url: string }>();
  useEffect(() => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    setEntry({ blob, url });
    return () => {
      URL.revokeObjectURL(url);
      setEntry((current) => (current?.url === url ? undefined : current));
    };
  }, [blob]);
  // Never hand out a URL of a previous blob (revoked, or about to be).
  return entry && entry.blob === blob ? entry.url : undefined;
}
