import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CompositePreview } from './CompositePreview';
import { edgeAnalysis } from './test/edgeFixtures';
import { expectNoAxeViolations, renderWithCutout } from './test/fixtures';

const SRC = 'blob:test/cutout';
const stage = (c: HTMLElement) => c.querySelector<HTMLElement>('.cutout-preview__stage')!;
const figure = (c: HTMLElement) => c.querySelector<HTMLElement>('figure')!;

afterEach(() => localStorage.clear());

describe('CompositePreview', () => {
  it('shows the cutout over #111 by default, with a labelled swatch picker', async () => {
    const { container } = renderWithCutout(<CompositePreview src={SRC} analyze={false} />);
    expect(figure(container).dataset.state).toBe('dark');
    expect(stage(container).style.getPropertyValue('--cutout-backdrop')).toBe(
      'var(--cutout-dark, #111)',
    );
    expect(screen.getByRole('img', { name: 'Cutout result' }).getAttribute('src')).toBe(SRC);
    expect(screen.getByRole('group', { name: 'Background' })).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'Dark' }) as HTMLInputElement).checked).toBe(true);
    await expectNoAxeViolations(container);
  });

  it('switches to checkerboard, white and any colour, and remembers the last pick', () => {
    const { container, unmount } = renderWithCutout(<CompositePreview src={SRC} analyze={false} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Checkerboard' }));
    expect(figure(container).dataset.state).toBe('checkerboard');
    fireEvent.click(screen.getByRole('radio', { name: 'White' }));
    expect(stage(container).style.getPropertyValue('--cutout-backdrop')).toBe('#fff');
    fireEvent.change(screen.getByLabelText('Custom colour'), { target: { value: '#336699' } });
    expect(figure(container).dataset.state).toBe('custom');
    expect(stage(container).style.getPropertyValue('--cutout-backdrop')).toBe('#336699');
    expect(JSON.parse(localStorage.getItem('cutout:backdrop')!)).toEqual({ color: '#336699' });
    unmount();
    const again = renderWithCutout(<CompositePreview src={SRC} analyze={false} />);
    expect(figure(again.container).dataset.state).toBe('custom');
  });

  it('ignores a corrupt remembered value and can opt out of remembering', () => {
    localStorage.setItem('cutout:backdrop', '{not json');
    const { container } = renderWithCutout(
      <CompositePreview src={SRC} analyze={false} rememberKey={false} />,
    );
    expect(figure(container).dataset.state).toBe('dark');
    fireEvent.click(screen.getByRole('radio', { name: 'White' }));
    expect(localStorage.getItem('cutout:backdrop')).toBe('{not json');
  });

  it('is controlled by `backdrop` and reports picks through onBackdropChange', () => {
    const onBackdropChange = vi.fn();
    const { container } = renderWithCutout(
      <CompositePreview
        src={SRC}
        analyze={false}
        backdrop="white"
        onBackdropChange={onBackdropChange}
        swatches={['dark', 'white', { image: '/studio.jpg' }]}
      />,
    );
    fireEvent.click(screen.getByRole('radio', { name: 'Image' }));
    expect(onBackdropChange).toHaveBeenCalledWith({ image: '/studio.jpg' });
    expect(figure(container).dataset.state).toBe('white');
  });

  it('shows an image backdrop', () => {
    const { container } = renderWithCutout(
      <CompositePreview
        src={SRC}
        analyze={false}
        defaultBackdrop={{ image: '/studio.jpg' }}
        rememberKey={false}
      />,
    );
    expect(figure(container).dataset.state).toBe('image');
    expect(stage(container).style.getPropertyValue('--cutout-backdrop-image')).toBe(
      'url("/studio.jpg")',
    );
  });

  it('says "needs review" with the reasons when edge analysis flags a halo', async () => {
    const { container } = renderWithCutout(
      <CompositePreview src={SRC} analysis={edgeAnalysis('halo')} />,
    );
    expect(figure(container).dataset.review).toBe('');
    const notice = screen.getByRole('status');
    expect(notice.textContent).toMatch(/Needs review/);
    expect(notice.textContent).toMatch(/halo of the old background/);
    await expectNoAxeViolations(container);
  });

  it('says nothing for clean edges', () => {
    const { container } = renderWithCutout(
      <CompositePreview src={SRC} analysis={edgeAnalysis('clean')} />,
    );
    expect(figure(container).dataset.review).toBeUndefined();
    expect(screen.queryByText('Needs review')).toBeNull();
  });

  it('renders without a picker when asked (headless use), with the caller’s class and style', () => {
    const { container } = render(<div />);
    renderWithCutout(
      <CompositePreview
        src={SRC}
        analyze={false}
        showPicker={false}
        className="mine"
        style={{ maxWidth: 300 }}
      />,
      {},
    );
    expect(container).toBeTruthy();
    const fig = document.querySelector<HTMLElement>('figure.mine')!;
    expect(fig.style.maxWidth).toBe('300px');
    expect(screen.queryByRole('radio')).toBeNull();
  });
});
