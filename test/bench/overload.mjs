#!/usr/bin/env node
// Load shedding (issue 14 item 5): 200 concurrent 2 MB photo uploads over loopback against the
// built `cutout serve` (Codia engine) in front of the fake Codia with the service's latency
// (600 ms of processing per call), once with the default cap on concurrent engine calls and
// once with a lower cap (32, so the burst overflows the queue) and once with the cap out of the
// way (CUTOUT_UPSTREAM_CONCURRENCY=10000), in the same run.
// Every upload is its own connection; a success is a 200 whose result then downloads (the
// client's second request). Figures and method: test/bench/README.md, "Load shedding".
// `npm run bench -- overload`; env OVERLOAD_N (default 200), OVERLOAD_LATENCY_MS (600),
// OVERLOAD_WORK_PIXELS (the fake keys out a copy shrunk to this many pixels; 0 = full size).
import { request } from 'node:http';
import { join } from 'node:path';
import { makeTestImage } from '@cutout/testing';
import { root, startChild, stop } from './_childProcess.mjs';

const KEY = 'bench-key';
const N = Number(process.env.OVERLOAD_N ?? 200);
const LATENCY_MS = Number(process.env.OVERLOAD_LATENCY_MS ?? 600);
const WORK_PIXELS = Number(process.env.OVERLOAD_WORK_PIXELS ?? 500_000);
// Longer than anything the proxy does (engine 60 s per call, 120 s per request): a request
// the bench gives up on counts as a failure, never as silence.
const CLIENT_TIMEOUT_MS = 150_000;

const FAKE = `
import { startFakeCodia } from '@cutout/testing';
const fake = await startFakeCodia({ apiKey: process.env.KEY, latencyMs: Number(process.env.LATENCY),
  workMaxPixels: Number(process.env.WORK_PIXELS) || undefined });
console.log(JSON.stringify({ url: fake.url }));
process.on('SIGTERM', () => fake.close().then(() => process.exit(0)));
`;

/** One HTTP exchange on its own connection; resolves with what came back, never rejects. */
function exchange(url, { method = 'GET', headers = {}, body } = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { method, headers, agent: false, timeout: CLIENT_TIMEOUT_MS });
    const done = (r) => resolve({ ...r, ms: performance.now() - started });
    req.on('timeout', () => req.destroy(new Error('bench timeout')));
    req.on('error', (e) => done({ status: 0, error: e.code ?? e.message }));
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (e) => done({ status: 0, error: e.code ?? e.message }));
      res.on('end', () =>
        done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    if (body) req.end(body);
    else req.end();
  });
}

async function oneUpload(base, body, contentType) {
  const post = await exchange(`${base}/v1/open/remove_bg`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'content-length': String(body.length) },
    body,
  });
  let json;
  try {
    json = JSON.parse(post.body?.toString('utf8') ?? '');
  } catch {}
  if (post.status === 200 && typeof json?.data?.image_url === 'string') {
    const get = await exchange(json.data.image_url);
    return {
      outcome: get.status === 200 ? 'ok' : `download ${get.status || get.error}`,
      ms: post.ms + get.ms,
    };
  }
  if (post.status === 503) {
    const shed = json?.code === 50000 && Number(post.headers['retry-after']) >= 1;
    return {
      outcome: shed ? 'refused' : '503 without code 50000 + Retry-After',
      ms: post.ms,
      reason: json?.reason,
      retryAfter: Number(post.headers['retry-after']),
    };
  }
  return {
    outcome: `${post.status || post.error}${json?.reason ? ` ${json.reason}` : ''}`,
    ms: post.ms,
  };
}

const median = (xs) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function burst(label, capEnv, fakeUrl, body, contentType) {
  const proxy = await startChild(
    [join(root, 'packages/cli/dist/cli.js'), 'serve'],
    {
      PORT: '0',
      CODIA_API_KEY: KEY,
      CODIA_BASE_URL: fakeUrl,
      ...capEnv,
    },
    { keepLogs: true },
  );
  try {
    // One call first (sockets, JIT), not counted.
    await oneUpload(proxy.url, body, contentType);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: N }, () => oneUpload(proxy.url, body, contentType)),
    );
    const wallMs = performance.now() - started;
    // The proxy's own handling time of its 503s (from its request log).
    const handlerRefusals = proxy.logs
      .filter((l) => l.status === 503 && l.path === '/v1/open/remove_bg')
      .map((l) => l.ms);
    const ok = results.filter((r) => r.outcome === 'ok');
    const refused = results.filter((r) => r.outcome === 'refused');
    const failed = results.filter((r) => r.outcome !== 'ok' && r.outcome !== 'refused');
    const accepted = N - refused.length;
    const other = {};
    for (const r of failed) other[r.outcome] = (other[r.outcome] ?? 0) + 1;
    const reasons = {};
    for (const r of refused) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
    const row = {
      label,
      accepted,
      ok: ok.length,
      okRate: accepted > 0 ? ok.length / accepted : Number.NaN,
      refused: refused.length,
      reasons,
      refusedP50: median(refused.map((r) => r.ms)),
      refusedMax: refused.length ? Math.max(...refused.map((r) => r.ms)) : Number.NaN,
      refusedMin: refused.length ? Math.min(...refused.map((r) => r.ms)) : Number.NaN,
      // Refused at the door (queue full) vs after waiting in the queue (queueTimeoutMs).
      refusedFast: refused.filter((r) => r.ms < 1000).length,
      proxyRefusedFast: handlerRefusals.filter((ms) => ms < 1000).length,
      proxyRefusedP50: median(handlerRefusals),
      retryAfter: median(refused.map((r) => r.retryAfter)),
      okP50: median(ok.map((r) => r.ms)),
      okP95: pct(
        ok.map((r) => r.ms),
        95,
      ),
      other,
      wallMs,
    };
    console.log(JSON.stringify(row));
    return row;
  } finally {
    await stop(proxy.child);
  }
}

const photo = await makeTestImage({ width: 2400, height: 1800, texture: 'noise', quality: 100 });
const boundary = '----cutoutoverload';
const body = Buffer.concat([
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  ),
  photo,
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);
const contentType = `multipart/form-data; boundary=${boundary}`;
const { readFileSync } = await import('node:fs');
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(
  `${N} concurrent uploads of a ${(photo.length / 1e6).toFixed(2)} MB 2400x1800 JPEG, fake latency ${LATENCY_MS} ms, fake work ${WORK_PIXELS ? `on ≤ ${WORK_PIXELS} px` : 'at full size'}; load average before: ${load}`,
);

const fake = await startChild(['--input-type=module', '-e', FAKE], {
  KEY,
  LATENCY: String(LATENCY_MS),
  WORK_PIXELS: String(WORK_PIXELS),
});
const rows = [];
try {
  rows.push(await burst('cap 64 (default)', {}, fake.url, body, contentType));
  // A burst far over cap + queue (32 + 64 waiting): the queue-full path, refused at the door.
  rows.push(
    await burst('cap 32', { CUTOUT_UPSTREAM_CONCURRENCY: '32' }, fake.url, body, contentType),
  );
  rows.push(
    await burst(
      'cap off (10000)',
      { CUTOUT_UPSTREAM_CONCURRENCY: '10000' },
      fake.url,
      body,
      contentType,
    ),
  );
} finally {
  await stop(fake.child);
}

const f0 = (n) => (Number.isFinite(n) ? n.toFixed(0) : '–');
console.log(
  '\n| proxy | accepted | succeeded (of accepted) | refused 503 / 50000 | refused < 1 s (client / proxy) | refusal min / p50 / max (ms) | proxy-side refusal p50 (ms) | Retry-After p50 (s) | success p50 / p95 (ms) | other failures | burst wall (s) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.accepted} | ${r.ok} (${(r.okRate * 100).toFixed(1)} %) | ${r.refused}${r.refused ? ` ${JSON.stringify(r.reasons)}` : ''} | ${r.refusedFast} / ${r.proxyRefusedFast} | ${f0(r.refusedMin)} / ${f0(r.refusedP50)} / ${f0(r.refusedMax)} | ${Number.isFinite(r.proxyRefusedP50) ? r.proxyRefusedP50.toFixed(1) : '–'} | ${f0(r.retryAfter)} | ${f0(r.okP50)} / ${f0(r.okP95)} | ${Object.keys(r.other).length ? JSON.stringify(r.other) : 'none'} | ${(r.wallMs / 1000).toFixed(1)} |`,
  );
}
