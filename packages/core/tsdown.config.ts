import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/edges.ts', 'src/output.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
});
