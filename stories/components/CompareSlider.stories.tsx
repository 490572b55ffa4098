import { CompareSlider, defaultMessages } from '@cutout/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { makeCutoutPng, makeProductPhoto } from '../support/productPhotos';
import { WithObjectUrl } from '../support/WithObjectUrl';
import { withCutoutProvider } from '../support/withCutoutProvider';

type Loaded = { before: Blob; after: Blob };

const meta = {
  title: 'Components/CompareSlider',
  component: CompareSlider,
  decorators: [withCutoutProvider()],
  args: {
    before: '',
    after: '',
    beforeAlt: 'Sneaker, original photo',
    afterAlt: 'Sneaker, cutout',
    onValueChange: fn(),
    style: { maxWidth: 720 },
  },
  loaders: [
    async () => ({
      before: await makeProductPhoto({ product: 'sneaker', backdrop: 'wood' }),
      after: await makeCutoutPng({ product: 'sneaker' }),
    }),
  ],
  render: (args, { loaded }) => {
    const { before, after } = loaded as Loaded;
    return (
      <WithObjectUrl blob={before}>
        {(b) => (
          <WithObjectUrl blob={after}>
            {(a) => <CompareSlider {...args} before={b} after={a} />}
          </WithObjectUrl>
        )}
      </WithObjectUrl>
    );
  },
  parameters: {
    docs: {
      description: {
        component:
          'Before/after with a draggable divider: mouse, pen and touch through pointer events; the handle is a `role="slider"` (arrows, Home/End, PageUp/PageDown).\n\n```tsx\n<CompareSlider before={originalUrl} after={cutout.objectUrl} />\n```',
      },
    },
  },
} satisfies Meta<typeof CompareSlider>;

export default meta;
type Story = StoryObj<typeof meta>;

const slider = (el: HTMLElement) =>
  within(el).findByRole('slider', { name: defaultMessages.compareLabel }, { timeout: 8_000 });

export const Split: Story = {
  name: 'Half and half (default)',
  play: async ({ canvasElement }) => {
    const handle = await slider(canvasElement);
    await expect(handle).toHaveAttribute('aria-valuenow', '50');
    await expect(handle).toHaveAttribute('aria-valuetext', 'Before 50%, After 50%');
  },
};

export const Keyboard: Story = {
  name: 'By keyboard',
  play: async ({ canvasElement, args, step }) => {
    const handle = await slider(canvasElement);
    handle.focus();
    await step('arrow right moves one step', async () => {
      await userEvent.keyboard('{ArrowRight}');
      await expect(handle).toHaveAttribute('aria-valuenow', '51');
      await expect(args.onValueChange).toHaveBeenLastCalledWith(51);
    });
    await step('Home shows only the cutout, End only the original', async () => {
      await userEvent.keyboard('{Home}');
      await expect(handle).toHaveAttribute('aria-valuenow', '0');
      await expect(canvasElement.querySelector('.cutout-compare')).toHaveAttribute(
        'data-state',
        'after',
      );
      await userEvent.keyboard('{End}');
      await expect(handle).toHaveAttribute('aria-valuenow', '100');
    });
  },
};

export const Pointer: Story = {
  name: 'By pointer (drag)',
  play: async ({ canvasElement }) => {
    const handle = await slider(canvasElement);
    const box = canvasElement.querySelector<HTMLElement>('.cutout-compare')!;
    const rect = box.getBoundingClientRect();
    const y = rect.top + rect.height / 2;
    await userEvent.pointer([
      {
        keys: '[MouseLeft>]',
        target: handle,
        coords: { clientX: rect.left + rect.width / 2, clientY: y },
      },
      { target: box, coords: { clientX: rect.left + rect.width * 0.25, clientY: y } },
      { keys: '[/MouseLeft]' },
    ]);
    await waitFor(() => expect(Number(handle.getAttribute('aria-valuenow'))).toBeLessThan(35));
  },
};

export const BeforeOnly: Story = { name: 'Controlled at 80 %', args: { value: 80 } };

export const PortraitOnWhite: Story = {
  name: 'Portrait photo on white: bounded height, visible handle',
  args: { style: {}, beforeAlt: 'Lamp, original photo', afterAlt: 'Lamp, cutout' },
  decorators: [
    (Story) => (
      <div style={{ width: 720 }}>
        <Story />
      </div>
    ),
  ],
  loaders: [
    async () => ({
      before: await makeProductPhoto({
        product: 'lamp',
        backdrop: 'white',
        width: 768,
        height: 1024,
      }),
      after: await makeCutoutPng({ product: 'lamp', width: 768, height: 1024 }),
    }),
  ],
  play: async ({ canvasElement, step }) => {
    const handle = await slider(canvasElement);
    const box = canvasElement.querySelector<HTMLElement>('.cutout-compare')!;
    const before = box.querySelector<HTMLImageElement>('.cutout-compare__before')!;
    await waitFor(() => expect(before.complete && before.naturalHeight > 0).toBe(true));
    await step('the frame is at most 70 % of the viewport tall and hugs the photo', async () => {
      const rect = box.getBoundingClientRect();
      await expect(rect.height).toBeLessThanOrEqual(window.innerHeight * 0.7 + 1);
      // The photo's aspect is kept (no stretched before image, no empty band beside it).
      await expect(rect.width / rect.height).toBeCloseTo(768 / 1024, 1);
    });
    await step('the handle has a dark rim, so it shows over a white photo', async () => {
      await expect(getComputedStyle(handle).backgroundColor).toBe('rgb(255, 255, 255)');
      await expect(getComputedStyle(handle).boxShadow).toContain('rgba(0, 0, 0, 0.75)');
      const knob = getComputedStyle(handle, '::after');
      await expect(knob.borderTopColor).toBe('rgb(24, 24, 27)');
      await expect(knob.borderTopWidth).toBe('2px');
    });
  },
};
