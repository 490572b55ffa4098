import type { Decorator, Preview } from '@storybook/react-vite';
import { useEffect } from 'react';
import { cutoutTheme } from './cutoutTheme';
import { mswLoader } from './mswLoader';
import '@cutout/react/styles.css';
import './preview.css';

/**
 * Set by the `storybook:light` test project (vitest `define`): the same stories, with the same
 * a11y checks (colour contrast included), on the light theme (issue 15 §5).
 */
declare const __CUTOUT_STORY_THEME__: string | undefined;
const initialTheme =
  typeof __CUTOUT_STORY_THEME__ === 'string' && __CUTOUT_STORY_THEME__ === 'light'
    ? 'light'
    : 'dark';

/**
 * The kit's explicit theme switch on the page root: `data-theme` on <html>, as an app would
 * set it. Applied during render too, so the first paint and axe see the chosen theme.
 */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === 'light' ? 'light' : 'dark';
  if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return <Story />;
};

const preview = {
  loaders: [mswLoader],
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'The kit’s light or dark theme (data-theme on the page root)',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'dark', title: 'Dark' },
          { value: 'light', title: 'Light' },
        ],
        dynamicTitle: true,
      },
    },
  },
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    docs: { theme: cutoutTheme, codePanel: true },
    backgrounds: {
      options: {
        dark: { name: 'Dark #111', value: '#111111' },
        light: { name: 'White', value: '#ffffff' },
      },
    },
    controls: { expanded: true },
    // Accessibility violations fail the story's test, not just a panel nobody opens.
    a11y: { test: 'error' },
  },
  initialGlobals: { theme: initialTheme, backgrounds: { value: initialTheme } },
} satisfies Preview;

export default preview;
