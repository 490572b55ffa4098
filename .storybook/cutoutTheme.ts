import { create } from 'storybook/theming';

/** Dark by default: product cutouts are judged on the dark compositing background (#111). */
export const cutoutTheme = create({
  base: 'dark',
  brandTitle: 'cutout',
  appBg: '#0d0d0f',
  appContentBg: '#111111',
  appPreviewBg: '#111111',
  barBg: '#17171a',
  colorPrimary: '#7c9cff',
  colorSecondary: '#7c9cff',
  fontBase: 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontCode: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace',
});
