import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { CutoutDropzone } from './CutoutDropzone';
import { setupCodiaMockServer } from './test/codiaMockServer';
import { expectNoAxeViolations, pngFile, renderWithCutout, tick } from './test/fixtures';

const REMOTE = 'https://images.example/product.png';
const { mock, server, urls } = setupCodiaMockServer(
  { retryAfterS: 3 },
  // A third-party image host the fake fetches `image_url` from.
  http.get(REMOTE, async () => {
    const file = await pngFile(640, 480);
    return new HttpResponse(await file.arrayBuffer(), { headers: { 'content-type': 'image/png' } });
  }),
);

/** What a browser's ClipboardEvent carries for a copied image file. */
const clipboardWith = (file: File) => ({
  files: [file],
  items: [{ kind: 'file', type: file.type, getAsFile: () => file }],
  types: ['Files'],
  getData: () => '',
});

const fileInput = (container: HTMLElement) =>
  container.querySelector<HTMLInputElement>('input[type=file]')!;
const root = (container: HTMLElement) => container.firstElementChild as HTMLElement;

describe('CutoutDropzone', () => {
  it('idle: a labelled keyboard target, the URL field, no violations', async () => {
    const { container } = renderWithCutout(<CutoutDropzone />);
    expect(screen.getByRole('group', { name: 'Upload a product photo' })).toBeTruthy();
    const choose = screen.getByRole('button', { name: 'Choose a file' });
    choose.focus();
    expect(document.activeElement).toBe(choose);
    expect(fileInput(container).accept).toBe('image/jpeg,image/png,image/webp');
    expect(screen.getByLabelText('Or an image URL')).toBeTruthy();
    expect(root(container).dataset.state).toBe('idle');
    await expectNoAxeViolations(container);
  });

  it('a picked file becomes a cutout: onCutout, the result image, data-state done', async () => {
    const onCutout = vi.fn();
    const { container } = renderWithCutout(<CutoutDropzone onCutout={onCutout} />);
    const file = await pngFile();
    await userEvent.upload(fileInput(container), file);
    const img = await screen.findByRole('img', { name: 'Cutout result' });
    expect(img.getAttribute('src')).toMatch(/^blob:test\//);
    expect(root(container).dataset.state).toBe('done');
    expect(onCutout).toHaveBeenCalledTimes(1);
    expect(onCutout.mock.calls[0]![0]).toMatchObject({ width: 500, height: 420 });
    expect(onCutout.mock.calls[0]![1]).toBe(file);
    await expectNoAxeViolations(container);
  });

  it('accepts a dropped file', async () => {
    renderWithCutout(<CutoutDropzone />);
    const file = await pngFile();
    const target = screen.getByRole('group', { name: 'Upload a product photo' });
    await act(async () => {
      fireEvent.drop(target, {
        dataTransfer: {
          files: [file],
          items: [{ kind: 'file', type: file.type, getAsFile: () => file }],
          types: ['Files'],
        },
      });
    });
    expect(await screen.findByRole('img', { name: 'Cutout result' })).toBeTruthy();
    expect(mock.stats.successes).toBe(1);
  });

  it('accepts an image pasted from the clipboard', async () => {
    renderWithCutout(<CutoutDropzone />);
    const file = await pngFile();
    const target = screen.getByRole('group', { name: 'Upload a product photo' });
    fireEvent.paste(target, { clipboardData: clipboardWith(file) });
    expect(await screen.findByRole('img', { name: 'Cutout result' })).toBeTruthy();
  });

  it('accepts a pasted URL, and a typed URL', async () => {
    renderWithCutout(<CutoutDropzone />);
    const target = screen.getByRole('group', { name: 'Upload a product photo' });
    fireEvent.paste(target, {
      clipboardData: { files: [], types: ['text/plain'], getData: () => REMOTE },
    });
    expect(await screen.findByRole('img', { name: 'Cutout result' })).toBeTruthy();
    expect(mock.requests[0]?.mode).toBe('json');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Or an image URL'), REMOTE);
    await user.click(screen.getByRole('button', { name: 'Remove background' }));
    await waitFor(() => expect(mock.stats.successes).toBe(2));
    expect(mock.requests[1]?.mode).toBe('json');
  });

  it('shows preflight errors before any upload, and offers another file', async () => {
    const { container } = renderWithCutout(<CutoutDropzone />);
    await userEvent.upload(fileInput(container), await pngFile(300, 200));
    expect((await screen.findByRole('alert')).textContent).toMatch(/at least 400 px/);
    expect(root(container).dataset.state).toBe('error');
    expect(root(container).dataset.error).toBe('preflight');
    expect(screen.getByRole('button', { name: 'Choose another image' })).toBeTruthy();
    expect(mock.stats.requests).toBe(0);
    await expectNoAxeViolations(container);
  });

  it('input errors: the message for the reason, not the server text, and pick another', async () => {
    mock.setScenario('unsupported-format');
    const { container } = renderWithCutout(<CutoutDropzone />);
    await userEvent.upload(fileInput(container), await pngFile());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Only JPEG, PNG and WEBP images are supported.');
    expect(root(container).dataset.error).toBe('input');
    expect(screen.getByRole('button', { name: 'Choose another image' })).toBeTruthy();
  });

  it('out of credits: the message and the app’s call to action (render prop)', async () => {
    mock.setScenario('credits');
    const { container } = renderWithCutout(
      <CutoutDropzone
        creditsAction={(error) => <a href="/billing">Buy credits ({error.kind})</a>}
      />,
    );
    await userEvent.upload(fileInput(container), await pngFile());
    expect((await screen.findByRole('alert')).textContent).toBe('You are out of credits.');
    expect(screen.getByRole('link', { name: 'Buy credits (credits)' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('auth: a sign-in message, no retry', async () => {
    mock.setScenario('auth');
    const { container } = renderWithCutout(<CutoutDropzone />);
    await userEvent.upload(fileInput(container), await pngFile());
    expect((await screen.findByRole('alert')).textContent).toMatch(/not allowed/);
    expect(root(container).dataset.error).toBe('auth');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('rate limit: a live countdown to the automatic retry, then the result', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    mock.script('rate-limit');
    const { container } = renderWithCutout(<CutoutDropzone />);
    const file = await pngFile();
    fireEvent.paste(root(container), { clipboardData: clipboardWith(file) });
    const status = () => container.querySelector('.cutout-status')?.textContent ?? '';
    for (let i = 0; i < 200 && !/in \d s/.test(status()); i++) await tick(5);
    expect(status()).toMatch(/Retrying automatically in 3 s/);
    expect(root(container).dataset.phase).toBe('retrying');
    await tick(1000);
    expect(status()).toMatch(/in 2 s/);
    await tick(1000);
    expect(status()).toMatch(/in 1 s/);
    for (let i = 0; i < 300 && !screen.queryByRole('img'); i++) await tick(20);
    expect(screen.getByRole('img', { name: 'Cutout result' })).toBeTruthy();
    expect(mock.stats.requests).toBe(2);
  });

  it('transient and network faults: "retrying, attempt n of m", then a retry button when out of attempts', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    // Full jitter: pin the backoff to its ceiling so the retrying state lasts.
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    mock.setScenario('transient');
    const { container } = renderWithCutout(<CutoutDropzone />, {
      retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1000 },
    });
    fireEvent.paste(root(container), {
      clipboardData: clipboardWith(await pngFile()),
    });
    const status = () => container.querySelector('.cutout-status')?.textContent ?? '';
    for (let i = 0; i < 200 && !/attempt/.test(status()); i++) await tick(5);
    expect(status()).toBe('Retrying, attempt 2 of 3');
    mock.setScenario('network-error');
    for (let i = 0; i < 400 && !/attempt 3/.test(status()); i++) await tick(10);
    expect(status()).toBe('Retrying, attempt 3 of 3');
    for (let i = 0; i < 400 && !screen.queryByRole('alert'); i++) await tick(10);
    expect(screen.getByRole('alert').textContent).toMatch(/Could not reach the service/);
    expect(mock.stats.requests).toBe(3);
    mock.setScenario('success');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    for (let i = 0; i < 300 && !screen.queryByRole('img'); i++) await tick(10);
    expect(screen.getByRole('img', { name: 'Cutout result' })).toBeTruthy();
  });

  it('offers "Try again" only for a retryable error: the server\'s own key refused is not', async () => {
    // A transient kind that no retry fixes (the proxy's key was refused by the upstream).
    server.use(
      http.post('*/v1/open/remove_bg', () =>
        HttpResponse.json(
          { code: 50000, message: 'Upstream refused the key.', reason: 'upstream-auth' },
          { status: 502 },
        ),
      ),
    );
    const { container } = renderWithCutout(<CutoutDropzone />);
    await userEvent.upload(fileInput(container), await pngFile());
    await screen.findByRole('alert');
    expect(root(container).dataset.error).toBe('transient');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    server.resetHandlers();
  });

  it("spreads the caller's props on the root and runs the caller's handlers before ours", async () => {
    const calls: string[] = [];
    let takeIt = true;
    const { container } = renderWithCutout(
      <CutoutDropzone
        id="uploader"
        data-testid="dz"
        aria-busy={false}
        className="mine"
        onPaste={(event) => {
          calls.push('caller');
          // A caller that takes the paste itself: ours must not start a call.
          if (takeIt) event.stopPropagation();
        }}
      />,
    );
    const el = root(container);
    expect(el.id).toBe('uploader');
    expect(el.dataset.testid).toBe('dz');
    expect(el.getAttribute('aria-busy')).toBe('false');
    expect(el.className).toBe('cutout-dropzone mine');
    expect(el.dataset.state).toBe('idle');
    const paste = (text: string) =>
      fireEvent.paste(el, {
        clipboardData: { files: [], types: ['text/plain'], getData: () => text },
      });
    paste(REMOTE);
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(calls).toEqual(['caller']);
    expect(mock.stats.requests).toBe(0);
    takeIt = false;
    paste(REMOTE);
    await screen.findByRole('img', { name: 'Cutout result' });
    expect(calls).toEqual(['caller', 'caller']);
    expect(mock.stats.requests).toBe(1);
  });

  it('cancel during the upload: cancelled, nothing retried, pick another', async () => {
    mock.setScenario('stall');
    const { container } = renderWithCutout(<CutoutDropzone />);
    await userEvent.upload(fileInput(container), await pngFile());
    await waitFor(() => expect(mock.stats.inFlight).toBe(1));
    expect(root(container).dataset.state).toBe('working');
    expect(screen.getByRole('progressbar', { name: 'Background removal progress' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Cancelled.');
    expect(screen.getByRole('button', { name: 'Choose another image' })).toBeTruthy();
    expect(mock.stats.requests).toBe(1);
    expect(urls.created).toEqual([]);
  });

  it('multiple: a list with a summary; failures can be retried; URLs revoked on unmount', async () => {
    mock.script('auth');
    const onCutout = vi.fn();
    const { container, unmount } = renderWithCutout(
      <CutoutDropzone multiple concurrency={1} onCutout={onCutout} />,
    );
    const files = await Promise.all([1, 2, 3].map((i) => pngFile(500, 420, `p${i}.png`)));
    await userEvent.upload(fileInput(container), files);
    await waitFor(() => expect(screen.getByText('2 of 3 done, 1 failed, 0 skipped')).toBeTruthy());
    expect(root(container).dataset.state).toBe('error');
    expect(container.querySelectorAll('li[data-state=done]')).toHaveLength(2);
    await expectNoAxeViolations(container);
    await userEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    await waitFor(() => expect(screen.getByText('3 of 3 done, 0 failed, 0 skipped')).toBeTruthy());
    expect(onCutout).toHaveBeenCalledTimes(3);
    expect(root(container).dataset.state).toBe('done');
    unmount();
    expect(urls.live()).toEqual([]);
  });

  it('shows the drag-over state, and does nothing while disabled', async () => {
    const { container, rerender } = renderWithCutout(<CutoutDropzone />);
    const target = screen.getByRole('group', { name: 'Upload a product photo' });
    const file = await pngFile();
    const dataTransfer = {
      files: [file],
      items: [{ kind: 'file', type: file.type, getAsFile: () => file }],
      types: ['Files'],
    };
    await act(async () => {
      fireEvent.dragEnter(target, { dataTransfer });
    });
    expect(root(container).dataset.state).toBe('active');
    expect(screen.getByText('Drop to remove the background')).toBeTruthy();
    await act(async () => {
      fireEvent.dragLeave(target, { dataTransfer });
    });
    expect(root(container).dataset.state).toBe('idle');
    rerender(<CutoutDropzone disabled />);
    expect(root(container).dataset.disabled).toBe('');
    expect(
      (screen.getByRole('button', { name: 'Choose a file' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    fireEvent.paste(root(container), { clipboardData: clipboardWith(file) });
    await new Promise((r) => setTimeout(r, 20));
    expect(mock.stats.requests).toBe(0);
  });

  it('uses the app’s messages', async () => {
    renderWithCutout(<CutoutDropzone messages={{ dropzoneLabel: 'Produktfoto hochladen' }} />, {
      messages: { urlSubmit: 'Hintergrund entfernen' },
    });
    expect(screen.getByRole('group', { name: 'Produktfoto hochladen' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Hintergrund entfernen' })).toBeTruthy();
  });
});
