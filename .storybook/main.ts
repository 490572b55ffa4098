import { defineMain } from '@storybook/react-vite/node';
import { mergeConfig } from 'vite';
import { workspaceAlias } from '../vitest.shared.ts';
import { mswWorkerPlugin } from './mswWorkerPlugin.ts';

/**
 * Where the live demo's same-origin `/v1` and `/healthz` requests go: `npm start` runs
 * `cutout serve` here. Forwarding keeps the page same-origin, so the result PNG's pixels can be
 * read from a canvas without CORS.
 */
const proxyTarget = process.env.CUTOUT_PROXY_URL ?? 'http://127.0.0.1:8787';

export default defineMain({
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  features: { sidebarOnboardingChecklist: false },
  typescript: { reactDocgen: 'react-docgen-typescript' },
  async viteFinal(config) {
    return mergeConfig(config, {
      // Stories run on the packages' TypeScript sources: no build before `npm run storybook`.
      resolve: { alias: workspaceAlias },
      plugins: [mswWorkerPlugin()],
      // Not under Vitest: a story test must never depend on a proxy that happens to be running.
      server: process.env.VITEST
        ? {}
        : {
            proxy: {
              '/v1': { target: proxyTarget, changeOrigin: false },
              '/healthz': { target: proxyTarget, changeOrigin: false },
            },
          },
    });
  },
});
