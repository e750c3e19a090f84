"""Pegawai (employee) and the history tables that describe a career."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mutasi_desktop.db.base import Base, TrackedMixin
from mutasi_desktop.db.models.organisasi import Jabatan, UnitKerja
from mutasi_desktop.domain.search_text import nama_sort_key, pegawai_search_text


class Pegawai(TrackedMixin, Base):
    """An ASN (PNS, CPNS or PPPK). ``nip`` holds the NIP or the NI PPPK (18 digits, no spaces).

    The current jabatan/unit are kept for fast lists; they are recomputed from ``riwayat_jabatan``
    whenever a mutasi is applied or reversed.
    """

    __tablename__ = "pegawai"

    nip: Mapped[str] = mapped_column(String(18), unique=True)
    nip_lama: Mapped[str | None] = mapped_column(String(9))
    pns_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # SIASN PNS ID
    nik: Mapped[str | None] = mapped_column(String(16))
    nama: Mapped[str] = mapped_column(String(200))
    gelar_depan: Mapped[str] = mapped_column(String(60), default="")
    gelar_belakang: Mapped[str] = mapped_column(String(80), default="")
    tempat_lahir: Mapped[str] = mapped_column(String(120), default="")
    tanggal_lahir: Mapped[date] = mapped_column(Date)
    jenis_kelamin: Mapped[str] = mapped_column(String(1))  # L / P
    agama_id: Mapped[int | None] = mapped_column(Integer)
    status_kawin: Mapped[str] = mapped_column(String(20), default="")
    status_kepegawaian: Mapped[str] = mapped_column(String(8), index=True)  # CPNS / PNS / PPPK
    kedudukan: Mapped[str] = mapped_column(String(20), default="AKTIF", index=True)
    golongan_id: Mapped[int | None] = mapped_column(Integer, index=True)
    tmt_golongan: Mapped[date | None] = mapped_column(Date)
    jabatan_id: Mapped[int | None] = mapped_column(ForeignKey("jabatan.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kerja.id"), index=True)
    tmt_jabatan: Mapped[date | None] = mapped_column(Date)
    pendidikan_tingkat: Mapped[str | None] = mapped_column(String(4))
    pendidikan_jurusan: Mapped[str] = mapped_column(String(200), default="")
    pendidikan_tahun_lulus: Mapped[int | None] = mapped_column(Integer)
    tmt_cpns: Mapped[date | None] = mapped_column(Date)
    tmt_pns: Mapped[date | None] = mapped_column(Date)
    mk_tambahan_tahun: Mapped[int] = mapped_column(Integer, default=0)
    mk_tambahan_bulan: Mapped[int] = mapped_column(Integer, default=0)
    tanggal_pensiun: Mapped[date | None] = mapped_column(Date, index=True)  # derived from BUP
    telepon: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    alamat: Mapped[str] = mapped_column(Text, default="")
    catatan: Mapped[str] = mapped_column(Text, default="")
    # Lower-cased, accent-free "nip nama gelar" kept by the service; indexed by FTS5 / a tsvector GIN index (0004).
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Name for sorting (without gelar), lower-case.
    nama_sort: Mapped[str] = mapped_column(String(200), default="", index=True)

    jabatan: Mapped[Jabatan | None] = relationship()
    unit: Mapped[UnitKerja | None] = relationship()


Index("ix_pegawai_unit_jabatan", Pegawai.unit_id, Pegawai.jabatan_id)


@event.listens_for(Pegawai, "before_insert")
@event.listens_for(Pegawai, "before_update")
def _refresh_search_columns(_mapper: Any, _connection: Any, target: Pegawai) -> None:
    # Bulk Core inserts (demo, import) compute the same values with the same domain functions.
    target.search_text = pegawai_search_text(
        nip=target.nip, nama=target.nama, gelar_depan=target.gelar_depan or "",
        gelar_belakang=target.gelar_belakang or "", nip_lama=target.nip_lama,
    )
    target.nama_sort = nama_sort_key(target.nama)


class RiwayatJabatan(TrackedMixin, Base):
    """One post held by a pegawai. Mistakes are corrected by a reversal row, never by deletion."""

    __tablename__ = "riwayat_jabatan"

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    jabatan_id: Mapped[int | None] = mapped_column(ForeignKey("jabatan.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kerja.id"))
    # Snapshots, so the history reads right after a unit is renamed or a post is outside this daerah.
    jabatan_nama: Mapped[str] = mapped_column(String(250), default="")
    unit_nama: Mapped[str] = mapped_column(String(250), default="")
    instansi_nama: Mapped[str] = mapped_column(String(200), default="")
    jenis_jabatan: Mapped[str | None] = mapped_column(String(30))
    eselon: Mapped[str | None] = mapped_column(String(4))
    tmt_jabatan: Mapped[date] = mapped_column(Date)
    tmt_pelantikan: Mapped[date | None] = mapped_column(Date)
    nomor_sk: Mapped[str] = mapped_column(String(120), default="")
    tanggal_sk: Mapped[date | None] = mapped_column(Date)
    jenis_mutasi: Mapped[str | None] = mapped_column(String(30))
    usul_id: Mapped[int | None] = mapped_column(ForeignKey("usul_mutasi.id"), index=True)
    # A reversal row points at the row it cancels; a cancelled row points back at its reversal.
    membatalkan_id: Mapped[int | None] = mapped_column(ForeignKey("riwayat_jabatan.id"))
    dibatalkan: Mapped[bool] = mapped_column(Boolean, default=False)
    keterangan: Mapped[str] = mapped_column(Text, default="")

    pegawai: Mapped[Pegawai] = relationship()


class RiwayatPangkat(TrackedMixin, Base):
    __tablename__ = "riwayat_pangkat"

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    golongan_id: Mapped[int] = mapped_column(Integer)
    tmt_golongan: Mapped[date] = mapped_column(Date)
    nomor_sk: Mapped[str] = mapped_column(String(120), default="")
    tanggal_sk: Mapped[date | None] = mapped_column(Date)
    jenis_kp: Mapped[str] = mapped_column(String(40), default="")  # reguler, pilihan, pengangkatan CPNS...
    mk_tahun: Mapped[int] = mapped_column(Integer, default=0)
    mk_bulan: Mapped[int] = mapped_column(Integer, default=0)


class RiwayatPendidikan(TrackedMixin, Base):
    __tablename__ = "riwayat_pendidikan"

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    tingkat: Mapped[str] = mapped_column(String(4))
    jurusan: Mapped[str] = mapped_column(String(200), default="")
    nama_sekolah: Mapped[str] = mapped_column(String(200), default="")
    tahun_lulus: Mapped[int | None] = mapped_column(Integer)
    nomor_ijazah: Mapped[str] = mapped_column(String(80), default="")
    terakhir: Mapped[bool] = mapped_column(Boolean, default=False)


class Skp(TrackedMixin, Base):
    """Yearly performance. ``skala`` ANGKA: old 0-100 nilai (PP 46/2011); PREDIKAT: 2022+ predikat."""

    __tablename__ = "skp"
    __table_args__ = (UniqueConstraint("pegawai_id", "tahun", name="uq_skp_pegawai_tahun"),)

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    tahun: Mapped[int] = mapped_column(Integer)
    skala: Mapped[str] = mapped_column(String(10))
    nilai: Mapped[float | None] = mapped_column(Float)
    predikat: Mapped[str] = mapped_column(String(20))  # domain.skp.Predikat
    hasil_kerja: Mapped[str | None] = mapped_column(String(10))  # DI_ATAS / SESUAI / DI_BAWAH
    perilaku_kerja: Mapped[str | None] = mapped_column(String(10))
    penilai_nama: Mapped[str] = mapped_column(String(200), default="")
    penilai_nip: Mapped[str] = mapped_column(String(18), default="")


class HukumanDisiplin(TrackedMixin, Base):
    __tablename__ = "hukuman_disiplin"

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    tingkat: Mapped[str] = mapped_column(String(10))  # RINGAN / SEDANG / BERAT
    jenis: Mapped[str] = mapped_column(String(200))
    nomor_sk: Mapped[str] = mapped_column(String(120), default="")
    tanggal_sk: Mapped[date | None] = mapped_column(Date)
    tmt_mulai: Mapped[date | None] = mapped_column(Date)
    tmt_selesai: Mapped[date | None] = mapped_column(Date)
    # PROSES (being examined), DIJALANI (being served), SELESAI
    status: Mapped[str] = mapped_column(String(10), default="DIJALANI")
    keterangan: Mapped[str] = mapped_column(Text, default="")


class Diklat(TrackedMixin, Base):
    """Training and certified competences (diklat/kompetensi)."""

    __tablename__ = "diklat"

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    jenis: Mapped[str] = mapped_column(String(20))  # STRUKTURAL / FUNGSIONAL / TEKNIS / SERTIFIKASI
    nama: Mapped[str] = mapped_column(String(250))
    penyelenggara: Mapped[str] = mapped_column(String(200), default="")
    tanggal_mulai: Mapped[date | None] = mapped_column(Date)
    tanggal_selesai: Mapped[date | None] = mapped_column(Date)
    jam_pelajaran: Mapped[int | None] = mapped_column(Integer)
    nomor_sertifikat: Mapped[str] = mapped_column(String(120), default="")
    kompetensi: Mapped[str] = mapped_column(Text, default="")  # ";"-separated competence tags


class Aspirasi(TrackedMixin, Base):
    """What a pegawai says about being moved, recorded after a forum or an interview."""

    __tablename__ = "aspirasi"

    pegawai_id: Mapped[int] = mapped_column(ForeignKey("pegawai.id", ondelete="CASCADE"), index=True)
    tanggal: Mapped[date] = mapped_column(Date)
    berlaku_sampai: Mapped[date | None] = mapped_column(Date)
    unit_pilihan_1_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kerja.id"))
    unit_pilihan_2_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kerja.id"))
    unit_pilihan_3_id: Mapped[int | None] = mapped_column(ForeignKey("unit_kerja.id"))
    lokasi_pilihan: Mapped[str] = mapped_column(Text, default="")  # ";"-separated places, in order
    jabatan_pilihan_id: Mapped[int | None] = mapped_column(ForeignKey("jabatan.id"))
    alasan: Mapped[str] = mapped_column(String(30), default="")  # IKUT_PASANGAN, KESEHATAN, ...
    alasan_keterangan: Mapped[str] = mapped_column(Text, default="")
    # BERSEDIA / BERSYARAT / TIDAK_BERSEDIA
    kesediaan: Mapped[str] = mapped_column(String(16), default="BERSEDIA")
    syarat: Mapped[str] = mapped_column(Text, default="")
    sumber: Mapped[str] = mapped_column(String(20), default="WAWANCARA")  # FORUM / WAWANCARA / IMPORT
