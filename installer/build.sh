#!/usr/bin/env bash
# Build the frozen application (PyInstaller one-folder) into installer/dist/guichet/.
#
#   installer/build.sh            build with the project's .venv (installs the `build` extra)
#   PYTHON=/path/python installer/build.sh
#
# Prints the bundle size at the end. Takes a few minutes and ~1 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
"$python" -m pip install -q -e '.[build,scan]' 2>&1 | grep -v "is neither a file nor a directory" >&2 || true
export PYTHONDONTWRITEBYTECODE=1
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --workpath installer/build --distpath installer/dist installer/guichet.spec
bundle=installer/dist/guichet
echo ">> bundle: $bundle ($(du -sm "$bundle" | cut -f1) MB, version $("$bundle/desk" --version 2>&1))" >&2
