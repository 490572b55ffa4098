/**
 * Rewrites an fp16 ONNX model as fp32, in memory, before ONNX Runtime loads it.
 *
 * Why: the bundled "medium" ISNet is stored in float16 to halve the download, but ONNX
 * Runtime's CPU kernels (Conv above all) are float32 on x86, so it wraps every fp16 node in
 * Cast nodes and converts each activation tensor twice per layer, at 1024². Giving it an
 * fp32 graph removes those casts (see test/bench/README.md, Engine, for the measured gain).
 * No library does this in JavaScript (onnx's Python `float16` tools go the other way), and
 * the change is narrow, so it is a direct walk over the protobuf wire format: only the
 * messages on the path to a float16 type are decoded, everything else is copied byte for
 * byte.
 *
 * What changes (ONNX IR, onnx.proto field numbers):
 * - TensorProto (initializers, Constant / ConstantOfShape values): data_type 10 → 1, the
 *   halves in raw_data or int32_data re-encoded as float32 raw_data.
 * - Cast nodes whose `to` is FLOAT16 cast to FLOAT instead.
 * - ValueInfoProto types (graph inputs, outputs, value_info) with elem_type 10 → 1.
 * Subgraphs (If / Loop / Scan bodies) are walked the same way.
 */

const FLOAT = 1;
const FLOAT16 = 10;

/** Returns the converted model, or the same bytes when nothing in it is float16. */
export function float16ToFloat32(model: Uint8Array): Uint8Array {
  const out = rewriteMessage(model, MODEL);
  return out instanceof Uint8Array ? out : concat(out.parts);
}

// ---- message schemas: which fields to descend into ----------------------------------------

type Schema = { [field: number]: Schema | 'tensor' | 'elemType' | 'attribute' };

const TYPE: Schema = {};
const TENSOR_TYPE: Schema = { 1: 'elemType' };
// TypeProto: tensor_type 1, sequence_type 4 (elem_type 1: TypeProto), map_type 5 (value_type
// 2: TypeProto), optional_type 9 (elem_type 1: TypeProto), sparse_tensor_type 8.
Object.assign(TYPE, {
  1: TENSOR_TYPE,
  4: { 1: TYPE },
  5: { 2: TYPE },
  9: { 1: TYPE },
  8: TENSOR_TYPE,
});
const VALUE_INFO: Schema = { 2: TYPE };
const GRAPH: Schema = {};
// AttributeProto: t 5, g 6, tensors 10, graphs 11 (the Cast `to` is handled per node).
const ATTRIBUTE: Schema = { 5: 'tensor', 6: GRAPH, 10: 'tensor', 11: GRAPH };
const NODE: Schema = { 5: 'attribute' };
// GraphProto: node 1, initializer 5, input 11, output 12, value_info 13.
Object.assign(GRAPH, { 1: NODE, 5: 'tensor', 11: VALUE_INFO, 12: VALUE_INFO, 13: VALUE_INFO });
// ModelProto: graph 7; FunctionProto (25) bodies are left alone.
const MODEL: Schema = { 7: GRAPH };

// ---- wire format ----------------------------------------------------------------------------

interface Field {
  no: number;
  wire: number;
  /** Start of the tag, start of the payload (after the length for wire type 2), end. */
  start: number;
  payload: number;
  end: number;
  /** Varint value (wire type 0). */
  value?: number;
}

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let mul = 1;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint in ONNX model');
    const b = buf[pos++]!;
    result += (b & 0x7f) * mul;
    if (b < 0x80) return [result, pos];
    mul *= 128;
  }
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [tag, p] = readVarint(buf, pos);
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    let field: Field;
    if (wire === 0) {
      const [value, q] = readVarint(buf, p);
      field = { no, wire, start, payload: p, end: q, value };
    } else if (wire === 1 || wire === 5) {
      field = { no, wire, start, payload: p, end: p + (wire === 1 ? 8 : 4) };
    } else if (wire === 2) {
      const [len, q] = readVarint(buf, p);
      field = { no, wire, start, payload: q, end: q + len };
    } else {
      throw new Error(`unsupported protobuf wire type ${wire} in ONNX model`);
    }
    if (field.end > buf.length) throw new Error('truncated field in ONNX model');
    pos = field.end;
    yield field;
  }
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return bytes;
}

type Part = Uint8Array | number[];

/**
 * A message as a list of pieces, flattened once at the top: copying the 176 MB model at
 * every nesting level (tensor, graph, model) cost more than the conversion itself.
 */
interface Rope {
  parts: Part[];
  length: number;
}

function rope(parts: Part[]): Rope {
  let length = 0;
  for (const p of parts) length += p.length;
  return { parts, length };
}

/** Concatenates parts (byte arrays or number lists) into one buffer. */
function concat(parts: Part[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const lengthDelimited = (no: number, body: Uint8Array | Rope): Part[] => [
  varint(no * 8 + 2),
  varint(body.length),
  ...(body instanceof Uint8Array ? [body] : body.parts),
];
const varintField = (no: number, value: number) => [varint(no * 8), varint(value)];

// ---- rewriting ------------------------------------------------------------------------------

function rewriteMessage(buf: Uint8Array, schema: Schema): Uint8Array | Rope {
  const parts: Part[] = [];
  let copyFrom = 0;
  let changed = false;
  for (const f of fields(buf)) {
    const rule = schema[f.no];
    if (!rule) continue;
    let replacement: Part[] | undefined;
    if (rule === 'elemType' && f.wire === 0 && f.value === FLOAT16) {
      replacement = varintField(f.no, FLOAT);
    } else if (f.wire === 2 && rule !== 'elemType') {
      const body = buf.subarray(f.payload, f.end);
      const next =
        rule === 'tensor'
          ? rewriteTensor(body)
          : rewriteMessage(body, rule === 'attribute' ? ATTRIBUTE : rule);
      if (next !== body) replacement = lengthDelimited(f.no, next);
    }
    if (!replacement) continue;
    parts.push(buf.subarray(copyFrom, f.start));
    for (const r of replacement) parts.push(r); // no spread: a graph has thousands of parts
    copyFrom = f.end;
    changed = true;
  }
  if (schema === NODE) {
    const cast = rewriteCast(changed ? concat([...parts, buf.subarray(copyFrom)]) : buf);
    if (cast) return cast;
  }
  if (!changed) return buf;
  parts.push(buf.subarray(copyFrom));
  return rope(parts);
}

const utf8 = new TextDecoder();

/** A Cast node's `to` attribute, FLOAT16 → FLOAT; undefined when the node is not such a Cast. */
function rewriteCast(node: Uint8Array): Uint8Array | undefined {
  let isCast = false;
  for (const f of fields(node)) {
    if (f.no === 4 && f.wire === 2) {
      isCast = utf8.decode(node.subarray(f.payload, f.end)) === 'Cast';
    }
  }
  if (!isCast) return undefined;
  const parts: Part[] = [];
  let copyFrom = 0;
  for (const f of fields(node)) {
    if (f.no !== 5 || f.wire !== 2) continue;
    const attr = node.subarray(f.payload, f.end);
    let name = '';
    let iField: Field | undefined;
    for (const a of fields(attr)) {
      if (a.no === 1 && a.wire === 2) name = utf8.decode(attr.subarray(a.payload, a.end));
      if (a.no === 3 && a.wire === 0) iField = a;
    }
    if (name !== 'to' || iField?.value !== FLOAT16) continue;
    const newAttr = concat([
      attr.subarray(0, iField.start),
      ...varintField(3, FLOAT),
      attr.subarray(iField.end),
    ]);
    parts.push(node.subarray(copyFrom, f.start), ...lengthDelimited(5, newAttr));
    copyFrom = f.end;
  }
  if (parts.length === 0) return undefined;
  parts.push(node.subarray(copyFrom));
  return concat(parts);
}

/** A float16 TensorProto as float32 raw data; any other tensor unchanged. */
function rewriteTensor(tensor: Uint8Array): Uint8Array | Rope {
  let type = 0;
  for (const f of fields(tensor)) if (f.no === 2 && f.wire === 0) type = f.value!;
  if (type !== FLOAT16) return tensor;
  const halves: number[] = [];
  let raw: Uint8Array | undefined;
  const keep: Part[] = [];
  for (const f of fields(tensor)) {
    if (f.no === 2) continue; // data_type, written below
    if (f.no === 9 && f.wire === 2) {
      raw = tensor.subarray(f.payload, f.end);
      continue;
    }
    if (f.no === 5) {
      // int32_data: each half in the low 16 bits, packed (wire 2) or one per field (wire 0).
      if (f.wire === 0) halves.push(f.value! & 0xffff);
      else {
        const packed = tensor.subarray(f.payload, f.end);
        let p = 0;
        while (p < packed.length) {
          const [v, q] = readVarint(packed, p);
          halves.push(v & 0xffff);
          p = q;
        }
      }
      continue;
    }
    keep.push(tensor.subarray(f.start, f.end));
  }
  let source: Uint16Array | number[];
  if (raw) {
    // raw_data is little-endian halves; copied to an aligned buffer for a Uint16Array view.
    source = new Uint16Array(raw.length >> 1);
    new Uint8Array(source.buffer).set(raw.subarray(0, source.length * 2));
  } else {
    source = halves;
  }
  const floats = new Float32Array(source.length);
  const table = halfToFloatTable();
  for (let i = 0; i < source.length; i++) floats[i] = table[source[i]!]!;
  return rope([
    ...keep,
    ...varintField(2, FLOAT),
    ...lengthDelimited(9, new Uint8Array(floats.buffer)),
  ]);
}

let HALF_TO_FLOAT: Float32Array | undefined;

/** All 65 536 halves as floats: one table lookup per weight instead of bit twiddling. */
function halfToFloatTable(): Float32Array {
  if (HALF_TO_FLOAT) return HALF_TO_FLOAT;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    table[h] =
      exp === 0
        ? sign * 2 ** -14 * (frac / 1024)
        : exp === 31
          ? frac
            ? Number.NaN
            : sign * Number.POSITIVE_INFINITY
          : sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  HALF_TO_FLOAT = table;
  return table;
}
