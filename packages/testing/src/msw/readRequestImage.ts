import type { CallMode } from '../contract/createCodiaState';

export type RequestImage =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; fault: 'missing-url' | 'too-large' };

export function requestMode(request: Request): CallMode {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) return 'json';
  if (type.startsWith('multipart/form-data')) return 'multipart';
  return 'unknown';
}

/**
 * The image of a call through the Fetch API (browser, jsdom, msw/node): multipart field
 * `image` (alias `file`) or JSON `image_url`, which is fetched with the page's own fetch, so a
 * test or story can answer it with another MSW handler.
 */
export async function readRequestImage(
  request: Request,
  maxBytes: number,
  onBytes: (n: number) => void,
): Promise<RequestImage> {
  const mode = requestMode(request);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (mode === 'multipart' && declared > maxBytes + 64 * 1024)
    return { ok: false, fault: 'too-large' };
  if (mode === 'multipart') {
    let form: FormData;
    try {
      const body = await request.arrayBuffer();
      onBytes(body.byteLength);
      const type = request.headers.get('content-type') ?? '';
      form = await new Response(body, { headers: { 'content-type': type } }).formData();
    } catch {
      return { ok: false, fault: 'missing-url' };
    }
    const file = form.get('image') ?? form.get('file');
    if (file === null || typeof file === 'string') return { ok: false, fault: 'missing-url' };
    if (file.size > maxBytes) return { ok: false, fault: 'too-large' };
    return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()) };
  }
  if (mode !== 'json') return { ok: false, fault: 'missing-url' };
  let url: unknown;
  try {
    const text = await request.text();
    onBytes(text.length);
    url = (JSON.parse(text) as { image_url?: unknown })?.image_url;
  } catch {
    return { ok: false, fault: 'missing-url' };
  }
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url))
    return { ok: false, fault: 'missing-url' };
  try {
    const response = await fetch(url);
    if (!response.ok) return { ok: false, fault: 'missing-url' };
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > maxBytes) return { ok: false, fault: 'too-large' };
    return { ok: true, bytes };
  } catch {
    return { ok: false, fault: 'missing-url' };
  }
}
