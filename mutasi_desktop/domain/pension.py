"""Batas usia pensiun (BUP) and the pension date (reference §2.4).

Rules are rows in ``resources/reference/bup.json``: ``{jenis_jabatan, jenjang, usia}`` where a
null jenjang matches any jenjang, plus keyword rows matched against the jabatan name (guru,
dosen) because sector laws override the general table. The pension-date rule is a setting
there too, since the "1st of the next month" formula is itself uncertain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from mutasi_desktop.domain.dates import add_months, add_years
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.jabatan_kinds import JenisJabatan, normalize_jenjang, parse_jenis_jabatan
from mutasi_desktop.resource_files import (
    ResourceError,
    json_int,
    json_object,
    json_opt_str,
    json_rows,
    load_reference_json,
)

_SOURCE = "bup.json"
FIRST_DAY_NEXT_MONTH = "first_day_next_month"  # TMT pensiun = 1st of the month after the birthday
BUP_BIRTHDAY = "bup_birthday"  # TMT pensiun = the BUP birthday itself
PENSIUN_RULES = (FIRST_DAY_NEXT_MONTH, BUP_BIRTHDAY)


@dataclass(frozen=True)
class BupRule:
    jenis_jabatan: JenisJabatan | None  # None: any kind (keyword rules only)
    jenjang: str | None  # None: any jenjang
    usia: int
    keyword: str | None = None  # whole word(s) in the jabatan name, case-insensitive
    dasar: str = ""  # legal basis, shown in explanations

    def matches_name(self, nama_jabatan: str) -> bool:
        if self.keyword is None:
            return False
        return re.search(rf"\b{re.escape(self.keyword)}\b", nama_jabatan, re.IGNORECASE) is not None


@dataclass(frozen=True)
class BupSettings:
    rules: tuple[BupRule, ...]
    pensiun_rule: str


@cache
def bup_settings() -> BupSettings:
    """The BUP table from bup.json (cached)."""
    data = json_object(load_reference_json(_SOURCE), _SOURCE)
    rule = json_opt_str(data, "pensiun_rule", _SOURCE) or FIRST_DAY_NEXT_MONTH
    if rule not in PENSIUN_RULES:
        raise ResourceError(
            f"Berkas referensi {_SOURCE}: pensiun_rule '{rule}' harus salah satu dari {', '.join(PENSIUN_RULES)}"
        )
    rules: list[BupRule] = []
    for row in json_rows(data, _SOURCE, "rules"):
        jenis_text = json_opt_str(row, "jenis_jabatan", _SOURCE)
        keyword = json_opt_str(row, "keyword", _SOURCE)
        try:
            jenis = parse_jenis_jabatan(jenis_text) if jenis_text else None
            jenjang = normalize_jenjang(jenis, json_opt_str(row, "jenjang", _SOURCE)) if jenis else None
        except DomainError as exc:
            raise ResourceError(f"Berkas referensi {_SOURCE}: {exc.message}") from exc
        if jenis is None and not keyword:
            raise ResourceError(f"Berkas referensi {_SOURCE}: baris {row!r} tanpa jenis_jabatan/keyword")
        usia = json_int(row, "usia", _SOURCE)
        dasar = json_opt_str(row, "dasar", _SOURCE) or ""
        rules.append(BupRule(jenis, jenjang, usia, keyword.strip() if keyword else None, dasar))
    return BupSettings(rules=tuple(rules), pensiun_rule=rule)


def find_bup_rule(
    jenis: JenisJabatan | str, jenjang: str | None = None, nama_jabatan: str | None = None
) -> BupRule:
    """The rule that decides the BUP: a keyword rule (longest keyword first) beats the table;
    within the table an exact jenjang beats a row with a null jenjang."""
    kind = parse_jenis_jabatan(jenis)
    level = normalize_jenjang(kind, jenjang)
    rules = bup_settings().rules
    if nama_jabatan:
        keyword_rules = sorted(
            (r for r in rules if r.keyword and r.jenis_jabatan in (None, kind)),
            key=lambda r: -len(r.keyword or ""),
        )
        for rule in keyword_rules:
            if rule.matches_name(nama_jabatan):
                return rule
    table = [r for r in rules if r.keyword is None and r.jenis_jabatan == kind]
    for rule in table:
        if level is not None and rule.jenjang == level:
            return rule
    for rule in table:
        if rule.jenjang is None:
            return rule
    if level is None:
        raise DomainError(
            f"Jenjang jabatan {kind.label} wajib diisi untuk menentukan batas usia pensiun",
            field="jenjang",
        )
    raise DomainError(f"Batas usia pensiun untuk {kind.label} {level} belum diatur", field="jenjang")


def bup_for(jenis: JenisJabatan | str, jenjang: str | None = None, nama_jabatan: str | None = None) -> int:
    """BUP in years, e.g. ``bup_for(JenisJabatan.FUNGSIONAL_KEAHLIAN, "Ahli Madya")`` -> 60."""
    return find_bup_rule(jenis, jenjang, nama_jabatan).usia


def tanggal_capai_bup(tanggal_lahir: date, bup: int) -> date:
    """The birthday on which the employee reaches ``bup`` (29 February -> 28 February)."""
    return add_years(tanggal_lahir, bup)


def tanggal_pensiun(tanggal_lahir: date, bup: int, *, rule: str | None = None) -> date:
    """TMT pensiun: by default the 1st day of the month after the month of the BUP birthday.

    ``rule`` overrides the ``pensiun_rule`` setting of bup.json.
    """
    rule = rule or bup_settings().pensiun_rule
    birthday = tanggal_capai_bup(tanggal_lahir, bup)
    if rule == FIRST_DAY_NEXT_MONTH:
        return add_months(birthday.replace(day=1), 1)
    if rule == BUP_BIRTHDAY:
        return birthday
    raise DomainError(f"Aturan tanggal pensiun '{rule}' tidak dikenal")


def is_near_bup(tanggal_lahir: date, bup: int, *, on: date, months: int) -> bool:
    """True when fewer than ``months`` months remain on ``on`` before the BUP birthday,
    or when it has already been reached."""
    if months < 0:
        raise DomainError(f"Jumlah bulan '{months}' tidak boleh negatif")
    reached = tanggal_capai_bup(tanggal_lahir, bup)
    return reached <= on or reached < add_months(on, months)
