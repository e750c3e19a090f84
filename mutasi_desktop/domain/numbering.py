"""Decree numbers built from a template (reference §4.6, Permendagri 83/2022).

A template is a string with the tokens ``{kode}`` (kode klasifikasi arsip, e.g. ``800.1.3.3``),
``{urut}`` (the per-year sequence), ``{unit}`` (kode unit pengolah, e.g. ``BKPSDM``),
``{bulan_romawi}`` (I-XII) and ``{tahun}``. ``{urut}`` is mandatory: without it two decrees
would share a number. The counter lives in the database (``nomor_counter``, ``services/sk_numbering``); this module
only checks templates and formats numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from mutasi_desktop.domain.dates import bulan_romawi
from mutasi_desktop.domain.errors import DomainError

TOKENS: tuple[str, ...] = ("kode", "urut", "unit", "bulan_romawi", "tahun")
DEFAULT_POLA = "{kode}/Kep.{urut}/{unit}/{tahun}"
DEFAULT_KODE = "800.1.3.3"
DEFAULT_UNIT = "BKPSDM"

_TOKEN_RE = re.compile(r"\{([^{}]*)\}")
_MAX_LEBAR = 8


class NomorError(DomainError):
    """A numbering template or its parts are invalid."""


@dataclass(frozen=True)
class NomorParts:
    kode: str
    unit: str
    lebar_urut: int = 0  # zero-pad width of {urut}; 0 = as is


def validate_pola(pola: str) -> None:
    """Raise :class:`NomorError` (Indonesian) unless ``pola`` is a usable template."""
    text = pola.strip()
    if not text:
        raise NomorError("Pola nomor kosong; contoh: {kode}/Kep.{urut}/{unit}/{tahun}", field="pola")
    if text.count("{") != text.count("}"):
        raise NomorError(f"Pola nomor '{pola}' memiliki kurung kurawal yang tidak berpasangan", field="pola")
    found = _TOKEN_RE.findall(text)
    unknown = [t for t in found if t not in TOKENS]
    if unknown:
        allowed = ", ".join("{" + t + "}" for t in TOKENS)
        raise NomorError(
            f"Pola nomor memuat penanda tidak dikenal: {', '.join('{' + u + '}' for u in unknown)}; "
            f"yang boleh: {allowed}",
            field="pola",
        )
    if found.count("urut") != 1:
        raise NomorError("Pola nomor harus memuat {urut} tepat satu kali agar setiap SK bernomor unik", field="pola")


def format_nomor(pola: str, parts: NomorParts, *, urut: int, tanggal: date) -> str:
    """The decree number for sequence ``urut`` set on ``tanggal``.

    >>> format_nomor(DEFAULT_POLA, NomorParts("800.1.3.3", "BKPSDM"), urut=12, tanggal=date(2025, 1, 7))
    '800.1.3.3/Kep.12/BKPSDM/2025'
    """
    validate_pola(pola)
    if urut < 1:
        raise NomorError(f"Nomor urut {urut} tidak valid; harus 1 atau lebih", field="urut")
    if not 0 <= parts.lebar_urut <= _MAX_LEBAR:
        raise NomorError(f"Lebar nomor urut {parts.lebar_urut} tidak valid; 0 sampai {_MAX_LEBAR}", field="lebar_urut")
    values = {
        "kode": parts.kode.strip(),
        "urut": str(urut).zfill(parts.lebar_urut) if parts.lebar_urut else str(urut),
        "unit": parts.unit.strip(),
        "bulan_romawi": bulan_romawi(tanggal.month),
        "tahun": f"{tanggal.year:04d}",
    }
    return _TOKEN_RE.sub(lambda m: values[m.group(1)], pola.strip())


def contoh_nomor(pola: str, parts: NomorParts, *, tanggal: date) -> str:
    """A preview of the number the next decree would get (sequence 1), for the settings form."""
    return format_nomor(pola, parts, urut=1, tanggal=tanggal)
