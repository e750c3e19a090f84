"""Reading spreadsheets row by row: .xlsx, .xls and .ods through python-calamine, .csv through
the ``csv`` module.

openpyxl reads about 40,000 cells per second here; calamine (Rust) is many times faster, so
imports read with calamine and openpyxl is kept for writing formatted workbooks. Rows are
yielded one at a time as ``(row_number, values)`` with 1-based spreadsheet row numbers and
absolute column positions, so messages can say "baris 12, kolom C" as the clerk sees it.
calamine holds the parsed sheet in compact Rust memory; the Python values of one row exist only
while that row is processed. A big xlsx sheet is parsed in parts on a background thread while the
caller works on the rows of the previous part (see :mod:`.xlsx_parts`).

The file type is decided from the file's first bytes, not its name: a renamed .txt, a truncated
download, a password-protected workbook or a formula with no saved value each get a clear
Indonesian :class:`SpreadsheetError` before anything is imported.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import re
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import python_calamine

from mutasi_desktop.documents.excel import xlsx_parts
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.file_limits import LIMITS, MB, JenisBerkas

CellValue = str | int | float | bool | date | datetime | time | timedelta | None
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le")
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
_SHEETDATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3}\d+)"[^>]*>\s*<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)


class SpreadsheetError(DomainError):
    """The file cannot be read as a table (wrong type, damaged, protected, empty)."""


@dataclass(frozen=True)
class MergedRange:
    first_row: int  # 1-based, inclusive
    first_col: int  # 0-based
    last_row: int
    last_col: int

    @property
    def ref(self) -> str:
        return f"{column_letter(self.first_col)}{self.first_row}:{column_letter(self.last_col)}{self.last_row}"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def detect_format(path: Path) -> str:
    """``xlsx``, ``ods``, ``xls`` or ``csv`` from the content; raises SpreadsheetError."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise SpreadsheetError(f"Berkas '{path}' tidak ditemukan") from None
    except OSError as exc:
        raise SpreadsheetError(f"Berkas '{path.name}' tidak dapat dibuka: {exc.strerror}") from None
    if not head:
        raise SpreadsheetError(f"Berkas '{path.name}' kosong (0 bita)")
    limit = LIMITS[JenisBerkas.IMPOR]
    size = path.stat().st_size
    if size > limit.max_bytes:
        raise SpreadsheetError(
            f"Berkas '{path.name}' terlalu besar untuk diimpor ({size / MB:.0f} MB; batas "
            f"{limit.max_bytes // MB} MB). Pecah berkas menjadi beberapa bagian."
        )
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(path)
    if head == _OLE_MAGIC:
        if _contains(path, _ENCRYPTED_NAME):
            raise SpreadsheetError(
                f"Berkas '{path.name}' dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
                "(File > Info > Lindungi Buku Kerja > Enkripsi dengan Kata Sandi), simpan, lalu impor ulang."
            )
        return "xls"
    if path.suffix.lower() in _TEXT_SUFFIXES:
        return "csv"
    raise SpreadsheetError(
        f"Berkas '{path.name}' bukan workbook Excel/ODS yang valid (isinya bukan format spreadsheet). "
        "Jika berkas ini teks CSV, ubah ekstensinya menjadi .csv."
    )


def _contains(path: Path, needle: bytes) -> bool:
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "content.xml" in names and "mimetype" in names:
                mimetype = zf.read("mimetype").decode("ascii", "replace")
                if "spreadsheet" in mimetype:
                    return "ods"
    except zipfile.BadZipFile:
        raise SpreadsheetError(
            f"Berkas '{path.name}' rusak atau tidak lengkap (arsip ZIP terpotong). "
            "Unduh atau salin ulang berkasnya, lalu coba lagi."
        ) from None
    raise SpreadsheetError(
        f"Berkas '{path.name}' adalah arsip ZIP tetapi bukan workbook Excel (.xlsx) atau ODS (.ods)."
    )


class TableReader:
    """One sheet of a spreadsheet or one CSV file, read row by row. Use as a context manager."""

    def __init__(self, path: str | Path, *, sheet: str | int | None = None) -> None:
        self.path = Path(path)
        self.format = detect_format(self.path)
        self.sheet_names: list[str] = []
        self.sheet_name = ""
        self._workbook: Any = None
        self._sheet: Any = None  # the whole parsed sheet (None while a big sheet is read in parts)
        self._parted: xlsx_parts.PartedSheet | None = None
        self._parts: Iterator[Any] | None = None  # its parts not read yet, the first one parsed
        self._sheet_ending = b""  # the sheet XML after </sheetData> (merged cells) when in parts
        self._parted_rows_estimate = 0
        self._csv_encoding = "utf-8-sig"
        self._csv_dialect: Any = None
        if self.format == "csv":
            self._prepare_csv()
            self.sheet_names = [self.path.stem]
            self.sheet_name = self.path.stem
        else:
            self._open_workbook(sheet)

    # -- opening -------------------------------------------------------------------------
    def _open_workbook(self, sheet: str | int | None) -> None:
        name = self.path.name
        try:
            self._workbook = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except python_calamine.PasswordError:
            raise SpreadsheetError(
                f"Berkas '{name}' dilindungi kata sandi. Hapus kata sandinya di Excel, simpan, lalu impor ulang."
            ) from None
        except (python_calamine.ZipError, python_calamine.XmlError, python_calamine.CalamineError) as exc:
            raise SpreadsheetError(f"Berkas '{name}' rusak dan tidak dapat dibaca ({exc}).") from None
        except Exception as exc:  # calamine raises plain errors for some damaged files
            raise SpreadsheetError(f"Berkas '{name}' tidak dapat dibaca sebagai spreadsheet ({exc}).") from None
        self.sheet_names = list(self._workbook.sheet_names)
        if not self.sheet_names:
            raise SpreadsheetError(f"Berkas '{name}' tidak berisi lembar kerja.")
        try:
            self._parted = self._open_parted(sheet) if self.format == "xlsx" else None
            if self._parted is not None:
                # Its cutter looks for formulas and keeps the merged cells while it reads the
                # XML: checked between parts and at the end, never before the first row.
                self.sheet_name = str(self._expected_sheet(sheet))
            else:
                # calamine parses the sheet without the GIL: scan the expected sheet's XML for
                # formulas meanwhile (about 0.3 s for a 50,000-row export) instead of afterwards.
                scan = _FormulaScan(self, self._expected_sheet(sheet)) if self.format == "xlsx" else None
                self._sheet = self._parse_sheet(sheet)
                self.sheet_name = self._sheet.name
                if self._sheet.start is None or self._sheet.height == 0:
                    raise SpreadsheetError(f"Lembar kerja '{self.sheet_name}' pada berkas '{name}' kosong.")
                if self.format == "xlsx":
                    cells = scan.result(self.sheet_name) if scan is not None else None
                    self._check_formulas(cells)
                    if scan is not None and cells is not None:
                        self._sheet_ending = bytes(scan.ending)
        except BaseException:
            self.close()
            raise

    def _parse_sheet(self, sheet: str | int | None) -> Any:
        """The whole chosen sheet parsed by calamine."""
        name = self.path.name
        try:
            if sheet is None:
                return self._first_sheet_with_data()
            if isinstance(sheet, int):
                return self._workbook.get_sheet_by_index(sheet)
            return self._workbook.get_sheet_by_name(sheet)
        except (python_calamine.WorksheetNotFound, IndexError):
            raise SpreadsheetError(f"Lembar kerja '{sheet}' tidak ada pada berkas '{name}'.") from None
        except python_calamine.CalamineError as exc:
            raise SpreadsheetError(f"Lembar kerja pada berkas '{name}' rusak ({exc}).") from None

    def _open_parted(self, sheet: str | int | None) -> xlsx_parts.PartedSheet | None:
        """The chosen sheet read in parts when its XML is big, with its first part parsed; None
        to parse it whole as before (a small sheet, or anything unusual about it or its first
        part: the whole-sheet parse then gives the usual messages)."""
        name = self._expected_sheet(sheet)
        if name is None:
            return None
        try:
            with zipfile.ZipFile(self.path) as zf:
                entry = self._sheet_xml_name(zf, name)
                if entry is None or not xlsx_parts.chunkable_entry(zf, entry):
                    return None
            parted = xlsx_parts.PartedSheet(self.path, entry, formula=_FORMULA_NO_VALUE)
        except Exception:  # xlsx_parts.NotChunkable, a damaged zip, no temp directory
            return None
        try:
            parts = parted.sheets()
            first = next(parts, None)
        except Exception:  # xlsx_parts.PartError
            first = None
        if first is None or first.start is None:
            # Let the whole-sheet parse decide (it says "kosong", or with sheet=None it moves on
            # to the next sheet holding data).
            parted.close()
            return None
        self._parts = itertools.chain([first], parts)
        self._parted_rows_estimate = parted.estimated_rows(first)
        return parted

    def _first_sheet_with_data(self) -> Any:
        """The first visible sheet that holds data (a workbook may open with a cover sheet)."""
        first = None
        for index, meta in enumerate(self._workbook.sheets_metadata):
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            sheet = self._workbook.get_sheet_by_index(index)
            if first is None:
                first = sheet
            if sheet.start is not None and sheet.height > 0:
                return sheet
        return first if first is not None else self._workbook.get_sheet_by_index(0)

    def _expected_sheet(self, sheet: str | int | None) -> str | None:
        """The name of the sheet :meth:`_open_workbook` will most likely pick."""
        if isinstance(sheet, str):
            return sheet
        if isinstance(sheet, int):
            return self.sheet_names[sheet] if 0 <= sheet < len(self.sheet_names) else None
        for name, meta in zip(self.sheet_names, self._workbook.sheets_metadata, strict=False):
            if meta.visible == python_calamine.SheetVisibleEnum.Visible:
                return str(name)
        return None

    def _formula_cells(self, sheet_name: str, ending: bytearray | None = None) -> list[str]:
        try:
            with zipfile.ZipFile(self.path) as zf:
                target = self._sheet_xml_name(zf, sheet_name)
                if target is None:
                    return []
                with zf.open(target) as fh:
                    return _scan_formulas(fh, ending=ending)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return []  # calamine already read it; the scan is only a safety net

    def _check_formulas(self, cells: list[str] | None = None) -> None:
        """Refuse formulas that have no saved result (written by a program, never recalculated):
        calamine would read them as empty cells and the import would silently lose values."""
        if cells is None:
            cells = self._formula_cells(self.sheet_name)
        if cells:
            shown = ", ".join(cells[:5]) + (" dan lainnya" if len(cells) > 5 else "")
            raise SpreadsheetError(
                f"Sel {shown} pada lembar '{self.sheet_name}' berisi rumus (formula) tanpa nilai tersimpan. "
                "Buka berkas di Excel atau LibreOffice, simpan ulang (atau salin lalu Tempel Nilai), "
                "kemudian impor ulang."
            )

    def _sheet_xml_name(self, zf: zipfile.ZipFile, sheet_name: str) -> str | None:
        index = self.sheet_names.index(sheet_name)
        workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        sheets = re.findall(r"<(?:\w+:)?sheet\b[^>]*?r:id=\"([^\"]+)\"", workbook)
        if index >= len(sheets):
            return None
        rel_id = sheets[index]
        m = re.search(rf"<Relationship\b[^>]*Id=\"{re.escape(rel_id)}\"[^>]*Target=\"([^\"]+)\"", rels) or re.search(
            rf"<Relationship\b[^>]*Target=\"([^\"]+)\"[^>]*Id=\"{re.escape(rel_id)}\"", rels
        )
        if m is None:
            return None
        target = m[1].lstrip("/")
        return target if target.startswith("xl/") else f"xl/{target}"

    def _prepare_csv(self) -> None:
        name = self.path.name
        decoder = codecs.getincrementaldecoder("utf-8")()
        sample = b""
        encoding = "utf-8-sig"
        with self.path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                if b"\x00" in chunk:
                    raise SpreadsheetError(
                        f"Berkas '{name}' bukan teks CSV (berisi data biner). Pilih berkas .xlsx, .xls, .ods atau .csv."
                    )
                if len(sample) < 65536:
                    sample += chunk[: 65536 - len(sample)]
                if encoding == "utf-8-sig":
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        encoding = "cp1252"  # Excel "CSV" on Windows
        self._csv_encoding = encoding
        text = sample.decode(encoding, "replace").lstrip("\ufeff")
        if not text.strip():
            raise SpreadsheetError(f"Berkas '{name}' kosong.")
        try:
            self._csv_dialect = csv.Sniffer().sniff(text, delimiters=",;\t|")
        except csv.Error:
            self._csv_dialect = csv.excel

    # -- reading -------------------------------------------------------------------------
    def estimated_rows(self) -> int | None:
        if self._parted is not None:
            return self._parted_rows_estimate  # (the last row is only known at the end)
        if self._sheet is not None:
            end = self._sheet.end
            return None if end is None else int(end[0]) + 1
        return None

    def merged_ranges_known(self) -> bool:
        """False while a sheet read in parts has not been read to its end: :meth:`merged_ranges`
        would have to read its XML once more (up to a second for a big sheet)."""
        return self._parted is None or self._parted.cut_done.is_set()

    def _check_parted_formulas(self) -> None:
        if self._parted is not None and self._parted.formula_cells:
            self._check_formulas(list(self._parted.formula_cells))

    def merged_ranges(self) -> list[MergedRange]:
        if self._parted is not None:
            if self._parted.cut_done.is_set():
                self._sheet_ending = self._parted.ending
            elif not self._sheet_ending:  # asked before the rows were read: scan the XML itself
                ending = bytearray()
                self._formula_cells(self.sheet_name, ending)
                self._sheet_ending = bytes(ending)
            return [MergedRange(*ref) for ref in xlsx_parts.merged_refs(self._sheet_ending)]
        if self._sheet is None:
            return []
        ranges = self._sheet.merged_cell_ranges or []
        return [MergedRange(a[0] + 1, a[1], b[0] + 1, b[1]) for a, b in ranges]

    def rows(self) -> Iterator[tuple[int, list[CellValue]]]:
        """``(row_number, values)`` for every row, empty rows included (as all-"" lists)."""
        if self.format == "csv":
            yield from self._csv_rows()
            return
        if self._parts is not None:
            parts, self._parts = self._parts, None
            yield from self._parted_rows(parts)
            return
        if self._sheet is None:  # a sheet read in parts, read a second time: parse it whole
            self._sheet = self._parse_sheet(self.sheet_name)
        yield from self._sheet_rows(self._sheet)

    def _parted_rows(self, parts: Iterator[Any]) -> Iterator[tuple[int, list[CellValue]]]:
        done = 0  # the last row number yielded
        left = right = 0  # the columns spanned by the parts so far
        while True:
            try:
                sheet = next(parts, None)
            except xlsx_parts.PartError as exc:
                raise self._part_error(exc, done) from None
            self._check_parted_formulas()  # formulas without a value: stop as soon as one is seen
            if sheet is None:
                return
            if sheet.start is None:
                continue  # a part holding only empty rows
            if int(sheet.start[0]) < done:
                raise SpreadsheetError(
                    f"Berkas '{self.path.name}' rusak: urutan baris pada lembar '{self.sheet_name}' "
                    f"tidak teratur setelah baris {done}. Simpan ulang berkas di Excel, lalu impor ulang."
                )
            if not done:
                left, right = int(sheet.start[1]), int(sheet.end[1])
                yield from self._sheet_rows(sheet)
            else:
                right = max(right, int(sheet.end[1]))
                yield from self._part_rows(sheet, done, left, right)
            done = int(sheet.end[0]) + 1

    def _part_rows(self, sheet: Any, done: int, left: int, right: int) -> Iterator[tuple[int, list[CellValue]]]:
        """The rows of a part after the first; it starts at row ``done + 1`` or below.

        calamine gives a part's rows from the part's own first to last used column. They are
        widened to the columns ``left..right`` of the parts before (``""`` for an empty cell),
        so rows look as the whole-sheet parse gives them, unless a later part reaches further
        left or right than all the parts before it (its rows are then wider than earlier ones).
        """
        first_row, first_col, last_col = int(sheet.start[0]), int(sheet.start[1]), int(sheet.end[1])
        pad: list[CellValue] = [None] * min(left, first_col)  # columns left of the sheet's data
        pad += [""] * (first_col - left)  # empty cells of this part left of its first used column
        extra: list[CellValue] = [""] * (right - last_col)
        for number in range(done + 1, first_row + 1):  # empty rows between two parts
            yield number, pad + [""] * (last_col - first_col + 1) + extra
        # to_python() starts at the part's first row; iter_rows() would first give `first_row`
        # empty rows (0.25 s in all for a 50,000-row sheet in 16 MB parts).
        yield from self._numbered(sheet.to_python(), first_row, first_col, pad, extra)

    def _part_error(self, exc: xlsx_parts.PartError, done: int) -> SpreadsheetError:
        if exc.io:
            return SpreadsheetError(
                f"Berkas sementara untuk membaca '{self.path.name}' tidak dapat ditulis ({exc.detail}). "
                "Periksa ruang kosong pada disk, lalu coba lagi."
            )
        return SpreadsheetError(
            f"Berkas '{self.path.name}' rusak dan tidak dapat dibaca (setelah baris {_angka(done)}: {exc.detail})."
        )

    def _sheet_rows(self, sheet: Any) -> Iterator[tuple[int, list[CellValue]]]:
        # iter_rows starts at row 1 (rows above the data come as empty rows) and at the sheet's
        # first used column: padded on the left so that positions are absolute columns.
        first_col = int(sheet.start[1])
        return self._numbered(sheet.iter_rows(), 0, first_col, [None] * first_col, [])

    def _numbered(
        self, rows: Iterable[list[Any]], before: int, first_col: int, pad: list[CellValue], extra: list[CellValue]
    ) -> Iterator[tuple[int, list[CellValue]]]:
        """``pad + row + extra`` for each of ``rows`` (whose first cell is in column
        ``first_col``), numbered from ``before + 1``."""
        number = before
        is_text = str.__instancecheck__
        # C-level scan (filter/map/max): a per-cell Python loop cost a second per 50,000 rows.
        # A part's rows come as one list: one scan over all its cells, rows looked at only if
        # some cell is too long.
        whole_ok = isinstance(rows, list) and (
            max(map(len, filter(is_text, itertools.chain.from_iterable(rows))), default=0) <= MAX_CELL_CHARS)
        for row in rows:
            number += 1
            if not whole_ok and max(map(len, filter(is_text, row)), default=0) > MAX_CELL_CHARS:
                for col, value in enumerate(row):
                    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                        self._too_long(number, col + first_col, len(value))
            if extra:
                yield number, pad + row + extra
            else:
                yield number, (pad + row) if pad else row

    def _csv_rows(self) -> Iterator[tuple[int, list[CellValue]]]:
        reader: Any = None
        try:
            with self.path.open("r", encoding=self._csv_encoding, newline="") as fh:
                reader = csv.reader(fh, self._csv_dialect)
                for row in reader:
                    for col, value in enumerate(row):
                        if len(value) > MAX_CELL_CHARS:
                            self._too_long(reader.line_num, col, len(value))
                    yield reader.line_num, list(row)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                line = (reader.line_num + 1) if reader is not None else "?"
                raise SpreadsheetError(
                    f"Berkas '{self.path.name}' berisi sel yang terlalu besar (lebih dari "
                    f"{_angka(csv.field_size_limit())} karakter) di sekitar baris {line}; berkas kemungkinan rusak."
                ) from None
            raise SpreadsheetError(f"Berkas CSV '{self.path.name}' tidak dapat dibaca: {exc}") from None
        except UnicodeDecodeError:
            raise SpreadsheetError(f"Berkas '{self.path.name}' bukan teks CSV yang dapat dibaca.") from None

    def _too_long(self, row: int, col: int, length: int) -> None:
        raise SpreadsheetError(
            f"Sel {column_letter(col)}{row} pada berkas '{self.path.name}' berisi {_angka(length)} karakter, "
            f"melebihi batas {_angka(MAX_CELL_CHARS)} karakter per sel; berkas kemungkinan rusak atau "
            "berisi tempelan yang salah."
        )

    # -- lifetime ------------------------------------------------------------------------
    def close(self) -> None:
        if self._parted is not None:
            self._parted.close()  # stops its threads, deletes its temp files
            self._parts = None
        if self._workbook is not None:
            with contextlib.suppress(python_calamine.WorkbookClosed):
                self._workbook.close()
            self._workbook = None
            self._sheet = None

    def __enter__(self) -> TableReader:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _FormulaScan:
    """:meth:`TableReader._formula_cells` of one sheet on a helper thread."""

    def __init__(self, reader: TableReader, sheet_name: str | None) -> None:
        self.sheet_name = sheet_name
        self.cells: list[str] = []
        self.ending = bytearray()  # the sheet XML after </sheetData>
        self.thread: threading.Thread | None = None
        if sheet_name is not None:
            self.thread = threading.Thread(target=self._run, args=(reader,), name="rumus", daemon=True)
            self.thread.start()

    def _run(self, reader: TableReader) -> None:
        assert self.sheet_name is not None
        self.cells = reader._formula_cells(self.sheet_name, self.ending)

    def result(self, sheet_name: str) -> list[str] | None:
        """The cells found, or None when another sheet was opened than the one scanned."""
        if self.thread is not None:
            self.thread.join()
        return self.cells if sheet_name == self.sheet_name else None


def _scan_formulas(fh: io.BufferedIOBase | Any, limit: int = 20, ending: bytearray | None = None) -> list[str]:
    """Cell references of formulas without a cached value, scanning the sheet XML in chunks.
    ``ending`` receives the XML after ``</sheetData>`` (merged cells sit there)."""
    finder = xlsx_parts.FormulaFinder(_FORMULA_NO_VALUE, limit)
    carry = b""
    in_ending = False
    while chunk := fh.read(1 << 22):
        finder.feed(chunk)
        if finder.full:
            return finder.cells
        if ending is not None:
            if in_ending:
                ending += chunk
            elif b"sheetData>" in (data := carry + chunk) and (end := _SHEETDATA_END.search(data)) is not None:
                in_ending = True
                ending += data[end.end() :]
        carry = chunk[-16:]  # "</sheetData>" may straddle two chunks
    return finder.cells


def _angka(number: int) -> str:
    """``1048576`` -> ``1.048.576`` (Indonesian thousands separator)."""
    return f"{number:,}".replace(",", ".")


def open_table(path: str | Path, *, sheet: str | int | None = None) -> TableReader:
    """Open ``path`` for reading; see :class:`TableReader`."""
    return TableReader(path, sheet=sheet)
