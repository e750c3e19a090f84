"""Formatted xlsx tables with openpyxl in write-only (streaming) mode.

Every table the app exports looks the same: the office name and a title on top with the date
printed, then a bold, frozen header row with an auto filter, sensible column widths, NIP and NIK
as text (never ``1.96608E+17``), and dates as real Excel dates shown ``dd-mm-yyyy`` (or the
Indonesian long form). Rows are streamed, so 100,000 pegawai do not sit in memory as cells.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="7F7F7F"))
_HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)


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
    without a title block (e.g. a legend or a second list).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    count = _write_sheet(workbook, sheet_name, columns, rows, title, date_format)
    for name, extra_columns, extra_rows in extra_sheets:
        _write_sheet(workbook, name, extra_columns, extra_rows, None, date_format)
    tmp = target.with_name(target.name + ".tmp")
    try:
        workbook.save(str(tmp))
        tmp.replace(target)  # a half-written file never replaces a good one
    finally:
        tmp.unlink(missing_ok=True)
    return count


def _write_sheet(
    workbook: Any,
    sheet_name: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    title: TitleBlock | None,
    date_format: str,
) -> int:
    ws = workbook.create_sheet(_safe_sheet_name(sheet_name))
    iterator = iter(rows)
    sample = list(itertools.islice(iterator, _WIDTH_SAMPLE))
    for i, width in enumerate(_estimate_widths(columns, sample), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    title_lines = title.lines() if title is not None else []
    header_row = len(title_lines) + (2 if title_lines else 1)
    ws.freeze_panes = f"A{header_row + 1}"
    for text, bold in title_lines:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=bold, size=13 if bold else 10)
        ws.append([cell])
    if title_lines:
        ws.append([])

    header_cells = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = _HEADER_ALIGN
        header_cells.append(cell)
    ws.append(header_cells)

    # One prototype style per formatted kind; copying a StyleArray is far cheaper than setting
    # number_format on every cell.
    date_proto = WriteOnlyCell(ws, value=None)
    date_proto.number_format = date_format
    text_proto = WriteOnlyCell(ws, value=None)
    text_proto.number_format = TEXT_FORMAT
    date_style, text_style = date_proto._style, text_proto._style
    date_cols = [i for i, c in enumerate(columns) if c.kind == "date"]
    text_cols = [i for i, c in enumerate(columns) if c.kind in ("nip", "digits")]
    width = len(columns)

    count = 0
    for row in itertools.chain(sample, iterator):
        values: list[Any] = list(row[:width])
        for i in date_cols:
            value = values[i]
            if isinstance(value, date):
                cell = WriteOnlyCell(ws, value=value.date() if isinstance(value, datetime) else value)
                cell._style = copy.copy(date_style)
                values[i] = cell
        for i in text_cols:
            value = values[i]
            if value is not None and value != "":
                cell = WriteOnlyCell(ws, value=str(value))
                cell._style = copy.copy(text_style)
                values[i] = cell
        ws.append(values)
        count += 1
    last_row = header_row + max(count, 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(max(width, 1))}{last_row}"
    ws.print_options.gridLines = False
    return count


def _safe_sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip() or "Data"
    return cleaned[:31]
