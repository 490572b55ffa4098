// Entry of '@cutout/queue/sources': the one input expander and output-naming rule shared by
// `cutout remove` and `cutout enqueue` (Node only, no BullMQ or Redis at load).
export { collectSources, type SourceItem } from './collectSources';
export { hashFile, jobIdForHash, jobIdForUrl } from './jobId';
export { disambiguate, outputName, outputNameForUrl } from './outputName';
