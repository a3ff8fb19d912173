#!/usr/bin/env bash
# The whole test suite: lint, then pytest (which starts the PostgreSQL and CUPS it
# needs itself; see tests/conftest.py). Called by ./bootstrap.sh test and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo ">> ruff" >&2
ruff check desk ui hq tests bench scripts
ruff format --check desk ui hq tests bench scripts
echo ">> pytest" >&2
exec python -m pytest "$@"
