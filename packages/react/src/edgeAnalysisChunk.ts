// A module of its own so that bundlers split core's edge analysis into a chunk loaded on
// first use (see analyzeEdgesAsync).
export { analyzeEdges } from '@cutout/core/edges';
