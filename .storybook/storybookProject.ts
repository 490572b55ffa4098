import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';
import { CHROMIUM_ARGS, findChromium } from '../test/e2e/findChromium.ts';

const configDir = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every story is a test in real Chromium (Storybook's Vitest addon on Vitest browser mode):
 * it must render without errors, pass its play function and the a11y checks, colour contrast
 * included. One project per theme of the kit's styles (issue 15 §5): the same stories on the
 * dark and on the light theme. Stories tagged `!test` (the live demo, which needs a running
 * proxy) are left out; the e2e project covers the demo against a real proxy.
 */
export function storybookProject(theme: 'dark' | 'light') {
  const chromium = findChromium();
  const name = theme === 'dark' ? 'storybook' : 'storybook:light';
  return chromium
    ? defineProject({
        plugins: [storybookTest({ configDir })],
        define: { __CUTOUT_STORY_THEME__: JSON.stringify(theme) },
        // Both projects share one Vite cache and dependency optimisation.
        cacheDir: `${root}node_modules/.vite/storybook-${theme}`,
        test: {
          name,
          // The demo stories run a whole batch (sample photos made in the page, uploads,
          // edge analysis); under a full `npm test` on 2 cores one took 16 s against the 15 s
          // default. Their play functions bound their own waits.
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: chromium, args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      })
    : defineProject({
        root,
        test: { name, include: ['test/e2e/chromiumMissing.test.ts'] },
      });
}
