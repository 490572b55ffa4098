import { addons } from 'storybook/manager-api';
import { cutoutTheme } from './cutoutTheme';

addons.setConfig({ theme: cutoutTheme, sidebar: { showRoots: true } });
