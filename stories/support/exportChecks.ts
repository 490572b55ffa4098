/** Helpers for the export panel's play functions. */

/** The panel's preview canvas. */
export function previewCanvas(root: HTMLElement): HTMLCanvasElement {
  const canvas = root.querySelector<HTMLCanvasElement>('.cutout-export__preview canvas');
  if (!canvas) throw new Error('no preview canvas in the story');
  return canvas;
}

/** The RGBA of one pixel of a canvas, as drawn. */
export function pixelAt(canvas: HTMLCanvasElement, x: number, y: number): number[] {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  return [...ctx.getImageData(x, y, 1, 1).data];
}

/**
 * Catches what the panel's download link would save: the link's click is taken over for the
 * story (a headless browser has nowhere to save to) and its object URL read while it is
 * still valid. `restore()` puts the browser's own click back.
 */
export function captureDownloads() {
  const original = HTMLAnchorElement.prototype.click;
  const files: Promise<{ name: string; blob: Blob }>[] = [];
  let wake: (() => void) | undefined;
  HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
    if (!this.download) return original.call(this);
    // Fetched synchronously with the click: the panel revokes the URL a task later.
    const name = this.download;
    files.push(fetch(this.href).then(async (r) => ({ name, blob: await r.blob() })));
    wake?.();
  };
  return {
    async next(timeoutMs = 20_000) {
      if (files.length === 0) {
        await new Promise<void>((resolve, reject) => {
          wake = resolve;
          setTimeout(() => reject(new Error('no download within the time')), timeoutMs);
        });
      }
      return files.shift()!;
    },
    restore() {
      HTMLAnchorElement.prototype.click = original;
    },
  };
}

/**
 * Moves a range input as a drag does: Testing Library's key events are untrusted, so the
 * browser would not move a native slider for them. React listens to `input`.
 */
export function setRange(input: HTMLElement, value: number): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(input, String(value));
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Main-thread tasks over 50 ms from now until `stop()` (Chromium's Long Tasks API). */
export function watchLongTasks() {
  const durations: number[] = [];
  const from = performance.now();
  const starts: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      durations.push(entry.duration);
      starts.push(Math.round(entry.startTime - from));
    }
  });
  observer.observe({ type: 'longtask' });
  return {
    stop() {
      for (const entry of observer.takeRecords()) durations.push(entry.duration);
      observer.disconnect();
      return {
        count: durations.length,
        longest: Math.max(0, ...durations),
        total: durations.reduce((a, b) => a + b, 0),
        /** `start+duration` in ms from the watch's start, to tell which step they fell in. */
        tasks: durations.map((d, i) => `${starts[i]}+${Math.round(d)}`).join(' '),
      };
    },
  };
}
