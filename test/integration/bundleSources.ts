import { build, type Plugin } from 'esbuild';
import { workspaceAlias } from '../../vitest.shared.ts';

/**
 * Workspace imports resolve to their TypeScript sources through the same alias table the
 * vitest projects use, so a new subpath export is added in one place (vitest.shared.ts), not
 * in every test that bundles sources.
 */
const workspaceSources: Plugin = {
  name: 'workspace-sources',
  setup(b) {
    b.onResolve({ filter: /^@cutout\// }, (args) => {
      const hit = workspaceAlias.find((a) => a.find.test(args.path));
      return hit ? { path: args.path.replace(hit.find, hit.replacement) } : undefined;
    });
  },
};

/** Bundles a TypeScript entry with the workspace's sources into one ESM file for Node 20. */
export async function bundleSources(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [workspaceSources],
    logLevel: 'silent',
  });
}
