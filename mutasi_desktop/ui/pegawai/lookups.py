"""Choice lists for combo boxes (units, jabatan, golongan, tingkat pendidikan)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.golongan import all_golongan
from mutasi_desktop.domain.pendidikan import all_tingkat
from mutasi_desktop.domain.roles import Actor

if TYPE_CHECKING:  # the service is imported when the lists are first loaded (keeps page opening quick)
    from mutasi_desktop.services.organisasi_service import JabatanRow, UnitNode

INDENT = "    "


def tree_order(units: Sequence[UnitNode]) -> list[UnitNode]:
    """Units depth-first (each parent followed by its children), sorted by name within a parent."""
    children: dict[int | None, list[UnitNode]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    for siblings in children.values():
        siblings.sort(key=lambda u: u.nama)
    known = {u.id for u in units}
    out: list[UnitNode] = []

    def walk(parent: int | None) -> None:
        for u in children.get(parent, []):
            out.append(u)
            walk(u.id)

    walk(None)
    for u in units:  # orphans (parent filtered out) at the end
        if u.parent_id is not None and u.parent_id not in known:
            out.append(u)
            walk(u.id)
    return out


@dataclass
class Lookups:
    """Loaded once per screen (cheap: a few hundred rows) and shared by its forms."""

    units: list[UnitNode]
    jabatan: list[JabatanRow]

    @classmethod
    def load(cls, db: Database, actor: Actor) -> Lookups:
        from mutasi_desktop.services.organisasi_service import list_jabatan, list_units

        return cls(units=tree_order(list_units(db, actor)), jabatan=list(list_jabatan(db, actor)))

    def unit_items(self, *, only_open: bool = True) -> list[tuple[Any, str]]:
        return [(u.id, f"{INDENT * u.level}{u.nama}") for u in self.units if u.aktif or not only_open]

    def jabatan_items(self) -> list[tuple[Any, str]]:
        return [(j.id, j.nama) for j in self.jabatan if j.aktif]

    def choices(self, kind: str) -> list[tuple[Any, str]]:
        if kind == "unit":
            return self.unit_items()
        if kind == "jabatan":
            return self.jabatan_items()
        if kind == "golongan":
            return golongan_items()
        if kind == "tingkat":
            return tingkat_items()
        return []


def golongan_items() -> list[tuple[Any, str]]:
    return [(g.id, f"{g.kode} {g.pangkat or ''}".strip() if g.jenis == "PNS" else f"PPPK {g.kode}")
            for g in all_golongan()]


def tingkat_items() -> list[tuple[Any, str]]:
    return [(t.kode, t.nama) for t in all_tingkat()]
