#!/usr/bin/env node
// Proxy overhead (issue #3 §7): the proxy vs a raw node:http pipe in front of the same fake
// upstream, with autocannon at concurrency 1, 64 and 256; then the proxy's RSS with 100
// concurrent 10 MB uploads in flight. The proxy and the pipe each run in their own child
// process (the built `cutout serve` and a 20-line pipe), the fake in a third one (sharing an
// event loop with autocannon, it was the bottleneck of the proxy's runs, which call it twice
// per image), and the load in this one.
// Short runs (a few seconds each), bounded; `npm run bench -- proxy`.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { makeTestImage } from '@cutout/testing';
import autocannon from 'autocannon';
import { root, startChild, stop } from './_childProcess.mjs';

const KEY = 'bench-key';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 4);

const RAW_PIPE = `
const http = require('node:http');
const upstream = new URL(process.env.UPSTREAM);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
http.createServer((req, res) => {
  const up = http.request({ host: upstream.hostname, port: upstream.port, path: '/v1/open/remove_bg', method: 'POST', agent,
    headers: { ...req.headers, host: upstream.host, authorization: 'Bearer ' + process.env.KEY } }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on('error', () => { res.destroy(); });
  req.pipe(up);
}).listen(0, '127.0.0.1', function () { console.log(JSON.stringify({ url: 'http://127.0.0.1:' + this.address().port })); });
`;

const FAKE = `
import { startFakeCodia } from '@cutout/testing';
const fake = await startFakeCodia({ apiKey: process.env.KEY });
console.log(JSON.stringify({ url: fake.url }));
process.on('SIGTERM', () => fake.close().then(() => process.exit(0)));
`;

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function multipart(bytes) {
  const boundary = '----cutoutbench';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    body: Buffer.concat([head, bytes, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
    head,
    tail,
  };
}

async function cannon(url, connections, body, contentType, duration = DURATION_S) {
  const result = await autocannon({
    url: `${url}/v1/open/remove_bg`,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': contentType },
    body,
    timeout: 30,
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    // Answers with 2xx per second: since issue 14 the proxy sheds excess load with instant 503s,
    // which autocannon's request rate would count as throughput.
    rps: result['2xx'] / duration,
    ok: result['2xx'],
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

const fakeChild = await startChild(['--input-type=module', '-e', FAKE], { KEY });
const fake = { url: fakeChild.url, close: () => stop(fakeChild.child) };
// Small image: the fake's own cutout work must not hide the proxy's overhead.
const small = await makeTestImage({ width: 160, height: 120, quality: 80 });
const { body, contentType } = multipart(small);

const proxy = await startChild([join(root, 'packages/cli/dist/cli.js'), 'serve'], {
  PORT: '0',
  CODIA_API_KEY: KEY,
  CODIA_BASE_URL: fake.url,
});
const pipe = await startChild(['-e', RAW_PIPE], { UPSTREAM: fake.url, KEY });

const rows = [];
try {
  for (const c of [1, 64, 256]) {
    // Warm both (JIT, sockets), then measure side by side.
    await cannon(pipe.url, c, body, contentType, 1).catch(() => {});
    const raw = await cannon(pipe.url, c, body, contentType);
    await cannon(proxy.url, c, body, contentType, 1).catch(() => {});
    const px = await cannon(proxy.url, c, body, contentType);
    rows.push({ c, raw, px });
    console.log(`c=${c} raw ${JSON.stringify(raw)} proxy ${JSON.stringify(px)}`);
  }
} finally {
  await stop(pipe.child);
}

// RSS with 100 concurrent 10 MB uploads in flight: each upload trickles (64 KiB every
// 20 ms, ~3 MB/s), so all 100 are mid-body at once; we sample the proxy's RSS meanwhile.
const UPLOADS = 100;
const SIZE = 10 * 1024 * 1024;
const photo = await makeTestImage({ width: 640, height: 480 });
const rssBefore = rssMb(proxy.child.pid);
let rssPeak = rssBefore;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, rssMb(proxy.child.pid));
}, 50);
let inFlightPeak = 0;
let inFlight = 0;
const statuses = {};
const target = new URL(proxy.url);
await Promise.all(
  Array.from(
    { length: UPLOADS },
    () =>
      new Promise((resolve) => {
        const { head, tail, contentType: ct } = multipart(Buffer.alloc(0));
        const req = request(
          {
            host: target.hostname,
            port: target.port,
            path: '/v1/open/remove_bg',
            method: 'POST',
            headers: { 'content-type': ct },
          },
          (res) => {
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            res.resume();
            res.on('end', resolve);
          },
        );
        req.on('error', () => {
          statuses.error = (statuses.error ?? 0) + 1;
          resolve();
        });
        inFlight++;
        inFlightPeak = Math.max(inFlightPeak, inFlight);
        req.write(head);
        req.write(photo);
        let sent = photo.byteLength;
        const chunk = Buffer.alloc(64 * 1024, 0);
        const tick = () => {
          if (sent >= SIZE) {
            req.end(tail);
            inFlight--;
            return;
          }
          sent += chunk.length;
          req.write(chunk);
          setTimeout(tick, 20);
        };
        tick();
      }),
  ),
);
clearInterval(sampler);
await stop(proxy.child);
await fake.close();

const fmt = (n) => n.toFixed(1);
console.log(
  '\n| concurrency | raw pipe p50 / p99 (ms) | proxy p50 / p99 (ms) | added p50 / p99 (ms) | raw 2xx/s | proxy 2xx/s | throughput ratio | errors (raw / proxy) |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const { c, raw, px } of rows) {
  console.log(
    `| ${c} | ${fmt(raw.p50)} / ${fmt(raw.p99)} | ${fmt(px.p50)} / ${fmt(px.p99)} | ${fmt(px.p50 - raw.p50)} / ${fmt(px.p99 - raw.p99)} | ${fmt(raw.rps)} | ${fmt(px.rps)} | ${((px.rps / raw.rps) * 100).toFixed(0)}% | ${raw.bad} / ${px.bad} |`,
  );
}
console.log(
  `\nRSS of the proxy with ${UPLOADS} concurrent ${SIZE / 1024 / 1024} MB uploads in flight: ${fmt(rssBefore)} MB before, ${fmt(rssPeak)} MB peak, growth ${fmt(rssPeak - rssBefore)} MB (answers: ${JSON.stringify(statuses)}).`,
);
