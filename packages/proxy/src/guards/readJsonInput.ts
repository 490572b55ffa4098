import { type CutoutError, type EngineInput, isCutoutError } from '@cutout/core';
import { collectStream } from '../collectStream';
import { missingImageError } from './missingImageError';

/** The contract's JSON mode: `{ "image_url": "http(s)://…" }`, read whole (it is small). */
export function jsonTooLarge(): CutoutError {
  return missingImageError('The JSON body is too large.', 'json-too-large');
}

export async function readJsonInput(
  stream: ReadableStream<Uint8Array>,
): Promise<{ input: EngineInput; fields: Record<string, unknown> }> {
  let text: string;
  try {
    text = new TextDecoder().decode(await collectStream(stream));
  } catch (error) {
    if (isCutoutError(error) && error.reason === 'too-large') throw jsonTooLarge();
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw missingImageError('The body is not valid JSON.', 'bad-json');
  }
  const url = (value as { image_url?: unknown } | null)?.image_url;
  if (typeof url !== 'string' || url === '')
    throw missingImageError('image_url is missing.', 'missing-url');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw missingImageError('image_url is not a valid URL.', 'missing-url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw missingImageError(
      `image_url must be an http(s) URL (got ${parsed.protocol}).`,
      'blocked-url',
    );
  }
  return { input: { type: 'url', url: parsed.href }, fields: value as Record<string, unknown> };
}
