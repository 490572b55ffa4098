#!/usr/bin/env bash
# Render subjects one at a time, niced, 2 threads (the machine is shared). Usage:
#   bash scripts/devset/render.sh [subject ...]      (default: every subject in catalog.py)
# Passes land in scripts/devset/renders/<id>/ (git-ignored); logs beside them.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=scripts/devset/renders
mkdir -p "$out"
subjects=("$@")
if [ ${#subjects[@]} -eq 0 ]; then
  mapfile -t subjects < <(/usr/bin/python3 -c \
    'import sys; sys.path.insert(0, "scripts/devset"); from catalog import SUBJECTS; print("\n".join(SUBJECTS))')
fi
for id in "${subjects[@]}"; do
  echo "$(date -u +%T) rendering $id"
  nice -n 19 blender -b --factory-startup --python scripts/devset/scene.py -- \
    --subject "$id" --out "$out/$id" --threads 2 > "$out/$id.log" 2>&1
  grep -h 'devset: rendered' "$out/$id.log"
done
