"""Formatted xlsx tables, streamed row by row (:mod:`.xlsx_stream`; openpyxl's write-only mode
spent about 30 s of CPU on a 100,000-pegawai export).

Every table the app exports looks the same: the office name and a title on top with the date
printed, then a bold, frozen header row with an auto filter, sensible column widths, NIP and NIK
as text (never ``1.96608E+17``), and dates as real Excel dates shown ``dd-mm-yyyy`` (or the
Indonesian long form). Rows are streamed, so 100,000 pegawai do not sit in memory as cells.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mutasi_desktop.documents.excel.xlsx_stream import (
    S_DATE,
    S_DEFAULT,
    S_HEADER,
    S_NOTE,
    S_TEXT,
    S_TITLE,
    SheetSpec,
    write_workbook,
)
from mutasi_desktop.domain.dates import format_tanggal

DATE_FORMAT_NUMERIC = "DD-MM-YYYY"
# LCID 0421 = Indonesian: Excel and LibreOffice show "7 Januari 2025".
DATE_FORMAT_INDONESIAN = "[$-421]D MMMM YYYY"
TEXT_FORMAT = "@"
_WIDTH_SAMPLE = 300
_MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    """One output column. ``kind``: ``text``, ``nip`` / ``digits`` (text format, never a
    number), ``date``, ``int``, ``number``. ``width`` None = estimated from the content."""

    header: str
    kind: str = "text"
    width: float | None = None


@dataclass(frozen=True)
class TitleBlock:
    """The lines above the header: office name, title, date printed, optional notes."""

    title: str
    office_name: str = ""
    printed_at: datetime | None = None
    notes: tuple[str, ...] = ()

    def lines(self) -> list[tuple[str, bool]]:
        out: list[tuple[str, bool]] = []
        if self.office_name:
            out.append((self.office_name.upper(), True))
        out.append((self.title, True))
        when = self.printed_at or datetime.now()
        out.append((f"Dicetak: {format_tanggal(when.date())} pukul {when:%H.%M}", False))
        out.extend((note, False) for note in self.notes)
        return out


def _display_len(value: object, kind: str) -> int:
    if value is None:
        return 0
    if kind == "date" or isinstance(value, date):
        return 10
    return len(str(value))


def _estimate_widths(columns: Sequence[Column], sample: Sequence[Sequence[object]]) -> list[float]:
    widths: list[float] = []
    for i, column in enumerate(columns):
        if column.width is not None:
            widths.append(column.width)
            continue
        longest = max((_display_len(row[i], column.kind) for row in sample if i < len(row)), default=0)
        header = max((len(word) for word in column.header.split()), default=4)
        widths.append(float(min(_MAX_WIDTH, max(header + 2, longest + 2, 6))))
    return widths


def write_table_xlsx(
    path: str | Path,
    *,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    title: TitleBlock | None = None,
    sheet_name: str = "Data",
    date_format: str = DATE_FORMAT_NUMERIC,
    extra_sheets: Sequence[tuple[str, Sequence[Column], Iterable[Sequence[object]]]] = (),
) -> int:
    """Write ``rows`` (one sequence of values per row, in ``columns`` order) to ``path``.

    Returns the number of data rows written. Values are written as given: a ``date`` becomes an
    Excel date, a ``str`` stays text. ``extra_sheets`` are further (name, columns, rows) tables
    without a title block (e.g. a legend or a second list). The file is written to a temporary
    name first, so a half-written file never replaces a good one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    counter = _Counter()
    sheets = [_sheet_spec(sheet_name, columns, rows, title, counter)]
    used = {sheets[0].name}
    for name, extra_columns, extra_rows in extra_sheets:
        spec = _sheet_spec(name, extra_columns, extra_rows, None, _Counter())
        unique, n = spec.name, 2
        while unique in used:
            unique, n = f"{spec.name[:28]} {n}", n + 1
        used.add(unique)
        sheets.append(SheetSpec(unique, spec.widths, spec.rows, spec.header_row, spec.width))
    tmp = target.with_name(target.name + ".tmp")
    try:
        write_workbook(tmp, sheets, date_format=date_format)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return counter.count


class _Counter:
    count = 0


def _sheet_spec(sheet_name: str, columns: Sequence[Column], rows: Iterable[Sequence[object]],
                title: TitleBlock | None, counter: _Counter) -> SheetSpec:
    iterator = iter(rows)
    sample = list(itertools.islice(iterator, _WIDTH_SAMPLE))
    widths = _estimate_widths(columns, sample)
    title_lines = title.lines() if title is not None else []
    header_row = len(title_lines) + (2 if title_lines else 1)
    width = len(columns)
    # Per column: the style of its cells (dates and NIP/NIK text get a number format).
    styles = [S_DATE if c.kind == "date" else S_TEXT if c.kind in ("nip", "digits") else S_DEFAULT for c in columns]
    text_cols = [i for i, c in enumerate(columns) if c.kind in ("nip", "digits")]

    def produce() -> Iterator[Sequence[tuple[int, Any]] | None]:
        for text, bold in title_lines:
            yield ((S_TITLE if bold else S_NOTE, text),)
        if title_lines:
            yield None
        yield [(S_HEADER, column.header) for column in columns]
        for row in itertools.chain(sample, iterator):
            values: list[Any] = list(row[:width])
            for i in text_cols:
                value = values[i]
                if value is not None and value.__class__ is not str:
                    values[i] = str(value)
            counter.count += 1
            yield list(zip(styles, values, strict=False))  # a short row leaves its last cells empty

    return SheetSpec(_safe_sheet_name(sheet_name), widths, produce(), header_row, width)


def _safe_sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip() or "Data"
    return cleaned[:31]
