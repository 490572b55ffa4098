import { describe, expect, it } from 'vitest';
import type { MaskBuffer, RgbaPixels } from './maskBuffer';
import { createMaskHistory, diffMasks } from './maskHistory';
import { beginStroke } from './maskStroke';

const W = 300;
const H = 200;
const grey: RgbaPixels = { width: W, height: H, data: new Uint8ClampedArray(W * H * 4).fill(128) };
function noisy(): MaskBuffer {
  const data = new Uint8Array(W * H);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return { width: W, height: H, data };
}

describe('createMaskHistory', () => {
  it('undo and redo are exact, byte for byte, across several strokes', () => {
    const mask = noisy();
    const history = createMaskHistory();
    const states = [mask.data.slice()];
    const strokes: [string, number, number, number, number][] = [
      ['erase', 40, 40, 250, 160],
      ['restore', 100, 20, 120, 190],
      ['erase', 280, 10, 10, 190],
    ];
    for (const [tool, x0, y0, x1, y1] of strokes) {
      const s = beginStroke(
        mask,
        grey,
        { tool: tool as 'erase', radius: 17, hardness: 0.3 },
        x0,
        y0,
        0.7,
      );
      s.to(x1, y1, 1);
      history.push(s.finish());
      states.push(mask.data.slice());
    }
    for (let i = states.length - 2; i >= 0; i--) {
      history.undo(mask);
      expect(mask.data).toEqual(states[i]);
    }
    expect(history.canUndo).toBe(false);
    for (let i = 1; i < states.length; i++) {
      history.redo(mask);
      expect(mask.data).toEqual(states[i]);
    }
    expect(history.canRedo).toBe(false);
  });

  it('stores only the touched tiles (2 bytes per tile pixel), far under a full copy', () => {
    const mask = noisy();
    const history = createMaskHistory();
    const s = beginStroke(mask, grey, { tool: 'erase', radius: 10, hardness: 1 }, 100, 100);
    const delta = s.finish();
    history.push(delta);
    // A 20 px dab inside one 64 px tile row/column pair: at most 4 tiles.
    expect(delta.tiles.length).toBeLessThanOrEqual(4);
    expect(history.bytes).toBe(delta.tiles.reduce((n, t) => n + t.before.length * 2, 0));
    expect(history.bytes).toBeLessThan(W * H);
  });

  it('a new edit after undo drops the redo side; the byte budget drops the oldest steps', () => {
    const mask = noisy();
    const history = createMaskHistory(64 * 64 * 2 * 3);
    for (let i = 0; i < 5; i++) {
      const s = beginStroke(mask, grey, { tool: 'erase', radius: 3, hardness: 1 }, 32 + i * 64, 32);
      history.push(s.finish());
    }
    expect(history.size).toBe(3);
    history.undo(mask);
    expect(history.canRedo).toBe(true);
    const s = beginStroke(mask, grey, { tool: 'restore', radius: 3, hardness: 1 }, 32, 100);
    history.push(s.finish());
    expect(history.canRedo).toBe(false);
  });

  it('diffMasks makes a delta that turns one mask into the other and back', () => {
    const a = noisy();
    const b = { ...a, data: a.data.slice() };
    b.data[5] = 1;
    b.data[W * H - 1] = 2;
    const delta = diffMasks(a, b);
    expect(delta.tiles).toHaveLength(2);
    const history = createMaskHistory();
    const live = { ...a, data: a.data.slice() };
    live.data.set(b.data);
    history.push(delta);
    history.undo(live);
    expect(live.data).toEqual(a.data);
    history.redo(live);
    expect(live.data).toEqual(b.data);
  });
});
