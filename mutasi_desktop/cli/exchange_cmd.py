"""``mutasi paket``: exchange packages between offices (key, partners, export, import)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from mutasi_desktop.cli.common import add_json_flag, common_parent
from mutasi_desktop.cli.context import open_db
from mutasi_desktop.cli.output import EXIT_ERROR, EXIT_INVALID, EXIT_OK, error, print_json
from mutasi_desktop.domain.roles import SYSTEM

ENV_SANDI = "MUTASI_PAKET_SANDI"


def register(sub: Any) -> None:
    parent = common_parent()
    p = sub.add_parser("paket", parents=[parent], help="paket pertukaran data antarkantor (ekspor/impor)")
    psub = p.add_subparsers(dest="paket_command", metavar="AKSI")
    p.set_defaults(func=lambda _args: (p.print_help(), EXIT_ERROR)[1])

    q = psub.add_parser("kunci", parents=[parent], help="tampilkan atau buat identitas dan kunci kantor ini")
    q.add_argument("--kode", help="kode kantor ini (untuk membuat identitas), mis. UPT-SMP1")
    q.add_argument("--nama", help="nama kantor ini")
    q.add_argument("--ganti", action="store_true", help="buat pasangan kunci baru (mitra harus memperbarui)")
    add_json_flag(q)
    q.set_defaults(func=cmd_kunci)

    q = psub.add_parser("mitra", parents=[parent], help="kantor mitra tepercaya")
    msub = q.add_subparsers(dest="mitra_command", metavar="AKSI")
    q.set_defaults(func=cmd_mitra_daftar, json=False)
    r = msub.add_parser("tambah", parents=[parent], help="percayai kantor mitra dengan kunci publiknya")
    r.add_argument("kode")
    r.add_argument("nama")
    r.add_argument("kunci_publik", help="teks kunci publik kantor mitra (diawali MK1.)")
    r.add_argument("--salinan", action="store_true",
                   help="basis data mitra adalah salinan basis data ini: catat data saat ini sebagai dasar bersama")
    r.set_defaults(func=cmd_mitra_tambah)
    r = msub.add_parser("daftar", parents=[parent], help="daftar kantor mitra")
    add_json_flag(r)
    r.set_defaults(func=cmd_mitra_daftar)
    r = msub.add_parser("cakupan", parents=[parent],
                        help="batasi data yang dikirim ke mitra pada satu unit kerja beserta sub-unitnya")
    r.add_argument("kode")
    r.add_argument("--unit", type=int, metavar="ID", help="id unit kerja; tanpa --unit: seluruh daerah")
    r.set_defaults(func=cmd_mitra_cakupan)
    r = msub.add_parser("cabut", parents=[parent], help="berhenti mempercayai kantor mitra")
    r.add_argument("kode")
    r.set_defaults(func=cmd_mitra_cabut)

    q = psub.add_parser("ekspor", parents=[parent], help="buat paket untuk kantor mitra")
    q.add_argument("--ke", required=True, metavar="KODE", help="kode kantor tujuan")
    q.add_argument("-o", "--output", required=True, metavar="BERKAS", help="berkas paket yang dibuat")
    q.add_argument("--sandi", help=f"enkripsi dengan kata sandi (atau isi {ENV_SANDI})")
    q.add_argument("--enkripsi-kunci", action="store_true", help="enkripsi untuk kunci kantor tujuan")
    q.add_argument("--semua", action="store_true", help="kirim semua data lagi, bukan hanya yang berubah")
    add_json_flag(q)
    q.set_defaults(func=cmd_ekspor)

    q = psub.add_parser("impor", parents=[parent], help="periksa dan impor paket dari kantor mitra")
    q.add_argument("berkas", help="berkas paket")
    q.add_argument("--pratinjau", action="store_true", help="hanya tampilkan apa yang akan berubah")
    q.add_argument("--sandi", help=f"kata sandi paket terenkripsi (atau isi {ENV_SANDI})")
    q.add_argument("--konflik", choices=["kita", "mereka"],
                   help="putusan untuk semua konflik: pertahankan data kita atau ambil data mereka")
    q.add_argument("--ambil", nargs="*", default=[], metavar="UUID", help="konflik yang diambil dari mereka")
    q.add_argument("--pertahankan", nargs="*", default=[], metavar="UUID", help="konflik yang dipertahankan")
    add_json_flag(q)
    q.set_defaults(func=cmd_impor)


def _sandi(args: argparse.Namespace) -> str | None:
    return args.sandi or os.environ.get(ENV_SANDI) or None


def cmd_kunci(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.exchange import buat_identitas, lihat_identitas

    db = open_db(args)
    try:
        if args.kode or args.ganti:
            if not args.kode or not args.nama:
                error("--kode dan --nama wajib diisi untuk membuat identitas kantor.")
                return EXIT_ERROR
            identitas = buat_identitas(db, SYSTEM, kode=args.kode, nama=args.nama, ganti=args.ganti)
        else:
            found = lihat_identitas(db, SYSTEM)
            if found is None:
                error("Kantor ini belum punya identitas. Buat dengan: mutasi paket kunci --kode KODE --nama NAMA")
                return EXIT_ERROR
            identitas = found
    finally:
        db.dispose()
    if args.json:
        print_json(identitas)
        return EXIT_OK
    print(f"Kantor      : {identitas.kode} — {identitas.nama}")
    print(f"Kunci publik: {identitas.kunci_publik}")
    print(f"Sidik jari  : {identitas.sidik_jari}")
    status = "ada" if identitas.kunci_tersedia else "TIDAK ADA di komputer ini"
    print(f"Kunci privat: {identitas.berkas_kunci} ({status})")
    print("Berikan kunci publik ini kepada kantor mitra; cocokkan sidik jarinya lewat telepon.")
    return EXIT_OK


def cmd_mitra_tambah(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.exchange import catat_dasar_bersama, tambah_mitra

    db = open_db(args)
    try:
        mitra = tambah_mitra(db, SYSTEM, kode=args.kode, nama=args.nama, kunci_publik=args.kunci_publik)
        shared = catat_dasar_bersama(db, SYSTEM, kode=mitra.kode) if args.salinan else None
    finally:
        db.dispose()
    print(f"Kantor mitra {mitra.kode} ({mitra.nama}) dipercaya. Sidik jari kuncinya: {mitra.sidik_jari}")
    if shared is not None:
        print(f"{shared} rekaman dicatat sebagai dasar bersama; paket berikutnya hanya membawa perubahan.")
    return EXIT_OK


def cmd_mitra_daftar(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.exchange import daftar_mitra

    db = open_db(args)
    try:
        rows = daftar_mitra(db, SYSTEM)
    finally:
        db.dispose()
    if getattr(args, "json", False):
        print_json(rows)
        return EXIT_OK
    if not rows:
        print("Belum ada kantor mitra.")
    for m in rows:
        state = "dipercaya" if m.dipercaya else "TIDAK dipercaya"
        scope = m.cakupan_nama or "seluruh daerah"
        print(f"{m.kode:<16} {m.nama:<40} {state:<16} terima #{m.paket_terakhir_diterima}, "
              f"kirim #{m.paket_terakhir_dikirim}, cakupan {scope}, sidik jari {m.sidik_jari}")
    return EXIT_OK


def cmd_mitra_cakupan(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.exchange import atur_cakupan

    db = open_db(args)
    try:
        mitra = atur_cakupan(db, SYSTEM, kode=args.kode, unit_id=args.unit)
    finally:
        db.dispose()
    scope = f"pegawai {mitra.cakupan_nama} beserta sub-unitnya" if mitra.cakupan_unit_id else "seluruh daerah"
    print(f"Paket untuk {mitra.kode} mencakup {scope}.")
    return EXIT_OK


def cmd_mitra_cabut(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.exchange import atur_kepercayaan

    db = open_db(args)
    try:
        mitra = atur_kepercayaan(db, SYSTEM, kode=args.kode, dipercaya=False)
    finally:
        db.dispose()
    print(f"Kantor {mitra.kode} tidak lagi dipercaya; paketnya akan ditolak.")
    return EXIT_OK


def cmd_ekspor(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.exchange import ekspor_paket

    db = open_db(args)
    try:
        hasil = ekspor_paket(db, SYSTEM, ke=args.ke, path=Path(args.output).expanduser().resolve(),
                             sandi=_sandi(args), enkripsi_kunci=args.enkripsi_kunci, semua=args.semua)
    finally:
        db.dispose()
    if args.json:
        print_json(hasil)
        return EXIT_OK
    print(f"Paket #{hasil.urutan} untuk {hasil.ke} dibuat: {hasil.path} ({hasil.total} rekaman, "
          f"{hasil.detik:.1f} detik){', terenkripsi' if hasil.terenkripsi else ''}.")
    for name, n in sorted(hasil.jumlah.items()):
        print(f"  {name:<20} {n:>7}")
    return EXIT_OK


def _print_preview(preview: Any) -> None:
    print(f"Paket #{preview.urutan} dari {preview.dari_kode} ({preview.dari_nama}), dibuat {preview.dibuat}"
          f"{', terenkripsi' if preview.terenkripsi else ''}.")
    if preview.sudah_diimpor:
        print("Paket ini sudah pernah diimpor; mengimpornya lagi tidak mengubah apa pun.")
    for warning in preview.peringatan:
        print(f"  Peringatan: {warning}")
    for name, counts in preview.ringkasan.items():
        detail = ", ".join(f"{k.lower()} {v}" for k, v in sorted(counts.items()))
        print(f"  {name:<20} {detail}")
    for r in preview.konflik:
        print(f"  KONFLIK {r.entitas_label}: {r.label} [{r.uuid}]")
        for column in r.kolom:
            mine = (r.milik_kita or {}).get(column)
            print(f"      {column}: kita={mine!r} ({r.kita_oleh}) | mereka={r.milik_mereka.get(column)!r} "
                  f"({r.mereka_oleh})")


def cmd_impor(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.exchange import Pilihan, impor_paket, pratinjau_paket

    path = Path(args.berkas).expanduser().resolve()
    db = open_db(args)
    try:
        preview = pratinjau_paket(db, SYSTEM, path, sandi=_sandi(args))
        keputusan = {u: Pilihan.MEREKA for u in args.ambil} | {u: Pilihan.KITA for u in args.pertahankan}
        bawaan = {"kita": Pilihan.KITA, "mereka": Pilihan.MEREKA}.get(args.konflik or "")
        undecided = [r for r in preview.konflik if r.uuid not in keputusan and bawaan is None]
        if args.pratinjau or undecided:
            if args.json:
                print_json({"pratinjau": preview, "konflik_belum_diputuskan": len(undecided)})
            else:
                _print_preview(preview)
                if undecided and not args.pratinjau:
                    error(f"{len(undecided)} konflik belum diputuskan: ulangi dengan --konflik kita|mereka atau "
                          "--ambil/--pertahankan UUID. Tidak ada yang diimpor.")
            return EXIT_INVALID if undecided and not args.pratinjau else EXIT_OK
        hasil = impor_paket(db, SYSTEM, path, sandi=_sandi(args), keputusan=keputusan, konflik_bawaan=bawaan)
    finally:
        db.dispose()
    if args.json:
        print_json(hasil)
    else:
        _print_preview(hasil.pratinjau)
        print(hasil.pesan)
    return EXIT_OK
