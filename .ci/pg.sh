# shellcheck shell=bash
# A throwaway PostgreSQL cluster for the database-facing tests.
#
#   source .ci/pg.sh
#   pg_start            # installs PostgreSQL (Debian packages) if missing, starts a cluster on
#                       # 127.0.0.1:<free port>, exports MUTASI_TEST_PG_URL
#   ...run tests...     # tests marked "postgres" now run; pg_run_db_tests runs all of tests/db
#                       # on PostgreSQL (MUTASI_TEST_ENGINE=postgresql)
#   pg_stop             # stops the cluster and removes its folder
#
# Or without sourcing: `bash .ci/pg.sh start` prints the export lines (eval them), and
# `bash .ci/pg.sh stop` (with MUTASI_PG_DIR set) stops it again.
#
# pg_start is idempotent: when the cluster it started is still answering it does nothing.
# The cluster runs with fsync off (tests do not need durability) and trust authentication
# on the loopback interface only.

_pg_log() { printf 'pg.sh: %s\n' "$*" >&2; }

# Directory holding initdb/pg_ctl of the newest installed PostgreSQL, or empty.
_pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
        printf '%s\n' "$dir"
    elif command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
    fi
}

_pg_install() {
    if [ -n "$(_pg_bindir)" ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        _pg_log "PostgreSQL belum terpasang dan skrip ini tidak berjalan sebagai root; pasang paket 'postgresql'."
        return 1
    fi
    _pg_log "memasang PostgreSQL dari paket Debian..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >&2
}

# Run a command as the cluster owner (initdb refuses to run as root).
_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$MUTASI_PG_OWNER" -- "$@"
    else
        "$@"
    fi
}

_pg_free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

_pg_running() {
    [ -n "${MUTASI_PG_DIR:-}" ] && [ -n "${MUTASI_PG_BINDIR:-}" ] && [ -d "${MUTASI_PG_DIR}/data" ] &&
        _pg_as_owner "$MUTASI_PG_BINDIR/pg_ctl" -D "$MUTASI_PG_DIR/data" status >/dev/null 2>&1
}

pg_start() {
    if _pg_running && [ -n "${MUTASI_TEST_PG_URL:-}" ]; then
        _pg_log "klaster sudah berjalan: $MUTASI_TEST_PG_URL"
        return 0
    fi
    _pg_install || return 1
    MUTASI_PG_BINDIR=$(_pg_bindir)
    if [ "$(id -u)" -eq 0 ]; then
        MUTASI_PG_OWNER=postgres
        id -u "$MUTASI_PG_OWNER" >/dev/null 2>&1 || useradd --system --no-create-home "$MUTASI_PG_OWNER"
    else
        MUTASI_PG_OWNER=$(id -un)
    fi
    export MUTASI_PG_BINDIR MUTASI_PG_OWNER
    MUTASI_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mutasi-pg.XXXXXX") || return 1
    export MUTASI_PG_DIR
    chmod 700 "$MUTASI_PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown "$MUTASI_PG_OWNER" "$MUTASI_PG_DIR"
    MUTASI_PG_PORT=$(_pg_free_port) || return 1
    export MUTASI_PG_PORT

    local locale_opt="--no-locale"
    if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then
        locale_opt="--locale=C.UTF-8"
    fi
    if ! _pg_as_owner "$MUTASI_PG_BINDIR/initdb" -D "$MUTASI_PG_DIR/data" -U mutasi -E UTF8 $locale_opt \
        --auth=trust >"$MUTASI_PG_DIR/initdb.log" 2>&1; then
        _pg_log "initdb gagal:"
        cat "$MUTASI_PG_DIR/initdb.log" >&2
        return 1
    fi
    # fsync/full_page_writes/synchronous_commit off: a crash only loses a throwaway cluster.
    local opts="-c listen_addresses=127.0.0.1 -c port=$MUTASI_PG_PORT -c unix_socket_directories=$MUTASI_PG_DIR"
    opts="$opts -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200"
    if ! _pg_as_owner "$MUTASI_PG_BINDIR/pg_ctl" -D "$MUTASI_PG_DIR/data" -l "$MUTASI_PG_DIR/server.log" \
        -o "$opts" -w -t 60 start >/dev/null; then
        _pg_log "server PostgreSQL gagal dijalankan:"
        cat "$MUTASI_PG_DIR/server.log" >&2
        return 1
    fi
    if ! _pg_as_owner "$MUTASI_PG_BINDIR/psql" -q -h 127.0.0.1 -p "$MUTASI_PG_PORT" -U mutasi -d postgres \
        -c "CREATE DATABASE mutasi_test" >/dev/null; then
        _pg_log "basis data uji tidak dapat dibuat"
        return 1
    fi
    MUTASI_TEST_PG_URL="postgresql+psycopg://mutasi@127.0.0.1:$MUTASI_PG_PORT/mutasi_test"
    export MUTASI_TEST_PG_URL
    _pg_log "PostgreSQL berjalan: $MUTASI_TEST_PG_URL (folder $MUTASI_PG_DIR)"
    printf 'export MUTASI_TEST_PG_URL=%q\n' "$MUTASI_TEST_PG_URL"
    printf 'export MUTASI_PG_DIR=%q MUTASI_PG_BINDIR=%q MUTASI_PG_OWNER=%q MUTASI_PG_PORT=%q\n' \
        "$MUTASI_PG_DIR" "$MUTASI_PG_BINDIR" "$MUTASI_PG_OWNER" "$MUTASI_PG_PORT"
}

pg_stop() {
    if [ -z "${MUTASI_PG_DIR:-}" ]; then
        return 0
    fi
    if [ -d "$MUTASI_PG_DIR/data" ] && [ -n "${MUTASI_PG_BINDIR:-}" ]; then
        _pg_as_owner "$MUTASI_PG_BINDIR/pg_ctl" -D "$MUTASI_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    case "$MUTASI_PG_DIR" in
        */mutasi-pg.*) rm -rf "$MUTASI_PG_DIR" ;;
    esac
    _pg_log "PostgreSQL dihentikan"
    unset MUTASI_TEST_PG_URL MUTASI_PG_DIR MUTASI_PG_PORT
}

# The database-facing tests once more, on PostgreSQL (the SQLite run is the normal test command).
# Extra arguments go to pytest, e.g. `pg_run_db_tests -n 2`.
pg_run_db_tests() {
    if [ -z "${MUTASI_TEST_PG_URL:-}" ]; then
        _pg_log "MUTASI_TEST_PG_URL kosong: jalankan pg_start dulu"
        return 1
    fi
    MUTASI_TEST_ENGINE=postgresql "${PYTHON:-.venv/bin/python}" -m pytest tests/db tests/gui/test_server_screens.py \
        -q -p no:cacheprovider "$@"
}

# Executed rather than sourced: `bash .ci/pg.sh start|stop`.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-start}" in
        start) pg_start ;;
        stop) pg_stop ;;
        *) echo "pemakaian: $0 start|stop" >&2; exit 2 ;;
    esac
fi
