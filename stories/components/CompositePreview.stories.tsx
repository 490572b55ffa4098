import { type Backdrop, CompositePreview, defaultMessages } from '@cutout/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { makeCutoutPng, makeProductPhoto } from '../support/productPhotos';
import { WithObjectUrl } from '../support/WithObjectUrl';
import { withCutoutProvider } from '../support/withCutoutProvider';

type Loaded = { cutout: Blob; room?: Blob };

const meta = {
  title: 'Components/CompositePreview',
  component: CompositePreview,
  decorators: [withCutoutProvider()],
  // `src` comes from the loader: a real PNG with alpha, drawn on a canvas.
  args: { src: '', alt: 'Mug cutout', rememberKey: false, onBackdropChange: fn() },
  loaders: [async () => ({ cutout: await makeCutoutPng({ product: 'mug' }) })],
  render: (args, { loaded }) => (
    <div style={{ maxWidth: 640 }}>
      <WithObjectUrl blob={(loaded as Loaded).cutout}>
        {(src) => <CompositePreview {...args} src={src} />}
      </WithObjectUrl>
    </div>
  ),
  parameters: {
    docs: {
      description: {
        component:
          'The cutout over a backdrop: #111 by default (where halos show), a checkerboard, white, any colour or an image, with a swatch picker (native radios). Edge analysis flags cutouts that need review.\n\n```tsx\nconst { cutout } = useRemoveBg();\n{cutout && <CompositePreview src={cutout.objectUrl} alt="Product" />}\n```',
      },
    },
  },
} satisfies Meta<typeof CompositePreview>;

export default meta;
type Story = StoryObj<typeof meta>;

const preview = (root: HTMLElement) => root.querySelector<HTMLElement>('.cutout-preview')!;

export const Dark: Story = {
  name: 'Dark #111 (default)',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('img', { name: 'Mug cutout' })).toBeVisible();
    await expect(preview(canvasElement)).toHaveAttribute('data-state', 'dark');
    await expect(canvas.getByRole('radio', { name: defaultMessages.backdrops.dark })).toBeChecked();
  },
};

export const PickABackdrop: Story = {
  name: 'Picking a backdrop (mouse and keyboard)',
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    await step('a click on White switches the backdrop and reports it', async () => {
      await userEvent.click(canvas.getByRole('radio', { name: defaultMessages.backdrops.white }));
      await expect(preview(canvasElement)).toHaveAttribute('data-state', 'white');
      await expect(args.onBackdropChange).toHaveBeenLastCalledWith('white');
    });
    await step('arrow keys move between swatches', async () => {
      await userEvent.keyboard('{ArrowLeft}');
      await expect(preview(canvasElement)).toHaveAttribute('data-state', 'checkerboard');
    });
  },
};

export const Checkerboard: Story = { args: { backdrop: 'checkerboard' } };
export const White: Story = { args: { backdrop: 'white' } };
export const CustomColour: Story = {
  name: 'Any colour',
  args: { backdrop: { color: '#2f4f4f' } },
  play: async ({ canvasElement }) => {
    await expect(preview(canvasElement)).toHaveAttribute('data-state', 'custom');
  },
};

export const ImageBackdrop: Story = {
  name: 'An image behind it',
  loaders: [
    async () => ({
      cutout: await makeCutoutPng({ product: 'bottle' }),
      room: await makeProductPhoto({ product: 'lamp', backdrop: 'wood' }),
    }),
  ],
  render: (args, { loaded }) => {
    const { cutout, room } = loaded as Loaded;
    return (
      <div style={{ maxWidth: 640 }}>
        <WithObjectUrl blob={room!}>
          {(image) => (
            <WithObjectUrl blob={cutout}>
              {(src) => (
                <CompositePreview {...args} src={src} backdrop={{ image } satisfies Backdrop} />
              )}
            </WithObjectUrl>
          )}
        </WithObjectUrl>
      </div>
    );
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(preview(canvasElement)).toHaveAttribute('data-state', 'image'));
  },
};

export const NeedsReview: Story = {
  name: 'Halo: needs review',
  loaders: [async () => ({ cutout: await makeCutoutPng({ product: 'mug', halo: true }) })],
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(preview(canvasElement)).toHaveAttribute('data-review'), {
      timeout: 8_000,
    });
    await expect(within(canvasElement).getByText(defaultMessages.needsReview)).toBeVisible();
  },
};

export const TinyImage: Story = {
  name: 'Tiny cutout (64×48)',
  loaders: [async () => ({ cutout: await makeCutoutPng({ width: 64, height: 48 }) })],
  play: async ({ canvasElement }) => {
    const img = await within(canvasElement).findByRole('img', { name: 'Mug cutout' });
    await waitFor(() => expect(img.getBoundingClientRect().width).toBeGreaterThan(0));
  },
};

export const HugeImage: Story = {
  name: 'Huge cutout (4000×3000) fits its box',
  loaders: [async () => ({ cutout: await makeCutoutPng({ width: 4000, height: 3000 }) })],
  play: async ({ canvasElement }) => {
    const img = await within(canvasElement).findByRole('img', { name: 'Mug cutout' });
    await waitFor(() => expect(img.getBoundingClientRect().width).toBeLessThanOrEqual(641));
  },
};

/** Every backdrop kind side by side. */
export const States: Story = {
  parameters: { layout: 'fullscreen' },
  render: (args, { loaded }) => (
    <WithObjectUrl blob={(loaded as Loaded).cutout}>
      {(src) => (
        <div className="story-grid">
          {(['dark', 'checkerboard', 'white', { color: '#7a1f3d' }] as Backdrop[]).map((b) => {
            const label = typeof b === 'string' ? b : 'custom';
            return (
              <section key={label} className="story-cell" aria-label={label}>
                <h3>{label}</h3>
                <CompositePreview {...args} src={src} backdrop={b} analyze={false} />
              </section>
            );
          })}
        </div>
      )}
    </WithObjectUrl>
  ),
  play: async ({ canvasElement }) => {
    const states = Array.from(canvasElement.querySelectorAll('.cutout-preview')).map((p) =>
      p.getAttribute('data-state'),
    );
    await expect(states).toEqual(['dark', 'checkerboard', 'white', 'custom']);
  },
};
