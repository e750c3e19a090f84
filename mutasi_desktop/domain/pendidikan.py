"""Tingkat pendidikan (BKN education-level codes 05-50, reference §2.6).

The table lives in ``resources/reference/pendidikan.json`` (codes, names, aliases, ordering
rank and starting golongan) so that a BKD can correct it without a new release. Codes 42, 47
and 49 are marked ``uncertain`` there.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from mutasi_desktop.domain.errors import PendidikanError
from mutasi_desktop.resource_files import (
    ResourceError,
    json_bool,
    json_int,
    json_opt_str,
    json_rows,
    json_str,
    json_str_list,
    load_reference_json,
)

_SOURCE = "pendidikan.json"


@dataclass(frozen=True)
class TingkatPendidikan:
    """One education level. ``rank`` orders levels; equivalent levels (SMA/SMK) share a rank."""

    kode: str  # BKN code, two digits: "40"
    nama: str  # "S-1/Sarjana"
    singkat: str  # "S1"
    rank: int
    golongan_awal_pns: str | None  # kode of the starting PNS golongan, e.g. "III/a"
    golongan_awal_pppk: str | None  # kode of the starting PPPK golongan, e.g. "IX"
    kelompok: str = ""  # report group, e.g. "S-1/D-IV"
    uncertain: bool = False


def _key(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


@cache
def _table() -> tuple[tuple[TingkatPendidikan, ...], dict[str, TingkatPendidikan]]:
    rows = json_rows(load_reference_json(_SOURCE), _SOURCE)
    levels: list[TingkatPendidikan] = []
    by_name: dict[str, TingkatPendidikan] = {}
    for row in rows:
        tingkat = TingkatPendidikan(
            kode=_pad(json_str(row, "kode", _SOURCE)),
            nama=json_str(row, "nama", _SOURCE),
            singkat=json_str(row, "singkat", _SOURCE),
            rank=json_int(row, "rank", _SOURCE),
            golongan_awal_pns=json_opt_str(row, "golongan_awal_pns", _SOURCE),
            golongan_awal_pppk=json_opt_str(row, "golongan_awal_pppk", _SOURCE),
            kelompok=json_opt_str(row, "kelompok", _SOURCE) or "",
            uncertain=json_bool(row, "uncertain", _SOURCE),
        )
        if any(level.kode == tingkat.kode for level in levels):
            raise ResourceError(f"Berkas referensi {_SOURCE}: kode {tingkat.kode} muncul dua kali")
        levels.append(tingkat)
        names = (tingkat.nama, tingkat.singkat, *json_str_list(row, "alias", _SOURCE))
        for name in names:
            key = _key(name)
            other = by_name.setdefault(key, tingkat)
            if key and other is not tingkat:
                raise ResourceError(
                    f"Berkas referensi {_SOURCE}: nama '{name}' dipakai oleh kode {other.kode} "
                    f"dan {tingkat.kode}"
                )
    return tuple(levels), by_name


def _pad(kode: str) -> str:
    kode = kode.strip()
    return kode.zfill(2) if kode.isdigit() else kode


def all_tingkat() -> tuple[TingkatPendidikan, ...]:
    """Every level, in file order (ascending codes)."""
    return _table()[0]


def tingkat_by_kode(kode: str | int) -> TingkatPendidikan:
    """Level by BKN code (``"40"``, ``40``, ``"5"`` = ``"05"``); raises PendidikanError."""
    wanted = _pad(str(kode)) if not isinstance(kode, bool) else ""
    for tingkat in all_tingkat():
        if tingkat.kode == wanted:
            return tingkat
    raise PendidikanError(f"Kode tingkat pendidikan '{kode}' tidak dikenal", field="pendidikan")


def parse_tingkat(value: object) -> TingkatPendidikan:
    """Level from a code or a name as written in imports and forms.

    Accepts ``'40'``/``40``, names and aliases (``S1``, ``S-1``, ``Sarjana``, ``D-III``,
    ``Diploma III``, ``SMA``, ``SMK``, ``Magister``, ``Doktor`` ...), case and punctuation
    insensitive. A trailing field of study is ignored (``S1 Teknik Sipil``).
    """
    if isinstance(value, TingkatPendidikan):
        return value
    if isinstance(value, float | Decimal) and math.isfinite(value) and value == int(value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return tingkat_by_kode(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PendidikanError("Tingkat pendidikan wajib diisi", field="pendidikan")
    if not isinstance(value, str):
        raise PendidikanError(f"Tingkat pendidikan '{value}' tidak dikenal", field="pendidikan")
    text = value.strip()
    if text.isdigit():
        return tingkat_by_kode(text)
    by_name = _table()[1]
    words = text.split()
    # Longest prefix of words first, so "Sarjana Muda Teknik" is D-III rather than S-1.
    for end in range(len(words), 0, -1):
        found = by_name.get(_key(" ".join(words[:end])))
        if found is not None:
            return found
    raise PendidikanError(f"Tingkat pendidikan '{text}' tidak dikenal", field="pendidikan")


def compare_tingkat(a: TingkatPendidikan, b: TingkatPendidikan) -> int:
    """-1, 0 or 1 by level (S-1 and D-IV compare equal, as do SMA and SMK)."""
    return (a.rank > b.rank) - (a.rank < b.rank)


def is_at_least(tingkat: TingkatPendidikan, minimum: TingkatPendidikan) -> bool:
    """True when ``tingkat`` meets a minimum education requirement."""
    return compare_tingkat(tingkat, minimum) >= 0
