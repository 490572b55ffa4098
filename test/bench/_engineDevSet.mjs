// The engine benchmark's development set: synthetic product shots with EXACT ground truth.
// Each scene renders its subject alone (SVG → RGBA: straight colour F and coverage α, the
// truth), builds a background B procedurally (plain, gradient, textured, with or without a
// cast shadow, which is part of B and so of nothing in the truth), and composites
// I = αF + (1 − α)B in floating point. Generated at bench time into test/bench/.data/
// (gitignored); nothing large is committed. Deterministic (seeded).
import sharp from 'sharp';

/** Mulberry32: a tiny seeded PRNG so every run builds the same set. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function plain(w, h, [r, g, b]) {
  const bg = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    bg[i * 3] = r;
    bg[i * 3 + 1] = g;
    bg[i * 3 + 2] = b;
  }
  return bg;
}

function gradient(w, h, top, bottom) {
  const bg = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const t = y / (h - 1);
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) bg[(y * w + x) * 3 + c] = top[c] + (bottom[c] - top[c]) * t;
    }
  }
  return bg;
}

/** Wood-like stripes plus fine noise: a background with strong edges of its own. */
function textured(w, h, seed, base, amp) {
  const rand = rng(seed);
  const bg = new Float32Array(w * h * 3);
  const phase = Array.from({ length: 6 }, () => rand() * 6.28);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s =
        Math.sin(x * 0.045 + Math.sin(y * 0.013 + phase[0]) * 3 + phase[1]) * 0.6 +
        Math.sin(x * 0.21 + y * 0.02 + phase[2]) * 0.25 +
        (rand() - 0.5) * 0.5;
      for (let c = 0; c < 3; c++)
        bg[(y * w + x) * 3 + c] = Math.min(255, Math.max(0, base[c] + s * amp[c]));
    }
  }
  return bg;
}

/** Multiplies the background by a soft elliptical shadow (the subject's cast shadow). */
function castShadow(bg, w, h, cx, cy, rx, ry, strength, softness) {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = Math.hypot((x - cx) / rx, (y - cy) / ry);
      const s = strength * (1 - smoothstep(1 - softness, 1 + softness, d));
      if (s <= 0) continue;
      for (let c = 0; c < 3; c++) bg[(y * w + x) * 3 + c] *= 1 - s;
    }
  }
}

function smoothstep(a, b, x) {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
}

function hairPaths(rand, cx, cy, radius, count, colour) {
  let d = '';
  for (let i = 0; i < count; i++) {
    const ang = -Math.PI * (0.1 + 0.8 * rand());
    const len = radius * (0.25 + 0.35 * rand());
    const x0 = cx + Math.cos(ang) * radius * 0.92;
    const y0 = cy + Math.sin(ang) * radius * 0.92;
    const bend = (rand() - 0.5) * len * 0.8;
    const x1 = x0 + Math.cos(ang) * len * 0.5 - Math.sin(ang) * bend;
    const y1 = y0 + Math.sin(ang) * len * 0.5 + Math.cos(ang) * bend;
    const x2 = x0 + Math.cos(ang) * len;
    const y2 = y0 + Math.sin(ang) * len;
    const sw = (0.6 + rand() * 1.2).toFixed(2);
    d += `<path d="M${x0.toFixed(1)} ${y0.toFixed(1)} Q${x1.toFixed(1)} ${y1.toFixed(1)} ${x2.toFixed(1)} ${y2.toFixed(1)}" stroke="${colour}" stroke-width="${sw}" fill="none" stroke-linecap="round"/>`;
  }
  return d;
}

/** Scenes at a base size of 800×600; `scale` makes the same scene at other resolutions. */
export const SCENES = [
  {
    name: 'mug-shadow',
    what: 'mug with a handle hole, self-shaded body, cast shadow on a plain grey background',
    background: (w, h, s) => {
      const bg = plain(w, h, [226, 228, 232]);
      castShadow(bg, w, h, 470 * s, 505 * s, 230 * s, 45 * s, 0.45, 0.35);
      return bg;
    },
    svg: () => `
      <defs><linearGradient id="body" x1="0" x2="1"><stop offset="0" stop-color="#7a1f1f"/><stop offset="0.45" stop-color="#d24a3a"/><stop offset="1" stop-color="#5a1212"/></linearGradient></defs>
      <path d="M505 200 C640 200 650 400 505 400 L505 365 C600 365 600 235 505 235 Z" fill="#9b2a22"/>
      <rect x="255" y="150" width="270" height="340" rx="22" fill="url(#body)"/>
      <ellipse cx="390" cy="152" rx="135" ry="22" fill="#3a0d0d"/>`,
  },
  {
    name: 'plush-hair',
    what: 'round plush head with hundreds of hair-like strands on a beige gradient',
    background: (w, h) => gradient(w, h, [236, 222, 200], [205, 190, 168]),
    svg: () => {
      const rand = rng(7);
      return `
      <defs><radialGradient id="fur" cx="0.4" cy="0.35"><stop offset="0" stop-color="#8a5a34"/><stop offset="1" stop-color="#3b2312"/></radialGradient></defs>
      ${hairPaths(rand, 400, 330, 170, 420, '#4a2c16')}
      <circle cx="400" cy="330" r="170" fill="url(#fur)"/>
      <circle cx="340" cy="300" r="16" fill="#111"/><circle cx="460" cy="300" r="16" fill="#111"/>`;
    },
    hair: true,
  },
  {
    name: 'white-on-white',
    what: 'white box with subtle shading on a white background, soft cast shadow',
    background: (w, h, s) => {
      const bg = plain(w, h, [250, 250, 250]);
      castShadow(bg, w, h, 430 * s, 470 * s, 220 * s, 40 * s, 0.25, 0.5);
      return bg;
    },
    svg: () => `
      <defs><linearGradient id="side" x1="0" x2="1"><stop offset="0" stop-color="#f2f2f2"/><stop offset="1" stop-color="#d9d9dc"/></linearGradient></defs>
      <polygon points="250,200 470,160 560,210 340,250" fill="#fbfbfb"/>
      <polygon points="250,200 340,250 340,470 250,420" fill="#e6e6e8"/>
      <polygon points="340,250 560,210 560,430 340,470" fill="url(#side)"/>`,
  },
  {
    name: 'shoe-texture',
    what: 'sneaker-like shape with laces on a textured wood background',
    background: (w, h) => textured(w, h, 11, [150, 110, 75], [55, 40, 28]),
    svg: () => `
      <defs><linearGradient id="shoe" y1="0" y2="1" x1="0" x2="0"><stop offset="0" stop-color="#2f7de1"/><stop offset="1" stop-color="#15407a"/></linearGradient></defs>
      <path d="M150 420 C150 340 230 300 300 290 C360 280 380 220 430 220 C470 220 480 260 520 290 C590 330 660 340 670 400 L670 430 C670 450 650 460 630 460 L170 460 C155 460 150 445 150 420 Z" fill="url(#shoe)"/>
      <rect x="150" y="440" width="520" height="22" rx="8" fill="#f4f4f4"/>
      <path d="M380 250 L450 300 M370 270 L440 320 M360 290 L430 340" stroke="#fff" stroke-width="5" stroke-linecap="round"/>`,
  },
  {
    name: 'soft-edges',
    what: 'motion-blurred bottle (soft, wide transition) on a blue-grey gradient',
    background: (w, h) => gradient(w, h, [120, 140, 160], [70, 85, 100]),
    svg: () => `
      <defs><filter id="blur" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="5 1.5"/></filter>
      <linearGradient id="glass" x1="0" x2="1"><stop offset="0" stop-color="#2b8a3e"/><stop offset="0.5" stop-color="#8ce99a"/><stop offset="1" stop-color="#1b5e2a"/></linearGradient></defs>
      <g filter="url(#blur)"><rect x="340" y="120" width="50" height="90" rx="6" fill="#d9480f"/>
      <path d="M320 210 L410 210 C470 240 480 280 480 320 L480 500 C480 515 470 520 455 520 L275 520 C260 520 250 515 250 500 L250 320 C250 280 260 240 320 210 Z" fill="url(#glass)"/></g>`,
  },
  {
    name: 'chair-thin',
    what: 'chair with thin legs and rungs, holes between them, on a textured grey background',
    background: (w, h) => textured(w, h, 23, [170, 170, 165], [25, 25, 25]),
    svg: () => `
      <g fill="#222" stroke="#222">
      <rect x="290" y="90" width="220" height="170" rx="10" fill="#c92a2a" stroke="none"/>
      <rect x="300" y="110" width="200" height="16" fill="#e03131" stroke="none"/>
      <rect x="270" y="300" width="260" height="28" rx="6" fill="#c92a2a" stroke="none"/>
      <line x1="300" y1="255" x2="300" y2="300" stroke-width="6"/><line x1="500" y1="255" x2="500" y2="300" stroke-width="6"/>
      <line x1="285" y1="328" x2="265" y2="540" stroke-width="4"/><line x1="515" y1="328" x2="535" y2="540" stroke-width="4"/>
      <line x1="340" y1="328" x2="345" y2="510" stroke-width="3"/><line x1="460" y1="328" x2="455" y2="510" stroke-width="3"/>
      <line x1="275" y1="450" x2="525" y2="450" stroke-width="2.5"/><line x1="343" y1="470" x2="457" y2="470" stroke-width="2"/>
      </g>`,
  },
];

/**
 * Renders one scene at `width × height` (base 800×600 scaled). Returns the composite as a
 * PNG plus the truth: `alpha` (Float32, 0..1) and `fg` (Float32 RGB 0..255, straight colour).
 */
export async function renderScene(scene, width = 800, height = 600) {
  const s = width / 800;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 800 600">${scene.svg(s)}</svg>`;
  const { data } = await sharp(Buffer.from(svg))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const n = width * height;
  const alpha = new Float32Array(n);
  const fg = new Float32Array(n * 3);
  const bg = scene.background(width, height, s);
  const image = Buffer.alloc(n * 3);
  for (let i = 0; i < n; i++) {
    const a = data[i * 4 + 3] / 255;
    alpha[i] = a;
    for (let c = 0; c < 3; c++) {
      const f = data[i * 4 + c];
      fg[i * 3 + c] = f;
      image[i * 3 + c] = Math.round(a * f + (1 - a) * bg[i * 3 + c]);
    }
  }
  const png = await sharp(image, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  return { name: scene.name, width, height, png, alpha, fg };
}
