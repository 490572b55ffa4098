import type { Preview } from '@storybook/react-vite';
import { cutoutTheme } from './cutoutTheme';
import { mswLoader } from './mswLoader';
import '@cutout/react/styles.css';
import './preview.css';

const preview = {
  loaders: [mswLoader],
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
  initialGlobals: { backgrounds: { value: 'dark' } },
} satisfies Preview;

export default preview;
