import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CompareSlider } from './CompareSlider';
import { expectNoAxeViolations, renderWithCutout } from './test/fixtures';

const slider = () => screen.getByRole('slider', { name: 'Before and after' });
/** The slider's view loads on demand. */
const loaded = () => screen.findByRole('slider', { name: 'Before and after' });

describe('CompareSlider', () => {
  it('is a labelled slider with the full aria-value set, no violations', async () => {
    const { container } = renderWithCutout(
      <CompareSlider before="/photo.jpg" after="/cutout.png" />,
    );
    await loaded();
    expect(slider().getAttribute('aria-valuenow')).toBe('50');
    expect(slider().getAttribute('aria-valuemin')).toBe('0');
    expect(slider().getAttribute('aria-valuemax')).toBe('100');
    expect(slider().getAttribute('aria-valuetext')).toBe('Before 50%, After 50%');
    expect(screen.getByRole('img', { name: 'Before' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'After' })).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('moves by keyboard: arrows, Page keys, Home and End', async () => {
    const user = userEvent.setup();
    const { container } = renderWithCutout(<CompareSlider before="/a.jpg" after="/b.png" />);
    await loaded();
    const root = container.firstElementChild as HTMLElement;
    await user.click(slider());
    slider().focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(slider().getAttribute('aria-valuenow')).toBe('52');
    await user.keyboard('{PageDown}');
    expect(slider().getAttribute('aria-valuenow')).toBe('42');
    await user.keyboard('{Home}');
    expect(slider().getAttribute('aria-valuenow')).toBe('0');
    expect(root.dataset.state).toBe('after');
    await user.keyboard('{End}');
    expect(root.dataset.state).toBe('before');
    expect(root.style.getPropertyValue('--cutout-compare')).toBe('100%');
  });

  it('follows a mouse or touch drag (pointer events)', async () => {
    const { container } = renderWithCutout(<CompareSlider before="/a.jpg" after="/b.png" />);
    await loaded();
    const root = container.firstElementChild as HTMLElement;
    root.getBoundingClientRect = () => ({ left: 100, width: 200, top: 0, height: 100 }) as DOMRect;
    fireEvent.pointerDown(root, { pointerId: 3, pointerType: 'touch', clientX: 150 });
    expect(slider().getAttribute('aria-valuenow')).toBe('25');
    fireEvent.pointerMove(root, { pointerId: 3, pointerType: 'touch', clientX: 250 });
    expect(slider().getAttribute('aria-valuenow')).toBe('75');
    fireEvent.pointerMove(root, { pointerId: 3, clientX: 900 });
    expect(slider().getAttribute('aria-valuenow')).toBe('100');
    fireEvent.pointerUp(root, { pointerId: 3 });
    fireEvent.pointerMove(root, { pointerId: 3, clientX: 100 });
    expect(slider().getAttribute('aria-valuenow')).toBe('100');
    expect((container.querySelector('.cutout-compare__after') as HTMLElement).style.clipPath).toBe(
      'inset(0 0 0 100%)',
    );
  });

  it('is controlled by `value`', async () => {
    const onValueChange = vi.fn();
    renderWithCutout(
      <CompareSlider before="/a.jpg" after="/b.png" value={30} onValueChange={onValueChange} />,
    );
    await loaded();
    fireEvent.keyDown(slider(), { key: 'ArrowLeft' });
    expect(onValueChange).toHaveBeenCalledWith(29);
    expect(slider().getAttribute('aria-valuenow')).toBe('30');
  });
});
