"""Roles, permissions and the acting user. Services check permissions; the UI only hides buttons."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from mutasi_desktop.domain.errors import DomainError


class Peran(StrEnum):
    ADMINISTRATOR = "ADMINISTRATOR"
    OPERATOR = "OPERATOR"
    VERIFIKATOR = "VERIFIKATOR"
    PEJABAT = "PEJABAT"
    PEMBACA = "PEMBACA"

    @property
    def label(self) -> str:
        return _PERAN_LABEL[self]


_PERAN_LABEL = {
    Peran.ADMINISTRATOR: "Administrator",
    Peran.OPERATOR: "Operator",
    Peran.VERIFIKATOR: "Verifikator",
    Peran.PEJABAT: "Pejabat",
    Peran.PEMBACA: "Pembaca",
}


class Izin(StrEnum):
    """One thing a user may do. Each service call requires exactly one of these."""

    LIHAT_DATA = "LIHAT_DATA"
    LIHAT_DATA_PRIBADI = "LIHAT_DATA_PRIBADI"  # unmasked NIK, address, phone in lists and exports
    KELOLA_PEGAWAI = "KELOLA_PEGAWAI"
    KELOLA_ORGANISASI = "KELOLA_ORGANISASI"
    IMPOR = "IMPOR"
    EKSPOR = "EKSPOR"
    KELOLA_USUL = "KELOLA_USUL"  # create drafts, submit, cancel own
    VERIFIKASI_USUL = "VERIFIKASI_USUL"  # checklist, Diverifikasi / BTL / TMS
    SETUJUI_USUL = "SETUJUI_USUL"  # Disetujui / Ditolak
    TETAPKAN_SK = "TETAPKAN_SK"  # number and freeze an SK, record SPMT
    CETAK_SK = "CETAK_SK"
    KELOLA_PENGGUNA = "KELOLA_PENGGUNA"
    KELOLA_PENGATURAN = "KELOLA_PENGATURAN"
    CADANGKAN = "CADANGKAN"
    PULIHKAN = "PULIHKAN"
    LIHAT_AUDIT = "LIHAT_AUDIT"
    PERTUKARAN = "PERTUKARAN"  # export/import exchange packages

    @property
    def label(self) -> str:
        """What the permission allows, as it reads after "tidak berwenang": "mengelola data pegawai"."""
        return _IZIN_LABEL[self]


_IZIN_LABEL = {
    Izin.LIHAT_DATA: "melihat data",
    Izin.LIHAT_DATA_PRIBADI: "melihat data pribadi (NIK, alamat, telepon)",
    Izin.KELOLA_PEGAWAI: "mengelola data pegawai",
    Izin.KELOLA_ORGANISASI: "mengelola organisasi dan formasi",
    Izin.IMPOR: "mengimpor data",
    Izin.EKSPOR: "mengekspor data",
    Izin.KELOLA_USUL: "menyusun usul mutasi",
    Izin.VERIFIKASI_USUL: "memverifikasi usul mutasi",
    Izin.SETUJUI_USUL: "menyetujui atau menolak usul mutasi",
    Izin.TETAPKAN_SK: "menetapkan SK",
    Izin.CETAK_SK: "mencetak SK",
    Izin.KELOLA_PENGGUNA: "mengelola pengguna",
    Izin.KELOLA_PENGATURAN: "mengubah pengaturan",
    Izin.CADANGKAN: "membuat cadangan",
    Izin.PULIHKAN: "memulihkan cadangan",
    Izin.LIHAT_AUDIT: "melihat jejak audit",
    Izin.PERTUKARAN: "bertukar paket data dengan kantor lain",
}


_READ = {Izin.LIHAT_DATA, Izin.EKSPOR}

ROLE_PERMISSIONS: dict[Peran, frozenset[Izin]] = {
    Peran.ADMINISTRATOR: frozenset(
        _READ
        | {
            Izin.LIHAT_DATA_PRIBADI,
            Izin.KELOLA_PENGGUNA,
            Izin.KELOLA_PENGATURAN,
            Izin.KELOLA_ORGANISASI,
            Izin.CADANGKAN,
            Izin.PULIHKAN,
            Izin.LIHAT_AUDIT,
            Izin.PERTUKARAN,
        }
    ),
    Peran.OPERATOR: frozenset(
        _READ
        | {
            Izin.LIHAT_DATA_PRIBADI,
            Izin.KELOLA_PEGAWAI,
            Izin.KELOLA_ORGANISASI,
            Izin.IMPOR,
            Izin.KELOLA_USUL,
            Izin.CETAK_SK,
            Izin.PERTUKARAN,
        }
    ),
    Peran.VERIFIKATOR: frozenset(_READ | {Izin.LIHAT_DATA_PRIBADI, Izin.VERIFIKASI_USUL}),
    Peran.PEJABAT: frozenset(
        _READ | {Izin.LIHAT_DATA_PRIBADI, Izin.SETUJUI_USUL, Izin.TETAPKAN_SK, Izin.CETAK_SK}
    ),
    Peran.PEMBACA: frozenset(_READ),
}


class AksesDitolak(DomainError):
    """The acting user's roles do not allow this call."""


@dataclass(frozen=True)
class Actor:
    """Who is acting. ``batas_opd`` (unit ids) limits an Operator to some OPD; empty = all."""

    username: str
    nama: str
    peran: frozenset[Peran]
    user_id: int | None = None
    batas_opd: frozenset[int] = field(default_factory=frozenset)

    @property
    def izin(self) -> frozenset[Izin]:
        granted: set[Izin] = set()
        for role in self.peran:
            granted |= ROLE_PERMISSIONS[role]
        return frozenset(granted)

    def can(self, izin: Izin) -> bool:
        return izin in self.izin

    def has_role(self, peran: Peran) -> bool:
        return peran in self.peran

    @property
    def peran_label(self) -> str:
        """Roles for display, e.g. "Operator, Verifikator"."""
        return ", ".join(r.label for r in Peran if r in self.peran) or "tanpa peran"

    def may_touch_unit(self, unit_path: str | None) -> bool:
        """True when the unit (materialised path "/3/17/42/") lies inside the actor's OPD limit.

        An empty ``batas_opd`` means every unit. A unit without a path (a pegawai outside the
        tree) is only open to unlimited actors.
        """
        if not self.batas_opd:
            return True
        if not unit_path:
            return False
        return any(f"/{opd_id}/" in unit_path for opd_id in self.batas_opd)


def require(actor: Actor, izin: Izin) -> None:
    """Raise :class:`AksesDitolak` unless ``actor`` holds ``izin``."""
    if not actor.can(izin):
        roles = ", ".join(sorted(r.label for r in actor.peran)) or "tanpa peran"
        raise AksesDitolak(
            f"Akses ditolak: pengguna '{actor.username}' ({roles}) tidak berwenang {izin.label}."
        )


def require_unit(actor: Actor, izin: Izin, unit_path: str | None, *, unit_nama: str = "") -> None:
    """:func:`require` plus the OPD limit: an Operator limited to some OPD may not touch others."""
    require(actor, izin)
    if not actor.may_touch_unit(unit_path):
        where = f" '{unit_nama}'" if unit_nama else ""
        raise AksesDitolak(
            f"Akses ditolak: pengguna '{actor.username}' dibatasi pada OPD tertentu dan tidak berwenang "
            f"atas unit kerja{where}."
        )


def parse_batas_opd(text: str | None) -> frozenset[int]:
    """The stored form of ``pengguna.batas_opd`` (";"-separated unit ids) as a set of ids."""
    if not text:
        return frozenset()
    return frozenset(int(part) for part in text.split(";") if part.strip().isdigit())


def format_batas_opd(ids: frozenset[int] | set[int] | list[int] | tuple[int, ...]) -> str:
    return ";".join(str(i) for i in sorted(set(ids)))


def parse_peran(values: list[str] | tuple[str, ...] | set[str] | frozenset[str]) -> frozenset[Peran]:
    """Role codes (from the database or a form) as :class:`Peran`; unknown codes are refused."""
    roles: set[Peran] = set()
    for value in values:
        try:
            roles.add(Peran(str(value).strip().upper()))
        except ValueError:
            known = ", ".join(p.value for p in Peran)
            raise DomainError(f"Peran '{value}' tidak dikenal. Pilihan: {known}.", field="peran") from None
    return frozenset(roles)


# The command line and the demo builder act as the system with every role: whoever can run the
# CLI on this machine already holds the database file. The audit trail names it "sistem".
SYSTEM = Actor(username="sistem", nama="Sistem (baris perintah)", peran=frozenset(Peran))
