"""One big xlsx sheet read in parts, so that parsing overlaps with the work done on the rows.

python-calamine parses a whole sheet before it hands out the first row (about 2 s for a
50,000-row, 65-column SIASN export) and has no streaming API. It does release the GIL while it
parses, so the sheet XML is cut at row boundaries into parts of about :data:`PART_SIZE` bytes;
each part becomes a small standalone workbook (the original styles, shared strings and date
system, the original ``<worksheet>`` prefix, the part's rows) that calamine parses on a
background thread while the caller validates the rows of the previous part. Rows keep their
``r="..."`` attributes, so calamine places every cell at its absolute row and column.

Memory and temp disk stay bounded: one part is parsed ahead of the caller, at most
:data:`PARTS_AHEAD` part files wait on disk, in a private temp directory removed by
:meth:`PartedSheet.close`. While cutting, the cutter also looks for formulas without a saved
value and keeps the XML after ``</sheetData>`` (merged cells) for the reader.
"""

from __future__ import annotations

import collections
import contextlib
import queue
import re
import shutil
import tempfile
import threading
import weakref
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import numpy as np
import python_calamine

MB = 1024 * 1024
CHUNK_THRESHOLD = 24 * MB  # a sheet XML bigger than this (uncompressed) is read in parts
PART_SIZE = 16 * MB  # rows XML per part; calamine parses 16 MB in about 0.2 s
FIRST_PART_SIZE = 2 * MB  # the first part is small (the caller waits for it); the next ones
# grow fourfold up to PART_SIZE (every part costs a file, a parse start and GIL hand-backs)
MAX_SHARED_STRINGS = 8 * MB  # every part carries a copy of the shared strings: not when big
READ_SIZE = 16 * MB  # inflate step (big steps: fewer GIL hand-backs, see PartedSheet)
PARTS_AHEAD = 2  # part files waiting for the parsers
PARSERS = 2  # parts parsed ahead of the caller, each on a thread of its own
_HEAD_LIMIT = 8 * MB  # the <worksheet> prefix up to the first row is read whole

_SHEETDATA_OPEN = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(/?)>")
_ROOT = re.compile(rb"<((?:\w+:)?worksheet)\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?/>")
_DIMENSION_REF = re.compile(rb"\bref=[\"']([A-Z]*)(\d*):?([A-Z]*)(\d*)[\"']")
_ROW_TAG = re.compile(rb"\s*<(?:\w+:)?row\b([^>]*)>")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']\d")
_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](?:1|true)[\"']")
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?[\"']")

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_STYLES = "xl/styles.xml"
_SHARED_STRINGS = "xl/sharedStrings.xml"


class NotChunkable(Exception):
    """The sheet cannot be read in parts (the caller parses it whole, as before)."""


class PartError(Exception):
    """A later part could not be read. ``io`` is True when writing the temp file failed."""

    def __init__(self, detail: str, *, io: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.io = io


def column_index(letters: bytes | str) -> int:
    """A -> 0, Z -> 25, AA -> 26."""
    index = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        index = index * 26 + ord(ch) - 64
    return index - 1


def merged_refs(xml: bytes) -> list[tuple[int, int, int, int]]:
    """``(first_row, first_col, last_row, last_col)`` (rows 1-based, columns 0-based) of the
    ``<mergeCell ref="A1:C2"/>`` elements in ``xml`` (the sheet XML after ``</sheetData>``)."""
    found = []
    for m in _MERGE_CELL.finditer(xml):
        first_col, first_row = column_index(m[1]), int(m[2])
        if m[3]:
            found.append((first_row, first_col, int(m[4]), column_index(m[3])))
        else:
            found.append((first_row, first_col, first_row, first_col))
    return found


def chunkable_entry(zf: zipfile.ZipFile, entry: str) -> bool:
    """Whether the sheet XML ``entry`` is big enough to be read in parts, and the workbook's
    other parts allow it (shared strings small enough to copy into every part)."""
    if zf.getinfo(entry).file_size <= CHUNK_THRESHOLD:
        return False
    # Every part gets a copy of the shared strings; an unusual location would need the rels followed.
    return not any(
        info.filename.lower().endswith("sharedstrings.xml")
        and (info.filename != _SHARED_STRINGS or info.file_size > MAX_SHARED_STRINGS)
        for info in zf.infolist()
    )


class _Head:
    """What precedes the first row of the sheet XML, read once on the caller's thread."""

    def __init__(self, stream: IO[bytes]) -> None:
        data = b""
        while True:
            m = _SHEETDATA_OPEN.search(data)
            row = _ROW_TAG.match(data, m.end()) if m is not None else None
            if row is not None or (m is not None and m[2]) or len(data) > _HEAD_LIMIT:
                break
            if m is not None and re.match(rb"\s*</", data[m.end() :]):
                raise NotChunkable("lembar tanpa baris")
            chunk = stream.read(max(64 * 1024, len(data)))  # doubling: few re-scans of a long prefix
            if not chunk:
                raise NotChunkable("awal data lembar tidak ditemukan")
            data += chunk
        if m is None or m[2] or row is None:
            raise NotChunkable("tanpa baris")
        if not _R_ATTR.search(row[1]):
            raise NotChunkable("baris tanpa atribut r")  # calamine would number each part from 1
        root = _ROOT.search(data, 0, m.start())
        if root is None:
            raise NotChunkable("elemen worksheet tidak ditemukan")
        ns = m[1]
        prefix = data[: m.end()]
        self.prefix_size = len(prefix)
        dimension = _DIMENSION.search(prefix)
        self.dimension_rows: int | None = None
        if dimension is not None:
            ref = _DIMENSION_REF.search(dimension[0])
            if ref is not None and (ref[4] or ref[2]):
                self.dimension_rows = int(ref[4] or ref[2])
        # The dimension describes the whole sheet; each part gets its own extent from calamine.
        self.prefix = _DIMENSION.sub(b"", prefix)
        self.suffix = b"</" + ns + b"sheetData></" + root[1] + b">"
        self.row_end = b"</" + ns + b"row>"
        self.close_tag = b"</" + ns + b"sheetData>"
        self.rest = data[m.end() :]  # already inflated: the start of the rows
        if self.close_tag in self.rest:
            raise NotChunkable("lembar kecil")


def _package(zf: zipfile.ZipFile) -> list[tuple[str, bytes]]:
    """The fixed entries of every part workbook: one sheet, the original styles (calamine needs
    them to tell dates from numbers), shared strings and date system."""
    names = set(zf.namelist())
    workbook_pr = b'<workbookPr date1904="1"/>' if _DATE1904.search(zf.read("xl/workbook.xml")) else b""
    overrides = [
        ("/xl/workbook.xml", f"{_CT}.sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", f"{_CT}.worksheet+xml"),
    ]
    rels = [(f"{_REL_NS}/worksheet", "worksheets/sheet1.xml")]
    copied = []
    if _STYLES in names:
        overrides.append(("/" + _STYLES, f"{_CT}.styles+xml"))
        rels.append((f"{_REL_NS}/styles", "styles.xml"))
        copied.append((_STYLES, zf.read(_STYLES)))
    if _SHARED_STRINGS in names:
        overrides.append(("/" + _SHARED_STRINGS, f"{_CT}.sharedStrings+xml"))
        rels.append((f"{_REL_NS}/sharedStrings", "sharedStrings.xml"))
        copied.append((_SHARED_STRINGS, zf.read(_SHARED_STRINGS)))
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
        + "</Types>"
    )
    root_rels = (
        f'<Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'.encode()
        + workbook_pr
        + b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<Relationships xmlns="{_PKG_REL_NS}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{t}" Target="{target}"/>'
            for i, (t, target) in enumerate(rels, 1)
        )
        + "</Relationships>"
    )
    return [
        ("[Content_Types].xml", content_types.encode()),
        ("_rels/.rels", root_rels.encode()),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels.encode()),
        *copied,
    ]


class PartedSheet:
    """The sheet XML ``entry`` of the xlsx at ``path``, parsed part after part by calamine.

    Raises :class:`NotChunkable` when the sheet does not suit (rows without ``r`` attributes,
    no rows, an unexpected layout). Two background threads: the cutter inflates the sheet XML
    and writes the part files (at most :data:`PARTS_AHEAD` waiting on disk); the parser parses
    the next part while the caller works on the rows of the current one (:meth:`sheets`).
    Cutting and parsing are separate threads because each GIL hand-back after zlib, a file
    write or calamine waits up to 5 ms behind a busy caller: one thread doing both fell behind.
    """

    def __init__(self, path: Path, entry: str, *, part_size: int | None = None,
                 formula: re.Pattern[bytes] | None = None) -> None:
        self.part_size = part_size or PART_SIZE
        # The cutter reads every byte of the sheet XML once: it also finds the cells matching
        # ``formula`` (group 1: the cell reference) and keeps what follows the rows (merged
        # cells), so that nothing else has to inflate the sheet a second time.
        self._formulas = FormulaFinder(formula if formula is not None else _NO_MATCH)
        self.ending = b""  # the sheet XML after </sheetData>, once :attr:`cut_done` is set
        self.cut_done = threading.Event()
        self._zip = zipfile.ZipFile(path)
        try:
            self._package = _package(self._zip)
            self._stream: IO[bytes] = self._zip.open(entry)
            self._head = _Head(self._stream)
            self.temp_dir = Path(tempfile.mkdtemp(prefix="mutasi-impor-"))
        except BaseException:
            self._zip.close()
            raise
        self.dimension_rows = self._head.dimension_rows
        self.xml_size = self._zip.getinfo(entry).file_size
        self.first_bytes = 0  # sheet XML bytes up to the end of the first part, once cut
        # Inflated rows XML not in a part yet, and the end of the last chunk read (for a close
        # tag across two chunks).
        self._pending: list[bytes | memoryview] = [self._head.rest]
        self._tail = self._head.rest[-(len(self._head.close_tag) - 1) :]
        self._finished = False
        self._stop = threading.Event()
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.temp_dir, True)  # if never closed
        # Part files, then None at the end or the PartError that stopped the cutter.
        self._files: queue.Queue[Path | PartError | None] = queue.Queue(maxsize=PARTS_AHEAD)
        self._cutter = threading.Thread(target=self._cut, name="xlsx-potong", daemon=True)
        self._cutter.start()
        self._parser = ThreadPoolExecutor(max_workers=PARSERS, thread_name_prefix="xlsx-bagian")
        self._turn = threading.Condition()
        self._next_ticket = 0

    @property
    def formula_cells(self) -> list[str]:
        """Cells with a formula without a saved value seen so far (all of them once
        :attr:`cut_done` is set)."""
        return self._formulas.cells

    def sheets(self) -> Iterator[Any]:
        """calamine sheets of the parts in order; raises :class:`PartError` for a damaged part."""
        # PARSERS parts are parsed ahead, each on a thread of its own (GIL-free in calamine):
        # when the caller waits or the cutter rests, both cores parse.
        futures: collections.deque[Future[Any]] = collections.deque(
            self._parser.submit(self._parse_next, ticket) for ticket in range(PARSERS))
        ticket = PARSERS
        while True:
            sheet = futures.popleft().result()
            if sheet is None:
                return
            futures.append(self._parser.submit(self._parse_next, ticket))
            ticket += 1
            yield sheet

    def estimated_rows(self, first: Any) -> int:
        """The sheet's row count: its ``<dimension>`` when plausible, else extrapolated from the
        bytes per row of the ``first`` part (parsed)."""
        rows = int(first.end[0]) + 1
        if self.dimension_rows is not None and self.dimension_rows >= rows:
            return self.dimension_rows
        return max(rows, round(rows * self.xml_size / max(1, self.first_bytes)))

    def close(self) -> None:
        """Stop the background threads and delete the temp files (also after an early stop)."""
        self._stop.set()
        self._parser.shutdown(wait=True, cancel_futures=True)
        self._cutter.join()
        self._stream.close()
        self._zip.close()
        self._cleanup()

    # -- on the background threads --------------------------------------------------------------
    def _cut(self) -> None:
        """The cutter thread: part files into ``self._files`` until the end of the rows."""
        item: Path | PartError | None = None
        count = 0
        try:
            self._formulas.feed(self._head.rest)
            while (rows := self._next_rows(min(self.part_size, FIRST_PART_SIZE << (2 * count)))) is not None:
                count += 1
                if count == 1:
                    self.first_bytes = self._head.prefix_size + sum(map(len, rows))
                part = self.temp_dir / f"bagian-{count:05d}.xlsx"
                self._write_part(part, rows)
                if not self._put(part):
                    return
        except PartError as exc:
            item = exc
        except OSError as exc:  # writing the temp file (a read error of the zip is a BadZipFile)
            item = PartError(exc.strerror or str(exc), io=True)
        except Exception as exc:  # zlib.error, BadZipFile (CRC), EOFError on a truncated entry
            item = PartError(str(exc) or type(exc).__name__)
        finally:
            self.cut_done.set()
        self._put(item)

    def _put(self, item: Path | PartError | None) -> bool:
        while not self._stop.is_set():
            with contextlib.suppress(queue.Full):
                self._files.put(item, timeout=0.1)
                return True
        return False

    def _take(self, ticket: int) -> Path | PartError | None:
        """The part file for call number ``ticket``: files go out in ticket order, whichever
        parser thread asks first. None when stopped."""
        with self._turn:
            while self._next_ticket != ticket:
                if self._stop.is_set():
                    return None
                self._turn.wait(0.1)
            while not self._stop.is_set():
                try:
                    item = self._files.get(timeout=0.1)
                except queue.Empty:
                    continue
                if item is None or isinstance(item, PartError):
                    self._files.put(item)  # also for the later calls
                self._next_ticket += 1
                self._turn.notify_all()
                return item
        return None

    def _parse_next(self, ticket: int) -> Any:
        """A parser thread: part number ``ticket`` parsed, or None after the last."""
        item = self._take(ticket)
        if item is None:
            return None
        if isinstance(item, PartError):
            raise item
        try:
            with python_calamine.CalamineWorkbook.from_path(str(item)) as workbook:
                return workbook.get_sheet_by_index(0)
        except Exception as exc:
            raise PartError(str(exc) or type(exc).__name__) from None
        finally:
            item.unlink(missing_ok=True)

    def _next_rows(self, part_size: int | None = None) -> list[bytes | memoryview] | None:
        """The XML of the next whole rows (about ``part_size`` bytes, by default
        :attr:`part_size`) as pieces of the inflated chunks (no joined copy), or None at the end."""
        if self._finished:
            return None
        part_size = part_size or self.part_size
        close_tag, row_end = self._head.close_tag, self._head.row_end
        pieces, self._pending = self._pending, []
        size = sum(map(len, pieces))  # bytes of rows XML in pieces
        while not self._stop.is_set():
            chunk = self._stream.read(min(READ_SIZE, part_size))
            if not chunk:
                raise PartError("akhir data lembar kerja tidak ditemukan")
            self._formulas.feed(chunk)
            # The close tag may straddle the previous chunk and this one.
            joint = self._tail + chunk[: len(close_tag) - 1]
            at = joint.find(close_tag)
            end = at - len(self._tail) if at >= 0 else chunk.find(close_tag)
            if at >= 0 or end >= 0:
                if end < 0:
                    pieces[-1] = memoryview(pieces[-1])[: len(pieces[-1]) + end]
                else:
                    pieces.append(memoryview(chunk)[:end])
                self._finished = True
                ending = [chunk[end + len(close_tag) :]]
                while more := self._stream.read(READ_SIZE):  # to the end: zipfile checks the CRC
                    ending.append(more)
                self.ending = b"".join(ending)
                return pieces if _start(pieces).strip() else None
            pieces.append(chunk)
            size += len(chunk)
            self._tail = chunk[-(len(close_tag) - 1) :]
            if size >= part_size:
                # "</row>" cannot occur inside cell text ("<" is escaped in XML).
                cut = chunk.rfind(row_end)
                if cut >= 0:
                    cut += len(row_end)
                    pieces[-1] = memoryview(chunk)[:cut]
                    self._pending = [memoryview(chunk)[cut:]]
                    return pieces
        return None

    def _write_part(self, part: Path, pieces: list[bytes | memoryview]) -> None:
        first = _ROW_TAG.match(_start(pieces))
        if first is None or not _R_ATTR.search(first[1]):
            raise PartError("baris tanpa nomor (atribut r)")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED) as out:
            for name, data in self._package:
                out.writestr(name, data)
            with out.open("xl/worksheets/sheet1.xml", "w") as sheet:
                sheet.write(self._head.prefix)
                for piece in pieces:
                    sheet.write(piece)
                sheet.write(self._head.suffix)


class FormulaFinder:
    """The cells matching ``pattern`` (group 1: the cell reference) in XML fed chunk by chunk, a
    match straddling two chunks included; at most ``limit`` of them. The regex runs only on
    chunks that hold a formula tag at all."""

    def __init__(self, pattern: re.Pattern[bytes], limit: int = 20) -> None:
        self.pattern = pattern
        self.limit = limit
        self.cells: list[str] = []
        self._carry = b""

    @property
    def full(self) -> bool:
        return len(self.cells) >= self.limit

    def feed(self, chunk: bytes) -> None:
        if self.full:
            return
        carry = self._carry
        if (_has_formula_tag(chunk) or b"<f" in carry
                or (carry[-1:] == b"<" and chunk[:1] == b"f")):  # "<" ending one chunk, "f" the next
            for m in self.pattern.finditer(carry + chunk):
                ref = m[1].decode("ascii")
                if ref not in self.cells:
                    self.cells.append(ref)
                    if self.full:
                        break
        self._carry = chunk[-_CARRY:] if len(chunk) >= _CARRY else (carry + chunk)[-_CARRY:]


_CARRY = 8192  # longer than any one formula cell's XML


def _has_formula_tag(chunk: bytes) -> bool:
    """``b"<f" in chunk``, computed by NumPy without the GIL: ``bytes.__contains__`` holds the
    GIL for 16 ms per 16 MB of XML (every ``<`` is a candidate), stalling the thread that
    validates rows."""
    size = len(chunk)
    if size < 1 << 16:
        return b"<f" in chunk
    # The two bytes as one little-endian 16-bit number, at even and at odd offsets.
    if (np.frombuffer(chunk, dtype="<u2", count=size // 2) == _LT_F).any():
        return True
    return bool((np.frombuffer(chunk, dtype="<u2", offset=1, count=(size - 1) // 2) == _LT_F).any())


_LT_F = ord("<") | (ord("f") << 8)
_NO_MATCH = re.compile(rb"(?!)()")  # no formula check asked for


def _start(pieces: list[bytes | memoryview], size: int = 4096) -> bytes:
    """The first ``size`` bytes of ``pieces`` joined."""
    out = b""
    for piece in pieces:
        out += bytes(piece[: size - len(out)])
        if len(out) >= size:
            break
    return out
