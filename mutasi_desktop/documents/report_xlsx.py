"""Reports as formatted xlsx: each table of a :class:`Laporan` becomes one sheet."""

from __future__ import annotations

import re
from pathlib import Path

from mutasi_desktop.documents.excel.writer import Column, TitleBlock, write_table_xlsx
from mutasi_desktop.documents.pdf.report_data import Laporan, TabelLaporan

_KIND = {"text": "text", "nip": "nip", "date": "date", "int": "int", "number": "number"}


def _columns(t: TabelLaporan) -> list[Column]:
    return [Column(k.judul, _KIND.get(k.jenis, "text")) for k in t.kolom]


def _rows(t: TabelLaporan) -> list[tuple[object, ...]]:
    return list(t.baris) + ([t.total] if t.total else [])


def _sheet_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Tabel"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name.lower())
    return name


def write_laporan_xlsx(data: Laporan, out_path: Path) -> Path:
    """Write every table of ``data`` to ``out_path`` (the first sheet carries the title block)."""
    if not data.tabel:
        raise ValueError("laporan tanpa tabel")
    used: set[str] = set()
    first, *rest = data.tabel
    notes = tuple(x for x in (data.subjudul, first.judul) if x)
    write_table_xlsx(
        out_path,
        columns=_columns(first),
        rows=_rows(first),
        title=TitleBlock(title=data.judul, office_name=data.instansi, printed_at=data.dicetak, notes=notes),
        sheet_name=_sheet_name(first.judul, used),
        extra_sheets=[(_sheet_name(t.judul, used), _columns(t), _rows(t)) for t in rest],
    )
    return Path(out_path)
