import { accessSync, constants } from 'node:fs';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';

export { CHROMIUM_ARGS };

export const CHROMIUM_HELP =
  "install Debian's Chromium (`apt-get install -y chromium`, gives /usr/bin/chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary";

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium.
 * Never a browser downloaded by a test tool (no network at install or run time).
 * Returns undefined when there is none; under CI a missing Chromium is an error, because a
 * green run that silently skipped the browser tests would hide a broken install step.
 */
export function findChromium(): string | undefined {
  const path = chromiumPath();
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    if (isCI()) {
      throw new Error(
        `Browser tests need Chromium and CI=true: ${path} is missing; ${CHROMIUM_HELP}.`,
      );
    }
    warnOnce(
      `\n⚠ Browser tests (stories in Chromium, e2e) SKIPPED: no Chromium at ${path}. To run them, ${CHROMIUM_HELP}.\n`,
    );
    return undefined;
  }
}

const warned = Symbol.for('cutout.chromiumMissingWarned');

// Both browser projects load this in one Vitest process: say it once.
function warnOnce(message: string): void {
  const state = globalThis as { [warned]?: boolean };
  if (state[warned]) return;
  state[warned] = true;
  console.warn(message);
}

function isCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
