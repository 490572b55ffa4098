import { defineConfig } from 'vitest/config';

// Each package (and test/) owns its vitest project config; `npm test` runs them all.
// The browser projects (stories as tests, e2e) run in real Chromium; without one they report
// a skipped test saying how to get it (an error under CI).
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'test/vitest.config.ts',
      '.storybook/vitest.config.ts',
      '.storybook/vitest.light.config.ts',
      'test/e2e/vitest.config.ts',
      'test/examples/vitest.config.ts',
    ],
  },
});
