"""Render one subject's passes. Usage (from the repo root):

    nice -n 19 blender -b --factory-startup --python scripts/devset/scene.py -- \
        --subject mug --out scripts/devset/renders/mug [--threads 2] [--scale 0.25]

Writes premul.npy (linear premultiplied RGBA), catcher.npy (shadow-catcher ratio) and
render.json (settings and wall time) into --out.
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bpy  # noqa: E402

import studio  # noqa: E402
from catalog import BORDERS, SUBJECTS  # noqa: E402
from subjects import BUILDERS  # noqa: E402


# The bounding sphere over-states a subject's silhouette; this brings shots to product framing.
FILL_GAIN = 1.15


def main():
    argv = sys.argv[sys.argv.index('--') + 1:] if '--' in sys.argv else []
    parser = argparse.ArgumentParser()
    parser.add_argument('--subject', required=True, choices=sorted(SUBJECTS))
    parser.add_argument('--out', required=True)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--scale', type=float, default=1.0, help='preview: size factor')
    parser.add_argument('--samples', type=int, default=0, help='preview: override samples')
    args = parser.parse_args(argv)
    tags, (width, height), samples = SUBJECTS[args.subject]
    width, height = round(width * args.scale), round(height * args.scale)
    samples = args.samples or samples
    os.makedirs(args.out, exist_ok=True)
    started = time.time()
    studio.reset()
    studio.configure(width, height, samples, args.threads)
    frame = BUILDERS[args.subject]()
    subject_objects = list(bpy.context.scene.objects)
    studio.floor()
    lo, hi = studio.subject_bounds(subject_objects)
    center, radius = studio.camera(lo, hi, frame['fill'] * FILL_GAIN, frame.get('elevation', 18),
                                   frame.get('azimuth', 0))
    studio.lights(center, radius / 0.15)
    studio.render_passes(args.out, BORDERS.get(args.subject))
    meta = {
        'subject': args.subject, 'width': width, 'height': height, 'samples': samples,
        'threads': args.threads, 'border': BORDERS.get(args.subject), 'seconds': round(time.time() - started, 1),
        'blender': bpy.app.version_string,
    }
    with open(os.path.join(args.out, 'render.json'), 'w') as fh:
        json.dump(meta, fh, indent=2)
    print('devset: rendered', json.dumps(meta))


main()
