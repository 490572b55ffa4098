import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    // The fake server and image helpers: node:http and sharp.
    entry: { index: 'src/index.ts' },
    format: 'esm',
    platform: 'node',
    // .js + .d.ts like the other packages' exports map, not .mjs/.d.mts.
    fixedExtension: false,
    target: 'es2022',
    dts: true,
    sourcemap: true,
    clean: true,
  },
  {
    // MSW handlers: run in browsers and jsdom, so no node: imports and no sharp.
    entry: { 'msw/index': 'src/msw/index.ts' },
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    sourcemap: true,
    clean: false,
  },
]);
