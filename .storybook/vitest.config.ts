import { storybookProject } from './storybookProject.ts';

/** The stories as tests on the kit's dark theme (see storybookProject). */
export default storybookProject('dark');
