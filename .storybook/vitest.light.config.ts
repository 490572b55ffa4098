import { storybookProject } from './storybookProject.ts';

/** The stories as tests on the kit's light theme, a white admin page (see storybookProject). */
export default storybookProject('light');
