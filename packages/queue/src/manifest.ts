import { createReadStream } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'csv-parse';

/** One row of a manifest: an image (path or URL) and, optionally, its output name. */
export interface ManifestEntry {
  source: string;
  output?: string;
  /** 1-based line of the row, for error messages. */
  line: number;
}

const SOURCE_COLUMNS = ['source', 'path', 'url', 'image', 'file', 'image_url'];
const OUTPUT_COLUMNS = ['output', 'out', 'name', 'target'];

/**
 * Streams a manifest CSV (a catalog export can have millions of rows: never read whole).
 * With a header row, the source is the first column named source/path/url/image/file and
 * the output the one named output/out/name/target; without one, column 1 is the source and
 * column 2 the optional output. Relative paths are relative to the manifest's folder.
 * csv-parse handles quoting, BOMs and CRLF, which a hand split on ',' gets wrong.
 */
export async function* readManifest(path: string): AsyncGenerator<ManifestEntry> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      comment: '#',
      info: true,
    }),
  );
  const base = dirname(resolve(path));
  let sourceIndex = 0;
  let outputIndex: number | undefined = 1;
  let first = true;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (first) {
      first = false;
      const lower = record.map((c) => c.toLowerCase());
      const s = lower.findIndex((c) => SOURCE_COLUMNS.includes(c));
      if (s >= 0) {
        sourceIndex = s;
        const o = lower.findIndex((c) => OUTPUT_COLUMNS.includes(c));
        outputIndex = o >= 0 ? o : undefined;
        continue;
      }
    }
    const raw = record[sourceIndex] ?? '';
    if (raw === '') continue;
    const output = outputIndex === undefined ? undefined : record[outputIndex] || undefined;
    const source = isUrl(raw) || isAbsolute(raw) ? raw : resolve(base, raw);
    yield output === undefined
      ? { source, line: info.lines }
      : { source, output, line: info.lines };
  }
}

export function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}
