"""Accounts, roles and the hash-chained audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mutasi_desktop.db.base import Base, IdMixin, TrackedMixin, utcnow


class Pengguna(TrackedMixin, Base):
    """A local account. Passwords are Argon2id hashes; roles are rows of ``pengguna_peran``."""

    __tablename__ = "pengguna"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    nama: Mapped[str] = mapped_column(String(200))
    nip: Mapped[str | None] = mapped_column(String(18))
    password_hash: Mapped[str] = mapped_column(String(200))
    aktif: Mapped[bool] = mapped_column(Boolean, default=True)
    harus_ganti_password: Mapped[bool] = mapped_column(Boolean, default=False)
    gagal_login: Mapped[int] = mapped_column(Integer, default=0)
    terkunci_sampai: Mapped[datetime | None] = mapped_column(DateTime)
    login_terakhir: Mapped[datetime | None] = mapped_column(DateTime)
    # Optional: an Operator limited to some OPD (";"-separated unit ids); empty = all.
    batas_opd: Mapped[str] = mapped_column(Text, default="")

    peran: Mapped[list[PenggunaPeran]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class PenggunaPeran(IdMixin, Base):
    __tablename__ = "pengguna_peran"
    __table_args__ = (UniqueConstraint("pengguna_id", "peran", name="uq_pengguna_peran"),)

    pengguna_id: Mapped[int] = mapped_column(ForeignKey("pengguna.id", ondelete="CASCADE"), index=True)
    peran: Mapped[str] = mapped_column(String(20))  # domain.roles.Peran


class AuditLog(IdMixin, Base):
    """Append-only audit trail. ``hash`` = sha256(prev_hash + canonical JSON of the entry)."""

    __tablename__ = "audit_log"

    waktu: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    pengguna: Mapped[str] = mapped_column(String(64), index=True)
    aksi: Mapped[str] = mapped_column(String(30), index=True)  # CREATE/UPDATE/DELETE/TRANSISI/IMPORT/...
    entitas: Mapped[str] = mapped_column(String(60), index=True)
    entitas_id: Mapped[str | None] = mapped_column(String(64))
    ringkasan: Mapped[str] = mapped_column(Text, default="")
    perubahan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class ProfilImpor(TrackedMixin, Base):
    """A saved column mapping for a spreadsheet layout."""

    __tablename__ = "profil_impor"

    nama: Mapped[str] = mapped_column(String(120), unique=True)
    jenis: Mapped[str] = mapped_column(String(30))  # PEGAWAI / SKP / RIWAYAT_JABATAN / ABK / ASPIRASI
    pemetaan: Mapped[dict[str, Any]] = mapped_column(JSON)
    keterangan: Mapped[str] = mapped_column(Text, default="")


class KantorMitra(TrackedMixin, Base):
    """A partner office for exchange packages (trusted by its Ed25519 public key)."""

    __tablename__ = "kantor_mitra"

    kode: Mapped[str] = mapped_column(String(40), unique=True)
    nama: Mapped[str] = mapped_column(String(200))
    kunci_publik: Mapped[str] = mapped_column(Text)  # base64 raw Ed25519 public key
    dipercaya: Mapped[bool] = mapped_column(Boolean, default=True)
    paket_terakhir_diterima: Mapped[int] = mapped_column(Integer, default=0)  # replay protection
    paket_terakhir_dikirim: Mapped[int] = mapped_column(Integer, default=0)
    dikirim_sampai: Mapped[datetime | None] = mapped_column(DateTime)


class PaketPertukaran(IdMixin, Base):
    """Every exchange package sent or received, for idempotence and the audit of exchanges."""

    __tablename__ = "paket_pertukaran"

    paket_id: Mapped[str] = mapped_column(String(64), unique=True)
    arah: Mapped[str] = mapped_column(String(6))  # KIRIM / TERIMA
    kantor_kode: Mapped[str] = mapped_column(String(40))
    urutan: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    waktu: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ringkasan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    catatan: Mapped[str] = mapped_column(Text, default="")
