"""Masa kerja (length of service) in whole years and months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mutasi_desktop.domain.dates import format_tanggal, months_between
from mutasi_desktop.domain.errors import DomainError, TanggalError


@dataclass(frozen=True, order=True)
class MasaKerja:
    """``tahun`` years and ``bulan`` (0-11) months; ordered by length."""

    tahun: int
    bulan: int

    def __post_init__(self) -> None:
        if self.tahun < 0 or not 0 <= self.bulan <= 11:
            raise DomainError(
                f"Masa kerja {self.tahun} tahun {self.bulan} bulan tidak valid; "
                "tahun tidak boleh negatif dan bulan harus 0 sampai 11"
            )

    @classmethod
    def dari_bulan(cls, total_bulan: int) -> MasaKerja:
        """``MasaKerja.dari_bulan(147)`` -> 12 tahun 3 bulan."""
        if total_bulan < 0:
            raise DomainError(f"Masa kerja tidak boleh negatif ({total_bulan} bulan)")
        return cls(*divmod(total_bulan, 12))

    @property
    def total_bulan(self) -> int:
        return self.tahun * 12 + self.bulan

    def __str__(self) -> str:
        return f"{self.tahun} tahun {self.bulan} bulan"


def hitung_masa_kerja(
    mulai: date, pada: date, *, tambahan_tahun: int = 0, tambahan_bulan: int = 0
) -> MasaKerja:
    """Whole years and months from ``mulai`` (e.g. TMT CPNS) to ``pada``.

    ``tambahan_tahun``/``tambahan_bulan`` add recognised earlier service (masa kerja sebelum
    CPNS) or, when negative, subtract a correction; the total may not become negative.
    """
    if pada < mulai:
        raise TanggalError(
            f"Tanggal perhitungan ({format_tanggal(pada)}) tidak boleh sebelum "
            f"tanggal mulai masa kerja ({format_tanggal(mulai)})"
        )
    total = months_between(mulai, pada) + tambahan_tahun * 12 + tambahan_bulan
    return MasaKerja.dari_bulan(total)
