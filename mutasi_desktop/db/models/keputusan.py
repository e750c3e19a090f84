"""Surat keputusan (SK) and decree numbering."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mutasi_desktop.db.base import Base, IdMixin, TrackedMixin


class SuratKeputusan(TrackedMixin, Base):
    """A decree. Once DITETAPKAN its ``konten`` is frozen and ``konten_sha256`` proves it."""

    __tablename__ = "surat_keputusan"

    nomor: Mapped[str | None] = mapped_column(String(120), unique=True)  # assigned when ditetapkan
    jenis: Mapped[str] = mapped_column(String(20), default="MUTASI")  # MUTASI / KOREKSI / PEMBATALAN
    status: Mapped[str] = mapped_column(String(16), default="DRAF", index=True)  # DRAF/DITETAPKAN/DIBATALKAN
    tentang: Mapped[str] = mapped_column(Text, default="")
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("usul_batch.id"))
    penandatangan_id: Mapped[int | None] = mapped_column(ForeignKey("penandatangan.id"))
    nomor_template_id: Mapped[int | None] = mapped_column(ForeignKey("nomor_template.id"))
    tanggal_penetapan: Mapped[date | None] = mapped_column(Date, index=True)
    tempat_penetapan: Mapped[str] = mapped_column(String(120), default="")
    tmt: Mapped[date | None] = mapped_column(Date)
    konten: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # frozen document data
    konten_sha256: Mapped[str | None] = mapped_column(String(64))
    kode_verifikasi: Mapped[str | None] = mapped_column(String(32), unique=True)
    menggantikan_id: Mapped[int | None] = mapped_column(ForeignKey("surat_keputusan.id"))
    ditetapkan_oleh: Mapped[str | None] = mapped_column(String(64))
    ditetapkan_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(64))


class NomorTemplate(TrackedMixin, Base):
    """Numbering pattern with tokens {kode} {urut} {unit} {bulan_romawi} {tahun}."""

    __tablename__ = "nomor_template"

    nama: Mapped[str] = mapped_column(String(120), unique=True)
    pola: Mapped[str] = mapped_column(String(200))
    kode_klasifikasi: Mapped[str] = mapped_column(String(40), default="800.1.3.3")
    kode_unit: Mapped[str] = mapped_column(String(40), default="BKPSDM")
    lebar_urut: Mapped[int] = mapped_column(Integer, default=0)  # zero-pad width, 0 = none


class NomorCounter(IdMixin, Base):
    """Per-template, per-year counter; incremented under a row lock, never reused."""

    __tablename__ = "nomor_counter"
    __table_args__ = (UniqueConstraint("template_id", "tahun", name="uq_nomor_counter_template_tahun"),)

    template_id: Mapped[int] = mapped_column(ForeignKey("nomor_template.id"))
    tahun: Mapped[int] = mapped_column(Integer)
    terakhir: Mapped[int] = mapped_column(Integer, default=0)


class SkPetikan(IdMixin, Base):
    """Per-pegawai extract of an SK, with its own verification code."""

    __tablename__ = "sk_petikan"

    sk_id: Mapped[int] = mapped_column(ForeignKey("surat_keputusan.id", ondelete="CASCADE"), index=True)
    usul_id: Mapped[int] = mapped_column(ForeignKey("usul_mutasi.id"))
    kode_verifikasi: Mapped[str] = mapped_column(String(32), unique=True)
    konten_sha256: Mapped[str] = mapped_column(String(64))
    keterangan: Mapped[str] = mapped_column(Text, default="")
