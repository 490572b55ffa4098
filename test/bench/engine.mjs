#!/usr/bin/env node
// Engine benchmark (issues #4, #10): quality and speed of the local engine, side by side with
// (a) the raw model mask resized bilinearly as alpha and (b) the peer
// @imgly/background-removal-node (medium), on the rendered dev set with exact ground truth
// (test/devset/: studio shots rendered with Blender, per tag), plus what each stage of our
// post-processing buys and how well the "needs review" signal flags the worst cutouts.
// Run: `npm run build -w @cutout/engine-onnx && node test/bench/engine.mjs` (or `npm run
// bench -- engine`); `--only speed,throughput` re-runs some parts; `--quick` skips 12 MP. Each part runs in its own process so peak RSS is per method; figures are
// medians. Results also land in test/bench/.data/engine-results.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const dataDir = `${here}.data/`;
const part = process.argv[process.argv.indexOf('--part') + 1];
const quick = process.argv.includes('--quick');
const shardArg = process.argv.indexOf('--shard');
const shard = shardArg > 0 ? process.argv[shardArg + 1].split('/').map(Number) : undefined;
// The quality parts score each case on its own, so they run as four processes over every
// fourth case (the cases' metrics are single-threaded JavaScript; the box has 2 cores).
const SHARDED = { quality: 4, 'quality-small': 4 };

if (process.argv.includes('--part')) {
  const { runPart } = await import('./_engineParts.mjs');
  const result = await runPart(part, { quick, dataDir, shard });
  result.peakRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(`@@RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

mkdirSync(dataDir, { recursive: true });
const allParts = [
  'quality',
  'quality-small',
  'models',
  'speed',
  'rss-ours',
  'rss-peer',
  'throughput',
];
// `--only speed,throughput` re-runs some parts and keeps the others' last results.
const onlyArg = process.argv.indexOf('--only');
const parts = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : allParts;
const resultsFile = `${dataDir}engine-results.json`;
const results =
  onlyArg > 0 && existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
function runProcess(name, extra = []) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--part', name, ...extra, ...(quick ? ['--quick'] : [])],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60 * 60 * 1000 },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on('close', () => {
      const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
      resolve(line ? JSON.parse(line.slice('@@RESULT '.length)) : { error: stderr.slice(-800) });
    });
  });
}

for (const name of parts) {
  const t0 = performance.now();
  process.stderr.write(`engine bench: ${name}…`);
  const n = SHARDED[name] ?? 1;
  const shards = await Promise.all(
    Array.from({ length: n }, (_, i) => runProcess(name, n > 1 ? ['--shard', `${i}/${n}`] : [])),
  );
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  const failed = shards.find((r) => r.error);
  if (failed) {
    results[name] = failed;
    process.stderr.write(`  failed: ${failed.error}\n`);
    continue;
  }
  results[name] =
    n === 1
      ? shards[0]
      : {
          rows: shards.flatMap((r) => r.rows).sort((a, b) => a.order - b.order),
          peakRssMB: Math.max(...shards.map((r) => r.peakRssMB)),
        };
}
// Re-read before writing: another `--only` run may have finished meanwhile.
const latest = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
for (const name of parts) latest[name] = results[name];
for (const key of Object.keys(latest)) if (!allParts.includes(key)) delete latest[key];
writeFileSync(resultsFile, JSON.stringify(latest, null, 2));
Object.assign(results, latest);
const { formatReport } = await import('./_engineReport.mjs');
console.log(formatReport(results));
