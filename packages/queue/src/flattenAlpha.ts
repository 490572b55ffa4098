import type { ImageFormat } from '@cutout/core';

type SharpFactory = (input: Uint8Array) => {
  flatten(options: { background: string }): { png(): { toBuffer(): Promise<Buffer> } };
};

let loading: Promise<SharpFactory | undefined> | undefined;

/**
 * Flattens an image that has alpha onto white and re-encodes it as PNG, as the upstream asks
 * (UPSTREAM-API.md "Inputs": existing transparency is otherwise misread). Uses sharp when it
 * is installed (it comes with @cutout/engine-onnx); the proxy does not depend on it, so
 * without sharp the image is sent as it is and `undefined` is returned.
 */
export async function flattenAlpha(
  bytes: Uint8Array,
): Promise<{ data: Uint8Array; format: ImageFormat } | undefined> {
  loading ??= (async () => {
    const specifier = 'sharp';
    try {
      const mod = (await import(specifier)) as { default: SharpFactory };
      return mod.default;
    } catch {
      return undefined;
    }
  })();
  const sharp = await loading;
  if (!sharp) return undefined;
  const data = await sharp(bytes).flatten({ background: '#ffffff' }).png().toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), format: 'png' };
}
