// Bundled into a blank Chromium page by outputParity.test.ts: the export panel's own browser
// path (decode through a canvas, core's composeRaster, canvas, encode), with nothing else.
import type { OutputOptions } from '@cutout/core/output';
import { createExportSession } from '../../packages/react/src/exportSession';

async function composeInBrowser(pngBase64: string, options: OutputOptions): Promise<string> {
  const bytes = Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0));
  const session = createExportSession();
  await session.load(new Blob([bytes], { type: 'image/png' }));
  const frame = await session.compose(options, 64);
  frame.bitmap.close();
  const file = new Uint8Array(await (await session.encode()).arrayBuffer());
  let binary = '';
  for (let i = 0; i < file.length; i += 0x8000) {
    binary += String.fromCharCode(...file.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

(globalThis as { composeInBrowser?: typeof composeInBrowser }).composeInBrowser = composeInBrowser;
