"""What an SK says, built from the live database: the pegawai rows, kop, signer and filled texts.

``build_sk_data`` gives the document data of a draft (and, at the moment of setting, the data
that gets frozen). The kop image of a set SK is kept in the database by its hash so that a
re-print shows the same image even after the office changed the file.
"""

from __future__ import annotations

import base64
import hashlib
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.models import Formasi, Pegawai, Penandatangan, SuratKeputusan, UnitKerja, UsulMutasi
from mutasi_desktop.documents.pdf.sk_data import Halaman, Kop, PegawaiBaris, SkData
from mutasi_desktop.documents.pdf.sk_data import Penandatangan as TtdData
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.document_texts import fill_template, ordinal
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.pendidikan import tingkat_by_kode
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.services.office_settings_service import (
    InstansiInfo,
    PengaturanDokumen,
    instansi_info,
    pengaturan_in,
    teks_in,
    with_paths_resolved,
)
from mutasi_desktop.services.settings_service import get_setting, set_setting

# Status codes of an SK (string codes, no database enum).
DRAF = "DRAF"
DITETAPKAN = "DITETAPKAN"
DIGANTIKAN = "DIGANTIKAN"
DIBATALKAN = "DIBATALKAN"
STATUS_LABEL = {DRAF: "Draf", DITETAPKAN: "Ditetapkan", DIGANTIKAN: "Digantikan", DIBATALKAN: "Dibatalkan"}


def usul_of(s: Session, sk_id: int) -> list[UsulMutasi]:
    return list(s.scalars(select(UsulMutasi).where(UsulMutasi.sk_id == sk_id).order_by(UsulMutasi.id)))


def usul_for(s: Session, row: SuratKeputusan) -> list[UsulMutasi]:
    """The usul an SK covers. A correcting draft lists them in its draft ``konten`` because until it
    is set they still belong to the SK it replaces."""
    if row.status == DRAF and row.konten and "usul_ids" in row.konten:
        ids = [int(i) for i in row.konten["usul_ids"]]
        return list(s.scalars(select(UsulMutasi).where(UsulMutasi.id.in_(ids)).order_by(UsulMutasi.id)))
    return usul_of(s, row.id)



def planned_tmt(s: Session, row: SuratKeputusan) -> date | None:
    """A draft without its own TMT takes the earliest planned TMT of its usul."""
    if row.status != DRAF:
        return None
    return min((u.tmt_rencana for u in usul_for(s, row) if u.tmt_rencana), default=None)


def _unit_label(s: Session, unit_id: int | None, fallback: str) -> str:
    """``Subbagian Umum, Dinas Kesehatan``: the unit and, below OPD level, its OPD."""
    unit = s.get(UnitKerja, unit_id) if unit_id else None
    if unit is None:
        return fallback
    ids = [int(p) for p in unit.path.split("/") if p]
    if not ids or ids[0] == unit.id:
        return unit.nama
    opd = s.get(UnitKerja, ids[0])
    return f"{unit.nama}, {opd.nama}" if opd else unit.nama


def _nama_lengkap(p: Pegawai) -> str:
    nama = f"{p.gelar_depan} {p.nama}".strip() if p.gelar_depan else p.nama
    return f"{nama}, {p.gelar_belakang}" if p.gelar_belakang else nama


def pegawai_baris(s: Session, u: UsulMutasi) -> PegawaiBaris:
    p = u.pegawai
    gol_id = u.asal_golongan_id or p.golongan_id
    pangkat = golongan = ""
    if gol_id:
        try:
            g = golongan_by_id(gol_id)
            pangkat, golongan = g.pangkat or "", g.kode
        except DomainError:
            golongan = str(gol_id)
    pendidikan = ""
    if p.pendidikan_tingkat:
        try:
            pendidikan = tingkat_by_kode(p.pendidikan_tingkat).nama
        except DomainError:
            pendidikan = p.pendidikan_tingkat
        if p.pendidikan_jurusan:
            pendidikan = f"{pendidikan} {p.pendidikan_jurusan}"
    if u.tujuan_formasi_id:
        f = s.get(Formasi, u.tujuan_formasi_id)
        assert f is not None
        jabatan_baru, unit_baru = f.jabatan.nama, _unit_label(s, f.unit_id, f.unit.nama)
    else:
        jabatan_baru, unit_baru = u.tujuan_jabatan_nama, u.tujuan_unit_nama
        if u.tujuan_instansi_nama:
            unit_baru = ", ".join(x for x in (unit_baru, u.tujuan_instansi_nama) if x)
    return PegawaiBaris(
        nama=_nama_lengkap(p), nip=p.nip, tempat_lahir=p.tempat_lahir, tanggal_lahir=p.tanggal_lahir,
        pendidikan=pendidikan, pangkat=pangkat, golongan=golongan, tmt_golongan=p.tmt_golongan,
        jabatan_lama=u.asal_jabatan_nama, unit_lama=_unit_label(s, u.asal_unit_id, u.asal_unit_nama),
        jabatan_baru=jabatan_baru, unit_baru=unit_baru,
    )  # fmt: skip


def _ttd(row: Penandatangan | None, inst: InstansiInfo) -> TtdData:
    if row is None:
        return TtdData(cara="KEPALA_DAERAH", jabatan=inst.kepala_daerah, nama=inst.kepala_daerah_nama or "…")
    return TtdData(cara=row.cara_tanda_tangan, jabatan=row.jabatan, nama=row.nama, atas_nama=row.atas_nama,
                   pangkat=row.pangkat, nip=row.nip or "")


def _kop(p: PengaturanDokumen, inst: InstansiInfo) -> Kop:
    if p.kop_jenis == "DINAS":
        baris = p.kop_dinas_baris or (f"PEMERINTAH {inst.nama_daerah.upper()}", inst.nama_bkpsdm.upper())
        alamat = p.kop_alamat or tuple(x for x in (
            inst.alamat,
            "  ".join(x for x in (f"Telepon {inst.telepon}" if inst.telepon else "",
                                  f"Pos-el {inst.email}" if inst.email else "",
                                  f"Laman {inst.laman}" if inst.laman else "") if x),
        ) if x)  # fmt: skip
        return Kop(jenis="DINAS", baris=tuple(baris), alamat=tuple(alamat), gambar_path=p.logo_path or None)
    return Kop(jenis="JABATAN", baris=(inst.kepala_daerah,), gambar_path=p.lambang_path or None)


def _diktum_lanjutan(s: Session, row: SuratKeputusan, teks: dict[str, Any], values: dict[str, str]) -> tuple[str, ...]:
    keep = {"jabatan_baru": "{jabatan_baru}", "unit_baru": "{unit_baru}"}
    items = [fill_template(t, {**values, **keep}, nama_teks="diktum_lanjutan") for t in teks["diktum_lanjutan"]]
    old = s.get(SuratKeputusan, row.menggantikan_id) if row.menggantikan_id else None
    if old is not None:
        # A correcting SK revokes the one it replaces, in the diktum before the closing one.
        line = fill_template(teks["diktum_pencabutan"], {
            **values, "nomor_lama": old.nomor or "…",
            "tanggal_lama": format_tanggal(old.tanggal_penetapan) if old.tanggal_penetapan else "…",
        }, nama_teks="diktum_pencabutan")  # fmt: skip
        items.insert(max(0, len(items) - 1), line)
    return tuple(items)


def build_sk_data(s: Session, row: SuratKeputusan, *, nomor: str = "", tanggal: date | None = None) -> SkData:
    """The document data of ``row`` from the live database (a draft, or the moment it is set)."""
    inst = instansi_info(s)
    pengaturan = with_paths_resolved(pengaturan_in(s), inst)
    teks = teks_in(s)
    usul = usul_for(s, row)
    if not usul:
        raise DomainError("SK ini belum memuat usul mutasi satu pun", field="usul")
    pegawai = tuple(pegawai_baris(s, u) for u in usul)
    tmt = row.tmt or min((u.tmt_rencana for u in usul if u.tmt_rencana), default=None)
    judul_pejabat = inst.kepala_daerah
    judul_title = judul_pejabat.title().replace(" Dan ", " dan ")
    values = {
        "kepala_daerah": judul_pejabat,
        "kepala_daerah_judul": judul_title,
        "daerah": inst.nama_daerah,
        "provinsi": inst.provinsi or "…",
        "ibu_kota": inst.ibu_kota or "…",
        "jenis_asn": pengaturan.jenis_asn,
        "tmt": format_tanggal(tmt) if tmt else "…",
        "jumlah": str(len(pegawai)),
        "diktum_1": ordinal(1, pengaturan.gaya_ordinal),
        "kanreg": inst.nama_kanreg,
        "nama_bkpsdm": inst.nama_bkpsdm,
    }
    tentang = row.tentang.strip() or fill_template(teks["tentang"], values, nama_teks="tentang")
    values["tentang"] = tentang
    values["judul_keputusan"] = f"Keputusan {judul_title} tentang {tentang}"
    keep = {"jabatan_baru": "{jabatan_baru}", "unit_baru": "{unit_baru}"}

    def f(text: str, name: str) -> str:
        return fill_template(text, {**values, **keep}, nama_teks=name)

    memperhatikan = [f(t, "memperhatikan") for t in teks["memperhatikan"]]
    for u in usul:
        if u.pertek_nomor:
            line = fill_template(teks["memperhatikan_pertek"], {
                **values, "pertek_nomor": u.pertek_nomor,
                "pertek_tanggal": format_tanggal(u.pertek_tanggal) if u.pertek_tanggal else "…",
            }, nama_teks="memperhatikan_pertek")  # fmt: skip
            if line not in memperhatikan:
                memperhatikan.append(line)
    signer = s.get(Penandatangan, row.penandatangan_id) if row.penandatangan_id else None
    pengesah_row = s.get(Penandatangan, pengaturan.pengesah_petikan_id) if pengaturan.pengesah_petikan_id else None
    if pengesah_row is None:
        # A petikan is certified by the kepegawaian official (reference 4.4), not by the kepala
        # daerah again: without a choice in the settings take the first active delegated signer.
        pengesah_row = s.scalars(
            select(Penandatangan)
            .where(Penandatangan.aktif.is_(True), Penandatangan.cara_tanda_tangan != "KEPALA_DAERAH")
            .order_by(Penandatangan.id)
        ).first()
    halaman = Halaman(
        kertas=pengaturan.kertas, margin_atas=pengaturan.margin_atas, margin_bawah=pengaturan.margin_bawah,
        margin_kiri=pengaturan.margin_kiri, margin_kanan=pengaturan.margin_kanan,
        ukuran_font=pengaturan.ukuran_font, spasi=pengaturan.spasi, lampiran_mendatar=pengaturan.lampiran_mendatar,
    )  # fmt: skip
    return SkData(
        kop=_kop(pengaturan, inst),
        judul_pejabat=judul_pejabat,
        nomor=nomor or row.nomor or "",
        tentang=tentang,
        pejabat_pembuka=f"{judul_pejabat},",
        menimbang=tuple(f(t, "menimbang") for t in teks["menimbang"]),
        mengingat=tuple(f(t, "mengingat") for t in teks["mengingat"]),
        memperhatikan=tuple(memperhatikan),
        diktum_satu=f(teks["diktum_banyak"], "diktum_banyak"),
        diktum_satu_pembuka=f(teks["diktum_satu_pembuka"], "diktum_satu_pembuka"),
        diktum_satu_penutup=f(teks["diktum_satu_penutup"], "diktum_satu_penutup"),
        diktum_lanjutan=_diktum_lanjutan(s, row, teks, values),
        pegawai=pegawai,
        tempat=row.tempat_penetapan or inst.ibu_kota or "…",
        tanggal=tanggal or row.tanggal_penetapan,
        penandatangan=_ttd(signer, inst),
        tembusan_judul=teks["tembusan_judul"],
        tembusan=tuple(f(t, "tembusan") for t in teks["tembusan"]),
        paraf=tuple(pengaturan.paraf) if pengaturan.tampilkan_paraf else (),
        gaya_ordinal=pengaturan.gaya_ordinal,
        halaman=halaman,
        draf=row.status == DRAF and not nomor,
        pengesah_petikan=_ttd(pengesah_row, inst) if pengesah_row else None,
        penutup_petikan=f(teks["penutup_petikan"], "penutup_petikan"),
    )



IMAGE_KEY = "dokumen.gambar."  # + sha256: base64 of an emblem/logo used by a set SK


def freeze_image(s: Session, kop: Kop, by: Actor) -> Kop:
    """Keep the kop image of a set SK in the database by its hash (see ``Kop.gambar_sha256``)."""
    if not kop.gambar_path or not Path(kop.gambar_path).is_file():
        return replace(kop, gambar_path=None)
    raw = Path(kop.gambar_path).read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    if get_setting(s, IMAGE_KEY + sha) is None:
        set_setting(s, IMAGE_KEY + sha, base64.b64encode(raw).decode("ascii"), by=by.username)
    return replace(kop, gambar_path=None, gambar_sha256=sha)


def image_file(s: Session, sha: str) -> str | None:
    """A local file holding the stored image ``sha`` (written once into a cache folder)."""
    target = Path(tempfile.gettempdir()) / "mutasi-gambar" / f"{sha}.img"
    if not target.is_file():
        encoded = get_setting(s, IMAGE_KEY + sha)
        if not isinstance(encoded, str):
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(base64.b64decode(encoded))
        tmp.replace(target)
    return str(target)
