import { runRemove } from './runRemove';
import { runServe } from './runServe';

export const USAGE = `Usage:
  cutout serve
      Serves the proxy. Environment:
        PORT (8787), HOST (127.0.0.1), CODIA_API_KEY, CODIA_BASE_URL,
        CUTOUT_ENGINE (codia|onnx; default codia with a key, else onnx),
        CUTOUT_ALLOWED_ORIGINS (comma-separated origins allowed cross-origin),
        CUTOUT_ALLOWED_HOSTS (comma-separated Host names served, ".example.com" for
          subdomains, "*" for any; default on loopback: loopback names and IP addresses),
        CUTOUT_UPSTREAM_CONCURRENCY (engine calls at once, default 64; the excess queues,
          then gets 503 with Retry-After),
        CUTOUT_RATE_LIMIT (capacity/refill per second, e.g. "20/5"), CUTOUT_REDIS_URL.
  cutout remove <files|dirs|urls...> --out DIR [--concurrency N] [--via URL] [--report FILE]
      Removes backgrounds in batch: <out>/<name>.png, existing outputs skipped (re-run to
      resume), bad and too-small inputs reported and skipped; exit code 1 if any failed.
      Without --via it uses the engine configured as for serve.
      Output flags: --preset amazon|square|trimmed, --crop, --crop-margin 5%,
      --output-size 2000x2000|N, --position "50% 100%", --bg-color #fff, --bg-image-url URL,
      --add-shadow, --format png|webp|jpg (the file extension follows), --channels rgba|alpha.
`;

/** Entry of the `cutout` bin; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServe(process.env);
    case 'remove':
      return runRemove(rest, process.env);
    // Catalog scale (issue #7), loaded lazily so `serve` never loads BullMQ.
    case 'enqueue':
      return (await import('./queueCommands')).runEnqueue(rest);
    case 'worker':
      return (await import('./queueCommands')).runWorker(rest);
    case 'status':
      return (await import('./queueCommands')).runStatus(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}  ${(await import('./queueCommands')).QUEUE_USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`cutout: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
