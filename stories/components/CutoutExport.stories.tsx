import { CutoutExport, preloadCutoutExport } from '@cutout/react/export';
import '@cutout/react/export.css';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  captureDownloads,
  pixelAt,
  previewCanvas,
  setRange,
  watchLongTasks,
} from '../support/exportChecks';
import { expectState } from '../support/interactions';
import { makeCutoutPng } from '../support/productPhotos';

type Loaded = { cutout: Blob };
const cutoutLoader =
  (width = 1200, height = 900) =>
  async () => {
    const started = performance.now();
    await preloadCutoutExport();
    console.log(
      `[export story] panel code loaded in ${Math.round(performance.now() - started)} ms`,
    );
    return { cutout: await makeCutoutPng({ product: 'bottle', width, height }) };
  };

const meta = {
  title: 'Components/CutoutExport',
  component: CutoutExport,
  args: { src: undefined, onOutputChange: fn(), fileName: 'bottle', style: { maxWidth: 960 } },
  loaders: [cutoutLoader()],
  render: (args, { loaded }) => (
    <CutoutExport {...args} src={args.src ?? (loaded as Loaded).cutout} />
  ),
  parameters: {
    docs: {
      description: {
        component:
          "From `@cutout/react/export` (loads on demand). Preset, background, margin, shadow, size and format; the preview is composed in the browser by core's `composeRaster` — the server's maths — in a worker, and the download is that image at full size.\n\n```tsx\nimport { CutoutExport, preloadCutoutExport } from '@cutout/react/export';\nimport '@cutout/react/export.css';\n\n<CutoutExport src={cutout.objectUrl} defaultOutput={{ preset: 'amazon' }} fileName=\"mug\" />\n```",
      },
    },
  },
} satisfies Meta<typeof CutoutExport>;

export default meta;
type Story = StoryObj<typeof meta>;

const panel = (el: HTMLElement) => el.querySelector<HTMLElement>('.cutout-export')!;
// The first story also waits for Vite to compile the panel, the worker and core's output.
const ready = (el: HTMLElement) => expectState(panel(el), 'ready', 45_000);
const download = (el: HTMLElement) =>
  within(el).getByRole('button', { name: /^Download/ }) as HTMLButtonElement;

export const Transparent: Story = {
  name: 'Ready: the cutout as it is (transparent PNG)',
  play: async ({ canvasElement, step }) => {
    await ready(canvasElement);
    await step('the preview is the cutout at its own size', async () => {
      await expect(download(canvasElement)).toHaveTextContent('Download PNG (1200 × 900)');
      await expect(previewCanvas(canvasElement)).toHaveAccessibleName(/1200 × 900: png/);
    });
    await step('a corner of the preview is transparent', async () => {
      await expect(pixelAt(previewCanvas(canvasElement), 0, 0)[3]).toBe(0);
    });
  },
};

export const Amazon: Story = {
  name: 'Preset: Amazon main image',
  args: { defaultOutput: { preset: 'amazon' } },
  play: async ({ canvasElement, step }) => {
    await ready(canvasElement);
    await step('white 2000 × 2000 JPEG, transparency not offered', async () => {
      await expect(download(canvasElement)).toHaveTextContent('Download JPEG (2000 × 2000)');
      await expect(pixelAt(previewCanvas(canvasElement), 0, 0)).toEqual([255, 255, 255, 255]);
      await expect(
        within(canvasElement).getByRole('radio', { name: 'Transparent' }),
      ).toBeDisabled();
      await expect(within(canvasElement).getByRole('radio', { name: 'JPEG' })).toBeChecked();
    });
    await step('the download is that JPEG, named after the format', async () => {
      const downloads = captureDownloads();
      try {
        await userEvent.click(download(canvasElement));
        const file = await downloads.next();
        await expect(file.name).toBe('bottle.jpg');
        await expect(file.blob.type).toBe('image/jpeg');
        const bitmap = await createImageBitmap(file.blob);
        await expect([bitmap.width, bitmap.height]).toEqual([2000, 2000]);
      } finally {
        downloads.restore();
      }
    });
  },
};

export const SquareWithShadow: Story = {
  name: 'Preset: square on light grey, with shadow',
  args: { defaultOutput: { preset: 'square', bg_color: '#f4f4f5', add_shadow: true } },
  play: async ({ canvasElement }) => {
    await ready(canvasElement);
    await expect(download(canvasElement)).toHaveTextContent('Download PNG (1600 × 1600)');
    await expect(within(canvasElement).getByRole('radio', { name: 'Light grey' })).toBeChecked();
    await expect(
      within(canvasElement).getByRole('checkbox', { name: 'Contact shadow' }),
    ).toBeChecked();
    await expect(previewCanvas(canvasElement)).toHaveAccessibleName(/shadow/);
  },
};

export const ByKeyboard: Story = {
  name: 'Options: margin slider, background by arrow keys, format',
  play: async ({ canvasElement, args, step }) => {
    const canvas = within(canvasElement);
    await ready(canvasElement);
    await step('the margin slider trims and pads the subject', async () => {
      setRange(canvas.getByRole('slider', { name: /Margin/ }), 5);
      await waitFor(() =>
        expect(args.onOutputChange).toHaveBeenLastCalledWith({ crop: true, crop_margin: '5%' }),
      );
      await ready(canvasElement);
      await expect(previewCanvas(canvasElement)).toHaveAccessibleName(/crop, margin 5%/);
    });
    await step('arrow keys move through the background swatches', async () => {
      canvas.getByRole('radio', { name: 'Transparent' }).focus();
      await userEvent.keyboard('{ArrowRight}');
      await expect(canvas.getByRole('radio', { name: 'White' })).toBeChecked();
      await ready(canvasElement);
      await expect(pixelAt(previewCanvas(canvasElement), 0, 0)).toEqual([255, 255, 255, 255]);
    });
    await step('the format follows the radio, and the download label with it', async () => {
      await userEvent.click(canvas.getByRole('radio', { name: 'WebP' }));
      await waitFor(() => expect(download(canvasElement)).toHaveTextContent(/Download WebP/));
    });
  },
};

export const Matte: Story = {
  name: 'Matte (channels: alpha)',
  args: { defaultOutput: { channels: 'alpha' } },
  play: async ({ canvasElement }) => {
    await ready(canvasElement);
    // The matte is drawn as opaque grey: black where the cutout is transparent.
    await expect(pixelAt(previewCanvas(canvasElement), 0, 0)).toEqual([0, 0, 0, 255]);
    await expect(previewCanvas(canvasElement)).toHaveAccessibleName(/png matte/);
  },
};

export const Empty: Story = {
  name: 'Idle: no cutout yet',
  loaders: [async () => ({ cutout: undefined })],
  render: (args) => <CutoutExport {...args} src={undefined} />,
  play: async ({ canvasElement }) => {
    await expectState(panel(canvasElement), 'idle');
    await expect(download(canvasElement)).toBeDisabled();
  },
};

export const BadOption: Story = {
  name: 'Error: a bad option names itself',
  args: { defaultOutput: { output_size: '0' } },
  play: async ({ canvasElement }) => {
    await expectState(panel(canvasElement), 'error');
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent(
      /Bad output_size "0": expected WxH or a long edge N/,
    );
  },
};

export const Undecodable: Story = {
  name: 'Error: not an image',
  args: { src: new Blob(['not a png'], { type: 'image/png' }) },
  play: async ({ canvasElement }) => {
    await expectState(panel(canvasElement), 'error', 10_000);
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent(
      'The cutout could not be read as an image.',
    );
    await expect(download(canvasElement)).toBeDisabled();
  },
};

export const Big12MP: Story = {
  name: '12 MP cutout: the slider never waits for the preview',
  loaders: [cutoutLoader(4000, 3000)],
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await ready(canvasElement);
    await expect(panel(canvasElement)).toHaveAttribute('data-composer', 'worker');
    const slider = canvas.getByRole('slider', { name: /Margin/ });
    const longTasks = watchLongTasks();
    const label = () => previewCanvas(canvasElement).getAttribute('aria-label') ?? '';
    await step('a drag across 12 steps, one every 50 ms', async () => {
      for (let v = 1; v <= 12; v++) {
        setRange(slider, v);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // The label follows the slider at once; the 12 MP preview comes after, from the worker.
      await expect(canvas.getByText('12%')).toBeVisible();
    });
    await step('the preview catches up with the last value', async () => {
      // Polled with plain attribute reads: the measurement should see the panel's own work,
      // not the test's queries.
      const until = performance.now() + 45_000;
      while (!(label().includes('margin 12%') && panel(canvasElement).dataset.state === 'ready')) {
        if (performance.now() > until) throw new Error(`preview stuck at "${label()}"`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const { longest, count, total, tasks } = longTasks.stop();
    // A figure for test/bench/README.md (`npm run bench -- exportPreview`), not a pass/fail
    // time: a busy machine slows both threads alike.
    console.log(
      `[export longtask] 12 MP drag: ${count} long tasks, longest ${longest.toFixed(0)} ms, ${total.toFixed(0)} ms in all (${tasks})`,
    );
  },
};

export const MainThread: Story = {
  name: 'No worker in this browser: composed on the main thread',
  beforeEach: () => {
    const saved = globalThis.Worker;
    // As in a browser (or test runner) without module workers.
    Reflect.deleteProperty(globalThis, 'Worker');
    return () => {
      globalThis.Worker = saved;
    };
  },
  args: { defaultOutput: { preset: 'square' } },
  play: async ({ canvasElement }) => {
    await ready(canvasElement);
    await expect(panel(canvasElement)).toHaveAttribute('data-composer', 'main');
    await expect(download(canvasElement)).toHaveTextContent('Download PNG (1600 × 1600)');
  },
};

export const WorkerBlocked: Story = {
  name: 'A worker that cannot load (CSP, bundler): falls back to the main thread',
  beforeEach: () => {
    const saved = globalThis.Worker;
    // A real worker whose script is missing, as a Content-Security-Policy or a bundler that
    // does not emit worker files would leave it: its load fails with an error event.
    globalThis.Worker = class extends saved {
      constructor(_url: string | URL, options?: WorkerOptions) {
        super('/__no-such-export-worker.js', options);
      }
    };
    return () => {
      globalThis.Worker = saved;
    };
  },
  args: { defaultOutput: { preset: 'trimmed' } },
  play: async ({ canvasElement }) => {
    await ready(canvasElement);
    await expect(panel(canvasElement)).toHaveAttribute('data-composer', 'main');
    await expect(download(canvasElement)).toHaveTextContent(/^Download PNG \(\d+ × \d+\)$/);
  },
};
