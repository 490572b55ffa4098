// The `cutout` commands as functions, for programs and tests that run them in-process; the
// bin (src/cli.ts) calls `main` with argv.
export { engineFromEnv } from './engineFromEnv';
export { main, USAGE } from './main';
export { type CommandIo, QUEUE_USAGE, runEnqueue, runStatus, runWorker } from './queueCommands';
export { ConfigError, redactor, resolveEngine } from './resolveEngine';
export { type ReportItem, runRemove } from './runRemove';
export { runServe } from './runServe';
