"""NIP (18-digit civil-servant number) and NI PPPK: cleaning, validation and explanation.

Layout (Perka BKN 22/2007, reference §3): digits 1-8 birth date ``YYYYMMDD``; 9-14 year and
month of TMT CPNS; 15 sex (1 male, 2 female); 16-18 sequence number. An NI PPPK has the same
length but digits 13-14 hold a code rather than a month, so a "month" above 12 probably marks
an NI PPPK. Mismatches with the employee record are warnings only: BKN corrects NIPs through
a formal process and the clerk must be able to keep working meanwhile.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from mutasi_desktop.domain.dates import format_bulan_tahun, format_tanggal, usia
from mutasi_desktop.domain.errors import NipError

FIELD = "nip"
MIN_USIA_PENGANGKATAN = 15  # below this the appointment year is an error, not a warning
USIA_DEWASA = 18

_EXCEL_HINT = (
    "tersimpan sebagai angka di Excel sehingga digit terakhir hilang; "
    "ketik ulang NIP sebagai teks (format sel Teks atau awali dengan tanda petik ')"
)
_LABEL_PREFIX = re.compile(r"^(?:NIP|NI\s*PPPK|NIPPPK)(?![A-Za-z])\s*[.:]?\s*", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")
_SEPARATORS = re.compile(r"[\s.\-\u2013\u2014\u200b\ufeff]+")
_APOSTROPHES = "'`\u2018\u2019"


@dataclass(frozen=True)
class NipInfo:
    """What an 18-digit NIP / NI PPPK says about its holder."""

    nip: str
    tanggal_lahir: date
    tahun_pengangkatan: int
    bulan_pengangkatan: int | None
    tmt_cpns: date | None  # 1st of the month; None when the number looks like an NI PPPK
    jenis_kelamin: Literal["L", "P"]
    nomor_urut: int
    kemungkinan_pppk: bool
    warnings: tuple[str, ...] = ()

    @property
    def formatted(self) -> str:
        """``19600318 198603 1 012``."""
        return format_nip(self.nip)

    @property
    def jenis_kelamin_label(self) -> str:
        return "Laki-laki" if self.jenis_kelamin == "L" else "Perempuan"


def normalize_nip(raw: str | int | float | None) -> str:
    """Strip a leading apostrophe, a ``NIP.`` label, spaces, dots and dashes.

    Raises NipError when the value went through a floating-point number (an Excel cell formatted
    as a number keeps only 15 significant digits, so the last digits of a NIP are lost).
    Does not check the length or the digits; ``parse_nip`` does.
    """
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raise NipError(f"NIP '{raw}' tidak valid", field=FIELD, part="karakter")
    if isinstance(raw, float):
        if math.isnan(raw):
            return ""
        if not raw.is_integer() or abs(raw) >= 1e15:
            raise NipError(f"NIP {raw!r} {_EXCEL_HINT}", field=FIELD, part="karakter")
        raw = int(raw)
    if isinstance(raw, int):
        text = str(raw)
        if len(text) == 18 and text.endswith("000"):
            raise NipError(f"NIP {text} {_EXCEL_HINT}", field=FIELD, part="karakter")
        return text
    if not isinstance(raw, str):
        raise NipError(f"NIP bertipe {type(raw).__name__} tidak dikenali", field=FIELD, part="karakter")
    text = raw.strip().lstrip(_APOSTROPHES).strip()
    if text.isdigit() and text.isascii():
        return text  # plain digits (nearly every cell of an export): nothing else to strip
    text = _LABEL_PREFIX.sub("", text)
    if _SCIENTIFIC.fullmatch(text):
        raise NipError(f"NIP '{text}' {_EXCEL_HINT}", field=FIELD, part="karakter")
    return _SEPARATORS.sub("", text)


def _digits(raw: str | int | float | None) -> str:
    text = normalize_nip(raw)
    if not text:
        raise NipError("NIP wajib diisi", field=FIELD, part="panjang")
    plain = text.isdigit() and text.isascii()
    bad = None if plain else next((ch for ch in text if ch not in "0123456789"), None)
    if bad is not None:
        raise NipError(
            f"NIP hanya boleh berisi angka; ditemukan karakter '{bad}'", field=FIELD, part="karakter"
        )
    if len(text) != 18:
        hint = " (NIP lama 9 digit harus diganti NIP baru 18 digit)" if len(text) == 9 else ""
        raise NipError(
            f"NIP harus 18 digit angka, ditemukan {len(text)} digit{hint}", field=FIELD, part="panjang"
        )
    return text


def parse_nip(raw: str | int | float | None, *, today: date | None = None) -> NipInfo:
    """Validate an 18-digit NIP / NI PPPK and decode it (rules of reference §3).

    Raises NipError (``part`` names the wrong part) for hard errors; soft findings such as an
    appointment before age 18 go to ``NipInfo.warnings``.
    """
    return decode_nip(_digits(raw), today=today)


def decode_nip(nip: str, *, today: date | None = None) -> NipInfo:
    """:func:`parse_nip` of a value already known to be 18 ASCII digits."""
    today = today or date.today()
    try:
        lahir = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        lahir = None
    if lahir is None or lahir.year < 1900 or lahir > today:
        raise NipError(
            f"Bagian tanggal lahir (digit 1-8) '{nip[0:8]}' bukan tanggal lahir yang valid",
            field=FIELD,
            part="tanggal_lahir",
        )

    tahun, bulan = int(nip[8:12]), int(nip[12:14])
    if bulan == 0:
        raise NipError(
            f"Bulan TMT CPNS (digit 13-14) '{nip[12:14]}' tidak valid; harus 01 sampai 12",
            field=FIELD,
            part="tmt_cpns",
        )
    pppk = bulan > 12
    if tahun < lahir.year + MIN_USIA_PENGANGKATAN:
        raise NipError(
            f"Tahun pengangkatan (digit 9-12) {nip[8:12]} tidak masuk akal: kurang dari "
            f"{MIN_USIA_PENGANGKATAN} tahun setelah tahun lahir {lahir.year}",
            field=FIELD,
            part="tmt_cpns",
        )
    if tahun > today.year:
        raise NipError(
            f"Tahun pengangkatan (digit 9-12) {nip[8:12]} tidak boleh setelah tahun {today.year}",
            field=FIELD,
            part="tmt_cpns",
        )

    if nip[14] not in "12":
        raise NipError(
            f"Digit jenis kelamin (digit 15) harus 1 (laki-laki) atau 2 (perempuan), ditemukan '{nip[14]}'",
            field=FIELD,
            part="jenis_kelamin",
        )
    if nip[15:18] == "000":
        raise NipError(
            "Nomor urut (digit 16-18) tidak boleh 000; jika NIP berasal dari Excel, kemungkinan "
            f"NIP {_EXCEL_HINT}",
            field=FIELD,
            part="nomor_urut",
        )

    tmt = None if pppk else date(tahun, bulan, 1)
    warnings: list[str] = []
    umur = (tahun - lahir.year) if tmt is None else usia(lahir, tmt)
    if umur < USIA_DEWASA:
        warnings.append(
            f"Usia saat pengangkatan menurut NIP baru {umur} tahun (di bawah {USIA_DEWASA} tahun); "
            "periksa tanggal lahir dan tahun pengangkatan"
        )
    if tmt is not None and tmt > today:
        warnings.append(f"TMT CPNS menurut NIP ({format_bulan_tahun(tmt)}) belum tiba")
    return NipInfo(
        nip=nip,
        tanggal_lahir=lahir,
        tahun_pengangkatan=tahun,
        bulan_pengangkatan=None if pppk else bulan,
        tmt_cpns=tmt,
        jenis_kelamin="L" if nip[14] == "1" else "P",
        nomor_urut=int(nip[15:18]),
        kemungkinan_pppk=pppk,
        warnings=tuple(warnings),
    )


def format_nip(nip: str | int | float | None) -> str:
    """Group the 18 digits 8-6-1-3: ``19600318 198603 1 012``. Raises NipError if not 18 digits."""
    d = _digits(nip)
    return f"{d[0:8]} {d[8:14]} {d[14]} {d[15:18]}"


def is_valid_nip(raw: str | int | float | None, *, today: date | None = None) -> bool:
    """True when ``parse_nip`` accepts ``raw`` (warnings do not make it invalid)."""
    try:
        parse_nip(raw, today=today)
    except NipError:
        return False
    return True


def is_nip_lama(raw: str | int | float | None) -> bool:
    """True for an old 9-digit NIP (before 2008; SIASN still exports it as ``NIP LAMA``)."""
    try:
        text = normalize_nip(raw)
    except NipError:
        return False
    return len(text) == 9 and text.isascii() and text.isdigit() and text != "000000000"


_JENIS_KELAMIN = {
    "L": "L", "LAKI-LAKI": "L", "LAKI LAKI": "L", "LAKI": "L", "PRIA": "L", "M": "L", "MALE": "L",
    "1": "L", "P": "P", "PEREMPUAN": "P", "WANITA": "P", "F": "P", "W": "P", "FEMALE": "P", "2": "P",
}  # fmt: skip


def normalize_jenis_kelamin(value: str | None) -> Literal["L", "P"] | None:
    """``L``/``P`` from the many spellings in employee data (``Pria``, ``M``, ``2`` ...)."""
    if value is None:
        return None
    code = _JENIS_KELAMIN.get(" ".join(value.upper().split()))
    return "L" if code == "L" else "P" if code == "P" else None


def cross_check_nip(
    info: NipInfo,
    *,
    tanggal_lahir: date | None,
    jenis_kelamin: str | None,
    jenis_pegawai: str | None = None,
) -> list[str]:
    """Indonesian warnings where the NIP disagrees with the employee record.

    ``jenis_pegawai`` (``"PNS"``/``"PPPK"``) is optional; only a PNS whose number looks like an
    NI PPPK is flagged, because the PPPK code in digits 13-14 may also be 01-12.
    """
    warnings: list[str] = []
    if tanggal_lahir is not None and tanggal_lahir != info.tanggal_lahir:
        warnings.append(
            f"Tanggal lahir pada NIP ({format_tanggal(info.tanggal_lahir)}) berbeda dengan "
            f"tanggal lahir pada data pegawai ({format_tanggal(tanggal_lahir)})"
        )
    if jenis_kelamin is not None and jenis_kelamin.strip():
        code = normalize_jenis_kelamin(jenis_kelamin)
        if code is None:
            warnings.append(
                f"Jenis kelamin '{jenis_kelamin}' pada data pegawai tidak dikenali; "
                "tidak dapat dicocokkan dengan NIP"
            )
        elif code != info.jenis_kelamin:
            data_label = "Laki-laki" if code == "L" else "Perempuan"
            warnings.append(
                f"Jenis kelamin pada NIP ({info.jenis_kelamin_label}) berbeda dengan "
                f"jenis kelamin pada data pegawai ({data_label})"
            )
    if jenis_pegawai is not None and jenis_pegawai.strip().upper() == "PNS" and info.kemungkinan_pppk:
        warnings.append(
            f"Digit 13-14 NIP ('{info.nip[12:14]}') bukan bulan; nomor ini tampak seperti NI PPPK, "
            "padahal pegawai tercatat sebagai PNS"
        )
    return warnings


def explain_nip(info: NipInfo) -> list[tuple[str, str]]:
    """Label/value pairs that explain each part of the number (for the CLI and tooltips)."""
    rows: list[tuple[str, str]] = [
        ("NIP", info.formatted),
        ("Jenis nomor", "Kemungkinan NI PPPK" if info.kemungkinan_pppk else "NIP PNS"),
        ("Tanggal lahir", format_tanggal(info.tanggal_lahir)),
    ]
    if info.tmt_cpns is not None:
        rows.append(("TMT CPNS", format_bulan_tahun(info.tmt_cpns)))
    else:
        rows.append(("Tahun pengangkatan", str(info.tahun_pengangkatan)))
        rows.append(("Kode (digit 13-14)", info.nip[12:14]))
    rows.append(("Jenis kelamin", info.jenis_kelamin_label))
    rows.append(("Nomor urut", f"{info.nomor_urut:03d}"))
    rows.extend(("Peringatan", warning) for warning in info.warnings)
    return rows
