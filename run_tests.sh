#!/usr/bin/env bash
# Sets up everything in ./.venv and runs the whole quality gate: ruff, import contracts, mypy
# (strict, non-UI packages) and the full test suite (SQLite, plus PostgreSQL when its server
# binaries are installed). Usage: ./run_tests.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev]"

echo "== ruff"
.venv/bin/ruff check .
echo "== import contracts"
.venv/bin/lint-imports
echo "== mypy (strict, non-UI packages)"
.venv/bin/mypy

# PostgreSQL: a throwaway cluster on 127.0.0.1 when the server binaries exist (CI installs them).
if [ -z "${MUTASI_TEST_PG_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -f .ci/pg.sh ]; then
    # shellcheck source=.ci/pg.sh
    source .ci/pg.sh
    pg_start
    trap pg_stop EXIT
fi

echo "== pytest"
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest -n 2 --dist loadfile "$@"

# The database-facing tests once more, with the ordinary db/demo_db fixtures on PostgreSQL.
if [ -n "${MUTASI_TEST_PG_URL:-}" ]; then
    echo "== pytest tests/db on PostgreSQL"
    # shellcheck source=.ci/pg.sh
    source .ci/pg.sh
    pg_run_db_tests -n 2 --dist loadfile
fi
