"""``init``, ``demo``, ``nip`` and ``gui``."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from mutasi_desktop.cli.common import add_json_flag, common_parent
from mutasi_desktop.cli.context import open_db
from mutasi_desktop.cli.output import EXIT_ERROR, EXIT_INVALID, EXIT_OK, error, print_json
from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import NipError
from mutasi_desktop.domain.nip import explain_nip, parse_nip


def register(sub: Any) -> None:
    parent = common_parent()

    p = sub.add_parser("init", parents=[parent], help="buat atau perbarui basis data")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", parents=[parent], help="isi basis data dengan kabupaten contoh (data sintetis)")
    p.add_argument("--pegawai", type=int, default=3000, help="jumlah pegawai (bawaan 3000)")
    p.add_argument("--seed", type=int, default=2025, help="benih acak; hasil sama untuk benih yang sama")
    p.add_argument("--quiet", action="store_true", help="tanpa tampilan kemajuan")
    p.add_argument("--tanpa-akun", action="store_true",
                   help=f"jangan buat akun contoh (bawaan: satu akun per peran, kata sandi '{DEMO_PASSWORD}')")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("nip", parents=[parent], help="urai dan jelaskan sebuah NIP")
    p.add_argument("nip", help="NIP 18 digit (spasi dan tanda petik diabaikan)")
    add_json_flag(p)
    p.set_defaults(func=cmd_nip)

    p = sub.add_parser("gui", parents=[parent], help="buka aplikasi desktop")
    p.set_defaults(func=cmd_gui)


def cmd_init(args: argparse.Namespace) -> int:
    db = open_db(args)
    print(f"Basis data siap: {db.url}")
    db.dispose()
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.demo import DemoAlreadyFilled, build_demo

    if args.pegawai < 1:
        error("--pegawai harus lebih dari 0.")
        return EXIT_ERROR
    db = open_db(args)
    started = time.perf_counter()

    def progress(step: str, done: int, total: int) -> None:
        if not args.quiet:
            sys.stderr.write(f"\r{step}: {done}/{total}        ")
            sys.stderr.flush()

    try:
        summary = build_demo(db, pegawai=args.pegawai, seed=args.seed, progress=progress)
        accounts = [] if args.tanpa_akun else create_demo_accounts(db)
    except DemoAlreadyFilled as exc:
        error(str(exc))
        return EXIT_ERROR
    finally:
        db.dispose()
    if not args.quiet:
        sys.stderr.write("\n")
    elapsed = time.perf_counter() - started
    print(
        f"Kabupaten contoh dibuat dalam {elapsed:.1f} detik: {summary.opd} OPD, {summary.unit} unit kerja, "
        f"{summary.jabatan} jabatan, {summary.formasi} formasi, {summary.pegawai} pegawai."
    )
    if accounts:
        print(f"Akun contoh (kata sandi '{DEMO_PASSWORD}'; hanya untuk data contoh): {', '.join(accounts)}.")
    return EXIT_OK


DEMO_PASSWORD = "mutasi-demo"
_DEMO_ACCOUNTS = (
    ("admin", "Administrator Contoh", "ADMINISTRATOR"),
    ("operator", "Operator Contoh", "OPERATOR"),
    ("verifikator", "Verifikator Contoh", "VERIFIKATOR"),
    ("pejabat", "Pejabat Contoh", "PEJABAT"),
    ("pembaca", "Pembaca Contoh", "PEMBACA"),
)


def create_demo_accounts(db: Database) -> list[str]:
    """One account per role on a demo database that has none yet, so a newcomer can try each role."""
    from mutasi_desktop.domain.roles import SYSTEM, Peran
    from mutasi_desktop.services import accounts_service

    if not accounts_service.needs_setup(db):
        return []
    for username, nama, peran in _DEMO_ACCOUNTS:
        accounts_service.create_user(db, SYSTEM, username=username, nama=nama, password=DEMO_PASSWORD,
                                     peran=[Peran(peran)], harus_ganti_password=False)
    return [f"{u} ({p.title()})" for u, _n, p in _DEMO_ACCOUNTS]


def cmd_nip(args: argparse.Namespace) -> int:
    try:
        info = parse_nip(args.nip)
    except NipError as exc:
        if args.json:
            print_json({"valid": False, "pesan": exc.message, "bagian": exc.part})
        else:
            error(f"NIP tidak valid: {exc.message}")
        return EXIT_INVALID
    if args.json:
        print_json({"valid": True, "nip": info.nip, "format": info.formatted,
                    "rincian": dict(explain_nip(info)), "peringatan": list(info.warnings)})
        return EXIT_OK
    print(f"NIP {info.formatted} valid.")
    for label, value in explain_nip(info):
        print(f"  {label:<22}: {value}")
    for warning in info.warnings:
        print(f"  Peringatan: {warning}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.server_connection import resolve_database_url
    from mutasi_desktop.ui.app import run_app

    return int(run_app(resolve_database_url(getattr(args, "db", None))))
