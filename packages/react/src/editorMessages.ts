/** The editor's strings (English by default); pass a partial object as `messages`. */
export interface EditorMessages {
  editorLabel: string;
  /** How screen readers announce the painting surface. */
  canvasRole: string;
  toolsLabel: string;
  erase: string;
  restore: string;
  edgeAware: string;
  brushSize: string;
  hardness: string;
  undo: string;
  redo: string;
  showOriginal: string;
  loading: string;
  /** `{reason}` is replaced. */
  failed: string;
  help: string;
}

export const defaultEditorMessages: EditorMessages = {
  editorLabel: 'Cutout editor',
  canvasRole: 'painting canvas',
  toolsLabel: 'Editing tools',
  erase: 'Erase',
  restore: 'Restore',
  edgeAware: 'Follow edges',
  brushSize: 'Brush size',
  hardness: 'Hardness',
  undo: 'Undo',
  redo: 'Redo',
  showOriginal: 'Show original',
  loading: 'Opening the images…',
  failed: 'The images could not be opened: {reason}',
  help: 'Drag to paint with the chosen tool. E erases, R restores, G follows edges; [ and ] change the brush size, with Shift the hardness. Ctrl+Z undoes, Ctrl+Shift+Z redoes. Hold Space and drag to pan; Ctrl+wheel or a pinch zooms; + and - zoom, 0 fits, arrows pan, B shows the original.',
};
