"""Small code lists (agama, status, kedudukan, jenis unit, hukuman disiplin) from ``kode.json``.

They are data so an office can correct a label or add a code without a new release.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.resource_files import json_object, json_rows, json_str, load_reference_json

_SOURCE = "kode.json"
LISTS = ("agama", "status_kepegawaian", "kedudukan", "jenis_unit", "tingkat_hukuman_disiplin",
         "status_hukuman_disiplin")


@dataclass(frozen=True)
class Kode:
    kode: str
    nama: str


@cache
def code_list(name: str) -> tuple[Kode, ...]:
    """All codes of one list, in file order."""
    data = json_object(load_reference_json(_SOURCE), _SOURCE)
    rows = json_rows(data, _SOURCE, name)
    return tuple(Kode(json_str(r, "kode", _SOURCE), json_str(r, "nama", _SOURCE)) for r in rows)


def label(name: str, kode: str | int | None) -> str:
    """The Indonesian label of a code, or the code itself when unknown (never raises)."""
    if kode is None:
        return ""
    for item in code_list(name):
        if item.kode == str(kode):
            return item.nama
    return str(kode)


def require_code(name: str, kode: str | int, *, field: str | None = None) -> str:
    """The code when it is in the list, else a DomainError naming the list."""
    value = str(kode).strip().upper() if name != "agama" else str(kode).strip()
    if any(item.kode == value for item in code_list(name)):
        return value
    allowed = ", ".join(item.kode for item in code_list(name))
    raise DomainError(f"Kode '{kode}' tidak dikenal untuk {name.replace('_', ' ')}; pilihan: {allowed}.",
                      field=field)
