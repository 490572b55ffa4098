export { type EnqueueOptions, type EnqueueReport, enqueue } from './enqueue';
export { hashFile, jobIdForHash, jobIdForUrl } from './jobId';
export type { CutoutJobData, CutoutJobResult, JobSource } from './jobTypes';
export { type ManifestEntry, readManifest } from './manifest';
export { directoryOutputStore, type OutputStore } from './outputStore';
export { DEFAULT_QUEUE, DEFAULT_REDIS_URL, type QueueTarget } from './queueConfig';
export {
  type FailedJob,
  formatStatus,
  getQueueStatus,
  type QueueStatus,
  resumeQueue,
  retryFailed,
  type StatusOptions,
} from './status';
export { type CutoutWorker, startWorker, type WorkerEvent, type WorkerOptions } from './worker';
