"""Plain tables a report is printed from (PDF) or exported from (xlsx)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class KolomLaporan:
    """``jenis``: text, nip, date, int, number. ``lebar``: share of the page width (0 = equal share)."""

    judul: str
    jenis: str = "text"
    lebar: float = 0.0


@dataclass(frozen=True)
class TabelLaporan:
    judul: str
    kolom: tuple[KolomLaporan, ...]
    baris: tuple[tuple[object, ...], ...]
    total: tuple[object, ...] | None = None  # a bold last row
    catatan: str = ""


@dataclass(frozen=True)
class Laporan:
    judul: str
    subjudul: str = ""
    instansi: str = ""
    tabel: tuple[TabelLaporan, ...] = ()
    dicetak: datetime = field(default_factory=datetime.now)
    mendatar: bool = True  # landscape pages
