import { CutoutDropzone, createCutoutClient, defaultMessages } from '@cutout/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  chooseFiles,
  dragFilesOver,
  dropFiles,
  expectState,
  NETWORK_TIMEOUT,
  targetMarkedBad,
} from '../support/interactions';
import { mocked, SHOP, shopImages } from '../support/mocked';
import { makeFakeJpeg, makeProductPhoto } from '../support/productPhotos';
import { STORY_ENDPOINT, withCutoutProvider } from '../support/withCutoutProvider';

const USAGE = `\`\`\`tsx
import { CutoutDropzone, CutoutProvider } from '@cutout/react';
import '@cutout/react/styles.css';

<CutoutProvider endpoint="/api/cutout">
  <CutoutDropzone
    onCutout={(cutout) => upload(cutout.blob)}
    creditsAction={<a href="/billing">Buy credits</a>}
  />
</CutoutProvider>
\`\`\``;

const meta = {
  title: 'Components/CutoutDropzone/Basics',
  component: CutoutDropzone,
  decorators: [withCutoutProvider()],
  args: { onCutout: fn(), onError: fn() },
  parameters: {
    docs: {
      description: {
        component: `Drop, click, paste an image or a URL. Preflight runs in the browser first (real format, size, resolution): a bad file never leaves the machine. Progress by phase, errors by kind with the remedy each needs. \`data-state\` on the root: idle | active | working | done | error.\n\n${USAGE}`,
      },
    },
  },
} satisfies Meta<typeof CutoutDropzone>;

export default meta;
type Story = StoryObj<typeof meta>;

const target = (root: HTMLElement) =>
  within(root).getByRole('group', { name: defaultMessages.dropzoneLabel });

export const Idle: Story = {
  ...mocked(),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step(
      'a labelled drop target; its button is the first stop for the keyboard',
      async () => {
        const zone = target(canvasElement);
        await expect(zone).toHaveAccessibleDescription(defaultMessages.dropzoneHint);
        await userEvent.tab();
        await expect(
          canvas.getByRole('button', { name: defaultMessages.chooseFile }),
        ).toHaveFocus();
      },
    );
    await step('the URL form is there and empty, its submit disabled', async () => {
      await expect(canvas.getByLabelText(defaultMessages.urlLabel)).toHaveValue('');
      await expect(canvas.getByRole('button', { name: defaultMessages.urlSubmit })).toBeDisabled();
    });
    await expect(canvasElement.querySelector('.cutout-dropzone')).toHaveAttribute(
      'data-state',
      'idle',
    );
  },
};

export const DragOver: Story = {
  name: 'Drag over',
  ...mocked(),
  play: async ({ canvasElement }) => {
    dragFilesOver(target(canvasElement), [await makeProductPhoto()]);
    const root = canvasElement.querySelector('.cutout-dropzone')!;
    await expectState(root, 'active');
    await expect(within(canvasElement).getByText(defaultMessages.dropzoneActive)).toBeVisible();
  },
};

const tooSmall = mocked();
export const PreflightTooSmall: Story = {
  name: 'Preflight error: too small',
  parameters: tooSmall.parameters,
  beforeEach: () => tooSmall.mock.reset(),
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    await chooseFiles(canvasElement, await makeProductPhoto({ width: 320, height: 240 }));
    await step('says why, before any upload', async () => {
      const alert = await canvas.findByRole('alert', {}, NETWORK_TIMEOUT);
      await expect(alert).toHaveTextContent(defaultMessages.reasons['too-small']!);
      await expect(tooSmall.mock.stats.requests).toBe(0);
    });
    await step('offers another file, reports the error', async () => {
      await expect(
        canvas.getByRole('button', { name: defaultMessages.chooseAnother }),
      ).toBeVisible();
      await expect(args.onError).toHaveBeenCalledOnce();
    });
  },
};

const notImage = mocked();
export const PreflightNotAnImage: Story = {
  name: 'Preflight error: not an image',
  parameters: notImage.parameters,
  beforeEach: () => notImage.mock.reset(),
  play: async ({ canvasElement }) => {
    await chooseFiles(canvasElement, makeFakeJpeg());
    const alert = await within(canvasElement).findByRole('alert', {}, NETWORK_TIMEOUT);
    await expect(alert).toHaveTextContent(defaultMessages.reasons['unsupported-format']!);
    await expect(notImage.mock.stats.requests).toBe(0);
    // A bad file marks the drop target in the danger colour.
    // (after the border's 0.15 s transition)
    await waitFor(() => expect(targetMarkedBad(canvasElement)).toBe(true));
  },
};

const stalled = mocked({ scenario: 'stall' }, shopImages);
export const Processing: Story = {
  parameters: {
    ...stalled.parameters,
    docs: {
      description: {
        story:
          'The server is working on an image URL (JSON mode): an indeterminate bar, a Cancel button. This story uses a client on `fetch`; with XHR (the default, for upload progress) a service worker such as MSW\'s hides the end of the upload from the page until the answer, so a mocked file upload shows "Uploading" until the server answers.',
      },
    },
  },
  decorators: [
    withCutoutProvider({
      client: createCutoutClient({ endpoint: STORY_ENDPOINT, fetch: (i, init) => fetch(i, init) }),
    }),
  ],
  beforeEach: () => stalled.mock.reset(),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await userEvent.type(
      canvas.getByLabelText(defaultMessages.urlLabel),
      `${SHOP}/images/bottle.jpg`,
    );
    await userEvent.click(canvas.getByRole('button', { name: defaultMessages.urlSubmit }));
    await step('the server works: an indeterminate bar in a live region', async () => {
      const status = await canvas.findByText(defaultMessages.phase.processing, {}, NETWORK_TIMEOUT);
      await expect(status.closest('[role="status"]')).toHaveAttribute('aria-live', 'polite');
      await expect(canvas.getByRole('progressbar')).not.toHaveAttribute('aria-valuenow');
    });
    const root = canvasElement.querySelector('.cutout-dropzone')!;
    await expect(root).toHaveAttribute('data-state', 'working');
    await expect(root).toHaveAttribute('data-phase', 'processing');
    await expect(canvas.getByRole('button', { name: defaultMessages.cancel })).toBeVisible();
  },
};

const dropped = mocked({ latencyMs: 100 });
export const Dropped: Story = {
  name: 'Success by drag and drop',
  parameters: dropped.parameters,
  beforeEach: () => dropped.mock.reset(),
  play: async ({ canvasElement, args }) => {
    await dropFiles(target(canvasElement), [await makeProductPhoto({ product: 'bottle' })]);
    await within(canvasElement).findByRole(
      'img',
      { name: defaultMessages.resultAlt },
      NETWORK_TIMEOUT,
    );
    await waitFor(() => expect(args.onCutout).toHaveBeenCalledOnce());
    await expect(dropped.mock.requests[0]?.mode).toBe('multipart');
  },
};

const cancelled = mocked({ scenario: 'stall' });
export const Cancelled: Story = {
  parameters: cancelled.parameters,
  beforeEach: () => cancelled.mock.reset(),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await chooseFiles(canvasElement, await makeProductPhoto({ product: 'lamp' }));
    const cancel = await canvas.findByRole(
      'button',
      { name: defaultMessages.cancel },
      NETWORK_TIMEOUT,
    );
    await step('Cancel stops the call and says so', async () => {
      await userEvent.click(cancel);
      await expect(await canvas.findByRole('alert')).toHaveTextContent(defaultMessages.cancelled);
    });
    await expect(canvas.getByRole('button', { name: defaultMessages.chooseAnother })).toBeVisible();
  },
};

const success = mocked({ latencyMs: 150 });
export const Success: Story = {
  parameters: success.parameters,
  beforeEach: () => success.mock.reset(),
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    const photo = await makeProductPhoto({ product: 'sneaker', width: 1000, height: 750 });
    await chooseFiles(canvasElement, photo);
    await step('the cutout is shown at the photo’s size', async () => {
      const img = await canvas.findByRole(
        'img',
        { name: defaultMessages.resultAlt },
        NETWORK_TIMEOUT,
      );
      await expect(img).toHaveAttribute('width', '1000');
      await expect(img).toHaveAttribute('height', '750');
      await expect(img.getAttribute('src')).toMatch(/^blob:/);
    });
    await step('onCutout gets the PNG once, the screen reader hears it', async () => {
      await waitFor(() => expect(args.onCutout).toHaveBeenCalledOnce());
      const [cutout] = (args.onCutout as ReturnType<typeof fn>).mock.calls[0]!;
      await expect(cutout.blob.type).toBe('image/png');
      await expect(cutout.attempts).toBe(1);
      await expect(canvas.getByText(defaultMessages.done)).toBeInTheDocument();
    });
    await expectState(canvasElement.querySelector('.cutout-dropzone')!, 'done');
  },
};

const fromUrl = mocked({}, shopImages);
export const FromUrl: Story = {
  name: 'From an image URL',
  parameters: fromUrl.parameters,
  beforeEach: () => fromUrl.mock.reset(),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText(defaultMessages.urlLabel), `${SHOP}/images/mug.jpg`);
    await userEvent.click(canvas.getByRole('button', { name: defaultMessages.urlSubmit }));
    await canvas.findByRole('img', { name: defaultMessages.resultAlt }, NETWORK_TIMEOUT);
    await expect(fromUrl.mock.requests[0]?.mode).toBe('json');
  },
};
