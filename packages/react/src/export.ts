'use client';
// Entry of '@cutout/react/export' (issue #12): the export panel and its headless hook. A
// subpath, so pages that never export pay nothing; the panel and the composition code load
// on demand from here too (React.lazy, dynamic import), so importing it costs little.
export type {
  OutputFormat,
  OutputOptions,
  OutputPreset,
  ResolvedOutput,
} from '@cutout/core/output';
export {
  CutoutExport,
  type CutoutExportProps,
  type ExportSwatch,
  preloadCutoutExport,
} from './CutoutExport';
export { defaultExportMessages, type ExportMessages } from './exportMessages';
export {
  type CutoutExportStatus,
  type ExportFrame,
  type UseCutoutExportOptions,
  type UseCutoutExportResult,
  useCutoutExport,
} from './useCutoutExport';
