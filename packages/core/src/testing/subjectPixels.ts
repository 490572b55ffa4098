/**
 * A cutout for the composition tests: transparent, with an opaque subject of `colour`
 * filling the rectangle `x, y, w, h` (an ellipse with `round`), and a one-pixel soft edge so
 * resampling meets real partial alpha. The colour under alpha 0 is a loud green: any of it in
 * an output means transparent pixels bled into the composition.
 */
export function subjectPixels(o: {
  width: number;
  height: number;
  x: number;
  y: number;
  w: number;
  h: number;
  colour?: [number, number, number];
  round?: boolean;
}): Uint8Array {
  const [r, g, b] = o.colour ?? [200, 60, 40];
  const data = new Uint8Array(o.width * o.height * 4);
  for (let y = 0; y < o.height; y++) {
    for (let x = 0; x < o.width; x++) {
      const i = (y * o.width + x) * 4;
      let inside: boolean;
      if (o.round) {
        const nx = (x + 0.5 - (o.x + o.w / 2)) / (o.w / 2);
        const ny = (y + 0.5 - (o.y + o.h / 2)) / (o.h / 2);
        inside = nx * nx + ny * ny <= 1;
      } else {
        inside = x >= o.x && x < o.x + o.w && y >= o.y && y < o.y + o.h;
      }
      data[i] = inside ? r : 0;
      data[i + 1] = inside ? g : 255;
      data[i + 2] = inside ? b : 0;
      data[i + 3] = inside ? 255 : 0;
    }
  }
  return data;
}
