import { encodePng } from '@cutout/testing/msw';
import { QueryClient } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import axe from 'axe-core';
import { type ReactNode, StrictMode } from 'react';
import { expect, vi } from 'vitest';
import { CutoutProvider, type CutoutProviderProps } from '../CutoutProvider';

/** An opaque RGB-ish PNG (alpha 255) of the given size, as a File the dropzone would get. */
export async function pngFile(width = 500, height = 420, name = 'product.png'): Promise<File> {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) {
    rgba[i] = 200;
    rgba[i + 1] = 120;
    rgba[i + 2] = 40;
    rgba[i + 3] = 255;
  }
  return new File([await encodePng(rgba, width, height)], name, { type: 'image/png' });
}

/** Fast retries so transient-fault tests do not wait seconds of real backoff. */
export const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxTotalMs: 10_000 };

export function wrapper(
  props: Omit<CutoutProviderProps, 'children'> = {},
  strict = true,
): (p: { children: ReactNode }) => ReactNode {
  const queryClient = new QueryClient();
  return ({ children }) => {
    const tree = (
      <CutoutProvider endpoint="" queryClient={queryClient} retry={FAST_RETRY} {...props}>
        {children}
      </CutoutProvider>
    );
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
}

export function renderWithCutout(
  ui: ReactNode,
  props: Omit<CutoutProviderProps, 'children'> = {},
  strict = true,
) {
  return render(ui, { wrapper: wrapper(props, strict) });
}

/** Runs axe-core on a container and fails with the violations' ids and targets. */
export async function expectNoAxeViolations(container: Element): Promise<void> {
  const result = await axe.run(container, {
    // jsdom cannot compute colours or layout; contrast is checked in the browser stories.
    rules: { 'color-contrast': { enabled: false } },
  });
  const found = result.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
}

/** Counts object URLs created and revoked, and which are still alive. */
export function trackObjectUrls() {
  const created: string[] = [];
  const revoked: string[] = [];
  const originalCreate = URL.createObjectURL;
  const originalRevoke = URL.revokeObjectURL;
  let n = 0;
  URL.createObjectURL = (_blob: Blob | MediaSource) => {
    const url = `blob:test/${++n}`;
    created.push(url);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    revoked.push(url);
  };
  return {
    created,
    revoked,
    live: () => created.filter((u) => !revoked.includes(u)),
    restore() {
      URL.createObjectURL = originalCreate;
      URL.revokeObjectURL = originalRevoke;
    },
  };
}

const realSetTimeout = globalThis.setTimeout;

/**
 * With fake timers: advances the clock, then lets real I/O run for a moment (MSW reads
 * bodies and encodes PNGs with streams that no fake timer drives).
 */
export async function tick(ms: number): Promise<void> {
  await act(() => vi.advanceTimersByTimeAsync(ms));
  await new Promise((resolve) => realSetTimeout(resolve, 1));
}
