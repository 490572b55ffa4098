import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Profiler } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { EdgeInspector } from './EdgeInspector';
import { edgeAnalysis, edgePixels } from './test/edgeFixtures';
import { expectNoAxeViolations, renderWithCutout } from './test/fixtures';

const SRC = 'blob:test/cutout';
const root = (c: HTMLElement) => c.querySelector<HTMLElement>('.cutout-inspector')!;
const stage = (c: HTMLElement) => c.querySelector<HTMLElement>('.cutout-inspector__stage')!;
const viewport = () => screen.getByRole('application');
const zoomText = (c: HTMLElement) => c.querySelector('output')!.textContent;

/** Renders and waits for the on-demand inspector view. */
async function renderInspector(props: Partial<Parameters<typeof EdgeInspector>[0]> = {}) {
  const rendered = renderWithCutout(
    <EdgeInspector
      src={SRC}
      width={4000}
      height={3000}
      defaultZoom={100}
      analysis={edgeAnalysis('clean')}
      {...props}
    />,
  );
  // The first test of the file waits for the view's chunk to load and compile: over
  // findBy's 1 s default under a loaded full run (it failed at 1.26 s once).
  await screen.findByRole('application', {}, { timeout: 10_000 });
  return rendered;
}

describe('EdgeInspector', () => {
  it('renders a labelled toolbar, modes and a keyboard-focusable viewport with no violations', async () => {
    const { container } = await renderInspector();
    expect(screen.getByRole('toolbar', { name: 'Edge inspector' })).toBeTruthy();
    expect(viewport().tabIndex).toBe(0);
    expect(viewport().getAttribute('aria-describedby')).toBeTruthy();
    expect(zoomText(container)).toBe('100%');
    expect(root(container).dataset.state).toBe('composite');
    expect(stage(container).style.width).toBe('4000px');
    await expectNoAxeViolations(container);
  });

  it('zooms by buttons and keys along 25 %…3200 %, pixelated from 100 %', async () => {
    const { container } = await renderInspector();
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(zoomText(container)).toBe('200%');
    expect(stage(container).dataset.pixelated).toBe('');
    for (let i = 0; i < 6; i++) fireEvent.keyDown(viewport(), { key: '+' });
    expect(zoomText(container)).toBe('3200%');
    expect((screen.getByRole('button', { name: 'Zoom in' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(stage(container).style.transform).toMatch(/scale\(32\)/);
    for (let i = 0; i < 10; i++) fireEvent.keyDown(viewport(), { key: '-' });
    expect(zoomText(container)).toBe('25%');
    expect(stage(container).dataset.pixelated).toBeUndefined();
    expect((screen.getByRole('button', { name: 'Zoom out' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    fireEvent.keyDown(viewport(), { key: '1' });
    expect(zoomText(container)).toBe('100%');
  });

  it('zooms with Ctrl+wheel around the pointer, pans with the wheel, drag and arrow keys', async () => {
    const { container } = await renderInspector();
    const translate = () => {
      const m = /translate\((-?[\d.]+)px, (-?[\d.]+)px\)/.exec(stage(container).style.transform);
      return [Number(m?.[1]), Number(m?.[2])];
    };
    const [x0, y0] = translate();
    fireEvent.keyDown(viewport(), { key: 'ArrowRight' });
    expect(translate()).toEqual([x0! - 40, y0]);
    fireEvent.keyDown(viewport(), { key: 'ArrowDown', shiftKey: true });
    expect(translate()).toEqual([x0! - 40, y0! - 160]);
    fireEvent.wheel(viewport(), { deltaX: 10, deltaY: 20 });
    expect(translate()).toEqual([x0! - 50, y0! - 180]);
    fireEvent.pointerDown(viewport(), { pointerId: 1, button: 0, clientX: 100, clientY: 100 });
    fireEvent.pointerMove(viewport(), { pointerId: 1, clientX: 130, clientY: 90 });
    fireEvent.pointerUp(viewport(), { pointerId: 1 });
    expect(translate()).toEqual([x0! - 20, y0! - 190]);
    // Ctrl+wheel zooms in, keeping the image point under the pointer still.
    const before = translate();
    fireEvent.wheel(viewport(), { deltaY: -100, ctrlKey: true, clientX: 0, clientY: 0 });
    const z = Number.parseFloat(zoomText(container)!);
    expect(z).toBeGreaterThan(100);
    const k = z / 100;
    const after = translate();
    expect(after[0]).toBeCloseTo(before[0]! * k, 0);
    expect(after[1]).toBeCloseTo(before[1]! * k, 0);
  });

  it('pans and moves the loupe without re-rendering React', async () => {
    const commits = vi.fn();
    renderWithCutout(
      <Profiler id="inspector" onRender={commits}>
        <EdgeInspector
          src={SRC}
          width={4000}
          height={3000}
          defaultZoom={100}
          analysis={edgeAnalysis('clean')}
        />
      </Profiler>,
    );
    await screen.findByRole('application');
    const settled = commits.mock.calls.length;
    fireEvent.pointerDown(viewport(), { pointerId: 1, button: 0, clientX: 10, clientY: 10 });
    for (let i = 0; i < 50; i++) {
      fireEvent.pointerMove(viewport(), { pointerId: 1, clientX: 10 + i, clientY: 10 + i });
    }
    fireEvent.pointerUp(viewport(), { pointerId: 1 });
    for (let i = 0; i < 50; i++) fireEvent.pointerMove(viewport(), { clientX: i, clientY: i });
    for (let i = 0; i < 20; i++) fireEvent.keyDown(viewport(), { key: 'ArrowLeft' });
    expect(commits.mock.calls.length).toBe(settled);
  });

  it('switches modes: composite, alpha matte, fringe overlay (with its canvas)', async () => {
    const onModeChange = vi.fn();
    const { container } = await renderInspector({ onModeChange });
    fireEvent.click(screen.getByRole('button', { name: 'Alpha matte' }));
    expect(root(container).dataset.state).toBe('alpha');
    expect(screen.getByRole('button', { name: 'Alpha matte' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(container.querySelector('.cutout-inspector__overlay')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Fringe overlay' }));
    expect(root(container).dataset.state).toBe('fringe');
    expect(container.querySelector('.cutout-inspector__overlay')).not.toBeNull();
    expect(onModeChange.mock.calls.map((c) => c[0])).toEqual(['alpha', 'fringe']);
  });

  it('shows the halo score and the needs-review signal from the analysis', async () => {
    const { container } = await renderInspector({ analysis: edgeAnalysis('halo') });
    expect(root(container).dataset.review).toBe('');
    const score = Math.round(edgeAnalysis('halo').haloScore * 100);
    expect(score).toBeGreaterThan(0);
    const halo = edgeAnalysis('halo');
    const text = container.querySelector('.cutout-inspector__score')!.textContent;
    expect(text).toMatch(new RegExp(`^Halo score ${score}( · |$)`));
    // A flagged bright rim is shown with its own score beside the halo's (issue 15 §9).
    if (halo.reasons.includes('bright-rim')) {
      expect(text).toContain(`bright rim ${Math.round(halo.rimContrast * 100)}`);
    }
    expect(container.querySelector('.cutout-review')!.textContent).toMatch(/Needs review/);
    await expectNoAxeViolations(container);
  });

  it('names the bright rim beside a zero halo score, so the two signals agree', async () => {
    const analysis = {
      ...edgeAnalysis('clean'),
      needsReview: true,
      reasons: ['bright-rim' as const],
      rimContrast: 0.12,
    };
    const { container } = await renderInspector({ analysis });
    expect(container.querySelector('.cutout-inspector__score')!.textContent).toBe(
      'Halo score 0 · bright rim 12',
    );
  });

  it('analyses given pixels itself, off the render path', async () => {
    const { container } = await renderInspector({
      analysis: undefined,
      pixels: edgePixels('halo'),
    });
    expect(container.querySelector('.cutout-inspector__score')!.textContent).toBe(
      'Analysing edges…',
    );
    await waitFor(() => expect(root(container).dataset.analysis).toBe('done'));
    expect(root(container).dataset.review).toBe('');
    expect(screen.getByText(/Halo score \d+/)).toBeTruthy();
  });

  it('is controlled by `zoom`', async () => {
    const onZoomChange = vi.fn();
    const { container } = await renderInspector({ zoom: 400, onZoomChange });
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(onZoomChange).toHaveBeenCalledWith(800);
    expect(zoomText(container)).toBe('400%');
  });
});
