"""``kebutuhan`` (vacancies now and projected) and ``rank`` (candidates for one formasi)."""

from __future__ import annotations

import argparse
from typing import Any

from mutasi_desktop.cli.common import add_json_flag, common_parent
from mutasi_desktop.cli.context import open_db
from mutasi_desktop.cli.output import EXIT_OK, print_json
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.domain.scoring import bobot_preset


def register(sub: Any) -> None:
    parent = common_parent()
    p = sub.add_parser("kebutuhan", parents=[parent], help="analisis kebutuhan: lowongan sekarang dan proyeksi")
    p.add_argument("--horizon-bulan", type=int, default=12, metavar="N",
                   help="proyeksi pensiun (BUP) dan usul disetujui dalam N bulan (bawaan 12)")  # fmt: skip
    p.add_argument("--semua", action="store_true", help="tampilkan juga formasi tanpa lowongan")
    add_json_flag(p)
    p.set_defaults(func=cmd_kebutuhan)

    p = sub.add_parser("rank", parents=[parent], help="peringkat calon untuk satu formasi, dengan alasannya")
    p.add_argument("formasi_id", type=int, metavar="FORMASI_ID")
    p.add_argument("--top", type=int, default=10, metavar="N", help="jumlah calon yang ditampilkan (bawaan 10)")
    p.add_argument("--preset", metavar="NAMA", help="preset bobot: SEIMBANG, KINERJA, KOMPETENSI, ROTASI, ASPIRASI")
    add_json_flag(p)
    p.set_defaults(func=cmd_rank)


def cmd_kebutuhan(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.kebutuhan_service import analisis_kebutuhan

    db = open_db(args)
    try:
        hasil = analisis_kebutuhan(db, SYSTEM, horizon_bulan=args.horizon_bulan)
    finally:
        db.dispose()
    rows = [b for b in hasil.baris if args.semua or b.lowongan or b.lowongan_proyeksi]
    if args.json:
        print_json({
            "pada": hasil.pada, "horizon_bulan": hasil.horizon_bulan, "sampai": hasil.sampai,
            "total": _rekap(hasil.total),
            "per_opd": [_rekap(r) for r in hasil.per_opd],
            "per_jenis_jabatan": [_rekap(r) for r in hasil.per_jenis],
            "formasi": [{
                "formasi_id": b.formasi_id, "opd": b.opd_nama, "unit": b.unit_nama, "jabatan": b.jabatan_nama,
                "jenis_jabatan": b.jenis_jabatan, "kebutuhan": b.kebutuhan, "bezetting": b.bezetting,
                "selisih": b.selisih, "pensiun": b.pensiun, "keluar": b.keluar, "masuk": b.masuk,
                "proyeksi_bezetting": b.proyeksi_bezetting, "proyeksi_selisih": b.proyeksi_selisih,
                "pegawai_keluar": [{"nip": k.nip, "nama": k.nama, "sebab": k.sebab, "tanggal": k.tanggal}
                                   for k in b.keluar_rinci],
            } for b in rows],
        })  # fmt: skip
        return EXIT_OK
    t = hasil.total
    print(f"Analisis kebutuhan per {format_tanggal(hasil.pada)}; proyeksi sampai {format_tanggal(hasil.sampai)} "
          f"({hasil.horizon_bulan} bulan).")  # fmt: skip
    print(f"Kebutuhan {t.kebutuhan}, bezetting {t.bezetting}, lowongan sekarang {t.lowongan}; "
          f"pensiun {t.pensiun}, usul keluar {t.keluar}, usul masuk {t.masuk}; lowongan proyeksi {t.lowongan_proyeksi}.")  # fmt: skip
    print()
    print(f"{'OPD':<40} {'Keb':>5} {'Bez':>5} {'Low':>5} {'Pens':>5} {'Proy':>5}")
    for r in hasil.per_opd:
        print(f"{r.nama[:40]:<40} {r.kebutuhan:>5} {r.bezetting:>5} {r.lowongan:>5} {r.pensiun:>5} {r.lowongan_proyeksi:>5}")
    print()
    print(f"{'Jenis jabatan':<40} {'Keb':>5} {'Bez':>5} {'Low':>5} {'Pens':>5} {'Proy':>5}")
    for r in hasil.per_jenis:
        print(f"{r.nama[:40]:<40} {r.kebutuhan:>5} {r.bezetting:>5} {r.lowongan:>5} {r.pensiun:>5} {r.lowongan_proyeksi:>5}")
    print()
    print(f"{'ID':>6}  {'Unit':<34} {'Jabatan':<34} {'Keb':>4} {'Bez':>4} {'Sel':>4} {'Proy':>4}")
    for b in rows:
        fid = str(b.formasi_id) if b.formasi_id is not None else "-"
        print(f"{fid:>6}  {b.unit_nama[:34]:<34} {b.jabatan_nama[:34]:<34} {b.kebutuhan:>4} {b.bezetting:>4} "
              f"{b.selisih:>4} {b.proyeksi_selisih:>4}")  # fmt: skip
    return EXIT_OK


def _rekap(r: Any) -> dict[str, Any]:
    return {"nama": r.nama, "kebutuhan": r.kebutuhan, "bezetting": r.bezetting, "selisih": r.selisih,
            "lowongan": r.lowongan, "pensiun": r.pensiun, "keluar": r.keluar, "masuk": r.masuk,
            "proyeksi_selisih": r.proyeksi_selisih, "lowongan_proyeksi": r.lowongan_proyeksi}  # fmt: skip


def cmd_rank(args: argparse.Namespace) -> int:
    from mutasi_desktop.services.ranking_service import gugur_json, hitung_peringkat, ringkas_peringkat

    bobot = bobot_preset(args.preset) if args.preset else None
    db = open_db(args)
    try:
        hasil = hitung_peringkat(db, SYSTEM, args.formasi_id, bobot=bobot, top=max(args.top, 1), gugur_maks=args.top)
        rows = ringkas_peringkat(hasil)
    finally:
        db.dispose()
    f = hasil.formasi
    if args.json:
        print_json({
            "formasi": {"id": f.formasi_id, "unit": f.unit_nama, "jabatan": f.jabatan_nama, "kebutuhan": f.kebutuhan,
                        "terisi": f.terisi, "sisa": f.sisa, "lowongan": f.lowongan.alasan},
            "bobot": hasil.bobot.as_dict(), "jumlah_pegawai": hasil.jumlah_pegawai,
            "jumlah_gugur_penyaringan_awal": hasil.jumlah_gugur_prasaring, "jumlah_diperiksa": hasil.jumlah_diperiksa,
            "kandidat": rows, "tidak_memenuhi_syarat": gugur_json(hasil.gugur),
        })  # fmt: skip
        return EXIT_OK
    persen = hasil.bobot.persen()
    print(f"Formasi {f.formasi_id}: {f.jabatan_nama} — {f.unit_nama}")
    print(f"  {f.lowongan.alasan}")
    print("  Bobot: " + ", ".join(f"{k} {v:g}%" for k, v in persen.items()))
    print(f"  {hasil.jumlah_pegawai} pegawai dinilai; {hasil.jumlah_gugur_prasaring} gugur pada penyaringan awal; "
          f"{hasil.jumlah_diperiksa} diperiksa dengan aturan mutasi.")  # fmt: skip
    print()
    for row in rows:
        print(f"{row['peringkat']:>3}. {row['nama']} (NIP {row['nip']}, {row['golongan']}) — {row['jabatan']}, "
              f"{row['unit']}: total {row['total']:.2f}")  # fmt: skip
        for b in row["bagian"]:
            print(f"       {b['nama']:<11} {b['skor']:>6.2f}  {b['penjelasan']}")
        for w in row["peringatan"]:
            print(f"       Peringatan {w['kode']}: {w['alasan']}")
    if not rows:
        print("Tidak ada calon yang memenuhi syarat.")
    if hasil.gugur:
        print()
        print("Tidak memenuhi syarat (skor tertinggi lebih dulu):")
        for g in hasil.gugur:
            alasan = "; ".join(f"{r.kode}: {r.alasan}" for r in g.gagal)
            print(f"   - {g.nama} (NIP {g.nip}), skor {g.total:.2f} — {alasan}")
    return EXIT_OK
