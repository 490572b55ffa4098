'use client';
import { BatchDropzone } from './BatchDropzone';
import type { CutoutDropzoneProps } from './dropzoneProps';
import { SingleDropzone } from './SingleDropzone';

export type { CutoutDropzoneProps, DropzoneState } from './dropzoneProps';

/**
 * Drop, click, paste (an image or a URL) or type a URL; shows progress by phase and errors by
 * kind with the remedy each needs. Single file by default, a batch with `multiple`: two
 * components under one name (switching `multiple` remounts, starting afresh).
 * The root carries `data-state` (idle | active | working | done | error).
 */
export function CutoutDropzone(props: CutoutDropzoneProps) {
  return props.multiple ? <BatchDropzone {...props} /> : <SingleDropzone {...props} />;
}
