"""Usul mutasi (transfer proposals), their batches, timeline and requirement checklist."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mutasi_desktop.db.base import Base, IdMixin, TrackedMixin, utcnow
from mutasi_desktop.db.models.organisasi import Formasi
from mutasi_desktop.db.models.pegawai import Pegawai


class UsulBatch(TrackedMixin, Base):
    """A group of usul that one SK will cover (possibly a chain: A leaves X, B enters X)."""

    __tablename__ = "usul_batch"

    nomor: Mapped[str] = mapped_column(String(40), unique=True)
    judul: Mapped[str] = mapped_column(String(250))
    tanggal: Mapped[date] = mapped_column(Date)
    catatan: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str | None] = mapped_column(String(64))


class UsulMutasi(TrackedMixin, Base):
    """One proposed transfer of one pegawai. The *from* side is frozen at submission."""

    __tablename__ = "usul_mutasi"

    nomor: Mapped[str] = mapped_column(String(40), unique=True)
    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("usul_batch.id"), index=True)
    jenis_mutasi: Mapped[str] = mapped_column(String(30))  # domain: JenisMutasi
    alasan: Mapped[str] = mapped_column(String(30))  # domain: AlasanMutasi
    alasan_keterangan: Mapped[str] = mapped_column(Text, default="")
    # Frozen "from" side (copied from the pegawai at submission).
    asal_jabatan_id: Mapped[int | None] = mapped_column(ForeignKey("jabatan.id"))
    asal_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kerja.id"))
    asal_jabatan_nama: Mapped[str] = mapped_column(String(250), default="")
    asal_unit_nama: Mapped[str] = mapped_column(String(250), default="")
    asal_golongan_id: Mapped[int | None] = mapped_column(Integer)
    asal_instansi_nama: Mapped[str] = mapped_column(String(200), default="")
    # Target: a formasi of this daerah, or (mutasi keluar) another instansi by name.
    tujuan_formasi_id: Mapped[int | None] = mapped_column(ForeignKey("formasi.id"), index=True)
    tujuan_instansi_nama: Mapped[str] = mapped_column(String(200), default="")
    tujuan_jabatan_nama: Mapped[str] = mapped_column(String(250), default="")
    tujuan_unit_nama: Mapped[str] = mapped_column(String(250), default="")
    tmt_rencana: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24), default="DRAF", index=True)  # domain: StatusUsul
    status_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    catatan: Mapped[str] = mapped_column(Text, default="")
    # Inter-instansi steps (Peraturan BKN 5/2019; SE 3/SE/VIII/2019).
    persetujuan_asal_nomor: Mapped[str] = mapped_column(String(120), default="")
    persetujuan_asal_tanggal: Mapped[date | None] = mapped_column(Date)
    persetujuan_tujuan_nomor: Mapped[str] = mapped_column(String(120), default="")
    persetujuan_tujuan_tanggal: Mapped[date | None] = mapped_column(Date)
    pertek_nomor: Mapped[str] = mapped_column(String(120), default="")
    pertek_tanggal: Mapped[date | None] = mapped_column(Date)
    persetujuan_mendagri_nomor: Mapped[str] = mapped_column(String(120), default="")
    persetujuan_mendagri_tanggal: Mapped[date | None] = mapped_column(Date)
    # Stored results: the rule check (workflow) and the ranking that led to this usul (selection).
    hasil_cek: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    hasil_cek_at: Mapped[datetime | None] = mapped_column(DateTime)
    skor_seleksi: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sk_id: Mapped[int | None] = mapped_column(ForeignKey("surat_keputusan.id"), index=True)
    tmt_pelaksanaan: Mapped[date | None] = mapped_column(Date)  # SPMT date
    created_by: Mapped[str | None] = mapped_column(String(64))

    pegawai: Mapped[Pegawai] = relationship()
    tujuan_formasi: Mapped[Formasi | None] = relationship()
    batch: Mapped[UsulBatch | None] = relationship()


class UsulTransisi(IdMixin, Base):
    """Timeline of an usul: every state change with who, when and why."""

    __tablename__ = "usul_transisi"

    usul_id: Mapped[int] = mapped_column(ForeignKey("usul_mutasi.id", ondelete="CASCADE"), index=True)
    dari_status: Mapped[str | None] = mapped_column(String(24))
    ke_status: Mapped[str] = mapped_column(String(24))
    oleh: Mapped[str] = mapped_column(String(64))
    waktu: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    catatan: Mapped[str] = mapped_column(Text, default="")
    nomor_surat: Mapped[str] = mapped_column(String(120), default="")
    tanggal_surat: Mapped[date | None] = mapped_column(Date)


class UsulPersyaratan(TrackedMixin, Base):
    """One item of the requirement checklist (reference 1.4), with an optional scanned attachment."""

    __tablename__ = "usul_persyaratan"

    usul_id: Mapped[int] = mapped_column(ForeignKey("usul_mutasi.id", ondelete="CASCADE"), index=True)
    kode: Mapped[str] = mapped_column(String(40))
    nama: Mapped[str] = mapped_column(Text)
    wajib: Mapped[bool] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(12), default="BELUM")  # ADA / BELUM / PERBAIKAN
    catatan: Mapped[str] = mapped_column(Text, default="")
    lampiran_sha256: Mapped[str | None] = mapped_column(String(64))
    lampiran_nama: Mapped[str | None] = mapped_column(String(250))
    lampiran_mime: Mapped[str | None] = mapped_column(String(60))
    lampiran_ukuran: Mapped[int | None] = mapped_column(Integer)
    urutan: Mapped[int] = mapped_column(Integer, default=0)
