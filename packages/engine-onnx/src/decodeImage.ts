import { CutoutError, sniffImage } from '@cutout/core';
import sharp from 'sharp';

export interface DecodedImage {
  /** 8-bit RGB, interleaved, alpha already flattened onto white. */
  rgb: Uint8Array;
  width: number;
  height: number;
}

export interface DecodeOptions {
  /** Output long edge cap (the image is shrunk to fit, never enlarged). */
  maxLongEdge: number;
  /** Refuse inputs whose header declares more pixels than this (decompression bombs). */
  maxInputPixels: number;
}

/**
 * Decodes JPEG/PNG/WEBP bytes to RGB at the output resolution: EXIF orientation applied,
 * existing alpha flattened onto white (transparent areas would otherwise be read as black),
 * shrunk to `maxLongEdge`. The header is checked before any decoding, and sharp's own pixel
 * limit backs it up. Every failure is a `CutoutError` of kind `input` with a reason:
 * `empty`, `unsupported-format`, `too-many-pixels` or `unreadable` (truncated or corrupt).
 */
export async function decodeImage(
  bytes: Uint8Array,
  options: DecodeOptions,
): Promise<DecodedImage> {
  if (bytes.length === 0) {
    throw new CutoutError('input', 'The image is empty (0 bytes)', { reason: 'empty' });
  }
  const info = sniffImage(bytes);
  if (!info) {
    throw new CutoutError('input', 'Not a JPEG, PNG or WEBP image', {
      reason: 'unsupported-format',
    });
  }
  if (info.width !== undefined && info.height !== undefined) {
    if (info.width === 0 || info.height === 0) {
      throw new CutoutError('input', 'The image header declares a zero dimension', {
        reason: 'unreadable',
      });
    }
    if (info.width * info.height > options.maxInputPixels) {
      throw tooManyPixels(info.width, info.height, options.maxInputPixels);
    }
  }
  try {
    const { data, info: out } = await sharp(bytes, {
      limitInputPixels: options.maxInputPixels,
      // A truncated or corrupt file is an error, not a half-grey image.
      failOn: 'error',
      sequentialRead: true,
    })
      .rotate()
      .resize({
        width: options.maxLongEdge,
        height: options.maxLongEdge,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (out.channels !== 3) throw new Error(`expected 3 channels, got ${out.channels}`);
    return {
      rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: out.width,
      height: out.height,
    };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/pixel limit/i.test(message)) {
      throw tooManyPixels(info.width ?? 0, info.height ?? 0, options.maxInputPixels, cause);
    }
    throw new CutoutError('input', `The ${info.format.toUpperCase()} image cannot be decoded`, {
      reason: 'unreadable',
      cause,
    });
  }
}

function tooManyPixels(width: number, height: number, limit: number, cause?: unknown): CutoutError {
  return new CutoutError(
    'input',
    `The image is ${width}×${height}, over the limit of ${limit} pixels`,
    { reason: 'too-many-pixels', cause },
  );
}
