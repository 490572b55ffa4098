import { useObjectUrl } from '@cutout/react';
import type { ReactNode } from 'react';

/**
 * Renders `children` with an object URL for `blob`, made and revoked by the kit's own
 * `useObjectUrl` (so stories leak nothing when you click through them).
 */
export function WithObjectUrl(props: { blob: Blob; children: (url: string) => ReactNode }) {
  const url = useObjectUrl(props.blob);
  return url ? props.children(url) : null;
}
