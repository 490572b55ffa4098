import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { installPackedExamples } from './packedExamples';

declare module 'vitest' {
  export interface ProvidedContext {
    examplesDir: string;
  }
}

/** Once for the project: build, pack and install; the temp dir goes when the run ends. */
export default async function setup(project: TestProject) {
  const dir = await installPackedExamples(['vite-react', 'next-app']);
  project.provide('examplesDir', dir);
  return async () => {
    if (!process.env.CUTOUT_KEEP_EXAMPLES) await rm(dir, { recursive: true, force: true });
    else console.info(`[examples] kept ${dir}`);
  };
}
