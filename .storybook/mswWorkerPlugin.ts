import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const WORKER_FILE = 'mockServiceWorker.js';

/**
 * Serves MSW's service worker at the site root in dev and in Vitest, and emits it into
 * `storybook build` output. Read from the installed msw at run time instead of committing a
 * generated copy, so the worker can never drift from the msw version the handlers run on
 * (msw refuses to talk to a worker of another version).
 */
export function mswWorkerPlugin(): Plugin {
  const require = createRequire(import.meta.url);
  const source = () => readFileSync(require.resolve(`msw/${WORKER_FILE}`), 'utf8');
  return {
    name: 'cutout:msw-worker',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== `/${WORKER_FILE}`) return next();
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
        res.end(source());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: WORKER_FILE, source: source() });
    },
  };
}
