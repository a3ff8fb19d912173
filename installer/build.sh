#!/usr/bin/env bash
# Build the frozen application (PyInstaller one-folder) into installer/dist/guichet/.
#
#   installer/build.sh
#
# PyInstaller runs in a build venv that holds only the counter's run-time dependencies
# (pyproject.toml: dependencies and the `scan` extra) and the `build` extra: pytest,
# FastAPI, psycopg, mypy… are not installed there, so they cannot end up in the bundle.
# Guichet itself is not installed in it: the spec takes desk/ and ui/ from this
# working tree. The venv is cached, keyed by the requirement list and the Python
# version, in ${GUICHET_BUILD_CACHE:-~/.cache/guichet-build}; it is made (≈ 50 s from
# pip's cache) when missing, so a clean clone builds as well. PYTHON chooses the Python
# (default python3).
#
# Prints the bundle size at the end. Takes about a minute and ~500 MB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
cache=${GUICHET_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/guichet-build}
mkdir -p "$cache" installer/build

requirements=installer/build/requirements.txt
"$python" - >"$requirements" <<'EOF'
import sys
import tomllib

project = tomllib.load(open("pyproject.toml", "rb"))["project"]
extras = project["optional-dependencies"]
print(f"# python {sys.version.split()[0]}")
for requirement in project["dependencies"] + extras["scan"] + extras["build"]:
    print(requirement)
EOF
venv=$cache/venv-$(sha256sum "$requirements" | cut -c1-16)
(
  # two builds at once (two working trees) make the venv once
  flock 9
  if [ ! -x "$venv/bin/pyinstaller" ]; then
    echo ">> build venv $venv" >&2
    rm -rf "$venv.new"
    "$python" -m venv "$venv.new"
    "$venv.new/bin/python" -m pip install -q -r "$requirements" 2>&1 \
      | { grep -v "is neither a file nor a directory" || true; } >&2
    mv "$venv.new" "$venv"
  fi
) 9>"$cache/lock"

export PYTHONDONTWRITEBYTECODE=1
"$venv/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --workpath installer/build --distpath installer/dist installer/guichet.spec
bundle=installer/dist/guichet
# strip the shared objects that carry symbols, but not the libraries auditwheel grafted
# into wheels (*.libs/): strip breaks them (installer/guichet.spec, strip=False)
# (readelf's output in a variable, not piped into grep -q: under pipefail, grep -q
# leaving early kills readelf with SIGPIPE and the library went unstripped at random —
# Qt's libicui18n, 1 MB, in one build out of two)
while IFS= read -r -d '' lib; do
  sections=$(readelf -S "$lib" 2>/dev/null || true)
  if [[ $sections == *.symtab* ]]; then strip "$lib"; fi
done < <(find "$bundle/_internal" -type f \( -name "*.so" -o -name "*.so.*" \) ! -path "*.libs/*" -print0)
if [ ! -e "$bundle/guichet" ]; then
  # Linux: one program, two names (installer/guichet.spec, installer/desk_entry.py)
  ln -s desk "$bundle/guichet"
fi

# what must never be in the counter's bundle: development and HQ packages
toc=installer/build/guichet/PYZ-00.toc
bad=$(grep -oE "\('(pytest|_pytest|hypothesis|mypy|ruff|fastapi|starlette|uvicorn|psycopg|hq|pygments|PyInstaller|setuptools|pip|cv2)[.']" "$toc" \
  | sort -u || true)
bad+=$(cd "$bundle/_internal" && find . -maxdepth 1 \( -iname "pytest*" -o -iname "fastapi*" \
  -o -iname "uvicorn*" -o -iname "psycopg*" -o -iname "mypy*" -o -name hq \) || true)
if [ -n "$bad" ]; then
  echo "build: development or HQ packages in the bundle: $bad" >&2
  exit 1
fi
echo ">> bundle: $bundle ($(du -sm "$bundle" | cut -f1) MB, version $("$bundle/desk" --version 2>&1))" >&2
