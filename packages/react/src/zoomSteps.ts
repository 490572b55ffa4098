export const MIN_ZOOM = 25;
export const MAX_ZOOM = 3200;
/** The zoom ladder of the buttons and keys (doubling, like image editors). */
export const ZOOM_STEPS = [25, 50, 100, 200, 400, 800, 1600, 3200] as const;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

export function stepZoom(zoom: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((s) => s > zoom + 0.001) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((s) => s < zoom - 0.001) ?? MIN_ZOOM;
}
