#!/usr/bin/env bash
# Install the .deb on this machine with dpkg, check it from the installed files, then
# remove it and check that nothing is left. Needs root (CI runs as root).
#
#   installer/deb/test-deb.sh [DEB]      default: the newest installer/dist/guichet_*.deb
#
# Checks: files in place (/opt/guichet, /usr/bin/desk, desktop entry, systemd user
# units, timer enabled globally); `desk doctor` from /usr/bin/desk; the smoke test
# (installer/smoke.sh) on the installed programs; an upgrade: the same package
# installed again over itself keeps a counter's data home and its dossiers;
# `dpkg --purge` leaves no file of the package behind.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
deb=${1:-$(ls -t "$root"/installer/dist/guichet_*.deb 2>/dev/null | head -1)}
[ -f "$deb" ] || { echo "no .deb: run installer/deb/build-deb.sh" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "test-deb.sh installs a package: run it as root" >&2; exit 2; }
if dpkg-query -W -f='${Status}' guichet 2>/dev/null | grep -q "install ok installed"; then
  echo "guichet is already installed on this machine: not touching it" >&2
  exit 2
fi

fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/guichet-deb.XXXXXX")
cleanup() {
  dpkg --purge guichet >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

start=$SECONDS
echo ">> dpkg -i $(basename "$deb")" >&2
dpkg -i "$deb" >"$work/dpkg-install.log" 2>&1 || { cat "$work/dpkg-install.log" >&2; fail "dpkg -i"; }
for path in /opt/guichet/desk /opt/guichet/guichet /usr/bin/desk /usr/bin/guichet \
  /usr/share/applications/guichet.desktop /usr/share/icons/hicolor/scalable/apps/guichet.svg \
  /usr/lib/systemd/user/guichet-sync.service /usr/lib/systemd/user/guichet-sync.timer \
  /usr/share/doc/guichet/site.example.toml; do
  [ -e "$path" ] || fail "$path not installed"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/guichet.desktop || fail "desktop entry"
fi
if command -v systemd-analyze >/dev/null; then
  # (verified as system units: CI has no user manager; the syntax is the same)
  systemd-analyze verify /usr/lib/systemd/user/guichet-sync.timer \
    /usr/lib/systemd/user/guichet-sync.service 2>"$work/verify.err" \
    || { cat "$work/verify.err" >&2; fail "systemd units"; }
fi
[ -L /etc/systemd/user/timers.target.wants/guichet-sync.timer ] \
  || echo "note: timer not enabled globally (no systemctl on this machine)" >&2
echo "ok   installed ($((SECONDS - start)) s)" >&2

# desk doctor from the installed command, on a provisioned home
export DESK_HOME=$work/home DESK_SITE_DIR=$work/site QT_QPA_PLATFORM=offscreen HOME=$work
mkdir -p "$DESK_SITE_DIR" && cp /usr/share/doc/guichet/site.example.toml "$DESK_SITE_DIR/site.toml"
printf '[counter]\nnumber=5\nprinter=""\nscanner=""\n' >"$DESK_SITE_DIR/poste.toml"
desk init --json >"$work/init.json" || fail "desk init from the machine's site file"
grep -q '"counter": 5' "$work/init.json" || fail "counter number from poste.toml not applied"
status=0
desk doctor >"$work/doctor.txt" 2>&1 || status=$?
cat "$work/doctor.txt" >&2
[ "$status" -le 1 ] || fail "desk doctor exit $status"
grep -q "Base de données" "$work/doctor.txt" || fail "desk doctor report"
echo "ok   desk doctor (exit $status: the example site's HQ does not exist here)" >&2

# the smoke test on the installed programs (its own temporary home)
"$root/installer/smoke.sh" /usr/bin/desk /usr/bin/guichet

# upgrade: installing the package again over the installed one leaves the counter's
# data home alone (the schema migration itself is tested by tests/desk/test_upgrade.py)
desk demo --dossiers 3 >/dev/null 2>"$work/demo.err" || { cat "$work/demo.err" >&2; fail "desk demo"; }
home_sum() { (cd "$DESK_HOME" && find . -type f ! -name '*.tmp' -print0 | sort -z | xargs -0 sha256sum); }
home_sum >"$work/home-before.sum"
dpkg -i "$deb" >"$work/dpkg-upgrade.log" 2>&1 || { cat "$work/dpkg-upgrade.log" >&2; fail "reinstall"; }
home_sum >"$work/home-after.sum"
diff "$work/home-before.sum" "$work/home-after.sum" >&2 || fail "the package touched the data home"
desk db upgrade >/dev/null || fail "desk db upgrade after reinstall"
echo "ok   reinstall over the installed version keeps the data home" >&2

echo ">> dpkg --purge guichet" >&2
dpkg --purge guichet >"$work/dpkg-purge.log" 2>&1 || { cat "$work/dpkg-purge.log" >&2; fail "purge"; }
for path in /opt/guichet /usr/bin/desk /usr/bin/guichet /usr/share/applications/guichet.desktop \
  /usr/lib/systemd/user/guichet-sync.timer /etc/systemd/user/timers.target.wants/guichet-sync.timer \
  /etc/guichet /usr/share/doc/guichet; do
  [ ! -e "$path" ] && [ ! -L "$path" ] || fail "$path left after purge"
done
if dpkg-query -W guichet >/dev/null 2>&1; then fail "dpkg still knows guichet"; fi
[ -f "$DESK_HOME/guichet.sqlite3" ] || fail "purge removed a counter's data home"
echo "ok   purged, nothing left; the counter's data home is kept ($((SECONDS - start)) s in all)" >&2
