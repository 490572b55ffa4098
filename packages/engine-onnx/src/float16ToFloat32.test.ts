import * as ort from 'onnxruntime-node';
import { describe, expect, test } from 'vitest';
import { float16ToFloat32 } from './float16ToFloat32';

// A tiny hand-encoded ONNX model (protobuf wire format, onnx.proto field numbers), in the
// shape of an fp16 export with float32 I/O:
//   X (float32[4]) → Cast(to=FLOAT16) → Add(W) → Mul(C) → Cast(to=FLOAT) → Y (float32[4])
// W is an fp16 initializer in raw_data, C an fp16 Constant stored in int32_data, and the
// intermediate value_info is typed fp16.

const enc = new TextEncoder();
type Bytes = number[];
const varint = (v: number): Bytes => {
  const out: Bytes = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
};
const num = (no: number, v: number): Bytes => [...varint(no * 8), ...varint(v)];
const bytes = (no: number, b: Bytes | Uint8Array): Bytes => [
  ...varint(no * 8 + 2),
  ...varint(b.length),
  ...b,
];
const str = (no: number, s: string) => bytes(no, enc.encode(s));

/** IEEE half bits for a few exactly representable values. */
function half(v: number): number {
  const table: Record<number, number> = { 0.5: 0x3800, 1: 0x3c00, 2: 0x4000, [-1.5]: 0xbe00 };
  const h = table[v];
  if (h === undefined) throw new Error(`no half for ${v}`);
  return h;
}

const valueInfo = (name: string, elemType: number) =>
  str(1, name).concat(
    bytes(2, bytes(1, num(1, elemType).concat(bytes(2, bytes(1, num(1, 4)))))), // [4]
  );
const cast = (input: string, output: string, to: number) => [
  ...str(1, input),
  ...str(2, output),
  ...str(4, 'Cast'),
  ...bytes(5, [...str(1, 'to'), ...num(3, to), ...num(20, 2)]),
];

function model(): Uint8Array {
  const w = [1, 2, 0.5, -1.5].map(half);
  const wRaw = new Uint8Array(new Uint16Array(w).buffer);
  const initializer = [...num(1, 4), ...num(2, 10), ...str(8, 'W'), ...bytes(9, wRaw)];
  const c = [2, 2, 0.5, 1].map(half);
  const cTensor = [
    ...num(1, 4),
    ...num(2, 10),
    ...bytes(
      5,
      c.flatMap((h) => varint(h)),
    ),
  ];
  const constant = [
    ...str(2, 'C'),
    ...str(4, 'Constant'),
    ...bytes(5, [...str(1, 'value'), ...bytes(5, cTensor), ...num(20, 4)]),
  ];
  const graph = [
    ...bytes(1, cast('X', 'Xh', 10)),
    ...bytes(1, constant),
    ...bytes(1, [...str(1, 'Xh'), ...str(1, 'W'), ...str(2, 'S'), ...str(4, 'Add')]),
    ...bytes(1, [...str(1, 'S'), ...str(1, 'C'), ...str(2, 'P'), ...str(4, 'Mul')]),
    ...bytes(1, cast('P', 'Y', 1)),
    ...str(2, 'tiny-fp16'),
    ...bytes(5, initializer),
    ...bytes(11, valueInfo('X', 1)),
    ...bytes(12, valueInfo('Y', 1)),
    ...bytes(13, valueInfo('S', 10)),
  ];
  return new Uint8Array([
    ...num(1, 8), // ir_version
    ...bytes(8, [...str(1, ''), ...num(2, 17)]), // opset_import
    ...str(2, 'cutout-test'),
    ...bytes(7, graph),
  ]);
}

async function run(modelBytes: Uint8Array, x: number[]): Promise<number[]> {
  const session = await ort.InferenceSession.create(modelBytes);
  try {
    const out = await session.run({ X: new ort.Tensor('float32', Float32Array.from(x), [4]) });
    return Array.from(out.Y!.data as Float32Array);
  } finally {
    await session.release();
  }
}

describe('float16ToFloat32', () => {
  test('the rewritten model runs in ONNX Runtime and gives the same answers', async () => {
    const original = model();
    const converted = float16ToFloat32(original);
    expect(converted).not.toBe(original);
    // Every half became a float: W's raw data grows by 8 bytes, C's (packed varints) by 4+.
    expect(converted.length).toBeGreaterThan(original.length + 8);
    const x = [1, 0.5, -2, 3];
    const expected = [(1 + 1) * 2, (0.5 + 2) * 2, (-2 + 0.5) * 0.5, (3 - 1.5) * 1];
    expect(await run(original, x)).toEqual(expected);
    expect(await run(converted, x)).toEqual(expected);
  });

  test('nothing float16 is left: converting again returns the same bytes', () => {
    const converted = float16ToFloat32(model());
    expect(float16ToFloat32(converted)).toBe(converted);
  });

  test('a model without float16 passes through untouched', async () => {
    const converted = float16ToFloat32(model());
    const again = float16ToFloat32(converted);
    expect(again).toBe(converted);
    expect(await run(again, [0, 0, 0, 0])).toEqual([2, 4, 0.25, -1.5]);
  });

  test('garbage is refused with an error, not a hang', () => {
    expect(() => float16ToFloat32(new Uint8Array([0x3a, 0xff, 0xff, 0xff, 0x0f, 1]))).toThrow(
      /truncated/,
    );
  });
});
