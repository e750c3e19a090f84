#!/usr/bin/env bash
# Sets up ./.venv, builds a demo kabupaten (3,000 synthetic pegawai) once, and opens the app on it.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
DEMO_DB="${MUTASI_DEMO_DB:-$HOME/mutasi-demo.db}"
if [ ! -f "$DEMO_DB" ]; then
    .venv/bin/mutasi demo --db "$DEMO_DB" --pegawai "${MUTASI_DEMO_PEGAWAI:-3000}"
fi
exec .venv/bin/mutasi gui --db "$DEMO_DB"
