import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CutoutError } from '@cutout/core';
import { findDataManifest } from './findDataManifest';

/** The ISNet weights shipped in `@imgly/background-removal-data` (AGPL-3.0). */
export type BundledModel = 'medium' | 'small';

interface ResourceEntry {
  size: number;
  chunks: { hash: string; offsets: [number, number] }[];
}

/**
 * Reads the model bytes: a bundled model is reassembled from the 4 MiB chunks listed in the
 * data package's `resources.json` (in order, size checked); anything else is read as a path
 * to an ONNX file. Fails with a non-retryable `transient` error (a server fault, 5xx), never
 * silently: without weights the engine cannot serve.
 */
export async function loadModel(model: BundledModel | string): Promise<Uint8Array> {
  try {
    if (model !== 'medium' && model !== 'small') return new Uint8Array(await readFile(model));
    const manifest = await findDataManifest();
    const dir = dirname(manifest);
    const resources = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, ResourceEntry>;
    const entry = resources[`/models/${model}`];
    if (!entry) throw new Error(`no /models/${model} in ${manifest}`);
    const bytes = new Uint8Array(entry.size);
    for (const chunk of entry.chunks) {
      const part = await readFile(join(dir, chunk.hash));
      const [start, end] = chunk.offsets;
      if (part.length !== end - start) throw new Error(`chunk ${chunk.hash} has the wrong size`);
      bytes.set(part, start);
    }
    return bytes;
  } catch (cause) {
    throw new CutoutError('transient', `Cannot load the background-removal model "${model}"`, {
      reason: 'model-unavailable',
      retryable: false,
      cause,
    });
  }
}
