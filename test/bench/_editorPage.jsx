// The page test/bench/editor.mjs loads in Chromium: the built @cutout/react (dist) as an app
// would bundle it, a 12 MP product cutout made on a canvas, and probes for long tasks and for
// pointer-move → painted-frame latency. Everything measured runs through the public API.
import { CutoutProvider } from '@cutout/react';
import { CutoutEditor, useMaskEditor } from '@cutout/react/editor';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';

const W = 4000;
const H = 3000;

/** A studio photo (grey sweep, a blue "mug" with a handle) and its cutout, as PNG/JPEG blobs. */
async function makeImages() {
  const draw = (withBackdrop) => {
    const c = new OffscreenCanvas(W, H);
    const ctx = c.getContext('2d');
    if (withBackdrop) {
      const g = ctx.createLinearGradient(0, 0, 0, H);
      g.addColorStop(0, '#f2f2f0');
      g.addColorStop(1, '#cfcfcc');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, W, H);
    }
    const body = ctx.createLinearGradient(1400, 0, 2600, 0);
    body.addColorStop(0, '#173a78');
    body.addColorStop(0.4, '#2f6fd6');
    body.addColorStop(1, '#173a78');
    ctx.fillStyle = body;
    ctx.beginPath();
    ctx.roundRect(1400, 700, 1200, 1600, 120);
    ctx.fill();
    ctx.lineWidth = 140;
    ctx.strokeStyle = '#173a78';
    ctx.beginPath();
    ctx.ellipse(2650, 1500, 330, 450, 0, -Math.PI / 2, Math.PI / 2);
    ctx.stroke();
    return c;
  };
  const original = await draw(true).convertToBlob({ type: 'image/jpeg', quality: 0.92 });
  const cutout = await draw(false).convertToBlob({ type: 'image/png' });
  return { original, cutout };
}

const longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, ms: e.duration });
}).observe({ type: 'longtask', buffered: false });

// Pointer-move → painted frame: this listener runs after React's (the event bubbles from
// React's root to window), so its rAF callback runs after the editor's paint in the same
// frame; the message after that frame fires once the frame has been rendered.
const latencies = [];
let measuring = false;
window.addEventListener('pointermove', (e) => {
  if (!measuring) return;
  const t0 = e.timeStamp;
  const handled = performance.now();
  requestAnimationFrame(() => {
    const raf = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      const end = performance.now();
      latencies.push({
        total: end - t0,
        queued: handled - t0,
        toRaf: raf - handled,
        frame: end - raf,
      });
    };
    ch.port2.postMessage(0);
  });
});

/** The headless hook on the same images: history bytes per stroke at 12 MP. */
function HistoryProbe({ images, onReady }) {
  const { editor } = useMaskEditor(images);
  useEffect(() => {
    if (editor) onReady(editor);
  }, [editor, onReady]);
  return null;
}

window.bench = {
  async open() {
    const images = await makeImages();
    const root = createRoot(document.getElementById('root'));
    const t0 = performance.now();
    root.render(
      <CutoutProvider endpoint="/">
        <CutoutEditor
          original={images.original}
          cutout={images.cutout}
          style={{ height: 700 }}
          defaultSettings={{ hardness: 0.8 }}
        />
      </CutoutProvider>,
    );
    await new Promise((resolve) => {
      const check = () =>
        document.querySelector('.cutout-editor[data-state="ready"]')
          ? resolve()
          : setTimeout(check, 5);
      check();
    });
    const openMs = performance.now() - t0;
    // Long-task entries arrive asynchronously; give the observer a moment.
    await new Promise((r) => setTimeout(r, 200));
    const tasks = longTasks.filter((t) => t.start >= t0).map((t) => t.ms);
    window.__images = images;
    return { openMs, longTasks: tasks };
  },
  startMeasuring() {
    latencies.length = 0;
    measuring = true;
  },
  stopMeasuring() {
    measuring = false;
    return [...latencies];
  },
  async history() {
    const holder = document.createElement('div');
    document.body.append(holder);
    const editor = await new Promise((resolve) => {
      createRoot(holder).render(<HistoryProbe images={window.__images} onReady={resolve} />);
    });
    const rows = [];
    for (const [size, length] of [
      [40, 1000],
      [200, 1000],
      [200, 3000],
    ]) {
      const before = editor.getSnapshot().historyBytes;
      editor.set({ size });
      editor.strokeStart(500, 1500);
      for (let x = 500; x <= 500 + length; x += 10) editor.strokeMove(x, 1500 + (x % 200));
      editor.strokeEnd();
      const copy = editor.copyMask().data.slice();
      const t = performance.now();
      editor.undo();
      const undoMs = performance.now() - t;
      editor.redo();
      const exact = editor.mask.data.every((v, i) => v === copy[i]);
      rows.push({ size, length, bytes: editor.getSnapshot().historyBytes - before, undoMs, exact });
    }
    return { rows, fullCopy: W * H };
  },
};
