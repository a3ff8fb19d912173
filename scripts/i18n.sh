#!/usr/bin/env bash
# Refresh the catalogue of the window's texts (French is the source language;
# STYLE.md #13): resources/i18n/guichet_fr.ts. Translations add guichet_<lang>.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(find ui -name '*.py' | sort)
.venv/bin/pyside6-lupdate "${sources[@]}" -source-language fr_FR -target-language fr_FR \
    -ts resources/i18n/guichet_fr.ts
