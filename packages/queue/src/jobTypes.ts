/**
 * What a job carries in Redis: where the image is, never its bytes. A catalog of 200 000
 * product photos at 2 MB would need 400 GB of Redis memory (Redis holds everything in RAM,
 * and BullMQ stores job data as JSON, so bytes would also grow by a third as base64); a
 * path and a hash take about 200 bytes. The cost: workers must see the same files (a shared
 * volume, or URLs), which is the normal shape of a catalog pipeline anyway.
 */
export type JobSource =
  | {
      type: 'file';
      /** Absolute path, as the enqueuing machine saw it. */
      path: string;
      /** SHA-256 of the bytes at enqueue time; the worker refuses a file that changed. */
      sha256: string;
      size: number;
    }
  | { type: 'url'; url: string };

export interface CutoutJobData {
  source: JobSource;
  /** Key of the result in the output store, e.g. `shoes/red.png` (`.jpg` for a JPEG output). */
  output: string;
  /** Output options (issue #12 vocabulary, wire strings), stored with the job. */
  outputOptions?: Record<string, string>;
}

export type CutoutJobResult =
  | {
      status: 'done';
      output: string;
      /** Undefined when `reused`. */
      width?: number;
      height?: number;
      bytes?: number;
      engine: string;
      /** True when the output store already had it (a re-run): no engine call was paid. */
      reused: boolean;
      ms: number;
    }
  | {
      status: 'skipped';
      kind: string;
      reason: string | undefined;
      message: string;
    };

/** Name of every job (BullMQ requires one; the id says which image). */
export const JOB_NAME = 'cutout';
