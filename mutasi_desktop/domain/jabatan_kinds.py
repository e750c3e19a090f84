"""Kinds of jabatan, their jenjang and the old eselon codes (reference §2.3).

``JenisJabatan`` values are the codes stored in the database; ``sapk_id`` is the SAPK/SIASN
``jenis_jabatan`` id (1 struktural, 2 fungsional tertentu, 4 fungsional umum / pelaksana).
"""

from __future__ import annotations

from enum import StrEnum

from mutasi_desktop.domain.errors import DomainError


class JenisJabatan(StrEnum):
    JPT = "JPT"
    ADMINISTRATOR = "ADMINISTRATOR"
    PENGAWAS = "PENGAWAS"
    FUNGSIONAL_KEAHLIAN = "FUNGSIONAL_KEAHLIAN"
    FUNGSIONAL_KETERAMPILAN = "FUNGSIONAL_KETERAMPILAN"
    PELAKSANA = "PELAKSANA"

    @property
    def label(self) -> str:
        """Indonesian name, e.g. ``Fungsional Keahlian``."""
        return _LABEL[self]

    @property
    def sapk_id(self) -> int:
        """SAPK/SIASN jenis_jabatan id: 1 struktural, 2 fungsional tertentu, 4 pelaksana."""
        return _SAPK_ID[self]

    @property
    def is_manajerial(self) -> bool:
        return self in (JenisJabatan.JPT, JenisJabatan.ADMINISTRATOR, JenisJabatan.PENGAWAS)

    @property
    def jenjang(self) -> tuple[str, ...]:
        """Jenjang of this kind, lowest first; empty when the kind has none."""
        return _JENJANG.get(self, ())


_LABEL = {
    JenisJabatan.JPT: "Jabatan Pimpinan Tinggi",
    JenisJabatan.ADMINISTRATOR: "Administrator",
    JenisJabatan.PENGAWAS: "Pengawas",
    JenisJabatan.FUNGSIONAL_KEAHLIAN: "Fungsional Keahlian",
    JenisJabatan.FUNGSIONAL_KETERAMPILAN: "Fungsional Keterampilan",
    JenisJabatan.PELAKSANA: "Pelaksana",
}
_SAPK_ID = {
    JenisJabatan.JPT: 1,
    JenisJabatan.ADMINISTRATOR: 1,
    JenisJabatan.PENGAWAS: 1,
    JenisJabatan.FUNGSIONAL_KEAHLIAN: 2,
    JenisJabatan.FUNGSIONAL_KETERAMPILAN: 2,
    JenisJabatan.PELAKSANA: 4,
}
# Lowest first, so the index orders jenjang within a kind.
_JENJANG: dict[JenisJabatan, tuple[str, ...]] = {
    JenisJabatan.JPT: ("Pratama", "Madya", "Utama"),
    JenisJabatan.FUNGSIONAL_KEAHLIAN: ("Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama"),
    JenisJabatan.FUNGSIONAL_KETERAMPILAN: ("Pemula", "Terampil", "Mahir", "Penyelia"),
}
_ALIASES = {
    "JABATAN PIMPINAN TINGGI": JenisJabatan.JPT,
    "PIMPINAN TINGGI": JenisJabatan.JPT,
    "JABATAN ADMINISTRATOR": JenisJabatan.ADMINISTRATOR,
    "JABATAN PENGAWAS": JenisJabatan.PENGAWAS,
    "FUNGSIONAL UMUM": JenisJabatan.PELAKSANA,
    "JFU": JenisJabatan.PELAKSANA,
    "STAF": JenisJabatan.PELAKSANA,
    "JABATAN PELAKSANA": JenisJabatan.PELAKSANA,
}

# SIMPEG/SAPK eselon codes; 99 (non-eselon) is uncertain in the reference.
ESELON: dict[str, str] = {
    "11": "I.a", "12": "I.b", "21": "II.a", "22": "II.b", "31": "III.a",
    "32": "III.b", "41": "IV.a", "42": "IV.b", "51": "V.a", "99": "Non-eselon",
}  # fmt: skip
_ESELON_JENIS = {
    "11": JenisJabatan.JPT, "12": JenisJabatan.JPT, "21": JenisJabatan.JPT, "22": JenisJabatan.JPT,
    "31": JenisJabatan.ADMINISTRATOR, "32": JenisJabatan.ADMINISTRATOR,
    "41": JenisJabatan.PENGAWAS, "42": JenisJabatan.PENGAWAS, "51": JenisJabatan.PELAKSANA,
}  # fmt: skip


def parse_jenis_jabatan(value: JenisJabatan | str) -> JenisJabatan:
    """Kind from its code (``FUNGSIONAL_KEAHLIAN``), its label or a common name (``JFU``)."""
    if isinstance(value, JenisJabatan):
        return value
    text = " ".join(str(value).replace("_", " ").upper().split())
    for jenis in JenisJabatan:
        if text in (jenis.value.replace("_", " "), jenis.label.upper()):
            return jenis
    if text in _ALIASES:
        return _ALIASES[text]
    raise DomainError(f"Jenis jabatan '{value}' tidak dikenal", field="jenis_jabatan")


def jenjang_for(jenis: JenisJabatan | str) -> tuple[str, ...]:
    """Jenjang of a kind, lowest first (``Ahli Pertama`` ... ``Ahli Utama``)."""
    return parse_jenis_jabatan(jenis).jenjang


def normalize_jenjang(jenis: JenisJabatan | str, jenjang: str | None) -> str | None:
    """Canonical jenjang name for a kind: ``"ahli madya"``/``"Madya"`` -> ``"Ahli Madya"``,
    ``"JPT Pratama"`` -> ``"Pratama"``. None/blank stays None; raises DomainError if unknown.
    """
    if jenjang is None or not jenjang.strip():
        return None
    kind = parse_jenis_jabatan(jenis)
    text = " ".join(jenjang.upper().split())
    for prefix in ("JPT ", "PIMPINAN TINGGI ", "JABATAN PIMPINAN TINGGI "):
        text = text.removeprefix(prefix)
    for name in kind.jenjang:
        if text in (name.upper(), name.upper().removeprefix("AHLI ")):
            return name
    raise DomainError(f"Jenjang '{jenjang}' tidak dikenal untuk jenis jabatan {kind.label}", field="jenjang")


def _eselon_key(code: int | str) -> str:
    return str(code).strip() if not isinstance(code, bool) else ""


def eselon_label(code: int | str) -> str:
    """``21`` -> ``II.a``; ``99`` -> ``Non-eselon``. Raises DomainError for unknown codes."""
    label = ESELON.get(_eselon_key(code))
    if label is None:
        raise DomainError(f"Kode eselon '{code}' tidak dikenal", field="eselon")
    return label


def jenis_for_eselon(code: int | str) -> JenisJabatan | None:
    """Kind implied by an old eselon (II.a -> JPT, IV.b -> Pengawas); None for non-eselon."""
    eselon_label(code)
    return _ESELON_JENIS.get(_eselon_key(code))
