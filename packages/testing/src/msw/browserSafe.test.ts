import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/** Every source file the msw entry reaches through relative imports. */
function reachable(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const source = readFileSync(file, 'utf8');
    seen.set(file, source);
    for (const [, spec] of source.matchAll(/from\s+'([^']+)'/g)) {
      if (spec!.startsWith('.')) visit(`${resolve(dirname(file), spec!)}.ts`);
    }
  };
  visit(entry);
  return seen;
}

describe('@cutout/testing/msw', () => {
  it('imports nothing that cannot run in a browser (no node:, sharp, busboy)', () => {
    const files = reachable(resolve(here, 'index.ts'));
    expect(files.size).toBeGreaterThan(5);
    const bare = new Set<string>();
    for (const source of files.values()) {
      for (const [, spec] of source.matchAll(/from\s+'([^'.][^']*)'/g)) bare.add(spec!);
    }
    expect([...bare].sort()).toEqual(['@cutout/core', 'msw']);
  });
});
