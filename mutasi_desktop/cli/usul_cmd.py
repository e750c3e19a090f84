"""``mutasi usul``: list usul mutasi, show one, run its rule check."""

from __future__ import annotations

import argparse
import sys

from mutasi_desktop.cli.common import add_json_flag, common_parent
from mutasi_desktop.cli.context import open_db
from mutasi_desktop.cli.output import EXIT_INVALID, EXIT_OK, print_json
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.eligibility import HASIL_LABEL, is_eligible, summarize
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.domain.usul_states import StatusUsul, parse_status
from mutasi_desktop.services import usul_service
from mutasi_desktop.services.usul_dto import UsulFilter
from mutasi_desktop.services.usul_query import list_usul

_MARK = {"LULUS": "[LULUS]      ", "TIDAK_LULUS": "[TIDAK LULUS]", "PERINGATAN": "[PERINGATAN] "}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("usul", help="usul mutasi: daftar, rincian, pemeriksaan syarat")
    usul_sub = parser.add_subparsers(dest="usul_command", metavar="PERINTAH", required=True)

    check = usul_sub.add_parser(
        "check", parents=[common_parent()], help="periksa syarat mutasi satu usul dan tampilkan alasannya"
    )
    check.add_argument("usul_id", type=int, metavar="USUL_ID")
    check.add_argument("--no-store", action="store_true", help="jangan simpan hasil pemeriksaan pada usul")
    add_json_flag(check)
    check.set_defaults(func=_check)

    lst = usul_sub.add_parser("list", parents=[common_parent()], help="daftar usul mutasi")
    lst.add_argument(
        "--status", action="append", default=[], metavar="S",
        help="hanya status ini (boleh diulang): " + ", ".join(s.value for s in StatusUsul),
    )  # fmt: skip
    lst.add_argument("--jenis", action="append", default=[], metavar="J", help="hanya jenis mutasi ini")
    lst.add_argument("--cari", default="", metavar="TEKS", help="nomor usul, NIP atau nama")
    add_json_flag(lst)
    lst.set_defaults(func=_list)

    show = usul_sub.add_parser(
        "show", parents=[common_parent()], help="rincian satu usul dan riwayat statusnya"
    )
    show.add_argument("usul_id", type=int, metavar="USUL_ID")
    add_json_flag(show)
    show.set_defaults(func=_show)


def _check(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        detail = usul_service.get_usul(db, args.usul_id, by=SYSTEM)
        results = usul_service.check_usul(db, args.usul_id, by=SYSTEM, store=not args.no_store)
    finally:
        db.dispose()
    if args.json:
        print_json({"usul_id": detail.id, "nomor": detail.nomor, "ringkasan": summarize(results),
                    "memenuhi_syarat": is_eligible(results), "hasil": results})  # fmt: skip
    else:
        out = sys.stdout
        out.write(f"Usul {detail.nomor}: {detail.nama} (NIP {detail.nip})\n")
        out.write(f"{detail.jenis_label}; tujuan {detail.tujuan_jabatan_nama} — {detail.tujuan_unit_nama}"
                  f"{detail.tujuan_instansi_nama}\n\n")  # fmt: skip
        for r in results:
            out.write(f"{_MARK[r.hasil]} {r.judul}\n    {r.alasan}\n    Dasar: {r.dasar_hukum}\n")
        out.write(f"\nKesimpulan: {HASIL_LABEL[summarize(results)]}\n")
    return EXIT_OK if is_eligible(results) else EXIT_INVALID


def _list(args: argparse.Namespace) -> int:
    flt = UsulFilter(
        status=tuple(parse_status(s).value for s in args.status), jenis=tuple(args.jenis), teks=args.cari
    )
    db = open_db(args)
    try:
        rows = list_usul(db, flt, by=SYSTEM)
    finally:
        db.dispose()
    if args.json:
        print_json(rows)
        return EXIT_OK
    out = sys.stdout
    if not rows:
        out.write("Tidak ada usul mutasi yang cocok.\n")
        return EXIT_OK
    for r in rows:
        tmt = format_tanggal(r.tmt_rencana) if r.tmt_rencana else "-"
        out.write(f"{r.id:>6}  {r.nomor:<15} {r.status_label:<22} {r.nip}  {r.nama}\n")
        out.write(f"        {r.jenis_label}; {r.asal_unit_nama or '-'} → {r.tujuan_text or '-'}; TMT {tmt}\n")
    out.write(f"\n{len(rows)} usul.\n")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        detail = usul_service.get_usul(db, args.usul_id, by=SYSTEM)
    finally:
        db.dispose()
    if args.json:
        print_json(detail)
        return EXIT_OK
    out = sys.stdout
    out.write(f"Usul {detail.nomor} — {detail.status_label}\n")
    out.write(f"Pegawai : {detail.nama} (NIP {detail.nip})\n")
    out.write(f"Jenis   : {detail.jenis_label}; alasan {detail.alasan_label}\n")
    out.write(f"Asal    : {detail.asal_jabatan_nama} — {detail.asal_unit_nama}\n")
    tujuan = detail.tujuan_instansi_nama or f"{detail.tujuan_jabatan_nama} — {detail.tujuan_unit_nama}"
    out.write(f"Tujuan  : {tujuan}\n")
    if detail.tmt_rencana:
        out.write(f"TMT     : {format_tanggal(detail.tmt_rencana)}\n")
    out.write("\nRiwayat:\n")
    for t in detail.transisi:
        surat = f" [{t.nomor_surat}]" if t.nomor_surat else ""
        out.write(f"  {t.waktu:%Y-%m-%d %H:%M}  {t.judul:<24} {t.oleh:<12} {t.catatan}{surat}\n")
    return EXIT_OK
