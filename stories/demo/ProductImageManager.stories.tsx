import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { editorImageSize, editorReady, stroke } from '../support/editorPixels';
import { mocked } from '../support/mocked';
import { STORY_RETRY, withCutoutProvider } from '../support/withCutoutProvider';
import { ProductImageManager } from './ProductImageManager';

const meta = {
  title: 'Demo/Product image manager',
  component: ProductImageManager,
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component:
          'A product page’s image admin built from @cutout/react: a queue on `useRemoveBgBatch` with the kit’s `CutoutStatus` per row, `CompositePreview` on #111 and white, `EdgeInspector`, `CompareSlider`, the mask editor `CutoutEditor` (Edit tab: erase or restore by hand, the download then gives the edited PNG), PNG downloads. **Live** talks to the proxy that `npm start` runs (the local ONNX engine, or Codia with `CODIA_API_KEY`); the other stories answer from MSW.',
      },
    },
  },
} satisfies Meta<typeof ProductImageManager>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Real requests, no MSW: Storybook's dev server forwards /v1 to `cutout serve`. Left out of
 * the stories-as-tests run (it needs the live proxy); test/e2e drives it end to end instead.
 */
export const Live: Story = {
  tags: ['!test'],
  decorators: [withCutoutProvider({ retry: undefined })],
};

const STAGES = /done|skipped|failed/;

const mockedRun = mocked({ latencyMs: 250 });
export const WithMockedProxy: Story = {
  name: 'With mocked proxy',
  parameters: mockedRun.parameters,
  decorators: [withCutoutProvider({ retry: STORY_RETRY })],
  beforeEach: () => mockedRun.mock.reset(),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step('sample photos go through the queue', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Add sample photos' }));
      await waitFor(
        () => {
          const rows = canvas.getAllByTestId('queue-item');
          expect(rows).toHaveLength(4);
          for (const row of rows) expect(row.dataset.state).toMatch(STAGES);
        },
        { timeout: 30_000 },
      );
    });
    await step('the too-small photo is skipped with the reason, never sent', async () => {
      const tiny = canvas
        .getAllByTestId('queue-item')
        .find((row) => row.textContent?.includes('lamp-thumbnail.jpg'))!;
      await expect(tiny).toHaveAttribute('data-state', 'skipped');
      await expect(within(tiny).getByRole('alert')).toHaveTextContent(/at least 400 px/);
      await expect(mockedRun.mock.stats.requests).toBe(3);
      await expect(canvas.getByText('3 of 4 done, 1 skipped')).toHaveAttribute('role', 'status');
    });
    await step(
      'a finished photo is selected by itself; picking mug-front.jpg shows it',
      async () => {
        // Which photo finishes first depends on timing (two run at once), so the test only
        // checks that one finished photo was selected, then picks mug-front.jpg itself.
        const pressed = canvas
          .getAllByTestId('queue-item')
          .filter((row) => row.querySelector('[aria-pressed="true"]'));
        await expect(pressed).toHaveLength(1);
        await expect(pressed[0]).toHaveAttribute('data-state', 'done');
        await userEvent.click(canvas.getByRole('button', { name: /^mug-front\.jpg/ }));
        await expect(canvas.getByRole('button', { name: /^mug-front\.jpg/ })).toHaveAttribute(
          'aria-pressed',
          'true',
        );
      },
    );
    await step('the selected cutout is shown on #111 and on white', async () => {
      await expect(await canvas.findByRole('img', { name: 'mug-front.jpg on dark' })).toBeVisible();
      await expect(canvas.getByRole('img', { name: 'mug-front.jpg on white' })).toBeVisible();
    });
    await step('each done photo has its PNG download', async () => {
      // One in the queue row, one in the workspace header of the selected photo.
      const links = canvas.getAllByRole('link', { name: 'Download mug-front-cutout.png' });
      await expect(links).toHaveLength(2);
      for (const link of links) {
        await expect(link).toHaveAttribute('download', 'mug-front-cutout.png');
        await expect(link.getAttribute('href')).toMatch(/^blob:/);
      }
    });
    await step('tabs switch to the edge inspector and before/after, by keyboard too', async () => {
      await userEvent.click(canvas.getByRole('tab', { name: 'Inspect edges' }));
      await expect(canvas.getByRole('tabpanel')).toContainElement(
        canvasElement.querySelector('.cutout-inspector'),
      );
      await userEvent.keyboard('{ArrowRight}');
      await expect(canvas.getByRole('tab', { name: 'Before / after' })).toHaveFocus();
      // The slider's view loads on demand: 1 s (the default) was too short under a full
      // `npm test` on a loaded machine.
      await expect(await canvas.findByRole('slider', {}, { timeout: 10_000 })).toHaveAttribute(
        'aria-valuenow',
        '50',
      );
    });
    await step('the Export tab previews the cutout and offers its file', async () => {
      await userEvent.click(canvas.getByRole('tab', { name: 'Export' }));
      // The panel's code loads on first use; the cutout as it is (no preset): a cheap compose.
      await canvas.findByRole('combobox', { name: 'Preset' }, { timeout: 30_000 });
      await waitFor(
        () =>
          expect(canvas.getByRole('button', { name: /^Download PNG/ })).toHaveTextContent(
            /^Download PNG \(\d+ × \d+\)$/,
          ),
        { timeout: 30_000 },
      );
      await userEvent.click(canvas.getByRole('tab', { name: 'Before / after' }));
    });
    await step(
      'the Edit tab touches the cutout up; the download gives the edited PNG',
      async () => {
        await userEvent.click(canvas.getByRole('tab', { name: 'Edit' }));
        await editorReady(canvasElement, 30_000);
        const download = canvasElement.querySelector<HTMLAnchorElement>('.pim-workspace__head a')!;
        const unedited = download.getAttribute('href');
        const c = editorImageSize(canvasElement);
        await stroke(canvasElement, [
          [c.width * 0.35, c.height * 0.5],
          [c.width * 0.65, c.height * 0.5],
        ]);
        // The editor hands over a new PNG once edits pause (300 ms) and it is encoded.
        await waitFor(() => expect(download).toHaveAttribute('data-edited'), { timeout: 15_000 });
        await expect(download.getAttribute('href')).not.toBe(unedited);
        await expect(download.getAttribute('href')).toMatch(/^blob:/);
      },
    );
    await step('selecting another photo shows it', async () => {
      await userEvent.click(canvas.getByRole('button', { name: /^bottle\.jpg/ }));
      await expect(
        canvas.getByRole('region', { name: 'Selected photo: bottle.jpg' }),
      ).toBeInTheDocument();
    });
  },
};

const rateLimited = mocked({ latencyMs: 100, retryAfterS: 2 });
export const RateLimited: Story = {
  name: 'Rate limited: the whole queue waits',
  parameters: rateLimited.parameters,
  decorators: [withCutoutProvider({ retry: STORY_RETRY })],
  beforeEach: () => {
    rateLimited.mock.reset();
    rateLimited.mock.script('rate-limit');
  },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Add sample photos' }));
    await step(
      'while the pool is paused, every waiting row says so with the countdown',
      async () => {
        await waitFor(
          () => {
            const rows = canvas.getAllByTestId('queue-item');
            const waiting = rows.filter((r) => r.dataset.state !== 'done');
            expect(waiting.length).toBeGreaterThan(1);
            for (const row of waiting) {
              // The refused row counts down its retry; the others are paused at the gate.
              expect(row.querySelector('.cutout-status[data-kind="rate-limit"]')).not.toBeNull();
              expect(row.textContent).toMatch(/\d+ s/);
            }
          },
          { timeout: 10_000 },
        );
      },
    );
    await waitFor(
      () => {
        const rows = canvas.getAllByTestId('queue-item');
        expect(rows.filter((r) => r.dataset.state === 'done')).toHaveLength(3);
      },
      { timeout: 30_000 },
    );
    await expect(rateLimited.mock.stats.byCode['42900']).toBe(1);
  },
};
