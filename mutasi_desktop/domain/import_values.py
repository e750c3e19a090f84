"""Cell values as they really come out of SIASN exports and clerks' spreadsheets.

Each ``clean_*`` function takes one raw cell (a string from CSV, or whatever the spreadsheet
reader produced: str, int, float, date, datetime, bool) and returns the normalised value, or
None for an empty cell. Bad values raise :class:`~mutasi_desktop.domain.errors.DomainError`
whose Indonesian message the import report shows next to the row and column.

What "empty" means: blank, only spaces, ``null`` (SIASN writes the literal word), ``-`` and
friends; see :data:`NULL_TEXTS`. A NIP or NIK that went through an Excel number cell has lost
its last digits and is refused, never stored (``domain.nip.normalize_nip`` explains why).
The pure lookup normalisers (golongan, pendidikan, agama, ...) are cached because the same few
dozen texts repeat in every row of a 50,000-row export.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from mutasi_desktop.domain.dates import format_tanggal_angka, parse_tanggal
from mutasi_desktop.domain.errors import DomainError, NipError
from mutasi_desktop.domain.golongan import Golongan, parse_golongan
from mutasi_desktop.domain.jabatan_kinds import JenisJabatan, parse_jenis_jabatan
from mutasi_desktop.domain.nip import NipInfo, decode_nip, normalize_jenis_kelamin, normalize_nip, parse_nip
from mutasi_desktop.domain.pendidikan import TingkatPendidikan, parse_tingkat

NULL_TEXTS = frozenset({"", "null", "none", "nan", "nat", "-", "--", "n/a", "#n/a", "(null)"})
# Excel's own limit per cell; anything longer did not come from a spreadsheet program.
MAX_CELL_CHARS = 32_767
_APOSTROPHES = "'`\u2018\u2019"
_MASK = "***"
_SPACES = re.compile(r"\s+")
_DIGIT_SEPARATORS = re.compile(r"[\s.\-]")
_SCIENTIFIC_TEXT = re.compile(r"\d+(?:[.,]\d*)?[eE]\+?\d+")
_PHONE = re.compile(r"[+\d][\d\s\-/().]{4,38}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

StatusKepegawaian = Literal["CPNS", "PNS", "PPPK"]

# Kedudukan hukum codes stored in pegawai.kedudukan, with the spellings SIASN and SIMPEG use.
KEDUDUKAN: dict[str, str] = {
    "AKTIF": "Aktif",
    "TUGAS_BELAJAR": "Tugas Belajar",
    "CLTN": "Cuti di Luar Tanggungan Negara",
    "MPP": "Masa Persiapan Pensiun",
    "DIBERHENTIKAN_SEMENTARA": "Diberhentikan Sementara",
    "PENSIUN": "Pensiun",
    "BERHENTI": "Berhenti",
    "MENINGGAL": "Meninggal Dunia",
    "PINDAH_KELUAR": "Pindah Keluar",
}
_KEDUDUKAN_ALIASES = {
    "AKTIF": "AKTIF", "PNS AKTIF": "AKTIF", "CPNS AKTIF": "AKTIF", "PPPK AKTIF": "AKTIF",
    "TUGAS BELAJAR": "TUGAS_BELAJAR", "TB": "TUGAS_BELAJAR",
    "CLTN": "CLTN", "CUTI DI LUAR TANGGUNGAN NEGARA": "CLTN", "CUTI DILUAR TANGGUNGAN NEGARA": "CLTN",
    "MPP": "MPP", "MASA PERSIAPAN PENSIUN": "MPP",
    "DIBERHENTIKAN SEMENTARA": "DIBERHENTIKAN_SEMENTARA", "PEMBERHENTIAN SEMENTARA": "DIBERHENTIKAN_SEMENTARA",
    "PENSIUN": "PENSIUN", "PURNA TUGAS": "PENSIUN",
    "BERHENTI": "BERHENTI", "DIBERHENTIKAN": "BERHENTI", "MENGUNDURKAN DIRI": "BERHENTI",
    "MENINGGAL": "MENINGGAL", "MENINGGAL DUNIA": "MENINGGAL", "WAFAT": "MENINGGAL",
    "PINDAH KELUAR": "PINDAH_KELUAR", "MUTASI KELUAR": "PINDAH_KELUAR", "PINDAH INSTANSI": "PINDAH_KELUAR",
}  # fmt: skip

# Common SIMPEG numbering (reference §2.6); the exact SIASN ids are uncertain, names are safer.
AGAMA: dict[int, str] = {
    1: "Islam", 2: "Kristen", 3: "Katholik", 4: "Hindu", 5: "Budha", 6: "Konghucu", 7: "Lainnya",
}  # fmt: skip
_AGAMA_ALIASES = {
    "ISLAM": 1, "KRISTEN": 2, "PROTESTAN": 2, "KRISTEN PROTESTAN": 2, "KATHOLIK": 3, "KATOLIK": 3,
    "KRISTEN KATOLIK": 3, "HINDU": 4, "BUDHA": 5, "BUDDHA": 5, "KONGHUCU": 6, "KHONGHUCU": 6,
    "LAINNYA": 7, "KEPERCAYAAN": 7, "LAINNYA/KEPERCAYAAN": 7,
}  # fmt: skip

STATUS_KAWIN = ("Belum Kawin", "Kawin", "Cerai Hidup", "Cerai Mati")
_KAWIN_ALIASES = {
    "BELUM KAWIN": "Belum Kawin", "BELUM MENIKAH": "Belum Kawin", "LAJANG": "Belum Kawin",
    "KAWIN": "Kawin", "MENIKAH": "Kawin", "CERAI HIDUP": "Cerai Hidup", "JANDA": "Cerai Hidup",
    "DUDA": "Cerai Hidup", "CERAI": "Cerai Hidup", "CERAI MATI": "Cerai Mati",
}  # fmt: skip


def is_blank(value: object) -> bool:
    """True for an empty cell: None, blank text, ``null``, ``-``, NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in NULL_TEXTS
    return isinstance(value, float) and math.isnan(value)


def is_masked(value: object) -> bool:
    """True for a value masked in an export for readers without access to personal data."""
    return isinstance(value, str) and (_MASK in value or "(disembunyikan)" in value)


def _number_text(value: int | float | Decimal) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def clean_text(value: object, *, label: str = "Nilai", max_len: int | None = None) -> str | None:
    """Trimmed text with inner runs of spaces collapsed; None when empty.

    Numbers become their plain digits (``12.0`` -> ``"12"``); dates become ``dd-mm-yyyy``.
    Raises DomainError when longer than ``max_len``.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in NULL_TEXTS:
            return None
        if "  " in text or "\n" in text or "\t" in text or "\xa0" in text:
            text = _SPACES.sub(" ", text.replace("\xa0", " "))
    elif isinstance(value, bool):
        text = "Ya" if value else "Tidak"
    elif isinstance(value, int | float | Decimal):
        if isinstance(value, float) and math.isnan(value):
            return None
        text = _number_text(value)
    elif isinstance(value, datetime | date):
        text = format_tanggal_angka(value if not isinstance(value, datetime) else value.date())
    else:
        text = str(value).strip()
    if max_len is not None and len(text) > max_len:
        raise DomainError(
            f"{label} terlalu panjang ({len(text):,} karakter; maksimal {max_len:,})".replace(",", ".")
        )
    return text or None


def plain_text(value: object, max_len: int) -> str | None:
    """:func:`clean_text`'s result for an ordinary text cell, without its general cases: a
    trimmed string with no inner runs of spaces, not a null word, not masked, within
    ``max_len``. None means "not ordinary": let :func:`clean_text` (and the mask check) decide.
    A 50,000-row import cleans hundreds of thousands of such cells."""
    if type(value) is not str:
        return None
    text = value.strip()
    if (not text or len(text) > max_len or "  " in text or "\n" in text or "\t" in text or "\xa0" in text
            or "*" in text or "(disembunyikan)" in text or text.lower() in NULL_TEXTS):
        return None
    return text


def clean_nip(value: object, *, today: date | None = None) -> NipInfo | None:
    """A validated 18-digit NIP / NI PPPK, or None when the cell is empty.

    Accepts a leading apostrophe, spaces and a ``NIP.`` label. A NIP that went through an Excel
    number (a float, scientific notation, or 18 digits ending in ``000``) raises NipError with
    the advice to retype it as text.
    """
    if type(value) is str:
        text = value.strip().lstrip(_APOSTROPHES).strip()
        if len(text) == 18 and text.isdigit() and text.isascii():  # the usual cell: decode at once
            return decode_nip(text, today=today)
    if is_blank(value):
        return None
    if isinstance(value, Decimal):
        value = float(value)
    if not isinstance(value, str | int | float):
        raise NipError(f"NIP '{value}' tidak valid", field="nip", part="karakter")
    return parse_nip(value, today=today)


def clean_nip_lama(value: object) -> str | None:
    """The old 9-digit NIP; raises DomainError for anything else."""
    if is_blank(value):
        return None
    try:
        text = normalize_nip(value if isinstance(value, str | int | float) else str(value))
    except NipError as exc:
        raise DomainError(exc.message.replace("NIP", "NIP lama", 1)) from None
    if len(text) != 9 or not text.isdigit():
        raise DomainError(f"NIP lama harus 9 digit angka, ditemukan '{text}'")
    return text


def clean_digits(value: object, *, label: str, length: int) -> str | None:
    """A fixed-length number kept as text (NIK 16 digits): apostrophe and spaces removed.

    Refuses a value that went through an Excel number cell (digits lost).
    """
    if is_blank(value):
        return None
    if isinstance(value, float | Decimal):
        if isinstance(value, float) and (not value.is_integer() or abs(value) >= 1e15):
            raise DomainError(
                f"{label} tersimpan sebagai angka di Excel sehingga digit terakhir hilang; "
                "ketik ulang sebagai teks (format sel Teks atau awali dengan tanda petik ')"
            )
        value = int(value)
    text = str(value).strip().lstrip(_APOSTROPHES).strip()
    if not (text.isdigit() and text.isascii()):  # plain digits need no further cleaning
        text = _DIGIT_SEPARATORS.sub("", text)
    if _SCIENTIFIC_TEXT.fullmatch(text):
        raise DomainError(
            f"{label} '{text}' tersimpan sebagai angka di Excel sehingga digit terakhir hilang; "
            "ketik ulang sebagai teks"
        )
    if not text.isdigit() or not text.isascii():
        raise DomainError(f"{label} hanya boleh berisi angka, ditemukan '{text}'")
    if len(text) != length:
        raise DomainError(f"{label} harus {length} digit, ditemukan {len(text)} digit")
    return text


def clean_nik(value: object) -> str | None:
    """NIK (Nomor Induk Kependudukan): 16 digits kept as text."""
    return clean_digits(value, label="NIK", length=16)


_date_cache: dict[str, date | None] = {}


def clean_date(value: object, *, label: str = "Tanggal") -> date | None:
    """A date from an Excel date, an Excel serial number, ``dd-mm-yyyy``, ``dd/mm/yyyy``,
    ``yyyy-mm-dd`` or ``7 Januari 2025``; None when empty. A leading apostrophe is ignored."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if value in _date_cache:
            return _date_cache[value]
        text = value.strip().lstrip(_APOSTROPHES)
        if text.lower() in NULL_TEXTS:
            result = None
        else:
            try:
                result = parse_tanggal(text)
            except DomainError as exc:
                raise DomainError(f"{label}: {exc.message}") from None
        if len(_date_cache) < 100_000:
            _date_cache[value] = result
        return result
    try:
        return parse_tanggal(value)
    except DomainError as exc:
        raise DomainError(f"{label}: {exc.message}") from None


def clean_int(
    value: object, *, label: str, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """A whole number (``12``, ``12.0``, ``"12"``); None when empty."""
    if is_blank(value):
        return None
    number: int
    if isinstance(value, bool):
        raise DomainError(f"{label} harus berupa bilangan bulat, ditemukan '{value}'")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal) and value == int(value):
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"[+-]?\d+(?:[.,]0+)?", value.strip().lstrip(_APOSTROPHES)):
        number = int(re.split(r"[.,]", value.strip().lstrip(_APOSTROPHES))[0])
    else:
        raise DomainError(f"{label} harus berupa bilangan bulat, ditemukan '{value}'")
    if minimum is not None and number < minimum:
        raise DomainError(f"{label} {number} terlalu kecil (minimal {minimum})")
    if maximum is not None and number > maximum:
        raise DomainError(f"{label} {number} terlalu besar (maksimal {maximum})")
    return number


def clean_number(value: object, *, label: str) -> float | None:
    """A decimal number; accepts ``87,5`` (Indonesian comma) and ``87.5``."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise DomainError(f"{label} harus berupa angka, ditemukan '{value}'")
    if isinstance(value, int | float | Decimal):
        return float(value)
    text = str(value).strip().replace(" ", "")
    if re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    raise DomainError(f"{label} harus berupa angka, ditemukan '{value}'")


def _key(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.upper().split())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@lru_cache(maxsize=4096)
def _golongan_cached(key: object) -> Golongan:
    return parse_golongan(key)


def clean_golongan(value: object) -> Golongan | None:
    """Golongan from ``III/b``, ``III.b``, ``32``, ``Penata Muda Tingkat I`` and combinations."""
    if is_blank(value):
        return None
    key = _key(value)
    try:
        return _golongan_cached(key)
    except TypeError:  # unhashable: not a cell value we know
        return parse_golongan(value)


@lru_cache(maxsize=4096)
def _tingkat_cached(key: object) -> TingkatPendidikan:
    return parse_tingkat(key)


def clean_pendidikan(value: object) -> TingkatPendidikan | None:
    """Tingkat pendidikan from a BKN code (``40``) or a name (``S1``, ``Diploma III``, ``SMA``)."""
    if is_blank(value):
        return None
    key: object = value.strip() if isinstance(value, str) else _key(value)
    return _tingkat_cached(key)


def clean_jenis_kelamin(value: object) -> Literal["L", "P"] | None:
    """``L``/``P`` from ``Laki-laki``, ``Pria``, ``M``, ``F``, ``1``, ``2`` ..."""
    if is_blank(value):
        return None
    text = _number_text(value) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
    code = normalize_jenis_kelamin(text)
    if code is None:
        raise DomainError(f"Jenis kelamin '{text.strip()}' tidak dikenali; gunakan L atau P")
    return code


@lru_cache(maxsize=256)
def _agama_cached(key: object) -> int:
    if isinstance(key, int) and key in AGAMA:
        return key
    if isinstance(key, str):
        if key.isdigit() and int(key) in AGAMA:
            return int(key)
        if key in _AGAMA_ALIASES:
            return _AGAMA_ALIASES[key]
    raise DomainError(f"Agama '{key}' tidak dikenali")


def clean_agama(value: object) -> int | None:
    """Agama id (1 Islam ... 7 Lainnya) from an id or a name."""
    if is_blank(value):
        return None
    return _agama_cached(_key(value))


def clean_status_kawin(value: object) -> str | None:
    if is_blank(value):
        return None
    text = " ".join(str(value).upper().split())
    found = _KAWIN_ALIASES.get(text)
    if found is None:
        raise DomainError(f"Status kawin '{str(value).strip()}' tidak dikenali")
    return found


@lru_cache(maxsize=512)
def _status_cached(key: str) -> StatusKepegawaian:
    if key in ("C", "CPNS", "CALON PNS") or key.startswith("CPNS"):
        return "CPNS"
    if "PPPK" in key or "P3K" in key or "PEGAWAI PEMERINTAH DENGAN PERJANJIAN KERJA" in key:
        return "PPPK"
    if key in ("P", "PNS") or key.startswith("PNS") or "PEGAWAI NEGERI SIPIL" in key:
        return "PNS"
    raise DomainError(f"Status kepegawaian '{key.title()}' tidak dikenali; gunakan CPNS, PNS atau PPPK")


def clean_status_kepegawaian(value: object) -> StatusKepegawaian | None:
    """CPNS / PNS / PPPK from ``PNS``, ``P``/``C`` (SIASN ``STATUS CPNS PNS``), ``PNS Daerah
    Kab/Kota``, ``PPPK`` ..."""
    if is_blank(value):
        return None
    return _status_cached(" ".join(str(value).upper().split()))


@lru_cache(maxsize=256)
def _kedudukan_cached(key: str) -> str:
    compact = key.replace("_", " ")
    if compact in _KEDUDUKAN_ALIASES:
        return _KEDUDUKAN_ALIASES[compact]
    for alias, code in _KEDUDUKAN_ALIASES.items():
        if compact.startswith(alias + " ") or compact.endswith(" " + alias):
            return code
    raise DomainError(
        f"Kedudukan '{key.title()}' tidak dikenali; gunakan salah satu: " + ", ".join(KEDUDUKAN.values())
    )


def clean_kedudukan(value: object) -> str | None:
    """Kedudukan code (``AKTIF``, ``TUGAS_BELAJAR``, ``CLTN`` ...) from SIASN ``KEDUDUKAN HUKUM NAMA``."""
    if is_blank(value):
        return None
    return _kedudukan_cached(" ".join(str(value).upper().split()))


def clean_phone(value: object) -> str | None:
    """A phone number kept as text (``+62 812-3456-789`` stays readable); apostrophe removed."""
    if is_blank(value):
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        # A phone stored as a number lost its leading zero; restore the Indonesian one.
        text = _number_text(value)
        return "0" + text if text.startswith("8") else text
    text = " ".join(str(value).strip().lstrip(_APOSTROPHES).split())
    if not _PHONE.fullmatch(text):
        raise DomainError(f"Nomor telepon '{text}' tidak valid")
    return text


def clean_email(value: object) -> str | None:
    if is_blank(value):
        return None
    text = str(value).strip()
    if not _EMAIL.fullmatch(text):
        raise DomainError(f"Alamat email '{text}' tidak valid")
    return text


@lru_cache(maxsize=1024)
def _jenis_jabatan_cached(key: str, nama: str) -> JenisJabatan:
    text = key.replace("JABATAN", "").strip()
    if text in ("1", "STRUKTURAL"):
        return _struktural_kind(nama)
    if text in ("2", "3", "FUNGSIONAL TERTENTU", "FUNGSIONAL"):
        return (
            JenisJabatan.FUNGSIONAL_KEAHLIAN if "AHLI" in nama else JenisJabatan.FUNGSIONAL_KETERAMPILAN
        )
    if text in ("4", "FUNGSIONAL UMUM", "PELAKSANA"):
        return JenisJabatan.PELAKSANA
    return parse_jenis_jabatan(text or key)


def _struktural_kind(nama: str) -> JenisJabatan:
    if re.search(r"\bKEPALA (SEKSI|SUB ?BAGIAN|SUB ?BIDANG|UPT|UPTD|SEKOLAH|PUSKESMAS)\b|\bLURAH\b|\bSEKRETARIS (DESA|KELURAHAN|KECAMATAN)\b", nama):
        return JenisJabatan.PENGAWAS
    if re.search(r"\bKEPALA (DINAS|BADAN)\b|\bSEKRETARIS DAERAH\b|\bASISTEN\b|\bSTAF AHLI\b|\bINSPEKTUR\b|\bDIREKTUR\b", nama):
        return JenisJabatan.JPT
    return JenisJabatan.ADMINISTRATOR


def guess_jenis_jabatan(jenis: object, nama_jabatan: str) -> JenisJabatan:
    """Kind of a jabatan from SIASN ``JENIS JABATAN`` (id 1/2/4 or name) and the jabatan name.

    SIASN only says "struktural" for JPT, administrator and pengawas alike, so the name decides
    (``Kepala Seksi`` is pengawas, ``Kepala Dinas`` is JPT). Without a kind, a name with
    ``Ahli``/``Terampil`` is fungsional, any other is pelaksana.
    """
    nama = " ".join(nama_jabatan.upper().split())
    if is_blank(jenis):
        if re.search(r"\bAHLI (PERTAMA|MUDA|MADYA|UTAMA)\b", nama):
            return JenisJabatan.FUNGSIONAL_KEAHLIAN
        if re.search(r"\b(PEMULA|TERAMPIL|MAHIR|PENYELIA)\b", nama):
            return JenisJabatan.FUNGSIONAL_KETERAMPILAN
        if nama.startswith(("KEPALA ", "SEKRETARIS ", "CAMAT", "LURAH", "INSPEKTUR", "ASISTEN")):
            return _struktural_kind(nama)
        return JenisJabatan.PELAKSANA
    key = _number_text(jenis) if isinstance(jenis, int | float) and not isinstance(jenis, bool) else str(jenis)
    return _jenis_jabatan_cached(" ".join(key.upper().split()), nama)


def guess_jenjang(jenis: JenisJabatan, nama_jabatan: str) -> str | None:
    """The jenjang written in a jabatan name (``Analis Kepegawaian Ahli Muda`` -> ``Ahli Muda``)."""
    nama = nama_jabatan.upper()
    for jenjang in reversed(jenis.jenjang):
        if re.search(rf"\b{jenjang.upper()}\b", nama):
            return jenjang
    if jenis is JenisJabatan.JPT:
        if re.search(r"\bSEKRETARIS DAERAH\b", nama):
            return "Madya" if "PROVINSI" in nama else "Pratama"
        return "Pratama"
    return None
