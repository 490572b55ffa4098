import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Issue 11 items 4 and 8: rules of the layout that no typecheck or lint enforces. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const packages = join(root, 'packages');

/** Every non-test TypeScript source under packages/<name>/src. */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'testing') walk(path);
      } else if (/\.tsx?$/.test(entry.name) && !/\.(test|stories)\.tsx?$/.test(entry.name)) {
        out.push(path);
      }
    }
  };
  for (const name of readdirSync(packages)) walk(join(packages, name, 'src'));
  return out;
}

const files = sources();
const rel = (path: string) => relative(root, path);

describe('layout', () => {
  it('reads environment variables only in @cutout/cli', () => {
    const readers = files.filter(
      (f) => !f.includes('/packages/cli/') && /\bprocess\.env\b/.test(readFileSync(f, 'utf8')),
    );
    expect(readers.map(rel)).toEqual([]);
  });

  it('has no relative import cycle inside a package (type-only imports included)', () => {
    const edges = new Map<string, string[]>();
    const known = new Set(files);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const deps: string[] = [];
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)) {
        const base = resolve(dirname(file), m[1]!);
        const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) =>
          known.has(c),
        );
        if (hit) deps.push(hit);
      }
      edges.set(file, deps);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const dep of edges.get(file) ?? []) {
        if (state.get(dep) === 'open') {
          cycles.push(stack.slice(stack.indexOf(dep)).concat(dep).map(rel).join(' -> '));
        } else if (!state.has(dep)) visit(dep);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('keeps source files under ~300 lines', () => {
    const long = files
      .map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 320);
    expect(long).toEqual([]);
  });
});
