import { defineConfig } from 'vitest/config';

// Each package (and test/) owns its vitest project config; `npm test` runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/vitest.config.ts'],
  },
});
