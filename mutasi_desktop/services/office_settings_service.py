"""The office's document settings: kop, images, paper, fonts, signers, numbering, texts.

Stored as JSON documents in ``setting`` (keys below) plus the ``penandatangan`` and
``nomor_template`` tables. Defaults live here and in ``domain.document_texts``; anything the office
never changed follows the shipped default.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Instansi, NomorTemplate, Penandatangan
from mutasi_desktop.domain.document_texts import (
    DEFAULT_TEXTS,
    ORDINAL_KESATU,
    ORDINAL_PERTAMA,
    fill_template,
    merged_texts,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.nip import normalize_nip
from mutasi_desktop.domain.numbering import (
    DEFAULT_KODE,
    DEFAULT_POLA,
    DEFAULT_UNIT,
    NomorParts,
    contoh_nomor,
    validate_pola,
)
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.verification_code import new_secret
from mutasi_desktop.services.concurrency import changed_by_other
from mutasi_desktop.services.dto.validasi import FieldErrors
from mutasi_desktop.services.settings_service import get_setting, get_settings_dict, set_setting

KEY_DOKUMEN = "dokumen.kantor"
KEY_TEKS = "dokumen.teks"
KEY_RAHASIA = "dokumen.rahasia_verifikasi"

CARA_TTD = {
    "KEPALA_DAERAH": "Kepala daerah (nama saja)",
    "AN": "a.n. (atas nama)",
    "PLT": "Plt. (pelaksana tugas)",
    "PLH": "Plh. (pelaksana harian)",
    "UB": "u.b. (untuk beliau)",
}


@dataclass(frozen=True)
class PengaturanDokumen:
    kop_jenis: str = "JABATAN"  # JABATAN (kepala daerah) or DINAS (BKPSDM in its own name)
    kop_dinas_baris: tuple[str, ...] = ()  # empty: PEMERINTAH <DAERAH> / <NAMA BKPSDM>
    kop_alamat: tuple[str, ...] = ()  # empty: from the instansi's address, phone, e-mail
    lambang_path: str = ""  # Garuda emblem image for the kop jabatan; empty: marked placeholder
    logo_path: str = ""  # logo daerah for the kop dinas; empty: marked placeholder
    kertas: str = "F4"
    margin_atas: float = 25.0
    margin_bawah: float = 25.0
    margin_kiri: float = 30.0
    margin_kanan: float = 25.0
    ukuran_font: float = 12.0
    spasi: float = 1.0
    lampiran_mendatar: bool = True
    gaya_ordinal: str = ORDINAL_KESATU
    jenis_asn: str = "Pegawai Negeri Sipil"
    penandatangan_id: int | None = None
    pengesah_petikan_id: int | None = None
    nomor_template_id: int | None = None
    paraf: tuple[str, ...] = ()
    tampilkan_paraf: bool = False


_DEFAULTS = PengaturanDokumen()


@dataclass(frozen=True)
class PenandatanganInfo:
    id: int | None
    nama: str
    jabatan: str
    cara_tanda_tangan: str = "KEPALA_DAERAH"
    atas_nama: str = ""
    nip: str = ""
    pangkat: str = ""
    aktif: bool = True
    version: int | None = None

    @property
    def label(self) -> str:
        return f"{self.nama} — {CARA_TTD.get(self.cara_tanda_tangan, self.cara_tanda_tangan)} {self.jabatan}"


@dataclass(frozen=True)
class NomorTemplateInfo:
    id: int | None
    nama: str
    pola: str = DEFAULT_POLA
    kode_klasifikasi: str = DEFAULT_KODE
    kode_unit: str = DEFAULT_UNIT
    lebar_urut: int = 0
    version: int | None = None

    def contoh(self, tanggal: date | None = None) -> str:
        return contoh_nomor(self.pola, NomorParts(self.kode_klasifikasi, self.kode_unit, self.lebar_urut),
                            tanggal=tanggal or date.today())


@dataclass(frozen=True)
class InstansiInfo:
    nama_daerah: str = "Kabupaten Contoh"
    jenis: str = "KABUPATEN"
    provinsi: str = ""
    ibu_kota: str = ""
    alamat: str = ""
    telepon: str = ""
    email: str = ""
    laman: str = ""
    nama_bkpsdm: str = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    kepala_daerah_jabatan: str = "BUPATI"
    kepala_daerah_nama: str = ""
    nama_kanreg: str = "Kantor Regional Badan Kepegawaian Negara"
    logo_path: str = ""
    lambang_path: str = ""

    @property
    def nama_wilayah(self) -> str:
        """``Sukamaju`` from ``Kabupaten Sukamaju`` (for BUPATI SUKAMAJU)."""
        words = self.nama_daerah.split()
        if words and words[0].lower() in ("kabupaten", "kota", "provinsi"):
            words = words[1:]
        return " ".join(words)

    @property
    def kepala_daerah(self) -> str:
        return f"{self.kepala_daerah_jabatan} {self.nama_wilayah}".upper()


# ------------------------------------------------------------------ reading (inside a session)


def instansi_info(session: Session) -> InstansiInfo:
    row = session.scalar(select(Instansi).order_by(Instansi.id).limit(1))
    if row is None:
        return InstansiInfo()
    return InstansiInfo(
        nama_daerah=row.nama_daerah, jenis=row.jenis, provinsi=row.provinsi, ibu_kota=row.ibu_kota,
        alamat=row.alamat, telepon=row.telepon, email=row.email, laman=row.laman,
        nama_bkpsdm=row.nama_bkpsdm or InstansiInfo.nama_bkpsdm, kepala_daerah_jabatan=row.kepala_daerah_jabatan,
        kepala_daerah_nama=row.kepala_daerah_nama, nama_kanreg=row.nama_kanreg or InstansiInfo.nama_kanreg,
        logo_path=row.logo_path or "", lambang_path=row.lambang_path or "",
    )  # fmt: skip


def pengaturan_in(session: Session) -> PengaturanDokumen:
    raw = get_settings_dict(session, KEY_DOKUMEN, asdict(_DEFAULTS))
    values: dict[str, Any] = {}
    for f in fields(PengaturanDokumen):
        value = raw.get(f.name, getattr(_DEFAULTS, f.name))
        if isinstance(getattr(_DEFAULTS, f.name), tuple):
            value = tuple(value or ())
        values[f.name] = value
    return PengaturanDokumen(**values)


def teks_in(session: Session) -> dict[str, Any]:
    return merged_texts(get_setting(session, KEY_TEKS, {}))


def secret_in(session: Session) -> str:
    """The office's verification secret, created on first use (inside the caller's write session)."""
    secret = get_setting(session, KEY_RAHASIA)
    if not isinstance(secret, str) or not secret:
        secret = new_secret()
        set_setting(session, KEY_RAHASIA, secret, by="sistem")
        session.flush()
    return secret


def penandatangan_info(row: Penandatangan) -> PenandatanganInfo:
    return PenandatanganInfo(
        id=row.id, nama=row.nama, jabatan=row.jabatan, cara_tanda_tangan=row.cara_tanda_tangan,
        atas_nama=row.atas_nama, nip=row.nip or "", pangkat=row.pangkat, aktif=row.aktif, version=row.version,
    )  # fmt: skip


def template_info(row: NomorTemplate) -> NomorTemplateInfo:
    return NomorTemplateInfo(id=row.id, nama=row.nama, pola=row.pola, kode_klasifikasi=row.kode_klasifikasi,
                             kode_unit=row.kode_unit, lebar_urut=row.lebar_urut, version=row.version)


def default_template(session: Session, pengaturan: PengaturanDokumen) -> NomorTemplate:
    """The template the office chose, else the first one, else a new default template."""
    if pengaturan.nomor_template_id:
        row = session.get(NomorTemplate, pengaturan.nomor_template_id)
        if row is not None:
            return row
    row = session.scalar(select(NomorTemplate).order_by(NomorTemplate.id).limit(1))
    if row is None:
        row = NomorTemplate(nama="SK Mutasi", pola=DEFAULT_POLA, kode_klasifikasi=DEFAULT_KODE, kode_unit=DEFAULT_UNIT)
        session.add(row)
        session.flush()
    return row


# ------------------------------------------------------------------ use cases


def get_pengaturan_dokumen(db: Database, *, by: Actor) -> PengaturanDokumen:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        return pengaturan_in(s)


def _check_range(value: float, low: float, high: float, label: str, field: str) -> None:
    if not low <= value <= high:
        raise DomainError(f"{label} {value:g} di luar batas {low:g} sampai {high:g}", field=field)


def validate_pengaturan(p: PengaturanDokumen) -> None:
    if p.kop_jenis not in ("JABATAN", "DINAS"):
        raise DomainError("Jenis kop harus JABATAN atau DINAS", field="kop_jenis")
    if p.kertas not in ("F4", "A4"):
        raise DomainError("Ukuran kertas harus F4 atau A4", field="kertas")
    for name, label in (("margin_atas", "Margin atas"), ("margin_bawah", "Margin bawah"),
                        ("margin_kiri", "Margin kiri"), ("margin_kanan", "Margin kanan")):
        _check_range(float(getattr(p, name)), 5, 60, f"{label} (mm)", name)
    _check_range(p.ukuran_font, 8, 16, "Ukuran huruf", "ukuran_font")
    _check_range(p.spasi, 1.0, 2.0, "Spasi baris", "spasi")
    if p.gaya_ordinal not in (ORDINAL_KESATU, ORDINAL_PERTAMA):
        raise DomainError("Gaya diktum harus KESATU atau PERTAMA", field="gaya_ordinal")
    for name, label in (("lambang_path", "Berkas lambang"), ("logo_path", "Berkas logo")):
        path = getattr(p, name)
        if path and not Path(path).is_file():
            raise DomainError(f"{label} '{path}' tidak ditemukan", field=name)
        if path and Path(path).suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise DomainError(f"{label} harus berupa gambar PNG atau JPEG", field=name)


def simpan_pengaturan_dokumen(db: Database, pengaturan: PengaturanDokumen, *, by: Actor) -> PengaturanDokumen:
    require(by, Izin.KELOLA_PENGATURAN)
    validate_pengaturan(pengaturan)
    with db.session(actor=by, write=True) as s:
        for label, ref, model in (("Penandatangan", pengaturan.penandatangan_id, Penandatangan),
                                  ("Pengesah petikan", pengaturan.pengesah_petikan_id, Penandatangan),
                                  ("Pola nomor", pengaturan.nomor_template_id, NomorTemplate)):
            if ref is not None and s.get(model, ref) is None:
                raise DomainError(f"{label} dengan id {ref} tidak ditemukan")
        set_setting(s, KEY_DOKUMEN, asdict(pengaturan), by=by.username)
    return pengaturan


def sample_values() -> dict[str, str]:
    """Values that fill every placeholder, for checking an edited text before it is saved."""
    from mutasi_desktop.domain.document_texts import PLACEHOLDERS

    extra = ("pertek_nomor", "pertek_tanggal", "pejabat_sk", "nomor_sk", "tanggal_sk", "tmt_spmt", "nomor_lama",
             "tanggal_lama")
    return {name: f"<{name}>" for name in (*PLACEHOLDERS, *extra)}


def get_teks_dokumen(db: Database, *, by: Actor) -> dict[str, Any]:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        return teks_in(s)


def simpan_teks_dokumen(db: Database, teks: dict[str, Any], *, by: Actor) -> dict[str, Any]:
    """Store the texts that differ from the defaults, after checking every placeholder."""
    require(by, Izin.KELOLA_PENGATURAN)
    values = sample_values()
    stored: dict[str, Any] = {}
    for key, value in teks.items():
        if key not in DEFAULT_TEXTS:
            raise DomainError(f"Teks '{key}' tidak dikenal", field=key)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not isinstance(item, str):
                raise DomainError(f"Teks '{key}' harus berupa teks", field=key)
            fill_template(item, values, nama_teks=key)
        if isinstance(DEFAULT_TEXTS[key], list) and not isinstance(value, list):
            raise DomainError(f"Teks '{key}' harus berupa daftar butir", field=key)
        if value != DEFAULT_TEXTS[key]:
            stored[key] = value
    with db.session(actor=by, write=True) as s:
        set_setting(s, KEY_TEKS, stored, by=by.username)
        return teks_in(s)


def daftar_penandatangan(db: Database, *, by: Actor, aktif_saja: bool = False) -> list[PenandatanganInfo]:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        q = select(Penandatangan).order_by(Penandatangan.id)
        if aktif_saja:
            q = q.where(Penandatangan.aktif.is_(True))
        return [penandatangan_info(r) for r in s.scalars(q)]


def simpan_penandatangan(db: Database, info: PenandatanganInfo, *, by: Actor) -> PenandatanganInfo:
    """Create or update a signer (Plt./Plh. are signers too, with their own row)."""
    require(by, Izin.KELOLA_PENGATURAN)
    if not info.nama.strip():
        raise DomainError("Nama penandatangan wajib diisi", field="nama")
    if not info.jabatan.strip():
        raise DomainError("Jabatan penandatangan wajib diisi", field="jabatan")
    if info.cara_tanda_tangan not in CARA_TTD:
        raise DomainError(f"Cara tanda tangan '{info.cara_tanda_tangan}' tidak dikenal", field="cara_tanda_tangan")
    if info.cara_tanda_tangan in ("AN", "UB") and not info.atas_nama.strip():
        raise DomainError("Isi 'atas nama' (misalnya BUPATI SUKAMAJU) untuk tanda tangan a.n./u.b.", field="atas_nama")
    nip = normalize_nip(info.nip) if info.nip.strip() else None
    if info.cara_tanda_tangan != "KEPALA_DAERAH" and not nip:
        raise DomainError("NIP wajib diisi untuk penandatangan selain kepala daerah", field="nip")
    with db.session(actor=by, write=True) as s:
        row = s.get(Penandatangan, info.id) if info.id else None
        if info.id and row is None:
            raise DomainError(f"Penandatangan dengan id {info.id} tidak ditemukan")
        if row is None:
            row = Penandatangan(nama="", jabatan="")
            s.add(row)
        elif info.version is not None and row.version != info.version:
            raise DomainError("Data penandatangan telah diubah pengguna lain; muat ulang lalu ulangi")
        row.nama = info.nama.strip()
        row.jabatan = info.jabatan.strip().upper()
        row.cara_tanda_tangan = info.cara_tanda_tangan
        row.atas_nama = info.atas_nama.strip().upper()
        row.nip = nip
        row.pangkat = info.pangkat.strip()
        row.aktif = info.aktif
        row.updated_by = by.username
        s.flush()
        return penandatangan_info(row)


def daftar_nomor_template(db: Database, *, by: Actor) -> list[NomorTemplateInfo]:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        return [template_info(r) for r in s.scalars(select(NomorTemplate).order_by(NomorTemplate.id))]


def simpan_nomor_template(db: Database, info: NomorTemplateInfo, *, by: Actor) -> NomorTemplateInfo:
    require(by, Izin.KELOLA_PENGATURAN)
    if not info.nama.strip():
        raise DomainError("Nama pola nomor wajib diisi", field="nama")
    validate_pola(info.pola)
    info.contoh()  # checks the parts too
    with db.session(actor=by, write=True) as s:
        row = s.get(NomorTemplate, info.id) if info.id else None
        if row is None:
            row = NomorTemplate(nama=info.nama.strip(), pola=info.pola.strip())
            s.add(row)
        row.nama = info.nama.strip()
        row.pola = info.pola.strip()
        row.kode_klasifikasi = info.kode_klasifikasi.strip()
        row.kode_unit = info.kode_unit.strip()
        row.lebar_urut = info.lebar_urut
        s.flush()
        return template_info(row)


def with_paths_resolved(p: PengaturanDokumen, inst: InstansiInfo) -> PengaturanDokumen:
    """Fall back to the instansi's image paths when the document settings leave them empty."""
    return replace(p, lambang_path=p.lambang_path or inst.lambang_path, logo_path=p.logo_path or inst.logo_path)


# ------------------------------------------------------------------ the instansi profile

STATUS_KEPALA_DAERAH = {
    "DEFINITIF": "Definitif",
    "PJ": "Penjabat (Pj.)",
    "PLT": "Pelaksana tugas (Plt.)",
    "PLH": "Pelaksana harian (Plh.)",
}
_JENIS_DAERAH = {"KABUPATEN": "BUPATI", "KOTA": "WALI KOTA", "PROVINSI": "GUBERNUR"}


@dataclass(frozen=True)
class ProfilInstansi:
    """The office's daerah as edited in Pengaturan › Profil instansi (the setup wizard asks only
    the first fields). The kepala daerah's status and pelantikan date drive the rule that a Pj./Plt.
    or a newly installed kepala daerah needs the Minister of Home Affairs' approval for mutasi."""

    nama_daerah: str = ""
    jenis: str = "KABUPATEN"
    provinsi: str = ""
    ibu_kota: str = ""
    kode: str = ""
    nama_bkpsdm: str = ""
    alamat: str = ""
    kode_pos: str = ""
    telepon: str = ""
    email: str = ""
    laman: str = ""
    kepala_daerah_nama: str = ""
    kepala_daerah_status: str = "DEFINITIF"
    kepala_daerah_tmt_pelantikan: date | None = None
    version: int | None = None


_PROFIL_TEXT = ("nama_daerah", "provinsi", "ibu_kota", "kode", "nama_bkpsdm", "alamat", "kode_pos", "telepon",
                "email", "laman", "kepala_daerah_nama")


def profil_instansi(db: Database, *, by: Actor) -> ProfilInstansi:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        row = s.scalar(select(Instansi).order_by(Instansi.id).limit(1))
        if row is None:
            return ProfilInstansi()
        return ProfilInstansi(
            **{name: getattr(row, name) or "" for name in _PROFIL_TEXT}, jenis=row.jenis,
            kepala_daerah_status=row.kepala_daerah_status or "DEFINITIF",
            kepala_daerah_tmt_pelantikan=row.kepala_daerah_tmt_pelantikan, version=row.version,
        )


def simpan_profil_instansi(db: Database, profil: ProfilInstansi, *, by: Actor) -> ProfilInstansi:
    """Save the profile; a form loaded before another user's save is refused (``version``)."""
    require(by, Izin.KELOLA_PENGATURAN)
    clean = {name: " ".join(str(getattr(profil, name) or "").split()) for name in _PROFIL_TEXT}
    clean["alamat"] = str(profil.alamat or "").strip()
    errors = FieldErrors()
    if not clean["nama_daerah"]:
        errors.add("nama_daerah", "Nama daerah wajib diisi (misalnya 'Kabupaten Sukamaju').")
    if profil.jenis not in _JENIS_DAERAH:
        errors.add("jenis", "Jenis daerah harus Kabupaten, Kota atau Provinsi.")
    if profil.kepala_daerah_status not in STATUS_KEPALA_DAERAH:
        errors.add("kepala_daerah_status", "Pilih status kepala daerah: Definitif, Pj., Plt. atau Plh.")
    if clean["email"] and ("@" not in clean["email"] or " " in clean["email"]):
        errors.add("email", f"Alamat pos-el '{clean['email']}' tidak sah.")
    tmt = profil.kepala_daerah_tmt_pelantikan
    if tmt is not None and not isinstance(tmt, date):
        errors.add("kepala_daerah_tmt_pelantikan", f"Tanggal '{tmt}' tidak dikenali; tulis seperti 20-02-2025.")
    errors.raise_if_any()
    with db.session(actor=by, write=True) as s:
        row = s.scalar(select(Instansi).order_by(Instansi.id).limit(1))
        if row is None:
            row = Instansi(nama_daerah=clean["nama_daerah"], jenis=profil.jenis)
            s.add(row)
        elif profil.version is not None and row.version != profil.version:
            raise changed_by_other(db, Instansi, row.id)
        for name, value in clean.items():
            setattr(row, name, value)
        row.jenis = profil.jenis
        row.kepala_daerah_jabatan = _JENIS_DAERAH[profil.jenis]
        row.kepala_daerah_status = profil.kepala_daerah_status
        row.kepala_daerah_tmt_pelantikan = tmt
    return profil_instansi(db, by=by)
