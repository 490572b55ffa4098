import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sniffImage } from '@cutout/core';
import { type FakeCodia, makeTestImage, startFakeCodia } from '@cutout/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleSources } from './bundleSources';

/**
 * The Setups section of packages/proxy/README.md, run as written: each snippet is cut out of
 * the README, bundled (workspace packages from their sources) and driven with a real upload
 * against the fake Codia. Only what cannot run here is substituted (the upstream's address,
 * fixed ports, the reader's own auth), and every substitution must match, so a README that
 * drifts from these shapes fails here.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'sk-readme-0f1e2d3c';
const cache = join(root, 'node_modules/.cache/cutout-readme-test');
let fake: FakeCodia;
let readme: string;
let image: Uint8Array;

beforeAll(async () => {
  fake = await startFakeCodia({ apiKey: KEY });
  readme = await readFile(join(root, 'packages/proxy/README.md'), 'utf8');
  image = await makeTestImage({ width: 640, height: 480 });
  process.env.CODIA_API_KEY = KEY;
  process.env.CODIA_BASE_URL = fake.url;
  await mkdir(cache, { recursive: true });
});
afterAll(async () => {
  await fake?.close();
  delete process.env.CODIA_API_KEY;
  delete process.env.CODIA_BASE_URL;
  await rm(cache, { recursive: true, force: true });
});

/** The first ```ts block after the heading. */
function snippet(heading: string): string {
  const at = readme.indexOf(`### ${heading}`);
  expect(at, `README heading "${heading}"`).toBeGreaterThan(-1);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block?.[1]) throw new Error(`no ts block under "${heading}"`);
  return block[1];
}

function substitute(code: string, pairs: [string | RegExp, string][]): string {
  let out = code;
  for (const [from, to] of pairs) {
    const next = out.replace(from, to);
    expect(next, `README snippet no longer contains ${String(from)}`).not.toBe(out);
    out = next;
  }
  return out;
}

const POINT_AT_FAKE: [string, string] = [
  'codiaEngine({ apiKey: process.env.CODIA_API_KEY! })',
  'codiaEngine({ apiKey: process.env.CODIA_API_KEY!, baseUrl: process.env.CODIA_BASE_URL })',
];

async function load<T>(name: string, code: string): Promise<T> {
  const outfile = join(cache, `${name}-${process.pid}.mjs`);
  const entry = join(cache, `${name}-${process.pid}.ts`);
  await writeFile(entry, code);
  await bundleSources(entry, outfile);
  return (await import(pathToFileURL(outfile).href)) as T;
}

function upload(url: string): Request {
  const form = new FormData();
  form.set('image', new Blob([image as BlobPart], { type: 'image/png' }), 'photo.png');
  return new Request(url, { method: 'POST', body: form, headers: { Accept: 'image/png' } });
}

async function expectCutout(res: Response): Promise<void> {
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(sniffImage(bytes)).toMatchObject({ format: 'png', width: 640, height: 480 });
}

describe('packages/proxy/README.md setups', () => {
  test('Next.js route handler: POST and GET', async () => {
    const code = substitute(snippet('Next.js (App Router)'), [
      POINT_AT_FAKE,
      [/^/, 'const getSession = async (req: Request) => req.headers.get("x-user");\n'],
    ]);
    const route = await load<{
      POST: (req: Request) => Promise<Response>;
      GET: (req: Request) => Promise<Response>;
      runtime: string;
    }>('next', code);
    expect(route.runtime).toBe('nodejs');
    const base = 'http://app.test/api/cutout';
    const refused = await route.POST(upload(`${base}/v1/open/remove_bg`));
    expect(refused.status).toBe(401);
    const req = upload(`${base}/v1/open/remove_bg`);
    req.headers.set('x-user', 'ada');
    await expectCutout(await route.POST(req));
    const health = await route.GET(new Request(`${base}/healthz`));
    expect(health.status).toBe(200);
  });

  test('Hono app (and its fetch, as Bun serves it)', async () => {
    const code = substitute(snippet('Hono / Bun'), [POINT_AT_FAKE]);
    const { default: app } = await load<{ default: { fetch(req: Request): Promise<Response> } }>(
      'hono',
      code,
    );
    await expectCutout(await app.fetch(upload('http://app.test/api/cutout/v1/open/remove_bg')));
  });

  test('node:http and Express listeners', async () => {
    const code = substitute(snippet('node:http, Express, Connect'), [
      POINT_AT_FAKE,
      [
        'createServer(toNodeListener(handler)).listen(8787)',
        'export const plain = createServer(toNodeListener(handler)).listen(0, "127.0.0.1")',
      ],
      [
        "express().use('/api/cutout', toNodeListener(handler)).listen(3000)",
        "export const mounted = express().use('/api/cutout', toNodeListener(handler)).listen(0, '127.0.0.1')",
      ],
    ]);
    const { plain, mounted } = await load<{ plain: Server; mounted: Server }>('node', code);
    try {
      for (const [server, path] of [
        [plain, '/v1/open/remove_bg'],
        [mounted, '/api/cutout/v1/open/remove_bg'],
      ] as const) {
        if (!server.listening) await new Promise((r) => server.once('listening', r));
        const { port } = server.address() as AddressInfo;
        await expectCutout(await fetch(upload(`http://127.0.0.1:${port}${path}`)));
      }
    } finally {
      await Promise.all([plain, mounted].map((s) => new Promise((r) => s.close(r))));
    }
  });
});
