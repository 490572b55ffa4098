import { defineConfig } from 'tsdown';

export default defineConfig({
  // The worker is its own entry: `new Worker(new URL('./edgeWorker.js', import.meta.url))`
  // in the published files is what app bundlers (Vite, webpack 5, Next) recognise and bundle.
  entry: [
    'src/index.ts',
    'src/editor.ts',
    'src/edgeWorker.ts',
    'src/decodeWorker.ts',
    'src/export.ts',
    'src/exportWorker.ts',
  ],
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  plugins: [
    {
      name: 'cutout-worker-url',
      // Sources point at edgeWorker.ts (Vite and Storybook run them as is); dist has .js.
      transform(code, id) {
        if (id.endsWith('analyzeEdgesAsync.ts'))
          return code.replace("'./edgeWorker.ts'", "'./edgeWorker.js'");
        if (id.endsWith('decodePixels.ts'))
          return code.replace("'./decodeWorker.ts'", "'./decodeWorker.js'");
        if (id.endsWith('exportComposer.ts'))
          return code.replace("'./exportWorker.ts'", "'./exportWorker.js'");
        return null;
      },
    },
  ],
});
