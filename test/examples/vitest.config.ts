import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// The packed packages as a user installs them: README snippets typechecked against them, the
// example apps built and driven in Chromium (packedPackages.test.ts). Minutes, not seconds:
// it builds and packs the workspaces, installs two apps and builds them on 2 shared cores.
export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'examples',
    environment: 'node',
    include: ['packedPackages.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
