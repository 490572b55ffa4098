import type { NextConfig } from 'next';

// Nothing cutout-specific is needed here: @cutout/engine-onnx finds its model when Next
// bundles it into the server build (test/examples/packedPackages.test.ts proves it).
const config: NextConfig = {};
export default config;
