// The proxy as a route handler, as packages/proxy/README.md shows it, with the local engine
// (no API key, nothing leaves the machine). The result URLs and the client's endpoint live
// under /api/cutout.
import { onnxEngine } from '@cutout/engine-onnx';
import { createCutoutHandler } from '@cutout/proxy';

const handler = createCutoutHandler({ engine: onnxEngine() });
export const runtime = 'nodejs';
export const POST = (req: Request) => handler(req);
export const GET = (req: Request) => handler(req);
