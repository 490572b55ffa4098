import { QUEUE_USAGE, runEnqueue, runStatus, runWorker } from './queueCommands';

/**
 * `cutout enqueue|worker|status …` as a function of argv, for the `cutout` bin's dispatch
 * (and the worker processes of our tests). Returns the exit code.
 */
export async function runQueueCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'enqueue':
      return runEnqueue(rest);
    case 'worker':
      return runWorker(rest);
    case 'status':
      return runStatus(rest);
    default:
      process.stderr.write(`${QUEUE_USAGE}\n`);
      return 2;
  }
}
