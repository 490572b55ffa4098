// @vitest-environment node
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { Rolldown, build as tsdown } from 'tsdown';
import { afterAll, beforeAll, expect, it } from 'vitest';

/**
 * Issue #5 §5 / #11 item 6: what an app's bundler loads up front when the app imports
 * `@cutout/react`, measured the way users get it: the packages are built with their own
 * tsdown configs, laid out as `node_modules/@cutout/{core,react}` (resolved through their
 * package.json `exports`, not our sources), and the app is bundled with code splitting by
 * both esbuild and Rolldown (Vite's bundler). Peers and react-dropzone are external.
 */
const BUDGET_BYTES = 15 * 1000;
const EXTERNAL = ['react', 'react-dom', '@tanstack/react-query', 'react-dropzone'];
// Every export, so nothing the app could use is tree-shaken away.
const APP = "import * as cutout from '@cutout/react';\nconsole.log(cutout);\n";

const packages = fileURLToPath(new URL('../../', import.meta.url));
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cutout-bundle-'));
  for (const name of ['core', 'react']) {
    const dir = join(root, 'node_modules/@cutout', name);
    mkdirSync(dir, { recursive: true });
    cpSync(join(packages, name, 'package.json'), join(dir, 'package.json'));
    await tsdown({
      cwd: join(packages, name),
      config: join(packages, name, 'tsdown.config.ts'),
      outDir: join(dir, 'dist'),
      dts: false,
      sourcemap: false,
      logLevel: 'silent',
    });
  }
  writeFileSync(join(root, 'app.js'), APP);
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Chunk {
  code: string;
  imports: string[];
  entry: boolean;
}

/** min+gzip of the entry chunk and every chunk it imports statically; the rest loads on demand. */
function measure(chunks: Map<string, Chunk>) {
  const gzip = (names: Iterable<string>) =>
    gzipSync([...names].map((n) => chunks.get(n)!.code).join('\n'), { level: 9 }).length;
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const dep of chunks.get(name)?.imports ?? []) if (chunks.has(dep)) visit(dep);
  };
  visit([...chunks].find(([, c]) => c.entry)![0]);
  const lazy = [...chunks.keys()].filter((n) => !initial.has(n));
  return {
    initial: gzip(initial),
    all: gzip(chunks.keys()),
    chunks: chunks.size,
    lazy: lazy.map((n) => `${n.replace(/-[\w-]+\.js$/, '')} ${(gzip([n]) / 1000).toFixed(2)}`),
  };
}

async function withEsbuild() {
  const result = await esbuild({
    entryPoints: [join(root, 'app.js')],
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    outdir: join(root, 'out'),
    write: false,
    metafile: true,
    external: EXTERNAL.flatMap((p) => [p, `${p}/*`]),
    logLevel: 'silent',
  });
  const code = new Map(result.outputFiles.map((f) => [f.path, f.text]));
  const chunks = new Map<string, Chunk>();
  for (const [name, out] of Object.entries(result.metafile.outputs)) {
    if (!name.endsWith('.js')) continue;
    chunks.set(name, {
      code: code.get(join(root, name))!,
      // The app's own entry: esbuild marks every dynamic-import target as an entry point too.
      entry: out.entryPoint === 'app.js',
      imports: out.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
    });
  }
  return measure(chunks);
}

async function withRolldown(input = join(root, 'app.js')) {
  const bundle = await Rolldown.rolldown({
    input,
    cwd: root,
    external: EXTERNAL.map((p) => new RegExp(`^${p}($|/)`)),
    platform: 'browser',
    logLevel: 'silent',
  });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: true });
    const chunks = new Map<string, Chunk>();
    for (const o of output) {
      if (o.type === 'chunk') {
        chunks.set(o.fileName, { code: o.code, entry: o.isEntry, imports: o.imports });
      }
    }
    return measure(chunks);
  } finally {
    await bundle.close();
  }
}

it(`keeps @cutout/react + @cutout/core (built dist) within ${BUDGET_BYTES / 1000} kB min+gzip up front`, async () => {
  const kB = (n: number) => `${(n / 1000).toFixed(2)} kB`;
  const results = { esbuild: await withEsbuild(), rolldown: await withRolldown() };
  for (const [bundler, r] of Object.entries(results)) {
    console.log(
      `[bundle] ${bundler} over dist: initial ${kB(r.initial)} min+gzip; with every ` +
        `on-demand chunk ${kB(r.all)} (${r.chunks} chunks)`,
    );
  }
  // The edge worker, as an app bundler emits it for `new URL('./edgeWorker.js', import.meta.url)`.
  const worker = await withRolldown(join(root, 'node_modules/@cutout/react/dist/edgeWorker.js'));
  console.log(
    `[bundle] rolldown on demand (kB): ${results.rolldown.lazy.join(', ')}; edge worker ${kB(worker.all)}`,
  );
  for (const r of Object.values(results)) {
    // The on-demand parts (inspector, slider, batch list, edge analysis) really split off.
    expect(r.chunks).toBeGreaterThan(4);
    expect(r.all - r.initial).toBeGreaterThan(5000);
    expect(r.initial).toBeGreaterThan(8000); // really bundled core, not an empty stub
    expect(r.initial).toBeLessThanOrEqual(BUDGET_BYTES);
  }
}, 120_000);
