"""Entry point of ``mutasi`` (and ``python -m mutasi_desktop``).

Each feature lives in its own ``cli/<name>_cmd.py`` module with ``register(subparsers)``; this
module wires them up, opens the database when a command needs one, and turns errors into
Indonesian messages and exit codes.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from mutasi_desktop import __version__
from mutasi_desktop.cli.output import EXIT_ERROR, error
from mutasi_desktop.db.errors import DatabaseOpenError
from mutasi_desktop.domain.errors import DomainError

# Add a module here to add its subcommands.
COMMAND_MODULES: tuple[str, ...] = (
    "mutasi_desktop.cli.basic_cmd",
    "mutasi_desktop.cli.usul_cmd",
    "mutasi_desktop.cli.server_cmd",
    "mutasi_desktop.cli.exchange_cmd",
    "mutasi_desktop.cli.security_cmd",
    "mutasi_desktop.cli.selftest_cmd",
    "mutasi_desktop.cli.seleksi_cmd",
    "mutasi_desktop.cli.sk_cmd",
    "mutasi_desktop.cli.excel_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mutasi",
        description="Mutasi Desktop: pengelolaan mutasi ASN secara luring (offline).",
    )
    parser.add_argument("--version", action="version", version=f"Mutasi Desktop {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="berkas basis data SQLite atau URL SQLAlchemy (bawaan: MUTASI_DB atau folder data pengguna)",
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        result = func(args)
    except DatabaseOpenError as exc:
        error(exc.message)
        return EXIT_ERROR
    except DomainError as exc:
        error(exc.message)
        return EXIT_ERROR
    except KeyboardInterrupt:
        error("dibatalkan oleh pengguna.")
        return 130
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
