import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Workspace packages resolve to their TypeScript sources in tests and Storybook,
 * so nothing has to be built before `npm test`.
 */
export const workspaceAlias = [
  { find: /^@cutout\/core\/output$/, replacement: `${root}packages/core/src/output.ts` },
  { find: /^@cutout\/testing\/msw$/, replacement: `${root}packages/testing/src/msw/index.ts` },
  { find: /^@cutout\/react\/export$/, replacement: `${root}packages/react/src/export.ts` },
  { find: /^@cutout\/core\/edges$/, replacement: `${root}packages/core/src/edges.ts` },
  { find: /^@cutout\/proxy\/compose$/, replacement: `${root}packages/proxy/src/compose.ts` },
  { find: /^@cutout\/react\/editor$/, replacement: `${root}packages/react/src/editor.ts` },
  { find: /^@cutout\/queue\/sources$/, replacement: `${root}packages/queue/src/sources.ts` },
  { find: /^@cutout\/proxy\/node$/, replacement: `${root}packages/proxy/src/node.ts` },
  { find: /^@cutout\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];
