#!/usr/bin/env bash
# CI for the installers on Linux: build the frozen app, smoke-test it, build the .deb,
# install it with dpkg, check it (doctor, smoke test from the installed files,
# reinstall keeps data), purge it. Prints how long each step took.
#
#   installer/ci-build-and-smoke.sh        (as root, after ./bootstrap.sh)
#
# Not part of the default pytest run: it takes minutes and ~1 GB of disk
# (figures in docs/DEPLOYMENT.md). .ci/run may call it when its time budget allows.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
step() { echo ">> [$((SECONDS - t0)) s] $*" >&2; }

step "build (PyInstaller)"
installer/build.sh
t_build=$((SECONDS - t0))

step "smoke test of the frozen app"
installer/smoke.sh installer/dist/guichet/desk installer/dist/guichet/guichet
t_smoke=$((SECONDS - t0 - t_build))

step "build the .deb"
deb=$(installer/deb/build-deb.sh)
t_deb=$((SECONDS - t0 - t_build - t_smoke))

step "install, check and purge the .deb"
installer/deb/test-deb.sh "$deb"
t_test=$((SECONDS - t0 - t_build - t_smoke - t_deb))

echo "installer CI: build ${t_build} s, smoke ${t_smoke} s, deb ${t_deb} s," \
  "install+checks+purge ${t_test} s, total $((SECONDS - t0)) s;" \
  "bundle $(du -sm installer/dist/guichet | cut -f1) MB, .deb $(du -m "$deb" | cut -f1) MB" >&2
