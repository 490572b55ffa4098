import { CutoutProvider, type CutoutProviderProps } from '@cutout/react';
import type { Decorator } from '@storybook/react-vite';

/**
 * Stories call the same origin (`/v1/open/remove_bg`): MSW answers in every story but the
 * live demo, whose requests Storybook's dev server forwards to `cutout serve`.
 */
export const STORY_ENDPOINT = '/';

/** Real retry policy, shorter waits: a transient-error story settles in about a second. */
export const STORY_RETRY = {
  maxAttempts: 3,
  baseDelayMs: 150,
  maxDelayMs: 600,
  maxTotalMs: 15_000,
};

/** Wraps a story in its own provider (so its own query client and client: nothing leaks between stories). */
export function withCutoutProvider(props: Partial<CutoutProviderProps> = {}): Decorator {
  return (Story) => (
    <CutoutProvider endpoint={STORY_ENDPOINT} retry={STORY_RETRY} {...props}>
      <Story />
    </CutoutProvider>
  );
}
