"""Normalised text for search: lower case, no accents, NIP also in its printed groups."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Sitompúl, S.Pd.' -> 'sitompul s pd'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def nip_groups(nip: str) -> list[str]:
    """The NIP and its printed 8-6-1-3 groups, so '19660801 198803' finds it too."""
    if len(nip) != 18:
        return [nip] if nip else []
    return [nip, nip[:8], nip[8:14], nip[14:15], nip[15:]]


def pegawai_search_text(*, nip: str, nama: str, gelar_depan: str = "", gelar_belakang: str = "",
                        nip_lama: str | None = None) -> str:
    parts = [*nip_groups(nip), fold(nama), fold(gelar_depan), fold(gelar_belakang)]
    if nip_lama:
        parts.append(nip_lama)
    return " ".join(p for p in parts if p)


def nama_sort_key(nama: str) -> str:
    return fold(nama)


def search_terms(query: str) -> list[str]:
    """Split what the clerk typed into folded terms (digits and letters only)."""
    return [t for t in fold(query.replace("'", "")).split(" ") if t]
