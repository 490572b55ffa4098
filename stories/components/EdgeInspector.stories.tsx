import { defaultMessages, EdgeInspector, type InspectorMode } from '@cutout/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
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

/** Two cutouts of other shapes: a wide mug, then a tall lamp, shown in one inspector. */
function SwitchingInspector(props: { wide: Blob; tall: Blob }) {
  const [tall, setTall] = useState(false);
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <button type="button" onClick={() => setTall((t) => !t)}>
        {tall ? 'Show the mug' : 'Show the lamp'}
      </button>
      {/* Both URLs made up front: the same inspector instance gets a new src. */}
      <WithObjectUrl blob={props.wide}>
        {(wideUrl) => (
          <WithObjectUrl blob={props.tall}>
            {(tallUrl) => (
              <EdgeInspector
                src={tall ? tallUrl : wideUrl}
                width={tall ? 600 : 1200}
                height={tall ? 1000 : 900}
                style={{ height: 420 }}
                loupe={false}
              />
            )}
          </WithObjectUrl>
        )}
      </WithObjectUrl>
    </div>
  );
}

export const NewImageRefits: Story = {
  name: 'A new image is fitted again',
  loaders: [
    async () => ({
      wide: await makeCutoutPng({ product: 'mug', width: 1200, height: 900 }),
      tall: await makeCutoutPng({ product: 'lamp', width: 600, height: 1000 }),
    }),
  ],
  render: (_args, { loaded }) => {
    const { wide, tall } = loaded as { wide: Blob; tall: Blob };
    return <SwitchingInspector wide={wide} tall={tall} />;
  },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await ready(canvasElement);
    const zoomText = () => canvasElement.querySelector('.cutout-inspector__zoom')?.textContent;
    const viewport = () => canvasElement.querySelector<HTMLElement>('.cutout-inspector__viewport')!;
    const fitFor = (w: number, h: number) =>
      `${Math.round(Math.min(viewport().clientWidth / w, viewport().clientHeight / h) * 100)}%`;
    await waitFor(() => expect(zoomText()).toBe(fitFor(1200, 900)));
    await step('zoom in and pan on the mug', async () => {
      await userEvent.click(canvas.getByRole('button', { name: defaultMessages.zoomIn }));
      await userEvent.click(canvas.getByRole('button', { name: defaultMessages.zoomIn }));
      viewport().focus();
      await userEvent.keyboard('{ArrowRight}{ArrowRight}');
      await expect(zoomText()).not.toBe(fitFor(1200, 900));
    });
    await step('the lamp is fitted and centred, not cropped by the mug’s view', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Show the lamp' }));
      await waitFor(() => expect(zoomText()).toBe(fitFor(600, 1000)), { timeout: 8_000 });
      await waitFor(() => {
        const stage = canvasElement.querySelector<HTMLElement>('.cutout-inspector__stage')!;
        const box = stage.getBoundingClientRect();
        const vp = viewport().getBoundingClientRect();
        // The whole image inside the viewport, centred (±2 px for rounding).
        expect(box.left).toBeGreaterThanOrEqual(vp.left - 2);
        expect(box.right).toBeLessThanOrEqual(vp.right + 2);
        expect(box.top).toBeGreaterThanOrEqual(vp.top - 2);
        expect(box.bottom).toBeLessThanOrEqual(vp.bottom + 2);
        expect(Math.abs(box.left - vp.left - (vp.right - box.right))).toBeLessThan(3);
      });
    });
  },
};
