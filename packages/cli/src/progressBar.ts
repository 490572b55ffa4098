export interface Counts {
  done: number;
  skipped: number;
  failed: number;
  total: number;
}

/**
 * A one-line progress bar on a TTY (redrawn in place). Hand-written: it is twenty lines,
 * and a library would bring its own terminal handling for nothing more.
 */
export function createProgressBar(stream: NodeJS.WriteStream) {
  const enabled = stream.isTTY === true;
  let last = '';
  return {
    enabled,
    render(c: Counts) {
      if (!enabled) return;
      const finished = c.done + c.skipped + c.failed;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
      const filled = c.total === 0 ? width : Math.round((finished / c.total) * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${c.total}  done ${c.done}  skipped ${c.skipped}  failed ${c.failed}`;
      if (line === last) return;
      last = line;
      stream.write(`\r${line}\x1b[K`);
    },
    end() {
      if (enabled && last) stream.write('\n');
    },
  };
}
