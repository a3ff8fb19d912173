#!/usr/bin/env bash
# Guichet set-up on a fresh Debian 12 / Ubuntu 24.04 machine.
#
#   ./bootstrap.sh demo   set everything up, seed demo data, open the counter window
#   ./bootstrap.sh test   set everything up and run the whole test suite
#
# Installs missing apt packages when run as root (otherwise prints the exact apt
# command and stops), creates .venv and installs the project into it.
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-}
case "$mode" in
  demo|test) shift ;;
  *) echo "usage: ./bootstrap.sh demo|test [extra pytest or desk arguments]" >&2; exit 2 ;;
esac

# --- system packages -------------------------------------------------------------
mapfile -t wanted < <(grep -vE '^\s*(#|$)' scripts/apt-packages.txt)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    echo ">> installing system packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing system packages. Run this, then run ./bootstrap.sh $mode again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

# --- virtual environment -----------------------------------------------------------
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo ">> creating .venv" >&2
  "$python" -m venv .venv
fi
stamp=.venv/.guichet-installed
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo ">> installing Guichet and its dependencies into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev,hq,scan]'
  echo "$want" > "$stamp"
fi

# --- run ---------------------------------------------------------------------------
if [ "$mode" = demo ]; then
  .venv/bin/desk demo >/dev/null
  exec .venv/bin/desk gui "$@"
fi
exec scripts/run-tests.sh "$@"
