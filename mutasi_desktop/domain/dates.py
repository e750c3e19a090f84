"""Indonesian date formatting and lenient date parsing for imports and forms.

Formatting follows the SK conventions (reference §4.7): long form ``7 Januari 2025``, numeric
``dd-mm-yyyy`` and Roman months for letter numbers. Parsing accepts what turns up in SIASN
exports and hand-made spreadsheets, and refuses two-digit years because a birth year ``65``
cannot be told apart from ``2065`` safely.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from babel.dates import format_date

from mutasi_desktop.domain.errors import DomainError, TanggalError

_LOCALE = "id"

_BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
_ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# Month names accepted when parsing: Indonesian (full, common abbreviations, old spellings
# "Pebruari"/"Nopember") and English (full and abbreviated), all lower-case.
_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "jan", "january"),
        ("februari", "feb", "pebruari", "peb", "february"),
        ("maret", "mar", "march"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agu", "agt", "ags", "agus", "aug", "august"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nov", "nopember", "nop"),
        ("desember", "des", "dec", "december"),
    ),
    start=1,
):
    for _name in _names:
        _MONTH_NAMES[_name] = _number

_DAY_NAMES = frozenset(
    {"senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)
_EMPTY = frozenset({"", "null", "none", "-", "--", "nan", "nat"})

# Matched against the lower-cased text, hence "t" and "z".
_TIME = r"(?:[ t]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
_DMY = re.compile(rf"(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d{{4}}){_TIME}")
_YMD = re.compile(rf"(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_TIME}")
_D_NAME_Y = re.compile(r"(?:([a-z']+),?\s+)?(\d{1,2})[\s\-/.]+([a-z]+)\.?[\s\-/.,]+(\d{4})")
_NAME_D_Y = re.compile(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")

# Excel's 1900 date system counts 1900-02-29, a day that never existed (serial 60).
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 31-12-9999


def format_tanggal(d: date) -> str:
    """``7 Januari 2025``."""
    return str(format_date(d, "d MMMM y", locale=_LOCALE))


def format_tanggal_hari(d: date) -> str:
    """``Selasa, 7 Januari 2025``."""
    return str(format_date(d, "EEEE, d MMMM y", locale=_LOCALE))


def format_bulan_tahun(d: date) -> str:
    """``Januari 2025``."""
    return str(format_date(d, "MMMM y", locale=_LOCALE))


def format_tanggal_angka(d: date) -> str:
    """``07-01-2025`` (the numeric form used in SK bodies)."""
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def nama_bulan(month: int) -> str:
    """Indonesian month name, ``1`` -> ``Januari``."""
    _check_month(month)
    return _BULAN[month - 1]


def bulan_romawi(month: int) -> str:
    """Roman numeral of a month for letter numbers, ``1`` -> ``I``, ``12`` -> ``XII``."""
    _check_month(month)
    return _ROMAWI[month - 1]


def _check_month(month: int) -> None:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise DomainError(f"Bulan '{month}' tidak valid; harus 1 sampai 12")


def parse_tanggal(value: object, *, field: str | None = None) -> date | None:
    """Read a date from a form, a spreadsheet cell or a CSV field.

    Accepts ``date``/``datetime`` objects, Excel serial numbers (1900 date system),
    ``dd-mm-yyyy`` (also with ``/`` or ``.``), ``yyyy-mm-dd`` (optionally with a time),
    ``7 Januari 2025``, ``07 Jan 2025``, ``Selasa, 7 Januari 2025`` and English month names.
    Returns None for empty values (``None``, blank, ``-``, ``null``). Raises TanggalError,
    naming ``field`` when given, for anything else.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _error(f"Nilai '{value}' bukan tanggal", field)
    if isinstance(value, int | float | Decimal):
        return _from_excel_serial(value, field)
    if isinstance(value, str):
        return _from_text(value, field)
    raise _error(f"Nilai bertipe {type(value).__name__} tidak dapat dibaca sebagai tanggal", field)


def _from_text(raw: str, field: str | None) -> date | None:
    text = " ".join(raw.split())
    lowered = text.lower()
    if lowered in _EMPTY:
        return None
    if m := _DMY.fullmatch(lowered):
        return _build(int(m[4]), int(m[3]), int(m[1]), raw, field)
    if m := _YMD.fullmatch(lowered):
        return _build(int(m[1]), int(m[3]), int(m[4]), raw, field)
    m = _D_NAME_Y.fullmatch(lowered)
    if m and m[3] in _MONTH_NAMES and (m[1] is None or m[1] in _DAY_NAMES):
        return _build(int(m[4]), _MONTH_NAMES[m[3]], int(m[2]), raw, field)
    m = _NAME_D_Y.fullmatch(lowered)
    if m and m[1] in _MONTH_NAMES:
        return _build(int(m[3]), _MONTH_NAMES[m[1]], int(m[2]), raw, field)
    raise _error(f"Format tanggal '{raw.strip()}' tidak dikenali; gunakan dd-mm-yyyy", field)


def _build(year: int, month: int, day: int, raw: str, field: str | None) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        pass
    if not 1 <= month <= 12:
        reason = f"bulan {month} tidak ada"
    elif year < 1:
        reason = f"tahun {year} tidak ada"
    else:
        reason = f"tanggal {day} tidak ada pada bulan {_BULAN[month - 1]} {year}"
    raise _error(f"Tanggal '{raw.strip()}' tidak valid: {reason}", field)


def _from_excel_serial(value: int | float | Decimal, field: str | None) -> date | None:
    if isinstance(value, float) and math.isnan(value):
        return None
    if not math.isfinite(value) or not 1 <= value < _EXCEL_MAX_SERIAL + 1:
        raise _error(f"Angka {value} bukan nomor seri tanggal Excel yang valid", field)
    serial = math.floor(value)  # the fraction is the time of day
    if serial == 60:
        raise _error("Tanggal Excel 29-02-1900 tidak valid: tanggal itu tidak pernah ada", field)
    if serial < 60:
        serial += 1
    return _EXCEL_EPOCH + timedelta(days=serial)


def _error(message: str, field: str | None) -> TanggalError:
    if field:
        message = f"{message} (kolom {field})"
    return TanggalError(message, field=field)


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` months; the day is clamped to the end of a shorter month."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise TanggalError(f"Tanggal {format_tanggal_angka(d)} ditambah {n} bulan di luar jangkauan")
    day = d.day
    if day > 28:  # every month has 28 days: clamp only the later days
        day = min(day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_years(d: date, n: int) -> date:
    """``d`` moved by ``n`` years; 29 February becomes 28 February in a common year."""
    return add_months(d, 12 * n)


def months_between(a: date, b: date) -> int:
    """Whole months from ``a`` to ``b`` (negative when ``b`` is before ``a``).

    A month counts once ``add_months(a, k) <= b``, so 31 January to 28 February is one month.
    """
    if b < a:
        return -months_between(b, a)
    months = (b.year - a.year) * 12 + b.month - a.month
    # add_months(a, months) falls in b's month on day min(a.day, days of that month): only a
    # later day of month can make it pass b, and a day up to 28 is never clamped.
    if a.day > b.day and (a.day <= 28 or add_months(a, months) > b):
        months -= 1
    return months


def usia(tanggal_lahir: date, pada: date) -> int:
    """Age in whole years on ``pada`` (29 February birthdays count on 28 February)."""
    return months_between(tanggal_lahir, pada) // 12 if pada >= tanggal_lahir else 0
