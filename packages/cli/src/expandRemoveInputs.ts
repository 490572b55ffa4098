import {
  collectSources,
  disambiguate,
  hashFile,
  jobIdForHash,
  jobIdForUrl,
} from '@cutout/queue/sources';

export interface RemoveInput {
  /** The file's path or the URL. */
  source: string;
  url: boolean;
  /** Output path under `--out`, `.png` (the format flag changes the extension). */
  output: string;
}

/**
 * `cutout remove`'s inputs through the one expander `cutout enqueue` uses (collectSources):
 * URLs as they are, `.csv` manifests, folders walked with their relative paths kept
 * (`photos/shoes/red.jpg` → `shoes/red.png`), other files by their base name. The naming
 * rule is enqueue's too: the first source keeps a name; a later, different source that
 * claims it gets its job id's tail appended (`red-<12 hex>.png`), so both commands name the
 * same image the same way and no output overwrites another. Names are deterministic, so a
 * second run finds what the first one wrote.
 */
export async function expandRemoveInputs(
  args: string[],
): Promise<{ inputs: RemoveInput[]; invalid: { input: string; message: string }[] }> {
  const inputs: RemoveInput[] = [];
  const invalid: { input: string; message: string }[] = [];
  const owners = new Map<string, string>();
  for await (const item of collectSources(args)) {
    if (item.type === 'invalid') {
      invalid.push({ input: item.input, message: item.message });
      continue;
    }
    const source = item.type === 'url' ? item.url : item.path;
    let output = item.output;
    const owner = owners.get(output);
    if (owner === source) continue; // the same source named twice: once is enough
    if (owner !== undefined) {
      const id =
        item.type === 'url'
          ? jobIdForUrl(item.url)
          : jobIdForHash((await hashFile(item.path).catch(() => ({ sha256: source }))).sha256);
      output = disambiguate(output, id);
    }
    owners.set(output, source);
    inputs.push({ source, url: item.type === 'url', output });
  }
  return { inputs, invalid };
}
