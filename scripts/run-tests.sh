#!/usr/bin/env bash
# The whole test suite: lint, then pytest (which starts the PostgreSQL and CUPS it
# needs itself; see tests/conftest.py), then the installer CI: the frozen app built,
# its .deb installed with dpkg, upgraded, smoke-tested and purged
# (installer/ci-build-and-smoke.sh, a few minutes). Called by ./bootstrap.sh test and
# .ci/run. GUICHET_INSTALLER_CI=0 leaves the installer out (while working on one test
# folder; CI never sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo ">> ruff" >&2
# only the folders that exist yet (hq/ and bench/ come with their rooms)
dirs=()
for d in desk ui hq tests bench scripts installer; do [ -d "$d" ] && dirs+=("$d"); done
ruff check "${dirs[@]}"
ruff format --check "${dirs[@]}"
echo ">> mypy" >&2 && mypy  # strict on desk and hq (pyproject.toml [tool.mypy])
echo ">> pytest" >&2
python -m pytest "$@"
if [ "${GUICHET_INSTALLER_CI:-1}" != 0 ]; then
  echo ">> installer" >&2
  installer/ci-build-and-smoke.sh
fi
