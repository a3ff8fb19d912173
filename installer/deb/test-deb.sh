#!/usr/bin/env bash
# Install the .deb on this machine with dpkg, check it from the installed files, upgrade
# it, then remove it and check that nothing is left. Needs root (CI runs as root).
#
#   installer/deb/test-deb.sh [DEB]      default: the newest installer/dist/guichet_*.deb
#
# 1. First install: the same bundle packaged under a lower version (VERSION~previous),
#    so that step 3 is a real dpkg upgrade (prerm/postrm "upgrade", files replaced).
#    Checks: files in place (/opt/guichet, /usr/bin/desk, desktop entry, systemd user
#    units, timer enabled globally); `desk init` from the machine's site file and
#    `desk doctor` from /usr/bin/desk.
# 2. Two agents' data homes: one made by the installed version (`desk demo`), one as
#    the previous release left it (tests/data/upgrade/home-0001: schema revision 0001,
#    encrypted names, page blobs).
# 3. Upgrade: DEB installed over it. Neither data home is touched by the package
#    (checksums); the installed desk migrates the old home to the current schema with
#    its dossiers, names and pages intact, and `desk doctor` finds it sound.
# 4. The smoke test (installer/smoke.sh) on the installed programs.
# 5. `dpkg --purge` leaves no file of the package behind, and the data homes.
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
# the installed command, never a desk of a virtual environment earlier on the PATH
desk=/usr/bin/desk
work=$(mktemp -d "${TMPDIR:-/tmp}/guichet-deb.XXXXXX")
cleanup() {
  dpkg --purge guichet >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# json FILE EXPRESSION: a field of a command's JSON output
json() { python3 -c 'import json, sys; print(eval(sys.argv[2], {"d": json.load(open(sys.argv[1]))}))' "$@"; }
home_sum() { (cd "$1" && find . -type f ! -name '*.tmp' -print0 | sort -z | xargs -0 sha256sum); }

start=$SECONDS
version=$(dpkg-deb -f "$deb" Version)

# --- 1. first install: the previous version --------------------------------------
previous=$work/guichet_${version}~previous.deb
dpkg-deb -R "$deb" "$work/previous"
sed -i "s/^Version: .*/Version: ${version}~previous/" "$work/previous/DEBIAN/control"
dpkg-deb --root-owner-group -Zzstd -z1 --build "$work/previous" "$previous" >/dev/null
rm -rf "$work/previous"
echo ">> dpkg -i $(basename "$previous")" >&2
dpkg -i "$previous" >"$work/dpkg-install.log" 2>&1 || { cat "$work/dpkg-install.log" >&2; fail "dpkg -i"; }
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
echo "ok   installed ${version}~previous ($((SECONDS - start)) s)" >&2

# desk doctor from the installed command, on a home provisioned from the site file
export DESK_HOME=$work/home DESK_SITE_DIR=$work/site QT_QPA_PLATFORM=offscreen HOME=$work
# the installed example site, its HQ moved to a closed loopback port (no traffic off the machine)
mkdir -p "$DESK_SITE_DIR"
sed 's#^url = .*#url = "https://127.0.0.1:9/"#' /usr/share/doc/guichet/site.example.toml \
  >"$DESK_SITE_DIR/site.toml"
printf '[counter]\nnumber=5\nprinter=""\nscanner=""\n' >"$DESK_SITE_DIR/poste.toml"
"$desk" init --json >"$work/init.json" || fail "desk init from the machine's site file"
grep -q '"counter": 5' "$work/init.json" || fail "counter number from poste.toml not applied"
status=0
"$desk" doctor >"$work/doctor.txt" 2>&1 || status=$?
cat "$work/doctor.txt" >&2
[ "$status" -le 1 ] || fail "desk doctor exit $status"
grep -q "Base de données" "$work/doctor.txt" || fail "desk doctor report"
echo "ok   desk doctor (exit $status: no printer, no HQ listening on loopback)" >&2

# --- 2. data homes ---------------------------------------------------------------
"$desk" demo --dossiers 3 >/dev/null 2>"$work/demo.err" || { cat "$work/demo.err" >&2; fail "desk demo"; }
"$desk" dossier search a --json >"$work/search-before.json" || fail "desk dossier search"
old=$work/old-home
cp -r "$root/tests/data/upgrade/home-0001" "$old"
chmod 0600 "$old"/keys/*  # git keeps no owner-only mode: the mode a counter gives its key
home_sum "$DESK_HOME" >"$work/home-before.sum"
home_sum "$old" >"$work/old-before.sum"

# --- 3. upgrade ------------------------------------------------------------------
echo ">> dpkg -i $(basename "$deb") over ${version}~previous" >&2
dpkg -i "$deb" >"$work/dpkg-upgrade.log" 2>&1 || { cat "$work/dpkg-upgrade.log" >&2; fail "upgrade"; }
grep -q "over (${version}~previous)" "$work/dpkg-upgrade.log" \
  || { cat "$work/dpkg-upgrade.log" >&2; fail "dpkg did not upgrade from ${version}~previous"; }
[ "$(dpkg-query -W -f='${Version}' guichet)" = "$version" ] || fail "version after upgrade"
home_sum "$DESK_HOME" >"$work/home-after.sum"
home_sum "$old" >"$work/old-after.sum"
diff "$work/home-before.sum" "$work/home-after.sum" >&2 || fail "the upgrade touched a data home"
diff "$work/old-before.sum" "$work/old-after.sum" >&2 || fail "the upgrade touched the old data home"
"$desk" db upgrade --json >"$work/upgrade-new.json" || fail "desk db upgrade after the upgrade"
"$desk" dossier search a --json >"$work/search-after.json" || fail "desk dossier search after"
cmp -s "$work/search-before.json" "$work/search-after.json" || fail "dossiers changed by the upgrade"

# the home made by the installed version is at the head revision already
head=$(json "$work/upgrade-new.json" 'd["after"]')
[ "$(json "$work/upgrade-new.json" 'd["before"]')" = "$head" ] || fail "$(cat "$work/upgrade-new.json")"
"$desk" db upgrade --home "$old" --json >"$work/upgrade-old.json" || fail "desk db upgrade of the old home"
[ "$(json "$work/upgrade-old.json" 'd["before"], d["after"]')" = "('0001', '$head')" ] \
  || fail "old home migration: $(cat "$work/upgrade-old.json"), expected 0001 -> $head"
status=0
"$desk" doctor --home "$old" --json --timeout 1 >"$work/doctor-old.json" 2>/dev/null || status=$?
[ "$(json "$work/doctor-old.json" '{c["check"]: c["status"] for c in d["checks"]}["database"]')" = ok ] \
  || fail "doctor on the migrated home: $(cat "$work/doctor-old.json")"
[ "$(json "$work/doctor-old.json" '{c["check"]: c["code"] for c in d["checks"]}["keys"]')" = key_ok ] \
  || fail "the old key no longer opens the migrated home: $(cat "$work/doctor-old.json")"
python3 - "$root/tests/data/upgrade/home-0001/expected.json" "$old" <<'EOF' || fail "old home's dossiers"
import json, subprocess, sys
expected = json.load(open(sys.argv[1], encoding="utf-8"))
for want in expected["dossiers"]:
    out = subprocess.run(["/usr/bin/desk", "dossier", "show", want["number"], "--home", sys.argv[2], "--json"],
                         capture_output=True, text=True, check=True).stdout
    got = json.loads(out)
    pages = sum(p["pages"] for p in got["pieces"])
    seen = (got["status"], got["applicant"]["surname"], got["applicant"]["given_names"],
            got["applicant"]["birth_date"], pages)
    wanted = (want["status"], want["surname"], want["given_names"], want["birth_date"],
              len(want["pages"]))
    if seen != wanted:
        sys.exit(f"FAIL dossier {want['number']}: {seen} != {wanted}")
print(f"ok   {len(expected['dossiers'])} dossiers of the previous release's home intact "
      "(names, status, pages)", file=sys.stderr)
EOF
echo "ok   upgrade ${version}~previous -> $version: data homes untouched, the old one" \
  "migrated 0001 -> $head ($((SECONDS - start)) s)" >&2

# --- 4. the smoke test on the installed programs (its own temporary home) ----------
"$root/installer/smoke.sh" /usr/bin/desk /usr/bin/guichet

# --- 5. purge ----------------------------------------------------------------------
echo ">> dpkg --purge guichet" >&2
dpkg --purge guichet >"$work/dpkg-purge.log" 2>&1 || { cat "$work/dpkg-purge.log" >&2; fail "purge"; }
for path in /opt/guichet /usr/bin/desk /usr/bin/guichet /usr/share/applications/guichet.desktop \
  /usr/lib/systemd/user/guichet-sync.timer /etc/systemd/user/timers.target.wants/guichet-sync.timer \
  /etc/guichet /usr/share/doc/guichet; do
  [ ! -e "$path" ] && [ ! -L "$path" ] || fail "$path left after purge"
done
if dpkg-query -W guichet >/dev/null 2>&1; then fail "dpkg still knows guichet"; fi
[ -f "$DESK_HOME/guichet.sqlite3" ] && [ -f "$old/guichet.sqlite3" ] \
  || fail "purge removed a counter's data home"
echo "ok   purged, nothing left; the counters' data homes are kept ($((SECONDS - start)) s in all)" >&2
