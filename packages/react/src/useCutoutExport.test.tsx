import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useCutoutExport } from './useCutoutExport';

// jsdom has no canvas, worker or createImageBitmap: these tests cover the hook's state (the
// options, their errors, what happens without a browser to compose in). The composition
// itself runs in real Chromium: the CutoutExport stories and the parity test.
describe('useCutoutExport', () => {
  it('is idle without a cutout and resolves options, presets included', () => {
    const { result } = renderHook(() => useCutoutExport({ src: undefined }));
    expect(result.current.status).toBe('idle');
    expect(result.current.resolved?.format).toBe('png');
    act(() => result.current.setOutput({ preset: 'amazon' }));
    expect(result.current.resolved).toMatchObject({ format: 'jpeg', crop: true });
    expect(result.current.downloadName).toBe('cutout.jpg');
  });

  it('keeps the other options on update, and reports each change', () => {
    const onOutputChange = vi.fn();
    const { result } = renderHook(() =>
      useCutoutExport({ src: undefined, defaultOutput: { preset: 'square' }, onOutputChange }),
    );
    act(() => result.current.update({ add_shadow: true }));
    expect(result.current.output).toEqual({ preset: 'square', add_shadow: true });
    expect(onOutputChange).toHaveBeenLastCalledWith({ preset: 'square', add_shadow: true });
    expect(result.current.resolved?.shadow).toBe(true);
  });

  it('names a bad option with the proxy’s 400 / 40010 error', () => {
    const { result } = renderHook(() =>
      useCutoutExport({ src: undefined, defaultOutput: { crop_margin: '12parsecs' } }),
    );
    expect(result.current.status).toBe('error');
    expect(result.current.resolved).toBeUndefined();
    expect(result.current.error).toMatchObject({ code: 40010, reason: 'bad-output-option' });
    expect(result.current.error?.message).toMatch(/^Bad crop_margin "12parsecs": expected/);
  });

  it('reports a cutout it cannot read as undecodable, not a crash', async () => {
    const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    const { result } = renderHook(() => useCutoutExport({ src: png }));
    expect(result.current.status).toBe('decoding');
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ kind: 'input', reason: 'undecodable' });
    expect(result.current.frame).toBeUndefined();
  });
});
