import { it } from 'vitest';
import { CHROMIUM_HELP } from '../e2e/findChromium';

// Only included when no Chromium was found (outside CI): the example apps are not driven.
it.skip(`example apps in Chromium skipped: no Chromium found — ${CHROMIUM_HELP}`, () => {});
