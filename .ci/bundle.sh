#!/usr/bin/env bash
# Builds the Linux bundle with PyInstaller in a temporary folder, unpacks the tar.gz it produced
# somewhere else and runs that copy's `mutasi self-test` offscreen, away from the source tree
# (so nothing can be picked up from the repository instead of the bundle). Exits non-zero when
# the build or any self-test step fails. Called by .ci/run after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q -e ".[packaging]"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mutasi-bundle.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "== bundle: build"
.venv/bin/python packaging/build_bundle.py --dist "$WORK/dist" --work "$WORK/build"

ARCHIVE=$(ls "$WORK"/dist/MutasiDesktop-*-linux-*.tar.gz)
mkdir "$WORK/unpacked"
tar -xzf "$ARCHIVE" -C "$WORK/unpacked"
APP="$WORK/unpacked/MutasiDesktop"

echo "== bundle: self-test of $(basename "$ARCHIVE")"
cd /
env -u PYTHONPATH -u VIRTUAL_ENV -u MUTASI_DB -u MUTASI_RESOURCES \
    HOME="$WORK/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
    "$APP/mutasi" --version
env -u PYTHONPATH -u VIRTUAL_ENV -u MUTASI_DB -u MUTASI_RESOURCES \
    HOME="$WORK/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
    "$APP/mutasi" self-test
cd "$ROOT"
