#!/usr/bin/env bash
# Smoke test of an installed or frozen Guichet (STYLE.md #17): with a temporary data
# home, `desk init`, `desk doctor`, `desk db upgrade`; then commands that load each
# heavy library the bundle carries, so that a module or library trimmed away by
# installer/guichet.spec is caught (a scan from SANE's test device, a PDF import,
# a receipt rendered then verified, a piece exported, the demo data, the audit chain);
# then the counter window opens offscreen and quits by itself. Any unexpected output
# on stderr fails the test.
#
#   installer/smoke.sh DESK [GUICHET]
#       DESK      the desk program to test (installer/dist/guichet/desk, /usr/bin/desk…)
#       GUICHET   the windowed program, tested too when given
#
# Expected stderr lines are listed, one extended regex a line, in
# installer/smoke-allowed-stderr.txt (each with the reason it is harmless).
set -euo pipefail
desk=${1:?usage: smoke.sh DESK [GUICHET]}
guichet=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
allowed=$here/smoke-allowed-stderr.txt
version=$(grep -E '^__version__' "$here/../desk/__init__.py" | sed -E 's/.*"(.*)".*/\1/')

work=$(mktemp -d "${TMPDIR:-/tmp}/guichet-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DESK_HOME=$work/home
export DESK_SITE_DIR=$work/no-site  # never the machine's /etc/guichet
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR=$work/runtime && mkdir -m 0700 "$XDG_RUNTIME_DIR"
export HOME=$work  # no keyring daemon of the person running the test
# SANE's `test` device (tests/data/sane/dll.conf): the frozen SANE bindings scan a page
export SANE_CONFIG_DIR=$here/../tests/data/sane
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
failures=0

# run NAME EXPECTED_STATUS COMMAND... : the status must match, stderr must be clean
run() {
  local name=$1 want=$2; shift 2
  local status=0 start=$SECONDS
  timeout 120 "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  local unexpected
  unexpected=$(grep -vE -f <(grep -vE '^\s*(#|$)' "$allowed"; echo '^$') "$work/$name.err" || true)
  if [ "$status" != "$want" ] || [ -n "$unexpected" ]; then
    echo "FAIL $name: exit $status (expected $want)" >&2
    sed 's/^/   stdout: /' "$work/$name.out" | head -20 >&2
    sed 's/^/   stderr: /' "$work/$name.err" | head -40 >&2
    failures=$((failures + 1))
  else
    echo "ok   $name ($((SECONDS - start)) s)" >&2
  fi
}

run version 0 "$desk" --version
grep -q "desk $version" "$work/version.out" \
  || { echo "FAIL version: $(cat "$work/version.out"), expected $version" >&2; failures=$((failures + 1)); }
# the example site with its HQ on a closed loopback port: no test traffic leaves the machine
sed 's#^url = .*#url = "https://127.0.0.1:9/"#' "$here/site.example.toml" >"$work/site.toml"
run init 0 "$desk" init --from "$work/site.toml" --counter 2
# printer, scanner and HQ of that site do not exist here: doctor says so (exit 1)
run doctor 1 "$desk" doctor --json --timeout 2
"${PYTHON:-python3}" - "$work/doctor.out" <<'EOF' || failures=$((failures + 1))
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
status = {c["check"]: c["status"] for c in report["checks"]}
bad = {k: status.get(k) for k in ("data_home", "config", "database", "keys", "sync")
       if status.get(k) != "ok"}
if bad:
    sys.exit(f"FAIL doctor: {bad}")
print("ok   doctor report: home, config, database, keys, sync", file=sys.stderr)
EOF
run db-upgrade 0 "$desk" db upgrade

# json FILE EXPRESSION: print a field of a command's JSON output (stdout)
json() { "${PYTHON:-python3}" -c 'import json, sys; print(eval(sys.argv[2], {"d": json.load(open(sys.argv[1]))}))' "$@"; }
# the heavy libraries, each through a real command (stdout is JSON: checked)
run applicant 0 "$desk" applicant add --surname Smoke --given-names Élodie \
  --birth-date 1990-05-01 --nationality MAR --json
run dossier 0 "$desk" dossier new --applicant "$(json "$work/applicant.out" 'd["id"]')" \
  --procedure visiteur --json
number=$(json "$work/dossier.out" 'd["number"]')
case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*) ;;  # Windows runner: WIA/TWAIN, no SANE test device
  *)
    run devices 0 "$desk" capture devices --json                        # SANE
    grep -q '"sane:test:0"' "$work/devices.out" \
      || { echo "FAIL devices: no SANE test device: $(cat "$work/devices.out")" >&2; failures=$((failures + 1)); }
    # the scanner child process (desk_entry.py --desk-scanner-child), NumPy, Pillow
    run scan 0 "$desk" capture scan --device sane:test:0 --dossier "$number" \
      --piece passeport --json
    ;;
esac
run incomplete 0 "$desk" file incomplete --dossier "$number" --json
run receipt 0 "$desk" receipt render --dossier "$number" --out "$work/receipt.pdf" \
  --json                                                               # reportlab, zxing-cpp
run verify 0 "$desk" receipt verify "$work/receipt.pdf" --json          # pypdfium2, zxing-cpp
[ "$(json "$work/verify.out" 'd["genuine"]' 2>/dev/null)" = True ] \
  || { echo "FAIL verify: $(cat "$work/verify.out")" >&2; failures=$((failures + 1)); }
run import 0 "$desk" capture import --dossier "$number" --piece justificatif-domicile \
  "$work/receipt.pdf" --json                                           # pypdfium2, Pillow
run export 0 "$desk" piece export --dossier "$number" --piece justificatif-domicile \
  --out "$work/piece.pdf"                                              # the piece's PDF
run search 0 "$desk" dossier search smoke --json                        # names decrypted
[ "$(json "$work/search.out" 'd[0]["given_names"]' 2>/dev/null)" = Élodie ] \
  || { echo "FAIL search: $(cat "$work/search.out")" >&2; failures=$((failures + 1)); }
run demo 0 "$desk" demo --dossiers 5
run audit 0 "$desk" audit verify --json                                 # cryptography

run gui 0 "$desk" gui --quit-after 2
if [ -n "$guichet" ]; then
  run guichet 0 "$guichet" --quit-after 2
fi

if [ "$failures" -ne 0 ]; then
  echo "smoke test: $failures failure(s)" >&2
  exit 1
fi
echo "smoke test: all passed ($desk)" >&2
