import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashFile, jobIdForHash } from '@cutout/queue/sources';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expandRemoveInputs } from './expandRemoveInputs';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutout-expand-'));
  await mkdir(join(dir, 'photos/shoes'), { recursive: true });
  await mkdir(join(dir, 'other'), { recursive: true });
  await writeFile(join(dir, 'photos/mug.jpg'), 'a');
  await writeFile(join(dir, 'photos/shoes/red.webp'), 'b');
  await writeFile(join(dir, 'photos/.hidden.png'), 'c');
  await writeFile(join(dir, 'photos/notes.txt'), 'd');
  await writeFile(join(dir, 'other/mug.png'), 'e');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('keeps relative paths of folders and gives a later claimant of a name its id tail', async () => {
  const url = 'https://images.example/cat/red%20mug.jpg?x=1';
  const { inputs, invalid } = await expandRemoveInputs([
    join(dir, 'photos'),
    join(dir, 'other/mug.png'),
    join(dir, 'photos/mug.jpg'), // named again: once is enough
    url,
    join(dir, 'missing.jpg'),
  ]);
  const id = jobIdForHash((await hashFile(join(dir, 'other/mug.png'))).sha256);
  expect(inputs.map((i) => i.output)).toEqual([
    'mug.png',
    'shoes/red.png',
    `mug-${id.slice(-12)}.png`,
    'red mug.png',
  ]);
  expect(inputs[3]).toMatchObject({ url: true, source: url });
  expect(invalid).toEqual([{ input: join(dir, 'missing.jpg'), message: expect.any(String) }]);
});
