// @vitest-environment node
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Rolldown } from 'tsdown';
import { expect, it } from 'vitest';

/**
 * `@cutout/react/export` up front (5.19 kB when written): the panel shell and the headless
 * hook with core's option parsing. The panel view, the composer, core's composition maths
 * and the worker load on first use (issue #12; the root entry's 15 kB budget is bundleSize.test.ts's).
 */
const BUDGET_BYTES = 6 * 1000;
const EXTERNAL = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\/react-query/, /^react-dropzone/];
const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

it(`keeps @cutout/react/export's up-front code within ${BUDGET_BYTES / 1000} kB, composition on demand`, async () => {
  const bundle = await Rolldown.rolldown({
    input: src('./export.ts'),
    external: EXTERNAL,
    resolve: {
      alias: {
        '@cutout/core/output': src('../../core/src/output.ts'),
        '@cutout/core': src('../../core/src/index.ts'),
      },
    },
    platform: 'browser',
    logLevel: 'silent',
  });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: true });
    const chunks = new Map(
      output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o] as const] : [])),
    );
    const initial = new Set<string>();
    const visit = (name: string) => {
      if (initial.has(name)) return;
      initial.add(name);
      for (const dep of chunks.get(name)?.imports ?? []) if (chunks.has(dep)) visit(dep);
    };
    visit([...chunks.values()].find((c) => c.isEntry)!.fileName);
    const code = [...initial].map((n) => chunks.get(n)!.code).join('\n');
    const lazy = [...chunks.keys()].filter((n) => !initial.has(n));
    const gzip = gzipSync(code, { level: 9 }).length;
    console.log(
      `[bundle] @cutout/react/export up front: ${(gzip / 1000).toFixed(2)} kB min+gzip; on demand: ${lazy
        .map(
          (n) =>
            `${n.replace(/-[\w-]+\.js$/, '')} ${(gzipSync(chunks.get(n)!.code).length / 1000).toFixed(2)} kB`,
        )
        .join(', ')}`,
    );
    // composeRaster's own error text: the composition maths is not in the up-front code.
    expect(code).not.toContain('pixels must be RGBA');
    expect(lazy.join(' ')).toMatch(/CutoutExportView/);
    expect(gzip).toBeLessThanOrEqual(BUDGET_BYTES);
  } finally {
    await bundle.close();
  }
}, 60_000);
