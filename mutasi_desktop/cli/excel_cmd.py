"""``mutasi import ...``, ``mutasi export ...`` and ``mutasi template pegawai``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mutasi_desktop.cli.common import add_json_flag, common_parent
from mutasi_desktop.cli.context import open_db
from mutasi_desktop.cli.output import EXIT_ERROR, EXIT_INVALID, EXIT_OK, error, print_json
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import SYSTEM

_RECORD_IMPORTS = {
    "skp": ("mutasi_desktop.services.import_skp", "SkpImport"),
    "riwayat-jabatan": ("mutasi_desktop.services.import_riwayat_jabatan", "RiwayatJabatanImport"),
    "abk": ("mutasi_desktop.services.import_abk", "AbkImport"),
    "aspirasi": ("mutasi_desktop.services.import_aspirasi", "AspirasiImport"),
}


def register(sub: Any) -> None:
    parent = common_parent()
    imp = sub.add_parser("import", parents=[parent], help="impor data dari Excel/CSV (xlsx, xls, ods, csv)")
    imp_sub = imp.add_subparsers(dest="jenis", metavar="JENIS", required=True)
    for jenis, help_text in (("pegawai", "data pegawai (ekspor SIASN, templat aplikasi, atau lembar lain)"),
                             ("skp", "riwayat SKP"), ("riwayat-jabatan", "riwayat jabatan"),
                             ("abk", "kebutuhan formasi hasil ABK"), ("aspirasi", "aspirasi pegawai")):
        p = imp_sub.add_parser(jenis, parents=[parent], help=help_text)
        p.add_argument("file", metavar="FILE")
        p.add_argument("--dry-run", action="store_true", help="pratinjau saja, tidak menyimpan")
        p.add_argument("--strict", action="store_true", help="tidak mengimpor apa pun bila ada baris tidak valid")
        p.add_argument("--buat-baru", action="store_true",
                       help="buat unit kerja/jabatan yang belum ada (bawaan: dibiarkan kosong dan dilaporkan)")
        p.add_argument("--galat", metavar="FILE.xlsx", help="simpan baris tidak valid + keterangan galat ke berkas ini")
        p.add_argument("--lembar", metavar="NAMA", help="nama lembar kerja (bawaan: lembar pertama berisi data)")
        add_json_flag(p)
        p.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", parents=[parent], help="ekspor ke Excel (xlsx)")
    exp_sub = exp.add_subparsers(dest="jenis", metavar="JENIS", required=True)
    p = exp_sub.add_parser("pegawai", parents=[parent], help="data pegawai (format templat impor)")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--cari", default="", help="teks pencarian (nama/NIP)")
    p.add_argument("--unit", type=int, help="id unit kerja (termasuk sub-unit)")
    p.add_argument("--status", choices=("CPNS", "PNS", "PPPK"))
    p.add_argument("--kedudukan", help="kode kedudukan, mis. AKTIF, TUGAS_BELAJAR")
    p.add_argument("--golongan", help="golongan, mis. III/b")
    p.add_argument("--aktif", action="store_true", help="hanya pegawai yang masih aktif")
    p.add_argument("--samarkan", action="store_true", help="samarkan NIK, nomor HP, email dan alamat")
    p.set_defaults(func=cmd_export_pegawai)
    p = exp_sub.add_parser("formasi", parents=[parent], help="formasi dan lowongan")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--unit", type=int, help="id unit kerja (termasuk sub-unit)")
    p.add_argument("--lowong", action="store_true", help="hanya formasi yang masih lowong")
    p.set_defaults(func=cmd_export_formasi)
    p = exp_sub.add_parser("usul", parents=[parent], help="daftar usul mutasi")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--status", help="kode status usul")
    p.set_defaults(func=cmd_export_usul)

    tpl = sub.add_parser("template", parents=[parent], help="templat impor aplikasi")
    tpl_sub = tpl.add_subparsers(dest="jenis", metavar="JENIS", required=True)
    p = tpl_sub.add_parser("pegawai", parents=[parent], help="templat impor data pegawai")
    p.add_argument("file", metavar="FILE.xlsx")
    p.set_defaults(func=cmd_template)


def _issue_dict(issue: Any) -> dict[str, Any]:
    return {"baris": issue.row, "kolom": issue.column, "pesan": issue.message, "tingkat": issue.level}


def cmd_import(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if args.jenis == "pegawai":
            plan, result = _import_pegawai(db, args)
            unknown = {"unit_kerja": [u.nama for u in plan.unknown_units], "jabatan": [j.nama for j in plan.unknown_jabatan]}
        else:
            plan, result = _import_records(db, args)
            unknown = {"unit_kerja": [u.nama for u in plan.unknown_units], "jabatan": [j.nama for j in plan.unknown_jabatan]}
    except DomainError as exc:
        if getattr(args, "json", False):
            print_json({"berhasil": False, "pesan": exc.message})
        else:
            error(exc.message)
        return EXIT_ERROR
    finally:
        db.dispose()
    counts = plan.counts
    saved_errors = None
    if args.galat and plan.bad_rows:
        plan.save_errors(args.galat)
        saved_errors = args.galat
    summary = {
        "berkas": args.file, "lembar": plan.layout.sheet_name, "baris_judul": plan.layout.header_row,
        "valid": counts.valid, "tidak_valid": counts.invalid, "baru": counts.baru, "berubah": counts.berubah,
        "sama": counts.sama, "dibuat": result.created, "diperbarui": result.updated, "tidak_berubah": result.unchanged,
        "disimpan": result.committed, "pesan": result.message, "belum_ada": unknown,
        "kolom_diabaikan": list(plan.layout.ignored_columns), "galat_disimpan": saved_errors,
        "masalah": [_issue_dict(i) for i in plan.issues],
    }
    if args.json:
        print_json(summary)
    else:
        _print_summary(args, plan, result, unknown, saved_errors)
    return EXIT_INVALID if counts.invalid else EXIT_OK


def _import_pegawai(db: Any, args: argparse.Namespace) -> tuple[Any, Any]:
    from mutasi_desktop.services.import_pegawai import import_pegawai

    return import_pegawai(db, SYSTEM, args.file, dry_run=args.dry_run, strict=args.strict,
                          create_missing=args.buat_baru, progress=_progress(args))


def _import_records(db: Any, args: argparse.Namespace) -> tuple[Any, Any]:
    import importlib

    from mutasi_desktop.services.import_common import BUAT
    from mutasi_desktop.services.import_records import RecordImportResult

    module, name = _RECORD_IMPORTS[args.jenis]
    importer = getattr(importlib.import_module(module), name)()
    plan = importer.plan(db, SYSTEM, args.file, sheet=args.lembar)
    if args.dry_run:
        return plan, RecordImportResult(False, message="Pratinjau saja (--dry-run): tidak ada yang disimpan.")
    units = {u.nama: BUAT for u in plan.unknown_units} if args.buat_baru else None
    jabatan = {j.nama: BUAT for j in plan.unknown_jabatan} if args.buat_baru else None
    return plan, importer.commit(db, SYSTEM, plan, strict=args.strict, unit_decisions=units, jabatan_decisions=jabatan)


def _progress(args: argparse.Namespace) -> Any:
    if args.json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, label: str) -> None:
        sys.stderr.write(f"\r{label}            ")
        sys.stderr.flush()

    return show


def _print_summary(args: argparse.Namespace, plan: Any, result: Any, unknown: dict[str, list[str]],
                   saved_errors: str | None) -> None:
    counts = plan.counts
    print(f"Berkas {args.file}, lembar '{plan.layout.sheet_name}', judul kolom di baris {plan.layout.header_row}.")
    if plan.layout.ignored_columns:
        print(f"Kolom diabaikan: {', '.join(plan.layout.ignored_columns)}")
    print(f"Baris valid: {counts.valid}, tidak valid: {counts.invalid} "
          f"(baru {counts.baru}, berubah {counts.berubah}, tidak berubah {counts.sama}).")
    if result.committed:
        print(f"Disimpan: {result.created} dibuat, {result.updated} diperbarui, {result.unchanged} tidak berubah.")
    elif result.message:
        print(result.message)
    for issue in plan.issues:
        print(f"  {issue.text()}")
    for kind, names in unknown.items():
        if names:
            label = "Unit kerja" if kind == "unit_kerja" else "Jabatan"
            action = "dibuat" if args.buat_baru and result.committed else "belum ada (gunakan --buat-baru atau petakan di aplikasi)"
            print(f"{label} {action}: {', '.join(names[:20])}{' ...' if len(names) > 20 else ''}")
    if saved_errors:
        print(f"Baris tidak valid disimpan ke {saved_errors} (kolom 'Keterangan galat').")


def cmd_export_pegawai(args: argparse.Namespace) -> int:
    from mutasi_desktop.domain.import_values import clean_golongan
    from mutasi_desktop.services.export_service import export_pegawai
    from mutasi_desktop.services.pegawai_query import PegawaiFilter

    golongan = clean_golongan(args.golongan) if args.golongan else None
    flt = PegawaiFilter(teks=args.cari, unit_id=args.unit, status_kepegawaian=args.status, kedudukan=args.kedudukan,
                        golongan_id=golongan.id if golongan else None, hanya_aktif=args.aktif)
    db = open_db(args)
    try:
        result = export_pegawai(db, SYSTEM, args.file, flt=flt, masked=True if args.samarkan else None)
    finally:
        db.dispose()
    print(f"{result.rows} pegawai diekspor ke {result.path}{' (data pribadi disamarkan)' if result.masked else ''}.")
    return EXIT_OK


def cmd_export_formasi(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.export_service import export_formasi

    db = open_db(args)
    try:
        result = export_formasi(db, SYSTEM, args.file, unit_id=args.unit, hanya_lowong=args.lowong)
    finally:
        db.dispose()
    print(f"{result.rows} baris formasi diekspor ke {result.path}.")
    return EXIT_OK


def cmd_export_usul(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.export_service import export_usul

    db = open_db(args)
    try:
        result = export_usul(db, SYSTEM, args.file, status=args.status)
    finally:
        db.dispose()
    print(f"{result.rows} usul mutasi diekspor ke {result.path}.")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.export_service import write_pegawai_template

    write_pegawai_template(args.file)
    print(f"Templat impor pegawai disimpan ke {args.file}.")
    return EXIT_OK
