import { CutoutEditor, type MaskBuffer } from '@cutout/react/editor';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  alphaOf,
  canvasPixels,
  changedPixels,
  editorCanvas,
  editorReady,
  editorRoot,
  footprintCheck,
  makeTwoColourPng,
  maskOfImage,
  stroke,
  viewPixels,
} from '../support/editorPixels';
import { makeCutoutPng, makeProductPhoto } from '../support/productPhotos';
import { withCutoutProvider } from '../support/withCutoutProvider';

type Loaded = { original: Blob; cutout: Blob; width: number; height: number; mask?: MaskBuffer };
const photoLoader =
  (width = 1200, height = 900) =>
  async (): Promise<Loaded> => ({
    original: await makeProductPhoto({ product: 'mug', width, height, type: 'image/png' }),
    cutout: await makeCutoutPng({ product: 'mug', width, height }),
    width,
    height,
  });

const meta = {
  title: 'Components/CutoutEditor',
  component: CutoutEditor,
  decorators: [withCutoutProvider()],
  args: {
    original: '',
    cutout: '',
    onValueChange: fn(),
    onChange: fn(),
    onZoomChange: fn(),
    defaultZoom: 100,
    style: { height: 560 },
  },
  loaders: [photoLoader()],
  render: (args, { loaded }) => {
    const { original, cutout } = loaded as Loaded;
    return <CutoutEditor {...args} original={original} cutout={cutout} />;
  },
  parameters: {
    docs: {
      description: {
        component:
          'Touch up a cutout by hand: Erase / Restore brushes with size, hardness and pen pressure, an edge-aware mode that stops at strong edges of the original photo, undo/redo (exact), pan and zoom shared with EdgeInspector, before/after and the CompositePreview backdrops. Built for 12 MP.\n\n```tsx\n<CutoutEditor original={file} cutout={cutout.blob} onChange={(png) => save(png)} />\n```',
      },
    },
  },
} satisfies Meta<typeof CutoutEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

const W = 1200;
const H = 900;
/** A point well inside the mug's body (opaque in the cutout), and one on the backdrop. */
const BODY: [number, number] = [560, 470];
const BACKDROP: [number, number] = [120, 120];

export const Default: Story = {
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await editorReady(canvasElement);
    await step('every tool has a named button and the canvas is marked', async () => {
      for (const name of [/^Erase/, /^Restore/, /^Undo/, /^Redo/]) {
        await expect(canvas.getByRole('button', { name })).toBeInTheDocument();
      }
      await expect(canvas.getByRole('button', { name: /^Erase/ })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      await expect(editorCanvas(canvasElement)).toBeInTheDocument();
      // The stage is the image's size; the canvas the viewport's (the composite is off screen).
      const stage = canvasElement.querySelector<HTMLElement>('.cutout-editor__stage')!;
      await expect(stage.offsetWidth).toBe(W);
    });
    await step('keys pick the tools and the brush size', async () => {
      canvas.getByRole('application').focus();
      await userEvent.keyboard('r');
      await expect(editorRoot(canvasElement)).toHaveAttribute('data-tool', 'restore');
      const size = () =>
        Number(canvas.getByRole('slider', { name: /Brush size/ }).getAttribute('value'));
      const before = size();
      await userEvent.keyboard(']');
      await waitFor(() => expect(size()).toBeGreaterThan(before));
      // `[[` is a literal `[` in user-event's key syntax.
      await userEvent.keyboard('[[[[');
      await waitFor(() => expect(size()).toBeLessThan(before));
      await userEvent.keyboard('e');
      await expect(editorRoot(canvasElement)).toHaveAttribute('data-tool', 'erase');
    });
  },
};

export const Erase: Story = {
  name: 'Erase: exactly the footprint',
  args: { defaultSettings: { tool: 'erase', size: 40, hardness: 1 } },
  play: async ({ canvasElement, args, step }) => {
    await editorReady(canvasElement);
    const before = canvasPixels(canvasElement);
    const a: [number, number] = [BODY[0] - 60, BODY[1]];
    const b: [number, number] = [BODY[0] + 60, BODY[1] + 20];
    await stroke(canvasElement, [a, [BODY[0], BODY[1] + 10], b]);
    const after = canvasPixels(canvasElement);
    await step('every changed pixel is under the brush, and the brush cleared them', async () => {
      const check = footprintCheck(before, after, W, a, b, 20);
      await expect(check.outside).toBe(0);
      await expect(check.missed).toBe(0);
      // A 40 px capsule about 120 px long over the mug's body: thousands of pixels.
      await expect(check.changed).toBeGreaterThan(3_000);
    });
    await step('the mask reported equals what the canvas shows', async () => {
      const mask = (args.onValueChange as ReturnType<typeof fn>).mock.lastCall![0] as MaskBuffer;
      // Counted in a loop: a deep toEqual over 1.08 M bytes takes seconds under load.
      const shown = alphaOf(after, W, H).data;
      await expect(mask.data.length).toBe(shown.length);
      await expect(mask.data.filter((a, i) => a !== shown[i]).length).toBe(0);
    });
    await step('at 100 % the screen shows those pixels one to one', async () => {
      const view = viewPixels(canvasElement);
      await expect(view.scale).toBe(1);
      let visible = 0;
      let wrong = 0;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const i = view.at(x, y);
          if (i < 0) continue;
          visible++;
          const j = (y * W + x) * 4;
          for (let c = 0; c < 4; c++) if (view.data[i + c] !== after[j + c]) wrong++;
        }
      }
      // The viewport shows a good part of the image, the stroke included.
      await expect(visible).toBeGreaterThan(100_000);
      await expect(view.at(BODY[0], BODY[1])).toBeGreaterThanOrEqual(0);
      await expect(wrong).toBe(0);
    });
  },
};

export const Restore: Story = {
  name: 'Restore: the original pixels come back',
  args: { defaultSettings: { size: 50, hardness: 1 } },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await editorReady(canvasElement);
    const initial = canvasPixels(canvasElement);
    await step('erase a patch of the mug, then restore over it', async () => {
      await stroke(canvasElement, [BODY]);
      await expect(changedPixels(initial, canvasPixels(canvasElement)).length).toBeGreaterThan(
        1500,
      );
      await userEvent.click(canvas.getByRole('button', { name: /^Restore/ }));
      await stroke(canvasElement, [BODY]);
    });
    await step('the cutout is back, pixel for pixel', async () => {
      await expect(changedPixels(initial, canvasPixels(canvasElement))).toEqual([]);
    });
    await step('restore on the removed backdrop brings the photo back, opaque', async () => {
      await stroke(canvasElement, [BACKDROP]);
      const px = canvasPixels(canvasElement);
      const i = (BACKDROP[1] * W + BACKDROP[0]) * 4;
      await expect(initial[i + 3]).toBe(0);
      await expect(px[i + 3]).toBe(255);
      // The light studio sweep of the photo, not black.
      await expect(px[i]! + px[i + 1]! + px[i + 2]!).toBeGreaterThan(3 * 150);
    });
  },
};

export const UndoRedo: Story = {
  name: 'Undo / redo are exact',
  args: { defaultSettings: { size: 36, hardness: 0.4 } },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await editorReady(canvasElement);
    const s0 = canvasPixels(canvasElement);
    await stroke(canvasElement, [
      [400, 300],
      [700, 500],
      [800, 350],
    ]);
    const s1 = canvasPixels(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: /^Restore/ }));
    await stroke(canvasElement, [
      [500, 250],
      [650, 600],
    ]);
    const s2 = canvasPixels(canvasElement);
    await expect(changedPixels(s1, s2).length).toBeGreaterThan(0);
    await step('Ctrl+Z twice goes back to the start, byte for byte', async () => {
      canvas.getByRole('application').focus();
      await userEvent.keyboard('{Control>}z{/Control}');
      await expect(changedPixels(s1, canvasPixels(canvasElement))).toEqual([]);
      await userEvent.keyboard('{Control>}z{/Control}');
      await expect(changedPixels(s0, canvasPixels(canvasElement))).toEqual([]);
      await expect(canvas.getByRole('button', { name: /^Undo/ })).toBeDisabled();
    });
    await step('Redo and Ctrl+Shift+Z replay both strokes exactly', async () => {
      await userEvent.click(canvas.getByRole('button', { name: /^Redo/ }));
      await expect(changedPixels(s1, canvasPixels(canvasElement))).toEqual([]);
      canvas.getByRole('application').focus();
      await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
      await expect(changedPixels(s2, canvasPixels(canvasElement))).toEqual([]);
    });
  },
};

const TW = 600;
const TH = 400;
export const EdgeAware: Story = {
  name: 'Edge-aware brush stops at a hard edge',
  args: { defaultSettings: { tool: 'erase', size: 100, hardness: 1, edgeAware: true } },
  loaders: [
    async (): Promise<Loaded> => {
      const photo = await makeTwoColourPng(TW, TH);
      return { original: photo, cutout: photo, width: TW, height: TH };
    },
  ],
  play: async ({ canvasElement, step }) => {
    await editorReady(canvasElement);
    const before = canvasPixels(canvasElement);
    // The brush (radius 50) reaches 30 px across the border at x = 300.
    await stroke(canvasElement, [
      [270, 120],
      [275, 200],
      [270, 280],
    ]);
    const after = canvasPixels(canvasElement);
    await step('nothing right of the border changed', async () => {
      const crossed = changedPixels(before, after).filter((p) => p % TW >= TW / 2);
      await expect(crossed).toEqual([]);
    });
    await step('the red side under the brush was erased up to the border', async () => {
      await expect(after[(200 * TW + 299) * 4 + 3]).toBe(0);
      await expect(after[(200 * TW + 240) * 4 + 3]).toBe(0);
      await expect(after[(200 * TW + 300) * 4 + 3]).toBe(255);
    });
    await step('with edge awareness off the same stroke crosses', async () => {
      await userEvent.click(within(canvasElement).getByRole('button', { name: 'Follow edges' }));
      await stroke(canvasElement, [[270, 200]]);
      await expect(canvasPixels(canvasElement)[(200 * TW + 310) * 4 + 3]).toBe(0);
    });
  },
};

export const ZoomedIn: Story = {
  name: 'Zoomed in to 800 % (pixelated)',
  args: { defaultZoom: 800, defaultSettings: { size: 4, hardness: 1 } },
  play: async ({ canvasElement }) => {
    await editorReady(canvasElement);
    await expect(within(canvasElement).getByText('800%')).toBeVisible();
    await expect(canvasElement.querySelector('.cutout-editor__stage')).toHaveAttribute(
      'data-pixelated',
    );
    // At 800 % a 4 px brush is a 32 px circle on screen and still paints 4 image pixels wide.
    const before = canvasPixels(canvasElement);
    await stroke(canvasElement, [BODY]);
    const check = footprintCheck(before, canvasPixels(canvasElement), W, BODY, BODY, 2);
    await expect(check).toEqual({ outside: 0, missed: 0, changed: check.changed });
    await expect(check.changed).toBeGreaterThanOrEqual(4);
    await expect(check.changed).toBeLessThanOrEqual(16);
  },
};

export const View: Story = {
  name: 'View: Space-drag pans, before/after, backdrops',
  args: { defaultZoom: 200 },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await editorReady(canvasElement);
    const stage = canvasElement.querySelector<HTMLElement>('.cutout-editor__stage')!;
    const before = canvasPixels(canvasElement);
    await step('Space + drag pans the view and paints nothing', async () => {
      const transform = stage.style.transform;
      canvas.getByRole('application').focus();
      await userEvent.keyboard('[Space>]');
      await stroke(canvasElement, [BODY, [BODY[0] + 60, BODY[1] + 40]]);
      await userEvent.keyboard('[/Space]');
      await expect(stage.style.transform).not.toBe(transform);
      await expect(changedPixels(before, canvasPixels(canvasElement))).toEqual([]);
    });
    await step('the view is redrawn where the pan put the image', async () => {
      const [x, y] = BODY;
      const i = (y * W + x) * 4;
      await waitFor(() => {
        const view = viewPixels(canvasElement);
        const at = view.at(x, y);
        expect(at).toBeGreaterThanOrEqual(0);
        expect([...view.data.subarray(at, at + 4)]).toEqual([...before.subarray(i, i + 4)]);
      });
    });
    await step('B and the button show the original photo over the cutout', async () => {
      const toggle = canvas.getByRole('button', { name: 'Show original' });
      await userEvent.keyboard('b');
      await expect(toggle).toHaveAttribute('aria-pressed', 'true');
      await expect(canvasElement.querySelector('img.cutout-editor__original')).not.toBeNull();
      await userEvent.click(toggle);
      await expect(canvasElement.querySelector('img.cutout-editor__original')).toBeNull();
    });
    await step('the backdrops of CompositePreview', async () => {
      await expect(stage).toHaveAttribute('data-backdrop', 'checkerboard');
      await userEvent.click(canvas.getByRole('radio', { name: 'White' }));
      await expect(stage).toHaveAttribute('data-backdrop', 'white');
      await expect(getComputedStyle(stage).backgroundColor).toBe('rgb(255, 255, 255)');
    });
  },
};

export const Big12MP: Story = {
  name: '12 MP cutout stays responsive',
  args: { defaultZoom: undefined, defaultSettings: { size: 120, hardness: 1 } },
  loaders: [photoLoader(4000, 3000)],
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step('the page answers clicks while the images open', async () => {
      const zoomIn = await canvas.findByRole('button', { name: 'Zoom in' }, { timeout: 10_000 });
      const text = () => canvasElement.querySelector('.cutout-editor__zoom')?.textContent;
      const before = text();
      await userEvent.click(zoomIn);
      await waitFor(() => expect(text()).not.toBe(before));
    });
    await editorReady(canvasElement, 45_000);
    await step('the canvas on the page is viewport-sized, not 12 MP', async () => {
      const c = editorCanvas(canvasElement);
      await expect(c.width).toBe(Math.round(c.clientWidth * devicePixelRatio));
      await expect(c.width * c.height).toBeLessThan(4000 * 3000 * 0.25);
    });
    const box = () => canvasPixels(canvasElement, { x: 1700, y: 1300, width: 600, height: 400 });
    const before = box();
    await step('a stroke paints only its footprint', async () => {
      await stroke(canvasElement, [
        [1800, 1500],
        [2200, 1500],
      ]);
      // In the 600 × 400 box's coordinates: from (100, 200) to (500, 200), radius 60.
      const check = footprintCheck(before, box(), 600, [100, 200], [500, 200], 60);
      await expect(check.outside).toBe(0);
      await expect(check.missed).toBe(0);
      await expect(check.changed).toBeGreaterThan(20_000);
    });
    await step('zoomed out, the screen shows the stroke (drawn from a smaller level)', async () => {
      // Inside the mug, 150 px below the stroke's middle: opaque, and the brush missed it.
      const below = (350 * 600 + 300) * 4 + 3;
      await expect(before[below]).toBe(255);
      await expect(box()[below]).toBe(255);
      // The fit lands a frame after `ready`: read the screen once it shows the fitted view.
      await waitFor(() => {
        const view = viewPixels(canvasElement);
        expect(view.scale).toBeLessThan(1);
        const centre = view.at(2000, 1500);
        expect(centre).toBeGreaterThanOrEqual(0);
        expect(view.data[centre + 3]).toBe(0);
        expect(view.data[view.at(2000, 1650) + 3]).toBe(255);
      });
    });
    await step(
      'at a fractional zoom a stroke redraws its rectangle as a whole redraw would',
      async () => {
        const vp = canvasElement.querySelector<HTMLElement>('.cutout-editor__viewport')!;
        const r = vp.getBoundingClientRect();
        const frames = () =>
          new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        // Ctrl + wheel: 25 % → ~34 %, drawn from the ½ level with smoothing, off-pixel.
        vp.dispatchEvent(
          new WheelEvent('wheel', {
            deltaY: -60,
            ctrlKey: true,
            clientX: r.left + r.width / 2,
            clientY: r.top + r.height / 2,
            bubbles: true,
            cancelable: true,
          }),
        );
        await waitFor(() => expect(viewPixels(canvasElement).scale).toBeGreaterThan(0.3));
        await frames();
        const before = viewPixels(canvasElement).data.slice();
        await stroke(canvasElement, [
          [1700, 1200],
          [2300, 1800],
        ]);
        await frames();
        const dirty = viewPixels(canvasElement).data.slice();
        await expect(changedPixels(before, dirty).length).toBeGreaterThan(1000);
        // Pan away and back: the view is drawn whole again at the same place.
        vp.focus();
        await userEvent.keyboard('{ArrowLeft}{ArrowRight}');
        await frames();
        await expect(changedPixels(dirty, viewPixels(canvasElement).data)).toEqual([]);
      },
    );
  },
};

function ControlledEditor(props: Loaded & { onValueChange: (m: MaskBuffer) => void }) {
  const [mask, setMask] = useState(props.mask!);
  const erased = mask.data.reduce((n, a, i) => n + (a < props.mask!.data[i]! ? 1 : 0), 0);
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <p>
        <output data-testid="erased">{erased}</output> pixels erased{' '}
        <button type="button" onClick={() => setMask(props.mask!)}>
          Reset to the model's mask
        </button>
      </p>
      <CutoutEditor
        original={props.original}
        cutout={props.cutout}
        value={mask}
        onValueChange={(m) => {
          setMask(m);
          props.onValueChange(m);
        }}
        defaultZoom={100}
        defaultSettings={{ size: 40, hardness: 1 }}
        style={{ height: 520 }}
      />
    </div>
  );
}

export const Controlled: Story = {
  name: 'Controlled mask (value / onValueChange)',
  loaders: [
    async () => {
      const loaded = await photoLoader()();
      return { ...loaded, mask: await maskOfImage(loaded.cutout) };
    },
  ],
  render: (args, { loaded }) => (
    <ControlledEditor {...(loaded as Loaded)} onValueChange={args.onValueChange!} />
  ),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await editorReady(canvasElement);
    const initial = canvasPixels(canvasElement);
    await step('a stroke reports the new mask to the parent', async () => {
      await stroke(canvasElement, [BODY]);
      await waitFor(() =>
        expect(Number(canvas.getByTestId('erased').textContent)).toBeGreaterThan(1000),
      );
    });
    await step('the parent resets the value; the editor shows it (and can undo it)', async () => {
      await userEvent.click(canvas.getByRole('button', { name: /Reset/ }));
      await waitFor(() => expect(canvas.getByTestId('erased')).toHaveTextContent('0'));
      await waitFor(() => expect(changedPixels(initial, canvasPixels(canvasElement))).toEqual([]));
      await userEvent.click(canvas.getByRole('button', { name: /^Undo/ }));
      await waitFor(() =>
        expect(Number(canvas.getByTestId('erased').textContent)).toBeGreaterThan(1000),
      );
    });
  },
};

export const ReadOnly: Story = {
  name: 'Read-only',
  args: { readOnly: true },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await editorReady(canvasElement);
    await expect(editorRoot(canvasElement)).toHaveAttribute('data-readonly');
    await expect(canvas.getByRole('button', { name: /^Erase/ })).toBeDisabled();
    await expect(canvas.getByRole('button', { name: /^Restore/ })).toBeDisabled();
    const before = canvasPixels(canvasElement);
    await stroke(canvasElement, [BODY, [BODY[0] + 80, BODY[1]]]);
    // A drag pans instead of painting: the pixels are untouched.
    await expect(changedPixels(before, canvasPixels(canvasElement))).toEqual([]);
    await expect(args.onValueChange).not.toHaveBeenCalled();
  },
};
