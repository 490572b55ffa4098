import { it } from 'vitest';
import { CHROMIUM_HELP } from './findChromium';

// Only included when no Chromium was found (outside CI): shows up as a skipped test with the
// reason, instead of the browser projects silently vanishing from the run.
it.skip(`browser tests skipped: no Chromium found — ${CHROMIUM_HELP}`, () => {});
