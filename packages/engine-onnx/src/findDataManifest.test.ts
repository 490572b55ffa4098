import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { findDataManifest } from './findDataManifest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

test('finds the data package from the module, or else from a later start (a bundled app’s root)', async () => {
  const found = await findDataManifest();
  expect(found).toMatch(/node_modules\/@imgly\/background-removal-data\/dist\/resources\.json$/);
  const elsewhere = await mkdtemp(join(tmpdir(), 'cutout-no-modules-'));
  try {
    expect(await findDataManifest([elsewhere, root])).toBe(
      join(root, 'node_modules/@imgly/background-removal-data/dist/resources.json'),
    );
    await expect(findDataManifest([elsewhere])).rejects.toThrow(
      /background-removal-data is not installed in a node_modules above/,
    );
  } finally {
    await rm(elsewhere, { recursive: true, force: true });
  }
});
