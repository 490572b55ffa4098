// The engine benchmark's development set: physically rendered studio shots with exact truth
// (test/devset/, built by its own scripts with Blender; see test/devset/README.md). Each case
// is a JPEG a user might upload; its subject's alpha.png (straight coverage), fg.png
// (straight colour) and shadow.png (cast-shadow strength) are the truth. The set is read
// from test/devset/manifest.json, or from the directory in CUTOUT_DEVSET.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = dirname(fileURLToPath(import.meta.url));
export const devSetDir = process.env.CUTOUT_DEVSET ?? join(here, '../devset');

/** The manifest, or a clear error saying where the set was looked for. */
export function loadManifest(dir = devSetDir) {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`engine bench: no dev set at ${file}`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Every case as `{ id, subject, tags, file, bytes, hash, width, height }`; `tags` joins the
 * subject's tags and the case's (background, size). `filter` (a tag or case id) narrows it.
 */
export function listCases(manifest, dir = devSetDir, filter) {
  const out = [];
  for (const c of manifest.cases) {
    const subject = manifest.subjects[c.subject];
    const tags = [...new Set([...(subject?.tags ?? []), ...(c.tags ?? [])])];
    if (filter && !filter.some((f) => f === c.id || tags.includes(f))) continue;
    const file = join(dir, c.input);
    const bytes = readFileSync(file);
    out.push({
      id: c.id,
      subject: c.subject,
      tags,
      file,
      bytes,
      hash: createHash('sha1').update(bytes).digest('hex').slice(0, 16),
      width: c.width,
      height: c.height,
      shadowApplied: c.shadowApplied === true,
    });
  }
  return out;
}

const truthCache = new Map();

async function grey(file, width, height) {
  const { data, info } = await sharp(file)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height) {
    throw new Error(
      `engine bench: ${file} is ${info.width}×${info.height}, not ${width}×${height}`,
    );
  }
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = data[i] / 255;
  return out;
}

/**
 * The truth of one case: `{ width, height, alpha, fg, shadow }` — alpha and shadow as 0..1
 * floats, fg as 8-bit straight RGB; shadow null where the case's background has none.
 */
export async function loadTruth(manifest, kase, dir = devSetDir) {
  const key = `${kase.subject}:${kase.width}x${kase.height}:${kase.shadowApplied}`;
  if (truthCache.has(key)) return truthCache.get(key);
  const s = manifest.subjects[kase.subject];
  const { width, height } = kase;
  const alpha = await grey(join(dir, s.alpha), width, height);
  const { data: fg } = await sharp(join(dir, s.fg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const shadow =
    kase.shadowApplied && s.shadow ? await grey(join(dir, s.shadow), width, height) : null;
  const truth = { width, height, alpha, fg: new Uint8Array(fg), shadow };
  truthCache.clear(); // one subject at a time: a 12 MP truth is ~100 MB
  truthCache.set(key, truth);
  return truth;
}
