"""Letters around a mutasi, filled from the database: SPMT, surat pemberitahuan, nota dinas.

Numbers of these letters are the office's own agenda numbers: the clerk types one, or the letter
prints "…" for a handwritten number.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Penandatangan, SuratKeputusan, UnitKerja, UsulMutasi
from mutasi_desktop.documents.pdf.letters_pdf import (
    NotaUsulData,
    PemberitahuanData,
    SpmtData,
    UsulRingkas,
    render_nota_usul,
    render_spmt,
    render_surat_pemberitahuan,
)
from mutasi_desktop.documents.pdf.sk_data import KOP_DINAS, Halaman, Kop
from mutasi_desktop.documents.pdf.sk_data import Penandatangan as TtdData
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.document_texts import fill_template
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import JenisMutasi
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.office_settings_service import (
    InstansiInfo,
    instansi_info,
    pengaturan_in,
    teks_in,
)
from mutasi_desktop.services.sk_content import pegawai_baris, usul_for

BLANK = "……………………"


def _halaman(s: Session) -> Halaman:
    p = pengaturan_in(s)
    return Halaman(kertas=p.kertas, margin_atas=p.margin_atas, margin_bawah=p.margin_bawah,
                   margin_kiri=p.margin_kiri, margin_kanan=p.margin_kanan, ukuran_font=p.ukuran_font, spasi=p.spasi)


def _kop_bkpsdm(s: Session, inst: InstansiInfo) -> Kop:
    p = pengaturan_in(s)
    baris = p.kop_dinas_baris or (f"PEMERINTAH {inst.nama_daerah.upper()}", inst.nama_bkpsdm.upper())
    alamat = p.kop_alamat or tuple(x for x in (inst.alamat, f"Telepon {inst.telepon}" if inst.telepon else "") if x)
    return Kop(jenis=KOP_DINAS, baris=tuple(baris), alamat=tuple(alamat), gambar_path=(p.logo_path or inst.logo_path)
               or None)


def _kop_opd(s: Session, inst: InstansiInfo, unit_id: int | None) -> Kop:
    """Kop of the OPD a unit belongs to (the SPMT is the new unit's letter)."""
    unit = s.get(UnitKerja, unit_id) if unit_id else None
    if unit is None:
        return _kop_bkpsdm(s, inst)
    ids = [int(x) for x in unit.path.split("/") if x]
    opd = s.get(UnitKerja, ids[0]) if ids else unit
    opd = opd or unit
    p = pengaturan_in(s)
    alamat = tuple(x for x in (opd.alamat, opd.lokasi) if x)
    return Kop(jenis=KOP_DINAS, baris=(f"PEMERINTAH {inst.nama_daerah.upper()}", opd.nama.upper()), alamat=alamat,
               gambar_path=(p.logo_path or inst.logo_path) or None)


def _kepala_bkpsdm(s: Session, inst: InstansiInfo) -> TtdData:
    """The BKPSDM head signing in his own name (no a.n.)."""
    p = pengaturan_in(s)
    row = None
    for ref in (p.pengesah_petikan_id, p.penandatangan_id):
        candidate = s.get(Penandatangan, ref) if ref else None
        if candidate is not None and candidate.cara_tanda_tangan != "KEPALA_DAERAH":
            row = candidate
            break
    if row is None:
        row = s.scalar(select(Penandatangan).where(Penandatangan.jabatan.ilike("%KEPEGAWAIAN%"),
                                                   Penandatangan.aktif.is_(True)).order_by(Penandatangan.id))
    if row is None:
        return TtdData(cara="DINAS", jabatan=f"KEPALA {inst.nama_bkpsdm.upper()}", nama=BLANK)
    return TtdData(cara="DINAS", jabatan=row.jabatan, nama=row.nama, pangkat=row.pangkat, nip=row.nip or "")


def _usul(s: Session, usul_id: int) -> UsulMutasi:
    u = s.get(UsulMutasi, usul_id)
    if u is None:
        raise DomainError(f"Usul dengan id {usul_id} tidak ditemukan", field="usul_id")
    return u


def cetak_spmt(db: Database, usul_id: int, out_path: Path, *, by: Actor, tanggal: date | None = None,
               nomor: str = "", penandatangan: TtdData | None = None) -> Path:
    """Surat Pernyataan Melaksanakan Tugas for an usul whose SK is set."""
    require(by, Izin.CETAK_SK)
    with db.session() as s:
        u = _usul(s, usul_id)
        if u.status not in (StatusUsul.SK_DITETAPKAN.value, StatusUsul.DILAKSANAKAN.value):
            raise DomainError(f"SPMT hanya untuk usul yang SK-nya sudah ditetapkan (usul {u.nomor} berstatus "
                              f"{StatusUsul(u.status).label})", field="usul_id")
        sk = s.get(SuratKeputusan, u.sk_id) if u.sk_id else None
        inst = instansi_info(s)
        teks = teks_in(s)
        p = pegawai_baris(s, u)
        target_unit = s.get(Formasi, u.tujuan_formasi_id).unit_id if u.tujuan_formasi_id else None  # type: ignore[union-attr]
        tmt = tanggal or u.tmt_pelaksanaan or (sk.tmt if sk else None) or u.tmt_rencana or date.today()
        values = {
            "pejabat_sk": inst.kepala_daerah.title(), "nomor_sk": sk.nomor if sk and sk.nomor else BLANK,
            "tanggal_sk": format_tanggal(sk.tanggal_penetapan) if sk and sk.tanggal_penetapan else BLANK,
            "tmt_spmt": format_tanggal(tmt), "jabatan_baru": p.jabatan_baru, "unit_baru": p.unit_baru,
        }  # fmt: skip
        data = SpmtData(
            kop=_kop_opd(s, inst, target_unit), nomor=nomor,
            penandatangan=penandatangan or TtdData(cara="DINAS", jabatan=f"KEPALA {BLANK}", nama=BLANK),
            pegawai=p, isi=fill_template(teks["spmt_isi"], values, nama_teks="spmt_isi"),
            penutup=fill_template(teks["spmt_penutup"], values, nama_teks="spmt_penutup"),
            tempat=inst.ibu_kota or BLANK, tanggal=tmt,
        )  # fmt: skip
        halaman = _halaman(s)
    render_spmt(data, Path(out_path), halaman)
    audit_service.record_event(db, by, audit_service.Aksi.CETAK_SK, "usul_mutasi", usul_id, f"Cetak SPMT usul {u.nomor}",
                               {"berkas": str(out_path)})
    return Path(out_path)


def cetak_pemberitahuan(db: Database, usul_id: int, out_path: Path, *, by: Actor, nomor: str = "",
                        tanggal: date | None = None) -> Path:
    """Letter telling the pegawai about the planned mutasi and its reasons."""
    require(by, Izin.CETAK_SK)
    with db.session() as s:
        u = _usul(s, usul_id)
        if StatusUsul(u.status).is_final:
            raise DomainError(f"Usul {u.nomor} sudah selesai ({StatusUsul(u.status).label}); tidak perlu "
                              "pemberitahuan rencana", field="usul_id")
        inst = instansi_info(s)
        teks = teks_in(s)
        values = {"nama_bkpsdm": inst.nama_bkpsdm}
        alasan = " — ".join(x for x in (_alasan_label(u.alasan), u.alasan_keterangan) if x)
        data = PemberitahuanData(
            kop=_kop_bkpsdm(s, inst), nomor=nomor, tanggal=tanggal or date.today(), tempat=inst.ibu_kota or BLANK,
            pegawai=pegawai_baris(s, u), isi=fill_template(teks["pemberitahuan_isi"], values, nama_teks="pemberitahuan_isi"),
            alasan=alasan, tmt_rencana=u.tmt_rencana,
            penutup=fill_template(teks["pemberitahuan_penutup"], values, nama_teks="pemberitahuan_penutup"),
            penandatangan=_kepala_bkpsdm(s, inst),
        )  # fmt: skip
        halaman = _halaman(s)
    render_surat_pemberitahuan(data, Path(out_path), halaman)
    audit_service.record_event(db, by, audit_service.Aksi.CETAK_SK, "usul_mutasi", usul_id,
                               f"Cetak surat pemberitahuan usul {u.nomor}", {"berkas": str(out_path)})
    return Path(out_path)


def _alasan_label(code: str) -> str:
    from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi

    try:
        return str(AlasanMutasi(code).label)
    except ValueError:
        return code


def cetak_nota_usul(db: Database, sk_id: int | None, out_path: Path, *, by: Actor, nomor: str = "",
                    tanggal: date | None = None, batch_id: int | None = None) -> Path:
    """Nota dinas to the kepala daerah summarising, for approval, the usul of an SK (draft) or of
    a batch (``sk_id=None, batch_id=...``: every usul of the batch that is still on its way)."""
    require(by, Izin.CETAK_SK)
    with db.session() as s:
        sk = s.get(SuratKeputusan, sk_id) if sk_id is not None else None
        if sk_id is not None and sk is None:
            raise DomainError(f"SK dengan id {sk_id} tidak ditemukan", field="sk_id")
        if sk is not None:
            usul = usul_for(s, sk)
        elif batch_id is not None:
            usul = [u for u in s.scalars(select(UsulMutasi).where(UsulMutasi.batch_id == batch_id)
                                         .order_by(UsulMutasi.id)) if not StatusUsul(u.status).is_final]
        else:
            raise DomainError("Pilih SK atau kelompok usul untuk nota dinas", field="sk_id")
        if not usul:
            raise DomainError("Tidak ada usul yang dapat dimuat dalam nota dinas", field="usul")
        inst = instansi_info(s)
        teks = teks_in(s)
        jenis_asn = pengaturan_in(s).jenis_asn
        rows = []
        for u in usul:
            b = pegawai_baris(s, u)
            try:
                jenis = JenisMutasi(u.jenis_mutasi).label
            except ValueError:
                jenis = u.jenis_mutasi
            rows.append(UsulRingkas(nama=b.nama, nip=b.nip, golongan=b.golongan, asal=f"{b.jabatan_lama}, {b.unit_lama}",
                                    tujuan=f"{b.jabatan_baru}, {b.unit_baru}", jenis=jenis,
                                    catatan=_alasan_label(u.alasan)))
        values = {"jumlah": str(len(rows)), "jenis_asn": jenis_asn, "nama_bkpsdm": inst.nama_bkpsdm,
                  "kepala_daerah_judul": inst.kepala_daerah.title()}
        signer = replace(_kepala_bkpsdm(s, inst))
        data = NotaUsulData(
            kop=_kop_bkpsdm(s, inst), kepada=inst.kepala_daerah.title(), dari=f"Kepala {inst.nama_bkpsdm}",
            nomor=nomor, tanggal=tanggal or date.today(), tempat=inst.ibu_kota or BLANK,
            hal=f"Usul Mutasi {jenis_asn}", pengantar=fill_template(teks["nota_pengantar"], values, nama_teks="nota_pengantar"),
            usul=tuple(rows), saran=fill_template(teks["nota_saran"], values, nama_teks="nota_saran"),
            penandatangan=signer,
            lampiran="1 (satu) berkas draf keputusan" if sk is not None and sk.status == "DRAF" else "-",
        )  # fmt: skip
        halaman = _halaman(s)
    render_nota_usul(data, Path(out_path), halaman)
    audit_service.record_event(db, by, audit_service.Aksi.CETAK_SK, "surat_keputusan" if sk_id else "usul_batch",
                               sk_id or batch_id, "Cetak nota dinas usul", {"berkas": str(out_path)})
    return Path(out_path)
