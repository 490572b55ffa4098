import { expect, userEvent, waitFor } from 'storybook/test';

/** How long a play function waits for a network-driven state (MSW answers in milliseconds). */
export const NETWORK_TIMEOUT = { timeout: 8_000 };

/** The dropzone's file input inside `root` (react-dropzone hides it; users click the target). */
export function fileInput(root: HTMLElement): HTMLInputElement {
  const input = root.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input in the story');
  return input;
}

/** Chooses files as the OS picker would (a `change` on the hidden input). */
export async function chooseFiles(root: HTMLElement, files: File | File[]): Promise<void> {
  await userEvent.upload(fileInput(root), files);
}

// Native DragEvents with a real DataTransfer: Testing Library's fireEvent copies only the
// own properties of the `dataTransfer` it is given, and a real DataTransfer has none.
function drag(target: Element, type: string, files: File[]): void {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
}

/** Drags files over `target` without dropping (the drag-over state). */
export function dragFilesOver(target: Element, files: File[]): void {
  drag(target, 'dragenter', files);
  drag(target, 'dragover', files);
}

/**
 * Drops files on `target`, as a user dragging from the desktop does: the drop comes after
 * the drop zone has reacted to the drag (react-dropzone reads the drag's files
 * asynchronously; a drop in the same tick would be overtaken by that late drag-enter).
 */
export async function dropFiles(target: Element, files: File[]): Promise<void> {
  dragFilesOver(target, files);
  const zone = target.closest('[data-state]') ?? target;
  await waitFor(() => expect(zone).toHaveAttribute('data-state', 'active'));
  drag(target, 'drop', files);
}

/** Waits until `element` has `data-state="state"`. */
export async function expectState(element: Element, state: string, timeout = 8_000) {
  await waitFor(() => expect(element).toHaveAttribute('data-state', state), { timeout });
}

/**
 * Whether the drop target is outlined in the theme's danger colour (the "bad file" mark): its
 * border colour equals `--cutout-danger` as the page resolves it.
 */
export function targetMarkedBad(root: HTMLElement): boolean {
  const target = root.querySelector<HTMLElement>('.cutout-dropzone__target')!;
  const style = getComputedStyle(target);
  return cssColour(style.borderTopColor) === cssColour(style.getPropertyValue('--cutout-danger'));
}

/**
 * A CSS colour in one canonical form (`#rrggbb`), by a detached canvas context. No probe
 * element: `waitFor` re-runs its callback on every DOM mutation of the document, so a check
 * that adds and removes an element re-triggers itself in a microtask loop that never yields
 * (the story, and the whole browser test run, hung that way).
 */
function cssColour(value: string): string {
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.fillStyle = value.trim();
  return String(ctx.fillStyle);
}
