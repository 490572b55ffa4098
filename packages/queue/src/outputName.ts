import { posix } from 'node:path';

/**
 * A safe output key for the store from a source's name: forward slashes, no absolute
 * path, no `..`, no control characters, always ending in `.png` (the result is a PNG
 * whatever the input was).
 */
export function outputName(name: string): string {
  const parts = name
    .replace(/\\/g, '/')
    .split('/')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
    .map((p) => p.replace(/[\u0000-\u001f\u007f]/g, '').trim())
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  const joined = parts.join('/');
  if (joined === '') return 'image.png';
  const ext = posix.extname(joined);
  const stem = ext === '' ? joined : joined.slice(0, -ext.length);
  return `${stem === '' ? 'image' : stem}.png`;
}

/** Same name with a short id before the extension, for two sources that claim one name. */
export function disambiguate(name: string, jobId: string): string {
  const ext = posix.extname(name);
  return `${name.slice(0, name.length - ext.length)}-${jobId.slice(-12)}${ext}`;
}

/** The output name a URL suggests: its last path segment, else `image.png`. */
export function outputNameForUrl(url: string): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop();
  return outputName(last ? decodeSafely(last) : 'image');
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
