import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MANIFEST = ['node_modules', '@imgly', 'background-removal-data', 'dist', 'resources.json'];

/**
 * Finds `@imgly/background-removal-data/dist/resources.json` by walking up the node_modules
 * folders as Node's resolver does: from this module's own file, then from the working
 * directory. Not `require.resolve('…')`: Next's server build (Turbopack) replaces a literal
 * `require.resolve` with a module id and inlines the JSON, which leaves no folder to read the
 * weight chunks from; a bundled module may also no longer sit inside node_modules, while a
 * bundled app runs from its project root.
 */
export async function findDataManifest(starts = defaultStarts()): Promise<string> {
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, ...MANIFEST);
      if (await exists(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(
    `@imgly/background-removal-data is not installed in a node_modules above ${starts.join(' or ')}`,
  );
}

function defaultStarts(): string[] {
  const starts: string[] = [];
  try {
    starts.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // A bundler may give import.meta.url a non-file URL; the working directory still works.
  }
  starts.push(process.cwd());
  return starts;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
