// The Chromium every test, bench and script launches, in plain JavaScript so that the .mjs
// scripts (which node runs without a TypeScript loader) and findChromium.ts share one list.

/** Flags every Chromium we launch gets: headless, no sandbox (root in CI), no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium; never a browser a test tool downloaded. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}
