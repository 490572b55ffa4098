import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, test } from 'vitest';

/**
 * '@cutout/proxy' must load where there is no Node (edge runtimes, workers): bundled for a
 * neutral platform, the chunks it loads up front must import no Node built-in. Dynamic
 * imports (busboy for multipart, node:http for the Codia engine's calls) are allowed: they
 * load on first use. '@cutout/proxy/node' is the Node-only entry and may import anything.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isBuiltin = (path: string) => path.startsWith('node:') || builtins.has(path);

async function bundle(entry: string): Promise<Metafile> {
  const { metafile } = await build({
    entryPoints: { entry: fileURLToPath(new URL(entry, import.meta.url)) },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['source'],
    external: [...builtins],
    outdir: `${here}../node_modules/.cache/neutral-test`,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return metafile;
}

/** Node built-ins imported statically by the entry chunk and the chunks it imports statically. */
function staticBuiltins(metafile: Metafile): string[] {
  const outputs = metafile.outputs;
  // The output named `entry` (esbuild also marks every dynamic-import target as an entry
  // point, so "the first output with an entryPoint" can be a lazily loaded chunk).
  const entry = Object.keys(outputs).find((k) => /(^|\/)entry\.js$/.test(k));
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement' && imp.kind !== 'require-call') continue;
      if (imp.external) {
        if (isBuiltin(imp.path)) found.push(imp.path);
      } else visit(imp.path);
    }
  };
  if (entry) visit(entry);
  return found;
}

describe('@cutout/proxy on a neutral platform', () => {
  test('the root entry imports no Node built-in at load', async () => {
    expect(staticBuiltins(await bundle('./index.ts'))).toEqual([]);
  }, 30_000);

  test('the check finds them: the /node entry imports node:http statically', async () => {
    expect(staticBuiltins(await bundle('./node.ts'))).toContain('node:http');
  }, 30_000);
});
