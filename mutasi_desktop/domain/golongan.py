"""Pangkat / golongan ruang of PNS (I/a-IV/e) and golongan of PPPK (I-XVII).

The table, with the SAPK/SIASN ids (11-45 for PNS, 101-117 chosen here for PPPK), lives in
``resources/reference/golongan.json``; the starting golongan per education level lives in
``pendidikan.json``. ``parse_golongan`` reads the many ways golongan are written in SIASN
exports, SK texts and hand-made spreadsheets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Literal

from mutasi_desktop.domain.errors import GolonganError
from mutasi_desktop.domain.pendidikan import tingkat_by_kode
from mutasi_desktop.resource_files import (
    ResourceError,
    json_int,
    json_opt_str,
    json_rows,
    json_str,
    load_reference_json,
)

_SOURCE = "golongan.json"
_FIELD = "golongan"

JenisGolongan = Literal["PNS", "PPPK"]


@dataclass(frozen=True)
class Golongan:
    id: int  # SAPK/SIASN id: 32 = III/b; PPPK 101-117
    kode: str  # "III/b", or a Roman numeral for PPPK: "IX"
    pangkat: str | None  # "Penata Muda Tingkat I"; None for PPPK
    jenis: JenisGolongan
    rank: int  # ordering within ``jenis``


_PNS_KODE = r"(IV|III|II|I)\s*[/.\-]?\s*([A-E])"
_PNS_KODE_RE = re.compile(_PNS_KODE)
_KODE_AT_END = re.compile(rf"(?:^|[\s/,\-–])\s*({_PNS_KODE})\s*$")
_KODE_AT_START = re.compile(rf"^({_PNS_KODE})(?:\s*[/,\-–]\s*|\s+)(.+)$")
_PARENS_AT_END = re.compile(r"\(([^()]*)\)\s*$")
_PREFIX = re.compile(r"^(?:GOLONGAN\s+RUANG|GOLONGAN|GOL\b\.?|PPPK\b|RUANG\b)\s*")
_TINGKAT_I = re.compile(r"\b(?:TINGKAT|TKT|TK)\b\s*\.?\s*(?:I|1)$")


@cache
def all_golongan() -> tuple[Golongan, ...]:
    """Every golongan: PNS first (I/a ... IV/e), then PPPK (I ... XVII)."""
    rows = json_rows(load_reference_json(_SOURCE), _SOURCE)
    table: list[Golongan] = []
    for row in rows:
        jenis = json_str(row, "jenis", _SOURCE)
        if jenis not in ("PNS", "PPPK"):
            raise ResourceError(f"Berkas referensi {_SOURCE}: jenis '{jenis}' harus PNS atau PPPK")
        golongan = Golongan(
            id=json_int(row, "id", _SOURCE),
            kode=json_str(row, "kode", _SOURCE),
            pangkat=json_opt_str(row, "pangkat", _SOURCE),
            jenis="PNS" if jenis == "PNS" else "PPPK",
            rank=json_int(row, "rank", _SOURCE),
        )
        if any(g.id == golongan.id or (g.jenis, g.kode) == (jenis, golongan.kode) for g in table):
            raise ResourceError(f"Berkas referensi {_SOURCE}: golongan {golongan.kode} muncul dua kali")
        table.append(golongan)
    return tuple(sorted(table, key=lambda g: (g.jenis != "PNS", g.rank)))


@cache
def _by_pangkat() -> dict[str, Golongan]:
    return {_norm_pangkat(g.pangkat): g for g in all_golongan() if g.pangkat}


def golongan_by_id(id: int) -> Golongan:
    """Golongan by SAPK/SIASN id (``32`` -> III/b); raises GolonganError."""
    for golongan in all_golongan():
        if golongan.id == id:
            return golongan
    raise GolonganError(f"Golongan '{id}' tidak dikenal", field=_FIELD)


def golongan_by_kode(kode: str, jenis: JenisGolongan | None = None) -> Golongan:
    """Golongan by its canonical kode (``"III/b"``, ``"IX"``), case-insensitive.

    A Roman numeral alone is a PPPK golongan; PNS kodes always carry a letter.
    """
    wanted = kode.strip().upper()
    for golongan in all_golongan():
        if golongan.kode.upper() == wanted and jenis in (None, golongan.jenis):
            return golongan
    raise GolonganError(f"Golongan '{kode}' tidak dikenal", field=_FIELD)


def parse_golongan(value: object) -> Golongan:
    """Golongan from any common written form.

    Accepts ``III/b``, ``III.b``, ``IIIb``, ``III-b``, ``iii/b``, SIASN ids (``32``, ``"32"``),
    pangkat names (``Penata Muda Tingkat I``, ``Penata Muda Tk. I``), both together
    (``Penata Muda Tingkat I (III/b)``, ``Penata Muda Tingkat I / III.b``) and PPPK forms
    (``IX``, ``PPPK IX``, ``Golongan IX``). When a pangkat and a kode are both given they
    must agree.
    """
    if isinstance(value, Golongan):
        return value
    if isinstance(value, float | Decimal) and math.isfinite(value) and value == int(value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return golongan_by_id(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise GolonganError("Golongan wajib diisi", field=_FIELD)
    if not isinstance(value, str):
        raise GolonganError(f"Golongan '{value}' tidak dikenal", field=_FIELD)
    original = value.strip()
    text = " ".join(original.upper().split())
    if text.isdigit():
        return golongan_by_id(int(text))
    pppk_label = "PPPK" in text.split()
    while (stripped := _PREFIX.sub("", text)) != text:
        text = stripped
    if text.isdigit():  # "PPPK 9"; a bare "Golongan 3" is ambiguous (PNS III?) and refused
        found = _pppk_by_rank(int(text)) if pppk_label else None
    else:
        found = _parse_text(text, original)
    if found is None:
        raise GolonganError(f"Golongan '{original}' tidak dikenal", field=_FIELD)
    return found


def _parse_text(text: str, original: str) -> Golongan | None:
    if m := _PNS_KODE_RE.fullmatch(text):
        return _pns_by_kode(m[1], m[2])
    pppk = _pppk_by_kode(text)
    if pppk is not None:
        return pppk
    by_pangkat = _by_pangkat()
    if _norm_pangkat(text) in by_pangkat:
        return by_pangkat[_norm_pangkat(text)]
    first, second = _split(text)
    if first is None:
        return None
    if not second:
        return _parse_text(first, original)
    a, b = _parse_text(first, original), _parse_text(second, original)
    if a is None or b is None:
        return None
    if a != b:
        pangkat, kode = (b, a) if _norm_pangkat(second) in by_pangkat else (a, b)
        raise GolonganError(
            f"Pangkat dan golongan pada '{original}' tidak sesuai: "
            f"{format_pangkat_golongan(pangkat)}, bukan {kode.kode}",
            field=_FIELD,
        )
    return a


def _split(text: str) -> tuple[str | None, str]:
    """The two halves of "PANGKAT (KODE)", "PANGKAT / KODE" or "KODE - PANGKAT"."""
    if m := _PARENS_AT_END.search(text):
        return m[1].strip(), text[: m.start()].strip(" /,-–")
    if m := _KODE_AT_END.search(text):
        return m[1], text[: m.start(1)].strip(" /,-–")
    if m := _KODE_AT_START.match(text):
        return m[1], m[4].strip(" /,-–")
    return None, text


def _norm_pangkat(text: str) -> str:
    text = " ".join(text.upper().replace(".", ". ").split())
    text = _TINGKAT_I.sub("TINGKAT I", text)
    return " ".join(text.replace(".", " ").split())


def _pns_by_kode(roman: str, letter: str) -> Golongan | None:
    try:
        return golongan_by_kode(f"{roman}/{letter.lower()}", "PNS")
    except GolonganError:
        return None


def _pppk_by_kode(text: str) -> Golongan | None:
    try:
        return golongan_by_kode(text, "PPPK")
    except GolonganError:
        return None


def _pppk_by_rank(rank: int) -> Golongan | None:
    return next((g for g in all_golongan() if g.jenis == "PPPK" and g.rank == rank), None)


def compare_golongan(a: Golongan, b: Golongan) -> int:
    """-1, 0 or 1 by rank. PNS and PPPK golongan are different scales: GolonganError."""
    if a.jenis != b.jenis:
        raise GolonganError(
            f"Golongan {a.jenis} ({a.kode}) tidak dapat dibandingkan dengan golongan {b.jenis} ({b.kode})",
            field=_FIELD,
        )
    return (a.rank > b.rank) - (a.rank < b.rank)


def format_pangkat_golongan(golongan: Golongan) -> str:
    """``Penata Muda Tingkat I (III/b)``; a PPPK golongan is just its numeral (``IX``)."""
    if golongan.pangkat:
        return f"{golongan.pangkat} ({golongan.kode})"
    return golongan.kode


def golongan_awal_pns(tingkat_pendidikan_kode: str | int) -> Golongan:
    """Starting CPNS golongan for an education level (``"40"`` -> III/a); from pendidikan.json."""
    tingkat = tingkat_by_kode(tingkat_pendidikan_kode)
    if not tingkat.golongan_awal_pns:
        raise GolonganError(
            f"Golongan awal PNS untuk pendidikan {tingkat.nama} belum diatur pada tabel referensi",
            field=_FIELD,
        )
    return golongan_by_kode(tingkat.golongan_awal_pns, "PNS")


def golongan_awal_pppk(tingkat_pendidikan_kode: str | int) -> Golongan:
    """Starting PPPK golongan for an education level (``"40"`` -> IX); from pendidikan.json."""
    tingkat = tingkat_by_kode(tingkat_pendidikan_kode)
    if not tingkat.golongan_awal_pppk:
        raise GolonganError(
            f"Golongan awal PPPK untuk pendidikan {tingkat.nama} belum diatur pada tabel referensi",
            field=_FIELD,
        )
    return golongan_by_kode(tingkat.golongan_awal_pppk, "PPPK")
