import { defaultMessages, EdgeInspector, type InspectorMode } from '@cutout/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { makeCutoutPng } from '../support/productPhotos';
import { WithObjectUrl } from '../support/WithObjectUrl';
import { withCutoutProvider } from '../support/withCutoutProvider';

type Loaded = { cutout: Blob; width: number; height: number };
const cutoutLoader =
  (halo: boolean, width = 1200, height = 900) =>
  async () => ({
    cutout: await makeCutoutPng({ product: 'mug', halo, width, height }),
    width,
    height,
  });

const meta = {
  title: 'Components/EdgeInspector',
  component: EdgeInspector,
  decorators: [withCutoutProvider()],
  args: { src: '', onZoomChange: fn(), onModeChange: fn(), style: { height: 520 } },
  loaders: [cutoutLoader(true)],
  render: (args, { loaded }) => {
    const { cutout, width, height } = loaded as Loaded;
    return (
      <WithObjectUrl blob={cutout}>
        {(src) => <EdgeInspector {...args} src={src} width={width} height={height} />}
      </WithObjectUrl>
    );
  },
  parameters: {
    docs: {
      description: {
        component:
          'Zoom 25 %–3200 % (pixelated), pan by drag, wheel and keys, a loupe, and three views: composite, alpha matte, fringe overlay with the halo score. Analysis runs in a worker for big images.\n\n```tsx\n<EdgeInspector src={cutout.objectUrl} width={cutout.width} height={cutout.height} defaultMode="fringe" />\n```',
      },
    },
  },
} satisfies Meta<typeof EdgeInspector>;

export default meta;
type Story = StoryObj<typeof meta>;

const root = (el: HTMLElement) => el.querySelector<HTMLElement>('.cutout-inspector')!;
const ready = async (el: HTMLElement) => {
  await waitFor(() => expect(root(el)?.dataset.state).not.toBe('loading'), { timeout: 8_000 });
};
const modeButton = (el: HTMLElement, mode: InspectorMode) =>
  within(el).getByRole('button', { name: defaultMessages.modes[mode] });

export const Composite: Story = {
  args: { defaultMode: 'composite' },
  play: async ({ canvasElement }) => {
    await ready(canvasElement);
    await expect(root(canvasElement)).toHaveAttribute('data-state', 'composite');
    await expect(modeButton(canvasElement, 'composite')).toHaveAttribute('aria-pressed', 'true');
  },
};

export const AlphaMatte: Story = {
  name: 'Alpha matte',
  args: { defaultMode: 'alpha' },
  play: async ({ canvasElement }) => {
    await ready(canvasElement);
    await expect(root(canvasElement)).toHaveAttribute('data-state', 'alpha');
  },
};

export const FringeOverlay: Story = {
  name: 'Fringe overlay with halo score',
  args: { defaultMode: 'fringe' },
  play: async ({ canvasElement, step }) => {
    await ready(canvasElement);
    await step('the halo of this cutout is scored and flagged', async () => {
      const score = await within(canvasElement).findByText(
        /Halo score \d+/,
        {},
        { timeout: 8_000 },
      );
      await expect(score).toHaveAttribute('data-state', 'review');
    });
    await expect(canvasElement.querySelector('.cutout-inspector__overlay')).toBeInTheDocument();
  },
};

export const CleanEdges: Story = {
  name: 'Clean edges: no review',
  args: { defaultMode: 'fringe' },
  loaders: [cutoutLoader(false)],
  play: async ({ canvasElement }) => {
    await ready(canvasElement);
    const score = await within(canvasElement).findByText(/Halo score \d+/, {}, { timeout: 8_000 });
    await expect(score).toHaveAttribute('data-state', 'ok');
  },
};

export const ZoomAndModes: Story = {
  name: 'Zoom, pan and modes by keyboard',
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    await ready(canvasElement);
    await step('the + button zooms in and reports the zoom', async () => {
      await userEvent.click(canvas.getByRole('button', { name: defaultMessages.zoomIn }));
      await waitFor(() => expect(args.onZoomChange).toHaveBeenCalled());
    });
    await step('the viewer takes focus and keys zoom it (+), Fit resets', async () => {
      const viewer = canvas.getByRole('application', { name: defaultMessages.inspectorLabel });
      viewer.focus();
      const before = (args.onZoomChange as ReturnType<typeof fn>).mock.calls.length;
      await userEvent.keyboard('+');
      await waitFor(() =>
        expect((args.onZoomChange as ReturnType<typeof fn>).mock.calls.length).toBeGreaterThan(
          before,
        ),
      );
      await userEvent.click(canvas.getByRole('button', { name: defaultMessages.zoomFit }));
    });
    await step('modes switch and are reported', async () => {
      await userEvent.click(modeButton(canvasElement, 'alpha'));
      await expect(root(canvasElement)).toHaveAttribute('data-state', 'alpha');
      await expect(args.onModeChange).toHaveBeenLastCalledWith('alpha');
    });
  },
};

export const ZoomedIn: Story = {
  name: 'Zoomed to 1600 % (pixelated)',
  args: { defaultZoom: 1600, defaultMode: 'fringe' },
  play: async ({ canvasElement }) => {
    await ready(canvasElement);
    await expect(within(canvasElement).getByText('1600%')).toBeVisible();
    await expect(canvasElement.querySelector('.cutout-inspector__stage')).toHaveAttribute(
      'data-pixelated',
    );
  },
};

export const Big12MP: Story = {
  name: '12 MP cutout stays responsive',
  loaders: [cutoutLoader(true, 4000, 3000)],
  play: async ({ canvasElement }) => {
    await ready(canvasElement);
    const canvas = within(canvasElement);
    const zoomText = () => canvasElement.querySelector('.cutout-inspector__zoom')?.textContent;
    const haloShown = () => canvas.queryByText(/Halo score \d+/) !== null;
    await userEvent.click(modeButton(canvasElement, 'fringe'));
    const before = zoomText();
    // The 12 MP analysis is still running in the worker (no score yet)…
    await expect(haloShown()).toBe(false);
    await userEvent.click(canvas.getByRole('button', { name: defaultMessages.zoomIn }));
    // …and the click is already handled: the zoom changed before the score arrived. An
    // analysis blocking the main thread would hold the click until after it. (An order, not
    // a time limit: a busy machine slows both sides alike.)
    await waitFor(() => expect(zoomText()).not.toBe(before));
    await expect(haloShown()).toBe(false);
    await canvas.findByText(/Halo score \d+/, {}, { timeout: 30_000 });
  },
};
