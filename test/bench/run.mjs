#!/usr/bin/env node
// `npm run bench`: runs each benchmark of test/bench one after another (never in parallel:
// the machine has 2 cores and figures must not disturb each other).
// `npm run bench -- proxy` runs only the named ones.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('_'))
  .map((f) => f.replace(/\.mjs$/, ''))
  .sort();
const chosen = only.length > 0 ? all.filter((n) => only.includes(n)) : all;

// Benchmarks import the built packages (dist), as users would.
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: join(here, '../..') });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = 0;
for (const name of chosen) {
  const file = join(here, `${name}.mjs`);
  if (!existsSync(file)) continue;
  console.log(`\n=== bench: ${name} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
