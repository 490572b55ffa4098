#!/usr/bin/env node
import { main } from './main';
import { redactOutput } from './resolveEngine';

redactOutput(process.env.CODIA_API_KEY?.trim());

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cutout: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
