'use client';
// Entry of @cutout/react/editor: the mask editor. Apart from the root entry so that apps
// without it pay nothing up front (the 15 kB initial budget); here too only a small lazy
// wrapper and the headless hook load with the import, the editor itself on first render.

export { CutoutEditor, type CutoutEditorProps } from './CutoutEditor';
export type {
  BrushTool,
  MaskEditor,
  MaskEditorSettings,
  MaskEditorSnapshot,
} from './createMaskEditor';
export { defaultEditorMessages, type EditorMessages } from './editorMessages';
export type { MaskBuffer, Rect } from './maskBuffer';
export {
  type MaskEditorStatus,
  type UseMaskEditorOptions,
  type UseMaskEditorResult,
  useMaskEditor,
} from './useMaskEditor';
