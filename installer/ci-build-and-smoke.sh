#!/usr/bin/env bash
# CI for the installers on Linux: build the frozen app, build the .deb, install it with
# dpkg, check it (desk doctor, upgrade from the previous version with a data home of
# the previous release's schema, the smoke test from the installed files), purge it.
# Prints how long each step took. Run by scripts/run-tests.sh after pytest (so by
# ./bootstrap.sh test and .ci/run); GUICHET_INSTALLER_CI=0 skips it there.
#
#   installer/ci-build-and-smoke.sh
#
# As root it does all of the above; otherwise (no dpkg -i) it builds and smoke-tests the
# frozen app in installer/dist/guichet. The smoke test runs once: as root on the
# installed files, which are the frozen app byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
step() { echo ">> [installer $((SECONDS - t0)) s] $*" >&2; }
passed=0

# one build and one dpkg at a time on the machine (several working trees, one dpkg)
exec 8>"${TMPDIR:-/tmp}/guichet-installer-ci.lock"
if ! flock -n 8; then
  step "waiting for another installer build on this machine"
  flock -w 1800 8
fi
t_wait=$((SECONDS - t0))

step "build (PyInstaller)"
installer/build.sh
passed=$((passed + 1))
t_build=$((SECONDS - t0 - t_wait))
bundle_mb=$(du -sm installer/dist/guichet | cut -f1)

if [ "$(id -u)" -ne 0 ]; then
  step "smoke test of the frozen app (not root: the .deb is not installed)"
  installer/smoke.sh installer/dist/guichet/desk installer/dist/guichet/guichet
  passed=$((passed + 1))
  echo "installer CI: build ${t_build} s, smoke $((SECONDS - t0 - t_wait - t_build)) s;" \
    "bundle ${bundle_mb} MB" >&2
  echo "installer: ${passed} passed, 0 failed"
  exit 0
fi

step "build the .deb"
deb=$(installer/deb/build-deb.sh)
passed=$((passed + 1))
t_deb=$((SECONDS - t0 - t_wait - t_build))

step "install, upgrade, smoke-test and purge the .deb"
installer/deb/test-deb.sh "$deb"
passed=$((passed + 1))
t_test=$((SECONDS - t0 - t_wait - t_build - t_deb))

echo "installer CI: build ${t_build} s, deb ${t_deb} s," \
  "install+doctor+upgrade+smoke+purge ${t_test} s, total $((SECONDS - t0 - t_wait)) s" \
  "(load $(cut -d' ' -f1-3 /proc/loadavg)); bundle ${bundle_mb} MB," \
  ".deb $(du -m "$deb" | cut -f1) MB" >&2
echo "installer: ${passed} passed, 0 failed"
