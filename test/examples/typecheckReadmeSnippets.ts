import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractSnippets } from './extractSnippets';
import { run, userEnv } from './packedExamples';

/**
 * Every ```ts / ```tsx fence of every README in the repository, typechecked as its own module
 * against the packed, installed packages (their published .d.ts and export maps, not the
 * sources), with strict settings a user's app would have. Errors come back as
 * "README.md:55: error TS2304: …", at the README's own line.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

// The free names the snippets lean on, as the reader's own code would provide them.
// Components and hooks a fragment shows without its import keep their published types.
const CONTEXT = `import type { ReactNode } from 'react';
import type * as R from '@cutout/react';
declare global {
  const CutoutDropzone: typeof R.CutoutDropzone;
  const CompositePreview: typeof R.CompositePreview;
  const EdgeInspector: typeof R.EdgeInspector;
  const CompareSlider: typeof R.CompareSlider;
  const useRemoveBgBatch: typeof R.useRemoveBgBatch;
  const cutout: R.CutoutWithUrl;
  const backdrop: R.Backdrop;
  function setBackdrop(b: R.Backdrop): void;
  const zoom: number;
  function setZoom(z: number): void;
  const file: File;
  const files: File[];
  const fileList: FileList;
  const bytes: Uint8Array;
  const controller: AbortController;
  const session: { token: string };
  const photoUrl: string;
  const url: string;
  function App(): ReactNode;
  function getSession(req: Request): Promise<unknown>;
  function save(blob: Blob): void;
  function upload(blob: Blob): void;
}
export {};
`;

export async function typecheckReadmeSnippets(
  dir: string,
): Promise<{ count: number; errors: string[]; output: string }> {
  const readmes = execFileSync('git', ['ls-files', '*README.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const out = join(dir, 'readme-snippets');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const where = new Map<string, string>();
  let count = 0;
  for (const readme of readmes) {
    const snippets = extractSnippets(await readFile(join(root, readme), 'utf8'));
    for (const [i, s] of snippets.entries()) {
      const name = `${readme.replace(/[^a-z0-9]+/gi, '_')}_${i}.${s.lang}`;
      // A trailing export makes each snippet a module: top-level await, no shared globals.
      await writeFile(join(out, name), `${s.code}\nexport {};\n`);
      where.set(name, `${readme}:${s.line}`);
      count++;
    }
  }
  await writeFile(join(out, 'context.d.ts'), CONTEXT);
  // As a bundler's client types declare them (vite/client, next-env.d.ts).
  await writeFile(join(out, 'css.d.ts'), "declare module '*.css';\n");
  await writeFile(
    join(out, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        isolatedModules: true,
        types: ['node'],
      },
      include: ['*.ts', '*.tsx'],
    }),
  );
  const tsc = await run(
    process.execPath,
    [join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--pretty', 'false'],
    { cwd: out, env: userEnv(), timeoutMs: 300_000 },
  );
  // "README.md:12 (snippet line 3): error TS2304: …" instead of the temp file's name.
  const errors = tsc.output
    .split('\n')
    .filter((l) => /error TS\d+/.test(l))
    .map((l) => {
      const m = /^([^(]+)\((\d+),\d+\): (.*)$/.exec(l);
      const at = m && where.get(m[1]!);
      return at ? `${at.split(':')[0]}:${Number(at.split(':')[1]) + Number(m[2]) - 1}: ${m[3]}` : l;
    });
  if (tsc.code !== 0 && errors.length === 0) errors.push(`tsc exited ${tsc.code}`);
  return { count, errors, output: tsc.output };
}
