import { CutoutDropzone, CutoutProvider, defaultMessages } from '@cutout/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { chooseFiles, dragFilesOver, expectState, NETWORK_TIMEOUT } from '../support/interactions';
import { mocked } from '../support/mocked';
import { makeFakeJpeg, makeProductPhoto } from '../support/productPhotos';
import { STORY_RETRY, withCutoutProvider } from '../support/withCutoutProvider';

const meta = {
  title: 'Components/CutoutDropzone/Batch and states',
  component: CutoutDropzone,
  decorators: [withCutoutProvider()],
  args: { onCutout: fn(), onError: fn(), multiple: true, concurrency: 1 },
  parameters: {
    docs: {
      description: {
        component:
          'With `multiple`, files go through a pool (`concurrency`, default 4): a row per file with its state, a summary, "Retry failed" and "Cancel all". Too-small images are skipped before upload; one 429 pauses the whole pool.\n\n```tsx\n<CutoutDropzone multiple concurrency={4} onCutout={(cutout, file) => save(file, cutout.blob)} />\n```',
      },
    },
  },
} satisfies Meta<typeof CutoutDropzone>;

export default meta;
type Story = StoryObj<typeof meta>;

const rows = (root: HTMLElement) =>
  Array.from(root.querySelectorAll<HTMLElement>('.cutout-batch__item'));
const row = (root: HTMLElement, name: string) =>
  rows(root).find((r) => r.querySelector('.cutout-batch__name')?.textContent === name)!;

const mixed = mocked({ latencyMs: 80 });
export const MixedOutcomes: Story = {
  name: 'Batch with mixed outcomes',
  parameters: mixed.parameters,
  beforeEach: () => {
    mixed.mock.reset();
    // Concurrency 1 keeps the order: the first upload is refused as too large (40003).
    mixed.mock.script('too-large');
  },
  play: async ({ canvasElement, args, step }) => {
    const files = [
      await makeProductPhoto({ product: 'bottle', name: 'bottle.jpg' }),
      await makeProductPhoto({ product: 'mug', name: 'mug.jpg' }),
      await makeProductPhoto({ product: 'lamp', width: 240, height: 240, name: 'lamp-tiny.jpg' }),
      makeFakeJpeg('notes.jpg'),
      await makeProductPhoto({
        product: 'sneaker',
        name: 'sneaker-with-a-very-long-file-name-from-the-photo-studio-export-final-final.jpg',
      }),
    ];
    await chooseFiles(canvasElement, files);
    await step('every file ends: done, failed or skipped, none lost', async () => {
      await waitFor(
        () => {
          expect(rows(canvasElement)).toHaveLength(5);
          for (const r of rows(canvasElement)) {
            expect(r.dataset.state).toMatch(/done|failed|skipped/);
          }
        },
        { timeout: 10_000 },
      );
      await expect(row(canvasElement, 'bottle.jpg')).toHaveAttribute('data-state', 'failed');
      await expect(row(canvasElement, 'mug.jpg')).toHaveAttribute('data-state', 'done');
      await expect(row(canvasElement, 'lamp-tiny.jpg')).toHaveAttribute('data-state', 'skipped');
      await expect(row(canvasElement, files[4]!.name)).toHaveAttribute('data-state', 'done');
    });
    await step('the too-small and the fake image were never sent', async () => {
      await expect(mixed.mock.stats.requests).toBe(3);
      await waitFor(() => expect(args.onCutout).toHaveBeenCalledTimes(2));
    });
    await step('Retry failed sends the refused one again', async () => {
      await userEvent.click(
        within(canvasElement).getByRole('button', { name: defaultMessages.batchRetryFailed }),
      );
      await waitFor(
        () => expect(row(canvasElement, 'bottle.jpg')).toHaveAttribute('data-state', 'done'),
        NETWORK_TIMEOUT,
      );
      await waitFor(() => expect(args.onCutout).toHaveBeenCalledTimes(3));
    });
  },
};

type Cell = { label: string; state: string; scenario?: 'stall' | 'credits' };
const CELLS: Cell[] = [
  { label: 'idle', state: 'idle' },
  { label: 'drag over', state: 'active' },
  { label: 'working', state: 'working', scenario: 'stall' },
  { label: 'done', state: 'done' },
  { label: 'error', state: 'error', scenario: 'credits' },
];
const slug = (label: string) => `/states-${label.replace(/\W+/g, '-')}`;
const cellMocks = CELLS.map((c) => mocked({ baseUrl: slug(c.label), scenario: c.scenario }));

/** Every `data-state` of the drop zone side by side, each driven there by its play step. */
export const States: Story = {
  args: { multiple: false },
  parameters: {
    layout: 'fullscreen',
    msw: { handlers: cellMocks.flatMap((m) => m.parameters.msw.handlers) },
  },
  beforeEach: () => {
    for (const m of cellMocks) m.mock.reset();
  },
  render: (args) => (
    <div className="story-grid">
      {CELLS.map((cell) => (
        <section key={cell.label} className="story-cell" aria-label={cell.label}>
          <h3>{cell.label}</h3>
          <CutoutProvider endpoint={slug(cell.label)} retry={STORY_RETRY}>
            <CutoutDropzone {...args} allowUrl={false} />
          </CutoutProvider>
        </section>
      ))}
    </div>
  ),
  play: async ({ canvasElement, step }) => {
    const cell = (label: string) =>
      within(canvasElement).getByRole('region', { name: label }) as HTMLElement;
    const zone = (label: string) => cell(label).querySelector<HTMLElement>('.cutout-dropzone')!;
    await step('drag over', async () => {
      dragFilesOver(
        within(cell('drag over')).getByRole('group', { name: defaultMessages.dropzoneLabel }),
        [await makeProductPhoto()],
      );
      await expectState(zone('drag over'), 'active');
    });
    for (const label of ['working', 'done', 'error']) {
      await step(label, async () => {
        await chooseFiles(cell(label), await makeProductPhoto({ product: 'bottle' }));
        await expectState(zone(label), CELLS.find((c) => c.label === label)!.state);
      });
    }
    await expect(zone('idle')).toHaveAttribute('data-state', 'idle');
  },
};
