"""``migrate-db`` (move an office's data to a server) and ``server`` (this machine's server setting)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mutasi_desktop.cli.common import add_json_flag, common_parent
from mutasi_desktop.cli.output import EXIT_ERROR, EXIT_OK, error, print_json
from mutasi_desktop.paths import database_url


def register(sub: Any) -> None:
    parent = common_parent()

    p = sub.add_parser(
        "migrate-db", parents=[parent],
        help="pindahkan seluruh data ke basis data lain yang kosong (mis. SQLite ke server PostgreSQL)",
    )
    p.add_argument("--from", dest="sumber", metavar="PATH|URL",
                   help="basis data sumber (bawaan: --db atau basis data biasa)")
    p.add_argument("--to", dest="tujuan", metavar="URL", required=True,
                   help="basis data tujuan yang masih kosong, mis. postgresql+psycopg://user:sandi@host/mutasi")
    p.add_argument("--batch", type=int, default=2000, help="baris per kelompok salin (bawaan 2000)")
    p.add_argument("--quiet", action="store_true", help="tanpa tampilan kemajuan")
    add_json_flag(p)
    p.set_defaults(func=cmd_migrate_db)

    p = sub.add_parser("server", parents=[parent], help="pengaturan server PostgreSQL komputer ini")
    server_sub = p.add_subparsers(dest="server_command", metavar="AKSI")
    q = server_sub.add_parser("uji", help="uji koneksi ke server")
    q.add_argument("url", help="URL server, mis. postgresql+psycopg://user:sandi@host:5432/mutasi")
    add_json_flag(q)
    q.set_defaults(func=cmd_server_uji)
    q = server_sub.add_parser("atur", help="simpan URL server; 'mutasi gui' tanpa --db akan membukanya")
    q.add_argument("url", help="URL server")
    q.set_defaults(func=cmd_server_atur)
    q = server_sub.add_parser("lepas", help="kembali memakai berkas SQLite lokal")
    q.set_defaults(func=cmd_server_lepas)
    q = server_sub.add_parser("lihat", help="tampilkan server yang tersimpan")
    q.set_defaults(func=cmd_server_lihat)
    p.set_defaults(func=lambda _args: (p.print_help(), EXIT_ERROR)[1])


def cmd_migrate_db(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.migrate_db_service import migrate_database

    if args.batch < 1:
        error("--batch harus lebih dari 0.")
        return EXIT_ERROR
    source = database_url(args.sumber or getattr(args, "db", None))
    target = database_url(args.tujuan)

    def progress(table: str, done: int, total: int) -> None:
        if not args.quiet and not args.json:
            sys.stderr.write(f"\r{table}: {done}/{total}          ")
            sys.stderr.flush()

    result = migrate_database(source_url=source, target_url=target, batch_size=args.batch, progress=progress)
    if not args.quiet and not args.json:
        sys.stderr.write("\n")
    if args.json:
        print_json({
            "sumber": result.sumber, "tujuan": result.tujuan, "revisi": result.revisi,
            "detik": round(result.detik, 2), "total_baris": result.total_baris,
            "tabel": [{"tabel": t.tabel, "sumber": t.sumber, "tujuan": t.tujuan} for t in result.tabel],
        })
        return EXIT_OK
    print(f"Data dipindahkan dari {result.sumber} ke {result.tujuan} (skema {result.revisi}).")
    width = max(len(t.tabel) for t in result.tabel)
    print(f"  {'tabel':<{width}}  {'sumber':>9}  {'tujuan':>9}")
    for t in result.tabel:
        mark = "" if t.cocok else "  TIDAK COCOK"
        print(f"  {t.tabel:<{width}}  {t.sumber:>9}  {t.tujuan:>9}{mark}")
    print(f"Jumlah baris cocok untuk semua {len(result.tabel)} tabel: {result.total_baris} baris "
          f"dalam {result.detik:.1f} detik.")
    return EXIT_OK


def cmd_server_uji(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.server_connection import test_connection

    result = test_connection(args.url)
    if args.json:
        print_json(result)
    elif result.berhasil:
        print(result.pesan)
    else:
        error(result.pesan)
    return EXIT_OK if result.berhasil else EXIT_ERROR


def cmd_server_atur(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.migrate_db_service import safe_url
    from mutasi_desktop.services.server_connection import config_path, save_server_url

    save_server_url(args.url)
    print(f"Server disimpan di {config_path()}: {safe_url(args.url)}")
    return EXIT_OK


def cmd_server_lepas(_args: argparse.Namespace) -> int:
    from mutasi_desktop.services.server_connection import save_server_url

    save_server_url(None)
    print("Pengaturan server dihapus; aplikasi memakai berkas basis data lokal.")
    return EXIT_OK


def cmd_server_lihat(_args: argparse.Namespace) -> int:
    from mutasi_desktop.services.migrate_db_service import safe_url
    from mutasi_desktop.services.server_connection import load_server_url

    url = load_server_url()
    print(safe_url(url) if url else "Tidak ada server tersimpan; aplikasi memakai berkas basis data lokal.")
    return EXIT_OK
