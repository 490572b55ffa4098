import { opendir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { isUrl, readManifest } from './manifest';
import { outputName, outputNameForUrl } from './outputName';

/** One image to enqueue, before hashing. */
export type SourceItem =
  | { type: 'file'; path: string; output: string }
  | { type: 'url'; url: string; output: string }
  /** An argument that names nothing usable; reported, not enqueued. */
  | { type: 'invalid'; input: string; message: string };

/** Extensions picked up when walking a folder; files named explicitly are taken as they are. */
const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp)$/i;

/**
 * Expands the command line of `cutout enqueue` into images: URLs as they are, `.csv`
 * files as manifests, folders walked recursively (skipping dot entries; the output keeps
 * the path inside the folder, so `shoes/red.jpg` → `shoes/red.png`), other files as images.
 * A generator, so a catalog of any size streams through in constant memory.
 */
export async function* collectSources(inputs: readonly string[]): AsyncGenerator<SourceItem> {
  for (const input of inputs) {
    if (isUrl(input)) {
      yield urlItem(input, undefined);
      continue;
    }
    const path = resolve(input);
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      yield { type: 'invalid', input, message: 'No such file, folder or URL.' };
    } else if (info.isDirectory()) {
      yield* walk(path, path);
    } else if (/\.csv$/i.test(path)) {
      for await (const row of readManifest(path)) {
        if (isUrl(row.source)) {
          yield urlItem(row.source, row.output);
        } else {
          yield {
            type: 'file',
            path: row.source,
            output: outputName(row.output ?? basename(row.source)),
          };
        }
      }
    } else {
      yield { type: 'file', path, output: outputName(basename(path)) };
    }
  }
}

function urlItem(url: string, output: string | undefined): SourceItem {
  try {
    return {
      type: 'url',
      url: new URL(url).href,
      output: output ? outputName(output) : outputNameForUrl(url),
    };
  } catch {
    return { type: 'invalid', input: url, message: 'Not a valid URL.' };
  }
}

async function* walk(root: string, dir: string): AsyncGenerator<SourceItem> {
  const names: { name: string; isDir: boolean }[] = [];
  for await (const entry of await opendir(dir)) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) names.push({ name: entry.name, isDir: true });
    else if (entry.isFile() && IMAGE_EXTENSIONS.test(entry.name)) {
      names.push({ name: entry.name, isDir: false });
    }
  }
  // Sorted, so which of two same-named sources keeps the plain name is reproducible.
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, isDir } of names) {
    const path = join(dir, name);
    if (isDir) yield* walk(root, path);
    else
      yield { type: 'file', path, output: outputName(relative(root, path).split(sep).join('/')) };
  }
}
