// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';

it('imports and renders on a server: nothing touches window or document', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const lib = await import('./index');
  const html = renderToString(
    <lib.CutoutProvider endpoint="/api/cutout" queryClient={new QueryClient()}>
      <lib.CutoutDropzone />
      <lib.CompositePreview src="/cutout.png" />
      <lib.EdgeInspector src="/cutout.png" width={800} height={600} />
      <lib.CompareSlider before="/photo.jpg" after="/cutout.png" />
    </lib.CutoutProvider>,
  );
  expect(html).toContain('cutout-dropzone');
  expect(html).toContain('data-state="dark"');
  // The inspector and the slider load on demand: the server renders their placeholders.
  expect(html).toContain('class="cutout-compare" data-state="loading"');
  expect(html).toContain('class="cutout-inspector" data-state="loading"');
});

it('the editor entry imports and renders on a server too: its placeholder', async () => {
  const lib = await import('./index');
  const editor = await import('./editor');
  const html = renderToString(
    <lib.CutoutProvider endpoint="/api/cutout" queryClient={new QueryClient()}>
      <editor.CutoutEditor original="/photo.jpg" cutout="/cutout.png" />
    </lib.CutoutProvider>,
  );
  expect(html).toContain('class="cutout-editor" data-state="loading"');
});
