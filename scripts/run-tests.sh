#!/usr/bin/env bash
# The whole test suite: lint, then pytest (which starts the PostgreSQL and CUPS it
# needs itself; see tests/conftest.py). Called by ./bootstrap.sh test and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo ">> ruff" >&2
# only the folders that exist yet (hq/ and bench/ come with their rooms)
dirs=()
for d in desk ui hq tests bench scripts installer; do [ -d "$d" ] && dirs+=("$d"); done
ruff check "${dirs[@]}"
ruff format --check "${dirs[@]}"
echo ">> pytest" >&2
exec python -m pytest "$@"
