import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// The packed packages as a user installs them: README snippets typechecked against them, the
// example apps built and driven in Chromium (packedPackages.test.ts). Minutes, not seconds:
// it builds and packs the workspaces, installs two apps and builds them on 2 shared cores,
// at the lowest CPU priority (nice), so the bounds below are generous.
export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'examples',
    environment: 'node',
    include: ['packedPackages.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 1_500_000,
  },
});
