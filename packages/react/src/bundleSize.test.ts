// @vitest-environment node
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Rolldown } from 'tsdown';
import { expect, it } from 'vitest';

/** Issue #5 §5: @cutout/react + @cutout/core, min+gzip, peers and react-dropzone excluded. */
const BUDGET_BYTES = 15 * 1000;
const EXTERNAL = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query/, /^react-dropzone/];
const coreEntry = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));

async function minGzip(entry: string) {
  // tsdown's own bundler (a declared devDependency), so the figure matches the published build.
  const bundle = await Rolldown.rolldown({
    input: fileURLToPath(new URL(entry, import.meta.url)),
    external: EXTERNAL,
    resolve: { alias: { '@cutout/core': coreEntry } },
    platform: 'browser',
    logLevel: 'silent',
  });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: true });
    const chunks = new Map(
      output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o] as const] : [])),
    );
    // What loads up front: the entry and every chunk it imports statically. Chunks behind
    // import() (the inspector view, the main-thread edge analysis) load on first use.
    const initial = new Set<string>();
    const visit = (name: string) => {
      if (initial.has(name)) return;
      initial.add(name);
      for (const dep of chunks.get(name)?.imports ?? []) if (chunks.has(dep)) visit(dep);
    };
    visit([...chunks.values()].find((c) => c.isEntry)!.fileName);
    const size = (names: Iterable<string>) => {
      const code = [...names].map((n) => chunks.get(n)!.code).join('\n');
      return { gzip: gzipSync(code, { level: 9 }).length, min: code.length };
    };
    const lazy = [...chunks.keys()].filter((n) => !initial.has(n));
    return {
      ...size(initial),
      all: size(chunks.keys()),
      lazy: lazy.map(
        (n) => `${n.replace(/-[\w-]+\.js$/, '')} ${(size([n]).gzip / 1000).toFixed(2)} kB`,
      ),
      modules: [...initial].reduce((n, c) => n + Object.keys(chunks.get(c)!.modules).length, 0),
    };
  } finally {
    await bundle.close();
  }
}

it(`keeps @cutout/react + @cutout/core within ${BUDGET_BYTES / 1000} kB min+gzip`, async () => {
  const main = await minGzip('./index.ts');
  const worker = await minGzip('./edgeWorker.ts');
  // @cutout/react/editor's own entry: what importing it adds up front for apps that edit masks.
  const editor = await minGzip('./editor.ts');
  const kB = (n: number) => `${(n / 1000).toFixed(2)} kB`;
  console.log(
    `[bundle] @cutout/react + @cutout/core initial: ${kB(main.gzip)} min+gzip ` +
      `(${kB(main.min)} min, ${main.modules} modules); everything incl. on-demand chunks: ` +
      `${kB(main.all.gzip)}; on demand: ${main.lazy.join(', ')}; edge worker: ${kB(worker.gzip)}; ` +
      `@cutout/react/editor entry: ${kB(editor.gzip)} up front, ${kB(editor.all.gzip)} in all`,
  );
  expect(main.modules).toBeGreaterThan(20); // really bundled core, not an empty stub
  expect(main.gzip).toBeLessThanOrEqual(BUDGET_BYTES);
}, 60_000);
