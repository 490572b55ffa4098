#!/usr/bin/env node
// Screenshots of stories from a running Storybook, for looking at what a user sees:
//   node scripts/screenshots.mjs [--url http://127.0.0.1:6006] [--out test/artifacts/screenshots]
//        [--width 1280] [--height 800] [--full] [story-id | manager:path]...
// With no ids, takes every story in index.json. Uses Debian's Chromium (or CHROMIUM_PATH):
// never a browser downloaded by Playwright.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/chromium.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:6006' },
    out: { type: 'string', default: 'test/artifacts/screenshots' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
    full: { type: 'boolean', default: false },
    wait: { type: 'string', default: '600' },
  },
});

const base = values.url.replace(/\/$/, '');
let ids = positionals;
if (ids.length === 0) {
  const index = await (await fetch(`${base}/index.json`)).json();
  ids = Object.values(index.entries)
    .filter((e) => e.type === 'story')
    .map((e) => e.id);
}
await mkdir(values.out, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({
    viewport: { width: Number(values.width), height: Number(values.height) },
  });
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`  console error: ${m.text()}`);
  });
  for (const id of ids) {
    const url = id.startsWith('manager:')
      ? `${base}/?path=${id.slice('manager:'.length)}`
      : `${base}/iframe.html?id=${id}&viewMode=${id.endsWith('--docs') ? 'docs' : 'story'}`;
    const file = join(values.out, `${id.replace(/[^a-z0-9-]+/gi, '_')}.png`);
    try {
      // Not 'networkidle': some stories hold a request open on purpose (processing, stall).
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
      await page.waitForTimeout(Number(values.wait));
      await page.screenshot({ path: file, fullPage: values.full });
      console.log(file);
    } catch (error) {
      console.error(`  ${id}: ${error.message.split('\n')[0]}`);
    }
  }
} finally {
  await browser.close();
}
