"""Instansi profile, signers, unit kerja tree, jabatan catalogue and formasi."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mutasi_desktop.db.base import Base, IdMixin, TrackedMixin, utcnow


class Instansi(TrackedMixin, Base):
    """The office's own daerah (one row). Texts used on decrees and letters."""

    __tablename__ = "instansi"

    kode: Mapped[str] = mapped_column(String(20), default="")
    nama_daerah: Mapped[str] = mapped_column(String(120))  # "Kabupaten Sukamaju"
    jenis: Mapped[str] = mapped_column(String(20))  # KABUPATEN / KOTA / PROVINSI
    provinsi: Mapped[str] = mapped_column(String(120), default="")
    ibu_kota: Mapped[str] = mapped_column(String(120), default="")
    alamat: Mapped[str] = mapped_column(Text, default="")
    telepon: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    laman: Mapped[str] = mapped_column(String(120), default="")
    kode_pos: Mapped[str] = mapped_column(String(10), default="")
    nama_bkpsdm: Mapped[str] = mapped_column(String(200), default="")
    logo_path: Mapped[str | None] = mapped_column(String(500))
    lambang_path: Mapped[str | None] = mapped_column(String(500))
    kepala_daerah_jabatan: Mapped[str] = mapped_column(String(40), default="BUPATI")  # BUPATI/WALI KOTA/GUBERNUR
    kepala_daerah_nama: Mapped[str] = mapped_column(String(200), default="")
    # DEFINITIF, PLT or PJ: a Pj/Plt kepala daerah needs Mendagri approval for mutasi.
    kepala_daerah_status: Mapped[str] = mapped_column(String(12), default="DEFINITIF")
    kepala_daerah_tmt_pelantikan: Mapped[date | None] = mapped_column(Date)
    kode_kanreg: Mapped[str] = mapped_column(String(10), default="")
    nama_kanreg: Mapped[str] = mapped_column(String(200), default="")


class Penandatangan(TrackedMixin, Base):
    """An official who signs decrees: the kepala daerah or a delegated signer (a.n., Plt., Plh., u.b.)."""

    __tablename__ = "penandatangan"

    nama: Mapped[str] = mapped_column(String(200))
    nip: Mapped[str | None] = mapped_column(String(18))
    pangkat: Mapped[str] = mapped_column(String(120), default="")
    jabatan: Mapped[str] = mapped_column(String(200))  # "KEPALA BADAN KEPEGAWAIAN ..."
    # KEPALA_DAERAH (name only), AN, PLT, PLH, UB
    cara_tanda_tangan: Mapped[str] = mapped_column(String(16), default="KEPALA_DAERAH")
    atas_nama: Mapped[str] = mapped_column(String(200), default="")  # "BUPATI SUKAMAJU" for a.n.
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)


class UnitKerja(TrackedMixin, Base):
    """A node of the organisation tree: OPD, bidang/bagian, seksi, UPT, puskesmas, sekolah, kecamatan.

    ``path`` is a materialised path of ids ("/3/17/42/") so "this unit and all its sub-units" is
    one indexed prefix query on both engines.
    """

    __tablename__ = "unit_kerja"

    kode: Mapped[str] = mapped_column(String(40), default="")
    nama: Mapped[str] = mapped_column(String(250))
    singkatan: Mapped[str] = mapped_column(String(40), default="")
    jenis: Mapped[str] = mapped_column(String(20))  # OPD, BIDANG, BAGIAN, SEKSI, SUBBAGIAN, UPT, ...
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kerja.id"), index=True)
    path: Mapped[str] = mapped_column(String(400), default="/", index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)
    lokasi: Mapped[str] = mapped_column(String(200), default="")  # kecamatan/desa or city
    alamat: Mapped[str] = mapped_column(Text, default="")
    siasn_unor_id: Mapped[str | None] = mapped_column(String(64), index=True)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    tanggal_ditutup: Mapped[date | None] = mapped_column(Date)
    urutan: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[UnitKerja | None] = relationship(remote_side="UnitKerja.id", back_populates="children")
    children: Mapped[list[UnitKerja]] = relationship(back_populates="parent")


class Jabatan(TrackedMixin, Base):
    """A position in the catalogue, with the requirements used by the rule checks and ranking."""

    __tablename__ = "jabatan"

    kode: Mapped[str] = mapped_column(String(40), default="")
    nama: Mapped[str] = mapped_column(String(250), index=True)
    jenis: Mapped[str] = mapped_column(String(30))  # domain.jabatan_kinds.JenisJabatan
    jenjang: Mapped[str | None] = mapped_column(String(40))  # Pratama, Ahli Muda, Terampil, ...
    eselon: Mapped[str | None] = mapped_column(String(4))  # 21 = II.a, ...
    kelas_jabatan: Mapped[int | None] = mapped_column(Integer)
    golongan_min_id: Mapped[int | None] = mapped_column(Integer)
    golongan_max_id: Mapped[int | None] = mapped_column(Integer)
    pendidikan_min: Mapped[str | None] = mapped_column(String(4))  # tingkat pendidikan code
    pendidikan_pref: Mapped[str | None] = mapped_column(String(4))
    bidang_pendidikan: Mapped[str] = mapped_column(Text, default="")  # ";"-separated fields of study
    rumpun: Mapped[str] = mapped_column(String(120), default="")
    kompetensi: Mapped[str] = mapped_column(Text, default="")  # ";"-separated competence tags
    bup: Mapped[int | None] = mapped_column(Integer)  # None: derived from jenis/jenjang
    siasn_jabatan_id: Mapped[str | None] = mapped_column(String(64), index=True)
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)


class Formasi(TrackedMixin, Base):
    """Unit × jabatan with the kebutuhan from ABK. Filled counts are derived, never stored."""

    __tablename__ = "formasi"
    __table_args__ = (UniqueConstraint("unit_id", "jabatan_id", name="uq_formasi_unit_jabatan"),)

    unit_id: Mapped[int] = mapped_column(ForeignKey("unit_kerja.id"), index=True)
    jabatan_id: Mapped[int] = mapped_column(ForeignKey("jabatan.id"), index=True)
    kebutuhan: Mapped[int] = mapped_column(Integer, default=0)
    catatan: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[UnitKerja] = relationship()
    jabatan: Mapped[Jabatan] = relationship()


class Setting(IdMixin, Base):
    """Office-wide settings and editable texts (rule thresholds, decree templates, weights)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(120), unique=True)
    value: Mapped[str] = mapped_column(Text)  # JSON document
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(64))


Index("ix_unit_kerja_aktif_path", UnitKerja.aktif, UnitKerja.path)
