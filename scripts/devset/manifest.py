"""Write test/devset/manifest.json from the catalog and the files the build produced.

The layout is a contract with the engine bench (issue 10); the JSON is laid out the way the
repo's formatter (Biome) would, so `npm run lint` passes on the committed file.
"""

import json
import os

from PIL import Image

from catalog import BACKDROPS, SHADOWED, SUBJECTS


def _subjects_and_cases(out_dir):
    subjects, cases = {}, []
    for sid, (tags, _, _) in SUBJECTS.items():
        alpha = os.path.join(out_dir, 'subjects', sid, 'alpha.png')
        if not os.path.exists(alpha):
            continue
        with Image.open(alpha) as img:
            w, h = img.size
        subjects[sid] = {
            'tags': tags,
            'alpha': f'subjects/{sid}/alpha.png',
            'fg': f'subjects/{sid}/fg.png',
            'shadow': f'subjects/{sid}/shadow.png',
            'width': w,
            'height': h,
        }
        for kind in BACKDROPS[sid]:
            cid = f'{sid}--{kind}'
            if not os.path.exists(os.path.join(out_dir, 'cases', f'{cid}.jpg')):
                continue
            cases.append({
                'id': cid,
                'subject': sid,
                'background': kind,
                'tags': tags + [f'bg:{kind}'],
                'input': f'cases/{cid}.jpg',
                'width': w,
                'height': h,
                'shadowApplied': kind in SHADOWED,
            })
    return subjects, cases


def _dump(value, indent, column, width=100):
    """Biome's layout: objects one member a line; an array on one line when it fits."""
    if isinstance(value, dict) and value:
        pad = ' ' * (indent + 2)
        items = []
        for k, v in value.items():
            head = f'{pad}{json.dumps(k, ensure_ascii=False)}: '
            items.append(head + _dump(v, indent + 2, len(head), width))
        return '{\n' + ',\n'.join(items) + '\n' + ' ' * indent + '}'
    if isinstance(value, list) and value:
        flat = '[' + ', '.join(_dump(v, indent, 0, width) for v in value) + ']'
        if column + len(flat) + 1 <= width and not any(isinstance(v, dict) for v in value):
            return flat
        pad = ' ' * (indent + 2)
        items = [pad + _dump(v, indent + 2, indent + 2, width) for v in value]
        return '[\n' + ',\n'.join(items) + '\n' + ' ' * indent + ']'
    return json.dumps(value, ensure_ascii=False)


def write_manifest(out_dir):
    subjects, cases = _subjects_and_cases(out_dir)
    manifest = {
        'version': 1,
        'compositing': 'linear',
        'subjects': subjects,
        'cases': cases,
    }
    with open(os.path.join(out_dir, 'manifest.json'), 'w', encoding='utf-8') as fh:
        fh.write(_dump(manifest, 0, 0) + '\n')
    return manifest
