/** Brush shape: `radius` in image pixels, `hardness` 0 (soft) … 1 (hard edge). */
export interface BrushShape {
  radius: number;
  hardness: number;
}

/**
 * How strongly a dab acts on a pixel whose centre is `distance` from the dab's centre, 0–1.
 * Full strength inside `radius × hardness`, then a smoothstep fall-off to 0 at `radius`;
 * 0 at and beyond the radius, so the footprint is exactly the pixels whose centres lie
 * inside the circle.
 */
export function dabStrength(distance: number, { radius, hardness }: BrushShape): number {
  if (distance >= radius) return 0;
  const inner = radius * Math.min(1, Math.max(0, hardness));
  if (distance <= inner) return 1;
  const t = (radius - distance) / (radius - inner);
  return t * t * (3 - 2 * t);
}

/** Spacing between dabs along a stroke: a quarter of the radius (no gaps, few dabs). */
export function dabSpacing(radius: number): number {
  return Math.max(0.5, radius / 4);
}
