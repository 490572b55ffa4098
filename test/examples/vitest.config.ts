import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { findChromium } from '../e2e/findChromium.ts';

const chromium = findChromium();

// What a user installs: the workspaces built and `npm pack`ed, installed from the tarballs
// into a temp dir once (globalSetup), then the README snippets typechecked against them and
// the example apps built and driven in Chromium. One file at a time: each builds an app on
// the same 2 cores.
export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'examples',
    environment: 'node',
    globalSetup: ['./installPackedExamples.ts'],
    include: chromium
      ? ['readmeSnippets.test.ts', 'exampleApps.e2e.test.ts']
      : ['readmeSnippets.test.ts', 'chromiumMissing.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
