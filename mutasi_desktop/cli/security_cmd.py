"""``audit``, ``backup``, ``restore`` and ``pengguna``: the security commands.

Passwords never go on the command line (shell history, process list): they come from an
environment variable or are typed at a hidden prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from mutasi_desktop.cli.common import add_json_flag, common_parent
from mutasi_desktop.cli.context import open_db
from mutasi_desktop.cli.output import EXIT_ERROR, EXIT_INVALID, EXIT_OK, error, print_json
from mutasi_desktop.db.engine import sqlite_path
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import SYSTEM, parse_peran
from mutasi_desktop.paths import database_url

PASSWORD_ENV = "MUTASI_BACKUP_PASSWORD"
USER_PASSWORD_ENV = "MUTASI_PASSWORD"


def register(sub: Any) -> None:
    parent = common_parent()

    audit = sub.add_parser("audit", parents=[parent], help="jejak audit: periksa, tampilkan, ekspor")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="PERINTAH", required=True)
    p = audit_sub.add_parser("verify", parents=[parent], help="periksa rantai hash jejak audit")
    add_json_flag(p)
    p.set_defaults(func=cmd_audit_verify)
    p = audit_sub.add_parser("list", parents=[parent], help="tampilkan entri jejak audit (terbaru dahulu)")
    _add_filters(p)
    p.add_argument("--limit", type=int, default=50, help="jumlah entri (bawaan 50)")
    add_json_flag(p)
    p.set_defaults(func=cmd_audit_list)
    p = audit_sub.add_parser("export", parents=[parent], help="ekspor jejak audit ke Excel")
    _add_filters(p)
    p.add_argument("-o", "--output", required=True, type=Path, help="berkas .xlsx tujuan")
    p.set_defaults(func=cmd_audit_export)

    p = sub.add_parser("backup", parents=[parent], help="buat cadangan basis data (salinan yang konsisten)")
    p.add_argument("-o", "--output", required=True, type=Path, help="berkas cadangan tujuan")
    p.add_argument("--password", action="store_true",
                   help=f"enkripsi dengan kata sandi (dari {PASSWORD_ENV} atau ditanyakan)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[parent], help="pulihkan basis data dari berkas cadangan")
    p.add_argument("file", type=Path, help="berkas cadangan (.db atau .mbak terenkripsi)")
    p.add_argument("--paksa", action="store_true", help="terima cadangan dari instansi lain")
    p.add_argument("--ya", action="store_true", help="jangan minta konfirmasi")
    p.set_defaults(func=cmd_restore)

    users = sub.add_parser("pengguna", parents=[parent], help="kelola akun pengguna")
    users_sub = users.add_subparsers(dest="pengguna_command", metavar="PERINTAH", required=True)
    p = users_sub.add_parser("list", parents=[parent], help="daftar pengguna")
    add_json_flag(p)
    p.set_defaults(func=cmd_user_list)
    p = users_sub.add_parser("tambah", parents=[parent], help="tambah pengguna")
    p.add_argument("username")
    p.add_argument("--nama", required=True, help="nama lengkap")
    p.add_argument("--peran", required=True,
                   help="peran dipisah koma: ADMINISTRATOR, OPERATOR, VERIFIKATOR, PEJABAT, PEMBACA")
    p.set_defaults(func=cmd_user_add)
    p = users_sub.add_parser("reset-sandi", parents=[parent],
                             help="atur kata sandi sementara (wajib diganti saat masuk)")
    p.add_argument("username")
    p.set_defaults(func=cmd_user_reset)
    p = users_sub.add_parser("buka-kunci", parents=[parent], help="buka akun yang terkunci")
    p.add_argument("username")
    p.set_defaults(func=cmd_user_unlock)


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pengguna", default="", help="hanya entri pengguna ini")
    p.add_argument("--aksi", default="", help="CREATE, UPDATE, DELETE, TRANSISI, LOGIN, LOGIN_GAGAL, ...")
    p.add_argument("--entitas", default="", help="nama tabel, mis. pegawai")
    p.add_argument("--cari", default="", help="teks dalam ringkasan")
    p.add_argument("--dari", type=_iso_date, help="tanggal awal (YYYY-MM-DD)")
    p.add_argument("--sampai", type=_iso_date, help="tanggal akhir (YYYY-MM-DD)")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal '{text}' tidak sah; gunakan format YYYY-MM-DD") from None


def _filter(args: argparse.Namespace) -> Any:
    from mutasi_desktop.services.audit_service import AuditFilter

    return AuditFilter(dari=args.dari, sampai=args.sampai, pengguna=args.pengguna, aksi=args.aksi.upper(),
                       entitas=args.entitas, teks=args.cari)


def _secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise DomainError(f"Kata sandi tidak diberikan: isi variabel lingkungan {env} atau jalankan di terminal.")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Ulangi kata sandi: ") != value:
        raise DomainError("Kedua kata sandi tidak sama.")
    return value


# --- audit --------------------------------------------------------------------------------------

def cmd_audit_verify(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.audit_service import verify_chain

    db = open_db(args)
    try:
        report = verify_chain(db, SYSTEM)
    finally:
        db.dispose()
    if args.json:
        print_json(report)
    elif report.ok:
        print(f"{report.pesan} Hash terakhir: {report.hash_terakhir}")
    else:
        error(report.pesan)
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_audit_list(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.audit_service import list_entries

    db = open_db(args)
    try:
        entries = list_entries(db, SYSTEM, _filter(args), limit=max(1, args.limit))
    finally:
        db.dispose()
    if args.json:
        print_json([{**e.__dict__, "waktu": e.waktu.isoformat()} for e in entries])
        return EXIT_OK
    for e in entries:
        target = f"{e.entitas}#{e.entitas_id}" if e.entitas_id else e.entitas
        print(f"{e.id:>6}  {e.waktu_lokal:%Y-%m-%d %H:%M:%S}  {e.pengguna:<16} {e.aksi:<12} {target:<24} {e.ringkasan}")
    if not entries:
        print("Tidak ada entri yang cocok.")
    return EXIT_OK


def cmd_audit_export(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.audit_service import export_xlsx

    db = open_db(args)
    try:
        count = export_xlsx(db, SYSTEM, _filter(args), args.output)
    finally:
        db.dispose()
    print(f"{count} entri diekspor ke {args.output}")
    return EXIT_OK


# --- backup and restore -------------------------------------------------------------------------

def cmd_backup(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.backup_service import create_backup

    password = _secret(PASSWORD_ENV, "Kata sandi cadangan: ", confirm=True) if args.password else None
    db = open_db(args)
    try:
        info = create_backup(db, SYSTEM, args.output, password=password)
    finally:
        db.dispose()
    kind = "terenkripsi" if info.terenkripsi else "tidak terenkripsi"
    size = f"{info.ukuran:,}".replace(",", ".")
    print(f"Cadangan {kind} dibuat: {info.path} ({size} bita, skema {info.revisi}, "
          f"instansi: {info.instansi_nama or '-'})")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from mutasi_desktop.db.sqlite_backup import integrity_ok
    from mutasi_desktop.services.backup_service import (
        PasswordDiperlukan,
        inspect_backup,
        recover_from_backup,
        restore_backup,
    )

    url = database_url(getattr(args, "db", None))
    path = sqlite_path(url)
    if path is None:
        error("Pemulihan hanya untuk basis data SQLite.")
        return EXIT_ERROR
    info = inspect_backup(args.file)
    password = _secret(PASSWORD_ENV, "Kata sandi cadangan: ") if info.terenkripsi else None
    if not args.ya:
        if not sys.stdin.isatty():
            error("Tambahkan --ya untuk memulihkan tanpa konfirmasi.")
            return EXIT_ERROR
        answer = input(f"Ganti isi basis data {path} dengan cadangan {args.file.name}? [y/T] ")
        if answer.strip().lower() not in ("y", "ya"):
            print("Dibatalkan; tidak ada yang diubah.")
            return EXIT_ERROR
    if path.exists() and path.stat().st_size > 0 and not integrity_ok(path):
        aside = recover_from_backup(path, args.file, password=password)
        print(f"Basis data rusak dipindahkan ke {aside}; cadangan dipasang.")
        return EXIT_OK
    db = open_db(args)
    try:
        result = restore_backup(db, SYSTEM, args.file, password=password, paksa=args.paksa)
    except PasswordDiperlukan as exc:
        error(exc.message)
        return EXIT_ERROR
    finally:
        db.dispose()
    print(f"Basis data dipulihkan dari {args.file.name} (skema {result.revisi_cadangan}"
          f"{', diperbarui' if result.diperbarui else ''}).")
    if result.cadangan_sebelumnya is not None:
        print(f"Isi sebelumnya disimpan sebagai {result.cadangan_sebelumnya}")
    return EXIT_OK


# --- users --------------------------------------------------------------------------------------

def _user_id(db: Any, username: str) -> int:
    from mutasi_desktop.services.accounts_service import list_users, normalise_username

    name = normalise_username(username)
    for user in list_users(db, SYSTEM):
        if user.username == name:
            return user.id
    raise DomainError(f"Pengguna '{name}' tidak ditemukan.")


def cmd_user_list(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.accounts_service import list_users

    db = open_db(args)
    try:
        users = list_users(db, SYSTEM)
    finally:
        db.dispose()
    if args.json:
        print_json(users)
        return EXIT_OK
    for u in users:
        state = "aktif" if u.aktif else "nonaktif"
        if u.terkunci():
            state += ", terkunci"
        print(f"{u.username:<20} {u.nama:<30} {u.peran_label:<35} {state}")
    if not users:
        print("Belum ada pengguna (jalankan aplikasi untuk penyiapan awal).")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.accounts_service import create_user

    roles = parse_peran([r for r in args.peran.split(",") if r.strip()])
    password = _secret(USER_PASSWORD_ENV, "Kata sandi sementara: ", confirm=True)
    db = open_db(args)
    try:
        info = create_user(db, SYSTEM, username=args.username, nama=args.nama, password=password, peran=roles)
    finally:
        db.dispose()
    print(f"Pengguna '{info.username}' dibuat ({info.peran_label}); kata sandi wajib diganti saat masuk.")
    return EXIT_OK


def cmd_user_reset(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.accounts_service import reset_password

    password = _secret(USER_PASSWORD_ENV, "Kata sandi sementara: ", confirm=True)
    db = open_db(args)
    try:
        info = reset_password(db, SYSTEM, _user_id(db, args.username), password)
    finally:
        db.dispose()
    print(f"Kata sandi '{info.username}' diatur ulang; wajib diganti saat masuk berikutnya.")
    return EXIT_OK


def cmd_user_unlock(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.accounts_service import unlock_user

    db = open_db(args)
    try:
        info = unlock_user(db, SYSTEM, _user_id(db, args.username))
    finally:
        db.dispose()
    print(f"Akun '{info.username}' dibuka.")
    return EXIT_OK
