"""Options shared by every subcommand (so ``mutasi demo --db X`` works as well as ``mutasi --db X demo``)."""

from __future__ import annotations

import argparse


def common_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db", metavar="PATH|URL", default=argparse.SUPPRESS, help="berkas basis data atau URL SQLAlchemy"
    )
    return parent


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="keluaran sebagai JSON")
