import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { workspaceAlias } from '../../vitest.shared.ts';
import { findChromium } from './findChromium.ts';

const chromium = findChromium();

export default defineProject({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: workspaceAlias },
  test: {
    name: 'e2e',
    environment: 'node',
    include: chromium ? ['**/*.e2e.test.ts'] : ['chromiumMissing.test.ts'],
    // Builds Storybook and loads the ONNX model once: minutes on 2 shared cores, not seconds.
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
