import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

export interface BatchInput {
  /** As given (a path or a URL). */
  source: string;
  kind: 'file' | 'url';
  /** Output file name, `<name>.png`. */
  outName: string;
}

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp']);

/**
 * Expands the command line into inputs: URLs as they are, files as they are (a bad one is
 * reported later, not dropped), directories walked for image files. Output names are
 * deterministic so a second run finds what the first one wrote; same-named inputs get -2, -3.
 */
export async function collectInputs(
  args: string[],
): Promise<{ inputs: BatchInput[]; missing: string[] }> {
  const found: Array<{ source: string; kind: 'file' | 'url'; stem: string }> = [];
  const missing: string[] = [];
  for (const arg of args) {
    if (/^https?:\/\//i.test(arg)) {
      let stem = 'image';
      try {
        const last = new URL(arg).pathname.split('/').filter(Boolean).pop();
        if (last) stem = stripExt(decodeURIComponent(last));
      } catch {
        // reported when it fails
      }
      found.push({ source: arg, kind: 'url', stem });
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(arg);
    } catch {
      missing.push(arg);
      continue;
    }
    if (info.isDirectory()) {
      for (const file of await walk(arg))
        found.push({ source: file, kind: 'file', stem: stripExt(basename(file)) });
    } else {
      found.push({ source: arg, kind: 'file', stem: stripExt(basename(arg)) });
    }
  }
  const used = new Map<string, number>();
  const inputs = found.map((f) => {
    const safe = f.stem.replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'image';
    const n = (used.get(safe.toLowerCase()) ?? 0) + 1;
    used.set(safe.toLowerCase(), n);
    return { source: f.source, kind: f.kind, outName: `${n === 1 ? safe : `${safe}-${n}`}.png` };
  });
  return { inputs, missing };
}

function stripExt(name: string): string {
  const ext = extname(name);
  return ext ? name.slice(0, -ext.length) : name;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(path)));
    else if (e.isFile() && IMAGE_EXT.has(extname(e.name).toLowerCase())) out.push(path);
  }
  return out;
}
