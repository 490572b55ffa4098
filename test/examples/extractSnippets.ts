export interface Snippet {
  lang: 'ts' | 'tsx';
  code: string;
  /** 1-based line of the fence's first code line in the Markdown file. */
  line: number;
}

/**
 * The ```ts and ```tsx fences of a Markdown file, each one a snippet that must compile.
 * A fence whose info string says more than the language (```ts sketch) is a signature
 * sketch with placeholders, not code, and is left out.
 */
export function extractSnippets(markdown: string): Snippet[] {
  const out: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|tsx)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j]!)) body.push(lines[j++]!.slice(indent));
    out.push({ lang: open[2] as 'ts' | 'tsx', code: body.join('\n'), line: i + 2 });
    i = j;
  }
  return out;
}
