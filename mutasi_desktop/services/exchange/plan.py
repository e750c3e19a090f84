"""What an import works on: the opened package and the three-way classification of its records."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mutasi_desktop.db.models import KantorMitra
from mutasi_desktop.services.exchange.package_format import PaketTerbaca
from mutasi_desktop.services.exchange.records import Entitas, RefMaps


class AksiRekam(StrEnum):
    BARU = "BARU"
    UBAH = "UBAH"
    SAMA = "SAMA"
    LOKAL = "LOKAL"
    KONFLIK = "KONFLIK"

    @property
    def label(self) -> str:
        return {
            "BARU": "Baru", "UBAH": "Diperbarui", "SAMA": "Sudah sama", "LOKAL": "Data kita lebih baru",
            "KONFLIK": "Konflik",
        }[self.value]


class Pilihan(StrEnum):
    KITA = "KITA"  # keep mine
    MEREKA = "MEREKA"  # take theirs


@dataclass
class OpenedPackage:
    paket: PaketTerbaca
    data: dict[str, Any]
    files: dict[str, bytes]
    mitra: KantorMitra
    sudah_diimpor: bool
    peringatan: list[str]


@dataclass
class Classified:
    entitas: Entitas
    record: dict[str, Any]
    aksi: AksiRekam
    local_id: int | None
    local_data: dict[str, Any] | None
    incoming_hash: str
    local_meta: tuple[str | None, str | None] = (None, None)


@dataclass
class Plan:
    items: list[Classified] = field(default_factory=list)
    refs: RefMaps | None = None
