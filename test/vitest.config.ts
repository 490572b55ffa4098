import { defineProject } from 'vitest/config';
import { workspaceAlias } from '../vitest.shared.ts';

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    name: 'integration',
    environment: 'node',
    include: ['integration/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
