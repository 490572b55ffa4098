/** Joins byte chunks into one buffer (pre-sized: pass the total when it is known). */
export function concatBytes(
  chunks: readonly Uint8Array[],
  length = chunks.reduce((n, c) => n + c.byteLength, 0),
): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
