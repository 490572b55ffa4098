"""Composite the committed dev set from the Blender passes (numpy + Pillow, no Blender).

    /usr/bin/python3 scripts/devset/build.py [--renders scripts/devset/renders] \
        [--out test/devset] [subject ...]

Per subject: alpha.png (coverage), fg.png (straight colour), shadow.png (cast-shadow strength).
Per case: I = a*F + (1 - a)*B' in linear light, where B' = B*(1 - s) when the backdrop takes
the cast shadow; then sensor noise, sRGB encoding and JPEG q90 (4:2:0), as a camera would.
"""

import argparse
import os
import sys
import zlib

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import backgrounds as bgs  # noqa: E402
from catalog import BACKDROPS, PAPER, PHOTO_OF, SHADOWED, SUBJECTS  # noqa: E402
from colour import to_8bit, to_srgb  # noqa: E402
from manifest import write_manifest  # noqa: E402



def load_subject(render_dir):
    premul = np.load(os.path.join(render_dir, 'premul.npy')).astype(np.float32)
    catcher = np.load(os.path.join(render_dir, 'catcher.npy')).astype(np.float32)
    alpha = np.clip(premul[..., 3], 0, 1)
    colour = np.clip(premul[..., :3], 0, None)
    # Cycles' film is premultiplied; straight colour is colour / alpha where there is any.
    straight = np.where(alpha[..., None] > 1e-4, colour / np.maximum(alpha, 1e-4)[..., None], 0)
    alpha8 = to_8bit(alpha)
    fg8 = to_8bit(to_srgb(straight))
    fg8[alpha8 == 0] = 0
    # The catcher pass is lit/unlit floor light; its shortfall is the shadow. At these sample
    # counts it is grainy, and a real soft shadow is not: smooth it (scaled to the frame).
    shadow = np.clip(1 - catcher.mean(axis=2), 0, 1)
    shadow = bgs.gaussian_blur(shadow, 1.5 * alpha.shape[1] / 1152)
    shadow8 = to_8bit(shadow)
    return {'premul': colour, 'alpha': alpha, 'alpha8': alpha8, 'fg8': fg8, 'shadow8': shadow8}


def backdrop(kind, subject_id, h, w, rng):
    if kind == 'white':
        return bgs.white(h, w, rng)
    if kind == 'grey-sweep':
        return bgs.grey_sweep(h, w, rng)
    if kind == 'paper':
        return bgs.paper(h, w, rng, PAPER[subject_id])
    if kind == 'off-white':
        return bgs.off_white(h, w, rng)
    if kind == 'photo-sharp':
        return bgs.photo(h, w, PHOTO_OF[subject_id])
    if kind == 'photo-blurred':
        return bgs.photo(h, w, PHOTO_OF[subject_id], blur_sigma=w / 150)
    raise ValueError(f'unknown backdrop {kind}')


def camera(linear, rng):
    """Shot noise grows with the signal, read noise floors it; per channel, like a sensor."""
    sigma = np.sqrt(1.2e-4 * np.clip(linear, 0, None) + 4e-6).astype(np.float32)
    noisy = linear + sigma * rng.standard_normal(linear.shape, dtype=np.float32)
    return to_8bit(to_srgb(noisy))


def build_case(subject_id, subj, kind, out_dir):
    case_id = f'{subject_id}--{kind}'
    h, w = subj['alpha'].shape
    rng = np.random.default_rng(zlib.crc32(case_id.encode()))
    back = backdrop(kind, subject_id, h, w, rng)
    shadowed = kind in SHADOWED
    if shadowed:
        back = back * (1 - subj['shadow8'].astype(np.float32) / 255)[..., None]
    a = subj['alpha'][..., None]
    linear = subj['premul'] + (1 - a) * back
    pixels = camera(linear, rng)
    path = os.path.join(out_dir, 'cases', f'{case_id}.jpg')
    Image.fromarray(pixels).save(path, 'JPEG', quality=90, subsampling=2, optimize=False)


def save_png(array, path, mode):
    Image.fromarray(array, mode).save(path, 'PNG', optimize=False, compress_level=9)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser()
    parser.add_argument('--renders', default=os.path.join(here, 'renders'))
    parser.add_argument('--out', default=os.path.join(root, 'test', 'devset'))
    parser.add_argument('subjects', nargs='*')
    args = parser.parse_args()
    wanted = args.subjects or list(SUBJECTS)
    os.makedirs(os.path.join(args.out, 'cases'), exist_ok=True)
    for subject_id in wanted:
        render_dir = os.path.join(args.renders, subject_id)
        if not os.path.exists(os.path.join(render_dir, 'premul.npy')):
            print(f'skip {subject_id}: no render')
            continue
        subj = load_subject(render_dir)
        sdir = os.path.join(args.out, 'subjects', subject_id)
        os.makedirs(sdir, exist_ok=True)
        save_png(subj['alpha8'], os.path.join(sdir, 'alpha.png'), 'L')
        save_png(subj['fg8'], os.path.join(sdir, 'fg.png'), 'RGB')
        save_png(subj['shadow8'], os.path.join(sdir, 'shadow.png'), 'L')
        for kind in BACKDROPS[subject_id]:
            build_case(subject_id, subj, kind, args.out)
        print(f'built {subject_id}: {len(BACKDROPS[subject_id])} cases')
    write_manifest(args.out)


if __name__ == '__main__':
    main()
