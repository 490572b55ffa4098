import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { CompositePreview } from './CompositePreview';
import { CutoutDropzone } from './CutoutDropzone';
import { setupCodiaMockServer } from './test/codiaMockServer';
import { pngFile, renderWithCutout } from './test/fixtures';

const { mock, urls } = setupCodiaMockServer();

/** The root README's React example, as written there (issue 15 §6). */
function ProductImages() {
  const [src, setSrc] = useState<string>();
  return (
    <>
      <CutoutDropzone onCutout={(cutout) => setSrc(cutout.objectUrl)} renderResult={() => null} />
      {src && <CompositePreview src={src} alt="Product" />}
    </>
  );
}

describe('object URL lifetime (the README pattern: keep cutout.objectUrl in state)', () => {
  it('a URL kept in state stays valid after a later failed upload, and is revoked once replaced', async () => {
    const { container, unmount } = renderWithCutout(<ProductImages />);
    const input = () => container.querySelector<HTMLInputElement>('input[type=file]')!;
    await userEvent.upload(input(), await pngFile());
    const preview = await screen.findByRole('img', { name: 'Product' });
    const first = preview.getAttribute('src')!;
    expect(first).toMatch(/^blob:test\//);

    // A second upload fails for good (out of credits): the stored URL must still work.
    mock.setScenario('credits');
    await userEvent.upload(input(), await pngFile(600, 500, 'second.png'));
    await waitFor(() => expect(container.querySelector('[data-error="credits"]')).not.toBeNull());
    expect(screen.getByRole('img', { name: 'Product' }).getAttribute('src')).toBe(first);
    expect(urls.revoked).not.toContain(first);

    // A later success replaces it: the old URL goes, the new one is live.
    mock.setScenario('success');
    await userEvent.upload(input(), await pngFile(700, 500, 'third.png'));
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'Product' }).getAttribute('src')).not.toBe(first),
    );
    const third = screen.getByRole('img', { name: 'Product' }).getAttribute('src')!;
    expect(urls.revoked).toContain(first);
    expect(urls.live()).toEqual([third]);
    unmount();
    expect(urls.live()).toEqual([]);
  });
});
