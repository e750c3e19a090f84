"""``mutasi sk pdf|petikan|docx``, ``mutasi laporan rekap|formasi|nominatif`` and ``mutasi verify``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from mutasi_desktop.cli.common import add_json_flag, common_parent
from mutasi_desktop.cli.context import open_db
from mutasi_desktop.cli.output import EXIT_ERROR, EXIT_INVALID, EXIT_OK, error, print_json
from mutasi_desktop.domain.dates import format_tanggal, parse_tanggal
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import SYSTEM


def register(sub: Any) -> None:
    parent = common_parent()

    sk = sub.add_parser("sk", parents=[parent], help="cetak surat keputusan dan petikannya")
    sk_sub = sk.add_subparsers(dest="sk_command", metavar="AKSI")
    p = sk_sub.add_parser("pdf", parents=[parent], help="cetak SK ke berkas PDF")
    p.add_argument("sk_id", type=int, metavar="SK_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="berkas PDF keluaran")
    p.set_defaults(func=cmd_sk_pdf)
    p = sk_sub.add_parser("petikan", parents=[parent], help="cetak semua petikan SK ke sebuah folder")
    p.add_argument("sk_id", type=int, metavar="SK_ID")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder keluaran")
    p.add_argument("--gabung", action="store_true", help="buat juga satu PDF berisi semua petikan")
    p.add_argument("--proses", type=int, default=min(2, os.cpu_count() or 1), help="jumlah proses (bawaan 2)")
    p.set_defaults(func=cmd_sk_petikan)
    p = sk_sub.add_parser("docx", parents=[parent], help="ekspor SK ke .docx yang dapat disunting")
    p.add_argument("sk_id", type=int, metavar="SK_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_sk_docx)
    p = sk_sub.add_parser("buat", parents=[parent], help="buat draf SK dari usul yang sudah disetujui")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--usul", metavar="ID,ID,...", help="id usul, dipisahkan koma")
    group.add_argument("--kelompok", type=int, metavar="BATCH_ID", help="semua usul disetujui dalam kelompok")
    p.add_argument("--tentang", default="", help="perihal (bawaan: teks kantor)")
    p.set_defaults(func=cmd_sk_buat)
    p = sk_sub.add_parser("tetapkan", parents=[parent], help="beri nomor, bekukan isi dan tetapkan draf SK")
    p.add_argument("sk_id", type=int, metavar="SK_ID")
    p.add_argument("--tanggal", required=True, metavar="TANGGAL", help="tanggal penetapan")
    p.add_argument("--tmt", metavar="TANGGAL", help="terhitung mulai tanggal (bawaan: TMT rencana usul)")
    p.add_argument("--tempat", default="", help="ditetapkan di (bawaan: ibu kota daerah)")
    p.set_defaults(func=cmd_sk_tetapkan)
    p = sk_sub.add_parser("daftar", parents=[parent], help="daftar SK (nomor, tanggal, status, id)")
    add_json_flag(p)
    p.set_defaults(func=cmd_sk_daftar)
    sk.set_defaults(func=lambda a: _usage(sk))

    surat = sub.add_parser("surat", parents=[parent], help="SPMT, surat pemberitahuan, nota dinas usul (PDF)")
    surat_sub = surat.add_subparsers(dest="surat_command", metavar="SURAT")
    p = surat_sub.add_parser("spmt", parents=[parent], help="surat pernyataan melaksanakan tugas")
    p.add_argument("usul_id", type=int, metavar="USUL_ID")
    p.add_argument("--tanggal", metavar="TANGGAL", help="TMT melaksanakan tugas (bawaan: TMT SK)")
    p.add_argument("--nomor", default="", help="nomor surat")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_spmt)
    p = surat_sub.add_parser("pemberitahuan", parents=[parent], help="pemberitahuan rencana mutasi kepada pegawai")
    p.add_argument("usul_id", type=int, metavar="USUL_ID")
    p.add_argument("--nomor", default="", help="nomor surat")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_pemberitahuan)
    p = surat_sub.add_parser("nota", parents=[parent], help="nota dinas usul mutasi untuk pejabat yang menyetujui")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--sk", type=int, metavar="SK_ID")
    group.add_argument("--kelompok", type=int, metavar="BATCH_ID", help="kelompok usul")
    p.add_argument("--nomor", default="", help="nomor nota dinas")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_nota)
    surat.set_defaults(func=lambda a: _usage(surat))

    lap = sub.add_parser("laporan", parents=[parent], help="laporan rekap mutasi, formasi, nominatif (PDF/xlsx)")
    lap_sub = lap.add_subparsers(dest="laporan_command", metavar="LAPORAN")
    p = lap_sub.add_parser("rekap", parents=[parent], help="rekapitulasi mutasi dalam suatu periode")
    p.add_argument("--dari", required=True, metavar="TANGGAL", help="awal periode (dd-mm-yyyy atau yyyy-mm-dd)")
    p.add_argument("--sampai", required=True, metavar="TANGGAL", help="akhir periode")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.xlsx")
    p.set_defaults(func=cmd_rekap)
    p = lap_sub.add_parser("formasi", parents=[parent], help="formasi dan lowongan jabatan")
    p.add_argument("--lowong", action="store_true", help="hanya formasi yang lowong")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.xlsx")
    p.set_defaults(func=cmd_formasi)
    p = lap_sub.add_parser("nominatif", parents=[parent], help="daftar nominatif pegawai sebuah unit")
    p.add_argument("unit_id", type=int, metavar="UNIT_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.xlsx")
    p.set_defaults(func=cmd_nominatif)
    lap.set_defaults(func=lambda a: _usage(lap))

    p = sub.add_parser("verify", parents=[parent], help="periksa keaslian kode verifikasi SK/petikan")
    p.add_argument("kode", metavar="CODE", help="kode tercetak (ABCD-EFGH-JKMN) atau isi kode QR")
    add_json_flag(p)
    p.set_defaults(func=cmd_verify)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_ERROR


def cmd_sk_pdf(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.sk_print_service import cetak_sk_pdf

    db = open_db(args)
    try:
        path = cetak_sk_pdf(db, args.sk_id, Path(args.output), by=SYSTEM)
    finally:
        db.dispose()
    print(f"SK dicetak ke {path}")
    return EXIT_OK


def cmd_sk_petikan(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.sk_print_service import cetak_petikan

    db = open_db(args)

    def progress(done: int, total: int) -> None:
        sys.stderr.write(f"\rPetikan: {done}/{total}   ")
        sys.stderr.flush()

    try:
        result = cetak_petikan(db, args.sk_id, Path(args.output), by=SYSTEM, workers=max(1, args.proses),
                               gabung=args.gabung, progress=progress)
    finally:
        db.dispose()
    sys.stderr.write("\n")
    print(f"{len(result.berkas)} petikan dicetak ke {args.output}")
    if result.gabungan:
        print(f"Gabungan: {result.gabungan}")
    return EXIT_OK


def cmd_sk_buat(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.sk_service import buat_sk

    ids: list[int] = []
    if args.usul:
        try:
            ids = [int(x) for x in args.usul.replace(" ", "").split(",") if x]
        except ValueError:
            error(f"--usul harus berupa id angka dipisahkan koma, bukan '{args.usul}'")
            return EXIT_ERROR
    db = open_db(args)
    try:
        sk = buat_sk(db, by=SYSTEM, usul_ids=ids, batch_id=args.kelompok, tentang=args.tentang)
    finally:
        db.dispose()
    print(f"Draf SK #{sk.id} dibuat untuk {sk.jumlah_pegawai} pegawai. Tetapkan dengan: mutasi sk tetapkan {sk.id} "
          "--tanggal TANGGAL")
    return EXIT_OK


def cmd_sk_tetapkan(args: argparse.Namespace) -> int:
    from mutasi_desktop.domain.verification_code import format_code
    from mutasi_desktop.services.sk_service import tetapkan_sk

    tanggal = _date_arg(args.tanggal, "--tanggal")
    tmt = _date_arg(args.tmt, "--tmt") if args.tmt else None
    db = open_db(args)
    try:
        sk = tetapkan_sk(db, args.sk_id, tanggal=tanggal, tmt=tmt, tempat=args.tempat, by=SYSTEM)
    finally:
        db.dispose()
    print(f"SK ditetapkan: nomor {sk.nomor} tanggal {format_tanggal(tanggal)}; kode verifikasi "
          f"{format_code(sk.kode_verifikasi)}")
    return EXIT_OK


def cmd_sk_daftar(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.sk_service import daftar_sk

    db = open_db(args, announce=False)
    try:
        rows = daftar_sk(db, by=SYSTEM)
    finally:
        db.dispose()
    if args.json:
        print_json(rows)
        return EXIT_OK
    for r in rows:
        tanggal = format_tanggal(r.tanggal_penetapan) if r.tanggal_penetapan else "-"
        print(f"{r.id:>5}  {r.nomor or '(draf)':<36} {tanggal:<18} {r.status_label:<11} {r.jumlah_pegawai:>4} pegawai")
    return EXIT_OK


def _letter(args: argparse.Namespace, fn: Any, **kwargs: Any) -> int:
    db = open_db(args)
    try:
        path = fn(db, out_path=Path(args.output), by=SYSTEM, nomor=args.nomor, **kwargs)
    finally:
        db.dispose()
    print(f"Surat disimpan ke {path}")
    return EXIT_OK


def cmd_spmt(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.letter_service import cetak_spmt

    tanggal = _date_arg(args.tanggal, "--tanggal") if args.tanggal else None
    return _letter(args, cetak_spmt, usul_id=args.usul_id, tanggal=tanggal)


def cmd_pemberitahuan(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.letter_service import cetak_pemberitahuan

    return _letter(args, cetak_pemberitahuan, usul_id=args.usul_id)


def cmd_nota(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.letter_service import cetak_nota_usul

    return _letter(args, cetak_nota_usul, sk_id=args.sk, batch_id=args.kelompok)


def cmd_sk_docx(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.sk_print_service import ekspor_docx

    db = open_db(args)
    try:
        path = ekspor_docx(db, args.sk_id, Path(args.output), by=SYSTEM)
    finally:
        db.dispose()
    print(f"SK diekspor ke {path}")
    return EXIT_OK


def _date_arg(value: str, name: str) -> Any:
    parsed = parse_tanggal(value, field=name)
    if parsed is None:
        raise DomainError(f"Tanggal {name} wajib diisi", field=name)
    return parsed


def cmd_rekap(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.report_service import rekap_mutasi, simpan_laporan

    dari, sampai = _date_arg(args.dari, "--dari"), _date_arg(args.sampai, "--sampai")
    db = open_db(args)
    try:
        laporan = rekap_mutasi(db, dari=dari, sampai=sampai, by=SYSTEM)
        path = simpan_laporan(laporan, Path(args.output), db=db, by=SYSTEM)
    finally:
        db.dispose()
    print(f"Rekap mutasi {format_tanggal(dari)} s.d. {format_tanggal(sampai)} disimpan ke {path}")
    return EXIT_OK


def cmd_formasi(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.report_service import laporan_formasi, simpan_laporan

    db = open_db(args)
    try:
        path = simpan_laporan(laporan_formasi(db, by=SYSTEM, hanya_lowongan=args.lowong), Path(args.output),
                              db=db, by=SYSTEM)
    finally:
        db.dispose()
    print(f"Laporan formasi disimpan ke {path}")
    return EXIT_OK


def cmd_nominatif(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.report_service import nominatif, simpan_laporan

    db = open_db(args)
    try:
        path = simpan_laporan(nominatif(db, args.unit_id, by=SYSTEM), Path(args.output), db=db, by=SYSTEM)
    finally:
        db.dispose()
    print(f"Daftar nominatif disimpan ke {path}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.sk_verification_service import verifikasi_kode

    db = open_db(args, announce=False)
    try:
        hasil = verifikasi_kode(db, args.kode, by=SYSTEM)
    finally:
        db.dispose()
    if args.json:
        print_json({**hasil.__dict__, "asli": hasil.asli})
        return EXIT_OK if hasil.asli else EXIT_INVALID
    if not hasil.asli:
        error(hasil.pesan)
        return EXIT_INVALID
    print(hasil.pesan)
    print(f"  Dokumen  : {hasil.jenis_dokumen}")
    print(f"  Nomor    : {hasil.nomor}")
    print(f"  Tanggal  : {format_tanggal(hasil.tanggal) if hasil.tanggal else '-'}")
    print(f"  Tentang  : {hasil.tentang}")
    print(f"  Pegawai  : {len(hasil.pegawai)} orang")
    for p in hasil.pegawai[:20]:
        print(f"    - {p.nama} (NIP {p.nip})")
    if len(hasil.pegawai) > 20:
        print(f"    ... dan {len(hasil.pegawai) - 20} lainnya")
    return EXIT_OK
