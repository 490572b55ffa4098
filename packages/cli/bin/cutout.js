#!/usr/bin/env node
// The `cutout` bin. A committed shim, so npm links it at install time in a workspace checkout
// (npm links no bin whose file is missing, and dist/ only exists after `npm run build`); in a
// published package dist/ is always there.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'cutout: the CLI is not built yet. Run `npm run build` at the repository root first.\n',
  );
  process.exit(2);
}
await import(cli.href);
