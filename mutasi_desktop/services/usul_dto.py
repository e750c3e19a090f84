"""Plain results of the usul mutasi use cases (never ORM objects; screens hold these)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from mutasi_desktop.domain.eligibility import RuleResult, summarize
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi, JenisMutasi
from mutasi_desktop.domain.usul_states import StatusUsul


def _label(enum: type[JenisMutasi] | type[AlasanMutasi] | type[StatusUsul], code: str) -> str:
    try:
        return enum(code).label
    except ValueError:
        return code


class _UsulLabels:
    """Indonesian labels of the codes an usul carries (shared by the list row and the detail)."""

    jenis_mutasi: str
    alasan: str
    status: str

    @property
    def jenis_label(self) -> str:
        return _label(JenisMutasi, self.jenis_mutasi)

    @property
    def alasan_label(self) -> str:
        return _label(AlasanMutasi, self.alasan)

    @property
    def status_label(self) -> str:
        return _label(StatusUsul, self.status)


@dataclass(frozen=True)
class UsulRingkas(_UsulLabels):
    """One row of the usul list."""

    id: int
    nomor: str
    pegawai_id: int
    nip: str
    nama: str
    jenis_mutasi: str
    alasan: str
    status: str
    asal_unit_nama: str
    asal_jabatan_nama: str
    tujuan_unit_nama: str
    tujuan_jabatan_nama: str
    tujuan_instansi_nama: str
    tmt_rencana: date | None
    batch_id: int | None
    batch_nomor: str
    hasil_cek: str | None  # LULUS / TIDAK_LULUS / PERINGATAN of the last check, None when never checked
    status_at: datetime
    created_at: datetime
    opd_asal_id: int | None = None
    opd_tujuan_id: int | None = None

    @property
    def tujuan_text(self) -> str:
        if self.tujuan_jabatan_nama or self.tujuan_unit_nama:
            parts = [self.tujuan_jabatan_nama, self.tujuan_unit_nama]
            if self.tujuan_instansi_nama:
                parts.append(self.tujuan_instansi_nama)
            return " — ".join(p for p in parts if p)
        return self.tujuan_instansi_nama


@dataclass(frozen=True)
class TransisiInfo:
    id: int
    dari_status: str | None
    ke_status: str
    oleh: str
    waktu: datetime
    catatan: str
    nomor_surat: str
    tanggal_surat: date | None

    @property
    def waktu_lokal_text(self) -> str:
        """The stored UTC time on this machine's clock: ``28-11-2026 13.05``."""
        return f"{self.waktu.replace(tzinfo=UTC).astimezone():%d-%m-%Y %H.%M}"

    @property
    def judul(self) -> str:
        if self.dari_status is None:
            return "Usul dibuat"
        if self.dari_status == self.ke_status:
            return self.catatan.split(":")[0] if self.catatan else "Catatan"
        return _label(StatusUsul, self.ke_status)


@dataclass(frozen=True)
class PersyaratanInfo:
    id: int
    kode: str
    nama: str
    wajib: bool
    status: str  # ADA / BELUM / PERBAIKAN
    catatan: str
    lampiran_sha256: str | None
    lampiran_nama: str | None
    lampiran_mime: str | None
    lampiran_ukuran: int | None
    urutan: int
    version: int


@dataclass(frozen=True)
class HasilCek:
    """The stored result of a rule check."""

    waktu: datetime | None
    tahap: str  # MANUAL / AJUKAN / SETUJUI
    hasil: tuple[RuleResult, ...]

    @property
    def ringkasan(self) -> str:
        return summarize(self.hasil)


@dataclass(frozen=True)
class UsulDetail(_UsulLabels):
    id: int
    nomor: str
    version: int
    pegawai_id: int
    nip: str
    nama: str
    status_kepegawaian: str
    jenis_mutasi: str
    alasan: str
    alasan_keterangan: str
    status: str
    status_at: datetime
    asal_unit_id: int | None
    asal_jabatan_id: int | None
    asal_unit_nama: str
    asal_jabatan_nama: str
    asal_golongan_id: int | None
    asal_instansi_nama: str
    tujuan_formasi_id: int | None
    tujuan_unit_nama: str
    tujuan_jabatan_nama: str
    tujuan_instansi_nama: str
    tmt_rencana: date | None
    catatan: str
    batch_id: int | None
    batch_nomor: str
    sk_id: int | None
    tmt_pelaksanaan: date | None
    persetujuan_asal_nomor: str
    persetujuan_asal_tanggal: date | None
    persetujuan_tujuan_nomor: str
    persetujuan_tujuan_tanggal: date | None
    pertek_nomor: str
    pertek_tanggal: date | None
    persetujuan_mendagri_nomor: str
    persetujuan_mendagri_tanggal: date | None
    created_by: str | None
    created_at: datetime
    hasil_cek: HasilCek | None
    persyaratan: tuple[PersyaratanInfo, ...] = field(default_factory=tuple)
    transisi: tuple[TransisiInfo, ...] = field(default_factory=tuple)

    @property
    def antar_instansi(self) -> bool:
        try:
            return JenisMutasi(self.jenis_mutasi).antar_instansi
        except ValueError:
            return False


@dataclass(frozen=True)
class BatchInfo:
    id: int
    nomor: str
    judul: str
    tanggal: date
    catatan: str
    jumlah_usul: int
    status_counts: dict[str, int]
    created_by: str | None


@dataclass(frozen=True)
class UsulFilter:
    """What the usul list and ``mutasi usul list`` filter on."""

    status: tuple[str, ...] = ()
    jenis: tuple[str, ...] = ()
    opd_id: int | None = None  # asal or tujuan inside this OPD
    dari: date | None = None  # created on/after
    sampai: date | None = None  # created on/before
    batch_id: int | None = None
    pegawai_id: int | None = None
    teks: str = ""  # nomor, NIP or nama
