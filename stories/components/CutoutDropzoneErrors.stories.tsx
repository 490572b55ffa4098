import { CutoutDropzone, createCutoutClient, defaultMessages } from '@cutout/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { chooseFiles, NETWORK_TIMEOUT, targetMarkedBad } from '../support/interactions';
import { mocked, SHOP, shopImages } from '../support/mocked';
import { makeProductPhoto } from '../support/productPhotos';
import { STORY_ENDPOINT, withCutoutProvider } from '../support/withCutoutProvider';

/**
 * Every error kind the kit branches on, each from the MSW contract mock (no hand-made
 * responses), with the remedy the component offers for it.
 */
const meta = {
  title: 'Components/CutoutDropzone/Errors',
  component: CutoutDropzone,
  decorators: [withCutoutProvider()],
  args: { onCutout: fn(), onError: fn() },
} satisfies Meta<typeof CutoutDropzone>;

export default meta;
type Story = StoryObj<typeof meta>;

const submitPhoto = async (root: HTMLElement) => chooseFiles(root, await makeProductPhoto());
const alertIn = (root: HTMLElement) => within(root).findByRole('alert', {}, NETWORK_TIMEOUT);
const button = (root: HTMLElement, name: string) => within(root).queryByRole('button', { name });

const missing = mocked({}, shopImages);
export const InputUnreachableUrl: Story = {
  name: 'Input: URL not reachable (40001)',
  parameters: missing.parameters,
  beforeEach: () => missing.mock.reset(),
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    await userEvent.type(
      canvas.getByLabelText(defaultMessages.urlLabel),
      `${SHOP}/images/gone.jpg`,
    );
    await userEvent.click(canvas.getByRole('button', { name: defaultMessages.urlSubmit }));
    await step('fails fast with the reason, offers another image, no retry', async () => {
      await expect(await alertIn(canvasElement)).toHaveTextContent(
        defaultMessages.reasons['missing-url']!,
      );
      await expect(button(canvasElement, defaultMessages.chooseAnother)).toBeVisible();
      await expect(button(canvasElement, defaultMessages.retry)).toBeNull();
      await expect(missing.mock.stats.requests).toBe(1);
    });
    await waitFor(() => expect(args.onError).toHaveBeenCalledOnce());
  },
};

const credits = mocked({ scenario: 'credits' });
export const OutOfCredits: Story = {
  name: 'Credits: out of credits (402)',
  args: { creditsAction: <a href="#billing">Buy more credits</a> },
  parameters: credits.parameters,
  beforeEach: () => credits.mock.reset(),
  play: async ({ canvasElement }) => {
    await submitPhoto(canvasElement);
    await expect(await alertIn(canvasElement)).toHaveTextContent(defaultMessages.errors.credits);
    await expect(
      within(canvasElement).getByRole('link', { name: 'Buy more credits' }),
    ).toBeVisible();
    await expect(credits.mock.stats.requests).toBe(1);
    // Out of credits is not the file's fault: the drop target is not outlined like a bad file.
    // (waited past the border's 0.15 s transition, which a bad file would have run)
    await new Promise((r) => setTimeout(r, 300));
    await expect(targetMarkedBad(canvasElement)).toBe(false);
  },
};

const auth = mocked({ scenario: 'auth' });
export const NotAllowed: Story = {
  name: 'Auth: not allowed (401)',
  parameters: auth.parameters,
  beforeEach: () => auth.mock.reset(),
  play: async ({ canvasElement }) => {
    await submitPhoto(canvasElement);
    await expect(await alertIn(canvasElement)).toHaveTextContent(defaultMessages.errors.auth);
    await expect(button(canvasElement, defaultMessages.retry)).toBeNull();
    await expect(auth.mock.stats.requests).toBe(1);
  },
};

const transient = mocked({ scenario: 'transient' });
export const TransientGivesUp: Story = {
  name: 'Transient: retried, then gives up (500)',
  parameters: transient.parameters,
  beforeEach: () => transient.mock.reset(),
  play: async ({ canvasElement, step }) => {
    await submitPhoto(canvasElement);
    await step('each retry is visible: "attempt n of m"', async () => {
      await within(canvasElement).findByText(/Retrying, attempt [23] of 3/, {}, NETWORK_TIMEOUT);
    });
    await step('after the last attempt: the error and a Try again button', async () => {
      await expect(await alertIn(canvasElement)).toHaveTextContent(
        defaultMessages.errors.transient,
      );
      await expect(button(canvasElement, defaultMessages.retry)).toBeVisible();
      await expect(transient.mock.stats.requests).toBe(3);
    });
  },
};

const recovers = mocked();
export const TransientRecovers: Story = {
  name: 'Transient: recovers on the third attempt',
  parameters: recovers.parameters,
  beforeEach: () => {
    recovers.mock.reset();
    recovers.mock.script('transient', 'html-5xx');
  },
  play: async ({ canvasElement, args }) => {
    await submitPhoto(canvasElement);
    await within(canvasElement).findByRole(
      'img',
      { name: defaultMessages.resultAlt },
      NETWORK_TIMEOUT,
    );
    await waitFor(() => expect(args.onCutout).toHaveBeenCalledOnce());
    const [cutout] = (args.onCutout as ReturnType<typeof fn>).mock.calls[0]!;
    await expect(cutout.attempts).toBe(3);
  },
};

const limited = mocked({ retryAfterS: 3 });
export const RateLimitCountdown: Story = {
  name: 'Rate limit: countdown, then automatic retry (429)',
  parameters: limited.parameters,
  beforeEach: () => {
    limited.mock.reset();
    limited.mock.script('rate-limit');
  },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await submitPhoto(canvasElement);
    await step('counts down the seconds the server asked for (Retry-After: 3)', async () => {
      await canvas.findByText(/Retrying automatically in [123] s/, {}, NETWORK_TIMEOUT);
    });
    await step('then retries by itself and succeeds', async () => {
      await canvas.findByRole('img', { name: defaultMessages.resultAlt }, NETWORK_TIMEOUT);
      await expect(limited.mock.stats.requests).toBe(2);
    });
  },
};

const offline = mocked({ scenario: 'network-error' });
export const NetworkDown: Story = {
  name: 'Network: connection fails',
  parameters: offline.parameters,
  beforeEach: () => offline.mock.reset(),
  play: async ({ canvasElement }) => {
    await submitPhoto(canvasElement);
    await expect(await alertIn(canvasElement)).toHaveTextContent(defaultMessages.errors.network);
    await expect(button(canvasElement, defaultMessages.retry)).toBeVisible();
  },
};

const stall = mocked({ scenario: 'stall' });
export const Timeout: Story = {
  name: 'Timeout: the server never answers',
  parameters: stall.parameters,
  // A real client whose stall timeout is 1 s (default 60 s), one attempt.
  decorators: [
    withCutoutProvider({
      client: createCutoutClient({ endpoint: STORY_ENDPOINT, stallTimeoutMs: 1_000, retry: false }),
    }),
  ],
  beforeEach: () => stall.mock.reset(),
  play: async ({ canvasElement }) => {
    await submitPhoto(canvasElement);
    await expect(await alertIn(canvasElement)).toHaveTextContent(defaultMessages.errors.timeout);
    await expect(button(canvasElement, defaultMessages.retry)).toBeVisible();
  },
};
