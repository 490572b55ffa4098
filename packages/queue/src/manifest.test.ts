import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSources, type SourceItem } from './collectSources';
import { readManifest } from './manifest';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutout-manifest-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('readManifest', () => {
  it('reads named columns in any order, quoted fields, BOM, CRLF and comments', async () => {
    const path = join(dir, 'named.csv');
    await writeFile(
      path,
      '\uFEFFsku,Output,Image_URL\r\n# a comment\r\nA,"x, y.png",https://cdn.example/a.jpg\r\nB,,img/b.jpg\r\n\r\n',
    );
    expect(await all(readManifest(path))).toEqual([
      { source: 'https://cdn.example/a.jpg', output: 'x, y.png', line: 3 },
      { source: join(dir, 'img/b.jpg'), line: 4 },
    ]);
  });

  it('without a header: column 1 is the source, column 2 the output', async () => {
    const path = join(dir, 'plain.csv');
    await writeFile(path, '/abs/a.jpg,first\nrel/b.png\n');
    expect(await all(readManifest(path))).toEqual([
      { source: '/abs/a.jpg', output: 'first', line: 1 },
      { source: join(dir, 'rel/b.png'), line: 2 },
    ]);
  });
});

describe('collectSources', () => {
  it('walks folders (images only, dot entries skipped), keeps sub-paths, reports bad inputs', async () => {
    const root = join(dir, 'catalog');
    await mkdir(join(root, 'shoes'), { recursive: true });
    await mkdir(join(root, '.cache'), { recursive: true });
    await Promise.all([
      writeFile(join(root, 'b.JPG'), 'x'),
      writeFile(join(root, 'a.webp'), 'x'),
      writeFile(join(root, 'notes.txt'), 'x'),
      writeFile(join(root, '.hidden.jpg'), 'x'),
      writeFile(join(root, '.cache', 'c.jpg'), 'x'),
      writeFile(join(root, 'shoes', 'red.png'), 'x'),
      writeFile(join(dir, 'single.bin'), 'x'),
    ]);
    const items = await all(
      collectSources([
        root,
        join(dir, 'single.bin'),
        'https://cdn.example/p/x.jpg',
        join(dir, 'nope'),
        'http://',
      ]),
    );
    expect(items).toEqual<SourceItem[]>([
      { type: 'file', path: join(root, 'a.webp'), output: 'a.png' },
      { type: 'file', path: join(root, 'b.JPG'), output: 'b.png' },
      { type: 'file', path: join(root, 'shoes', 'red.png'), output: 'shoes/red.png' },
      { type: 'file', path: join(dir, 'single.bin'), output: 'single.png' },
      { type: 'url', url: 'https://cdn.example/p/x.jpg', output: 'x.png' },
      { type: 'invalid', input: join(dir, 'nope'), message: 'No such file, folder or URL.' },
      { type: 'invalid', input: 'http://', message: 'Not a valid URL.' },
    ]);
  });
});
