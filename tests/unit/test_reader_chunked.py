"""A big xlsx sheet read in parts (documents/excel/xlsx_parts.py) gives exactly the rows of the
whole-sheet parse. The size thresholds are lowered so that small synthetic files are cut into
many parts; every file is generated here."""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import PatternFill
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from mutasi_desktop.documents.excel import reader, xlsx_parts
from mutasi_desktop.documents.excel.reader import MergedRange, SpreadsheetError, TableReader
from tests.fixtures_excel.siasn import SIASN_COLUMNS_65, siasn_rows, write_siasn_xlsx

SHEET = "xl/worksheets/sheet1.xml"
Rows = list[tuple[int, list[Any]]]


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Sheets above 64 KB are read in parts of about 32 KB; yields the list of part sizes cut."""
    monkeypatch.setattr(xlsx_parts, "CHUNK_THRESHOLD", 64 * 1024)
    monkeypatch.setattr(xlsx_parts, "PART_SIZE", 32 * 1024)
    sizes: list[int] = []
    write_part = xlsx_parts.PartedSheet._write_part

    def counting(self: xlsx_parts.PartedSheet, part: Path, pieces: list[bytes | memoryview]) -> None:
        sizes.append(sum(map(len, pieces)))
        write_part(self, part, pieces)

    monkeypatch.setattr(xlsx_parts.PartedSheet, "_write_part", counting)
    yield sizes


@dataclass
class Read:
    rows: Rows
    sheet_names: list[str]
    sheet_name: str
    merged: list[MergedRange]
    estimated_rows: int | None = field(compare=False)


def _read(table: TableReader) -> Read:
    rows = list(table.rows())
    return Read(rows, table.sheet_names, table.sheet_name, table.merged_ranges(), table.estimated_rows())


def _whole(path: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> Read:
    with monkeypatch.context() as m:
        m.setattr(xlsx_parts, "CHUNK_THRESHOLD", 1 << 40)
        with TableReader(path, **kwargs) as table:
            assert table._parted is None
            return _read(table)


def _parted(path: Path, **kwargs: Any) -> Read:
    with TableReader(path, **kwargs) as table:
        assert table._parted is not None, "the sheet should have been read in parts"
        return _read(table)


def _siasn(path: Path, n: int = 240) -> Path:
    return write_siasn_xlsx(
        path,
        siasn_rows(n, seed=7),
        columns=SIASN_COLUMNS_65,
        title_rows=["DATA ASN KABUPATEN SUKAMAJU (SINTETIS)"],
        blank_rows_every=9,
    )


def _rewrite_sheet(src: Path, dst: Path, change: Any) -> Path:
    """A copy of ``src`` with the sheet XML replaced by ``change(xml)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(data) if info.filename == SHEET else data)
    return dst


def test_siasn_export_in_parts_gives_the_rows_of_the_whole_sheet(
    tmp_path: Path, small_parts: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _siasn(tmp_path / "siasn.xlsx")
    whole = _whole(path, monkeypatch)
    read = _parted(path)
    assert len(small_parts) > 10  # really many parts
    assert read == whole
    assert read.sheet_names == ["Data ASN"]
    assert read.sheet_name == "Data ASN"
    parted = read.rows
    # Title row, header, then data with an empty row after every 9th pegawai.
    assert parted[0] == (1, ["DATA ASN KABUPATEN SUKAMAJU (SINTETIS)"] + [""] * 64)
    assert parted[1][1][:3] == ["PNS ID", "NIP BARU", "NIP LAMA"]
    assert parted[11] == (12, [""] * 65)
    born = SIASN_COLUMNS_65.index("TANGGAL LAHIR")
    assert all(isinstance(cells[born], date) for _n, cells in parted[2:11])
    assert [n for n, _c in parted] == list(range(1, len(parted) + 1))
    # openpyxl write-only writes no <dimension>: the estimate comes from the first part's bytes.
    assert whole.estimated_rows == len(parted)
    assert read.estimated_rows is not None
    assert abs(read.estimated_rows - len(parted)) < len(parted) * 0.1
    assert read.merged == []


def test_offset_sheet_with_merged_header_gaps_and_1904_dates(
    tmp_path: Path, small_parts: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data from column C and row 3, a merged title, rows holding only formatting (no value)
    filling whole parts, a 1904 date system: the same rows, numbers and merged ranges."""
    monkeypatch.setattr(xlsx_parts, "PART_SIZE", 4 * 1024)
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    assert ws is not None
    ws.title = "Pegawai"
    ws["C3"] = "Daftar pegawai (sintetis)"
    ws.merge_cells("C3:F3")
    ws.append([None, None, "NIP", "Nama", "Lahir", "Gaji"])
    grey = PatternFill("solid", fgColor="DDDDDD")
    number = 5
    for block in range(8):
        for i in range(60):
            ws.append([None, None, f"19800101200{block}{i:03d}", f"Pegawai {block}-{i}",
                       date(1980, 1, 1 + i % 28), 3_000_000 + i * 0.5])  # fmt: skip
            number += 1
        for _ in range(150):  # formatted cells without a value: calamine sees empty rows
            ws.cell(row=number, column=4).fill = grey
            number += 1
    ws.cell(row=number + 3, column=3, value=datetime(2024, 5, 17, 8, 30))
    path = tmp_path / "geser.xlsx"
    wb.save(path)
    assert zipfile.ZipFile(path).getinfo(SHEET).file_size > 64 * 1024

    whole = _whole(path, monkeypatch)
    read = _parted(path)
    assert read == whole
    parted = read.rows
    assert parted[2] == (3, [None, None, "Daftar pegawai (sintetis)", "", "", ""])
    assert parted[4] == (5, [None, None, "198001012000000", "Pegawai 0-0", date(1980, 1, 1), 3_000_000.0])
    assert parted[-1] == (number + 3, [None, None, datetime(2024, 5, 17, 8, 30), "", "", ""])
    assert [m.ref for m in read.merged] == ["C3:F3"]
    # openpyxl writes <dimension ref="C3:F...">: the estimate comes from it.
    assert read.estimated_rows == whole.estimated_rows == number + 3


def test_big_sheet_read_by_name_and_index_and_twice(
    tmp_path: Path, small_parts: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    wb = openpyxl.Workbook(write_only=True)
    wb.create_sheet("Sampul").append(["Sampul"])
    data = wb.create_sheet("Data")
    for i in range(3000):
        data.append([i, f"baris {i}", i * 1.5])
    path = tmp_path / "dua.xlsx"
    wb.save(path)
    whole = _whole(path, monkeypatch, sheet="Data")
    assert _parted(path, sheet="Data") == _parted(path, sheet=1) == whole
    assert whole.sheet_name == "Data"
    with TableReader(path, sheet="Data") as again:
        first = list(again.rows())
        assert list(again.rows()) == first == whole.rows  # a second pass parses the sheet whole
    # The first visible sheet (the small cover) is still the one chosen by default.
    with TableReader(path) as cover:
        assert cover._parted is None and cover.sheet_name == "Sampul"


def test_close_midway_stops_the_threads_and_deletes_the_parts(tmp_path: Path, small_parts: list[int]) -> None:
    path = _siasn(tmp_path / "siasn.xlsx")
    table = TableReader(path)
    assert table._parted is not None
    temp_dir = table._parted.temp_dir
    rows = table.rows()
    for _ in range(30):
        next(rows)
    assert temp_dir.exists()
    assert any(t.name.startswith(("xlsx-potong", "xlsx-bagian")) for t in threading.enumerate())
    table.close()
    assert not temp_dir.exists()
    assert not any(t.name.startswith(("xlsx-potong", "xlsx-bagian")) for t in threading.enumerate())


def test_rows_without_r_attributes_are_parsed_whole(
    tmp_path: Path, small_parts: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _siasn(tmp_path / "siasn.xlsx", n=60)
    expected = _whole(src, monkeypatch).rows
    path = _rewrite_sheet(src, tmp_path / "tanpa_r.xlsx", lambda xml: re.sub(rb'<row r="\d+"', b"<row", xml))
    assert b'<row r="' not in zipfile.ZipFile(path).read(SHEET)
    with TableReader(path) as table:
        assert table._parted is None
        assert list(table.rows()) == expected


def test_damaged_later_part_is_a_clear_error(tmp_path: Path, small_parts: list[int]) -> None:
    src = _siasn(tmp_path / "siasn.xlsx")
    xml = zipfile.ZipFile(src).read(SHEET)
    at = xml.index(b'<row r="200"')
    broken = _rewrite_sheet(
        src, tmp_path / "rusak.xlsx", lambda x: x[:at] + b'<row r="200"><c r="A200"><v>1</row>' + x[at:]
    )
    with TableReader(broken) as table:
        assert table._parted is not None  # the first parts are fine
        with pytest.raises(
            SpreadsheetError, match=r"Berkas 'rusak.xlsx' rusak dan tidak dapat dibaca \(setelah baris"
        ):
            list(table.rows())


def test_truncated_sheet_xml_and_corrupt_compressed_data_are_clear_errors(
    tmp_path: Path, small_parts: list[int]
) -> None:
    src = _siasn(tmp_path / "siasn.xlsx")
    cut = _rewrite_sheet(src, tmp_path / "terpotong.xlsx", lambda x: x[: len(x) * 3 // 4])
    with TableReader(cut) as table, pytest.raises(SpreadsheetError, match=r"'terpotong\.xlsx' rusak"):
        list(table.rows())

    corrupt = tmp_path / "acak.xlsx"
    corrupt.write_bytes(src.read_bytes())
    info = zipfile.ZipFile(corrupt).getinfo(SHEET)
    with corrupt.open("r+b") as fh:  # flip 64 bytes at 4/5 of the compressed sheet XML
        fh.seek(info.header_offset + 26)
        name_len, extra_len = int.from_bytes(fh.read(2), "little"), int.from_bytes(fh.read(2), "little")
        start = info.header_offset + 30 + name_len + extra_len
        fh.seek(start + info.compress_size * 4 // 5)
        damaged = bytes(b ^ 0x5A for b in fh.read(64))
        fh.seek(start + info.compress_size * 4 // 5)
        fh.write(damaged)
    with TableReader(corrupt) as table:
        assert table._parted is not None
        with pytest.raises(SpreadsheetError, match=r"'acak\.xlsx' rusak"):
            list(table.rows())


def test_too_long_cell_in_a_later_part_names_its_cell(tmp_path: Path, small_parts: list[int]) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    for i in range(1, 2001):
        ws.append([i, "PANJANG" if i == 1500 else "x" * 20, "y"])
    wb.save(tmp_path / "asal.xlsx")
    # openpyxl itself cuts a value to 32,767 characters: put the long one in the XML directly.
    path = _rewrite_sheet(
        tmp_path / "asal.xlsx", tmp_path / "panjang.xlsx", lambda x: x.replace(b"PANJANG", b"x" * 40_000)
    )
    with TableReader(path) as table:
        assert table._parted is not None
        with pytest.raises(SpreadsheetError, match=r"Sel B1500 .* berisi 40\.000 karakter"):
            list(table.rows())


def test_small_workbooks_keep_the_whole_sheet_parse(tmp_path: Path) -> None:
    path = _siasn(tmp_path / "kecil.xlsx", n=30)
    with TableReader(path) as table:
        assert table._parted is None
        assert next(iter(table.rows()))[0] == 1


def test_whole_sheet_rows_are_numbered_from_row_one(tmp_path: Path) -> None:
    """calamine's iter_rows starts at row 1 even when the first used row is lower."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["C3"] = "judul"
    ws["D5"] = 2
    path = tmp_path / "bawah.xlsx"
    wb.save(path)
    with TableReader(path) as table:
        assert list(table.rows()) == [
            (1, [None, None, "", ""]),
            (2, [None, None, "", ""]),
            (3, [None, None, "judul", ""]),
            (4, [None, None, "", ""]),
            (5, [None, None, "", 2]),
        ]


def test_merged_refs_parse_single_cells_and_prefixes() -> None:
    xml = b'</x:sheetData><x:mergeCells count="2"><x:mergeCell ref="AA10:AB12"/><x:mergeCell ref="B2"/></x:mergeCells>'
    assert xlsx_parts.merged_refs(xml) == [(10, 26, 12, 27), (2, 1, 2, 1)]
    assert reader.column_letter(xlsx_parts.column_index("AB")) == "AB"


def _with_shared_strings(src: Path, dst: Path) -> Path:
    """``src`` with its inline strings moved to xl/sharedStrings.xml, as Excel saves text."""
    strings: dict[bytes, int] = {}

    def shared(m: re.Match[bytes]) -> bytes:
        index = strings.setdefault(m[2], len(strings))
        return m[1] + b' t="s"><v>' + str(index).encode() + b"</v></c>"

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == SHEET:
                data = re.sub(
                    rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>([^<]*)</t></is></c>',
                    shared,
                    data,
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            zout.writestr(info.filename, data)
        items = b"".join(b"<si><t>" + text + b"</t></si>" for text in strings)
        zout.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
            % (len(strings), len(strings))
            + items
            + b"</sst>",
        )
    return dst


def test_shared_strings_are_copied_into_each_part_unless_big(
    tmp_path: Path, small_parts: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _with_shared_strings(_siasn(tmp_path / "siasn.xlsx"), tmp_path / "sst.xlsx")
    with zipfile.ZipFile(path) as zf:
        assert b"inlineStr" not in zf.read(SHEET)
        assert zf.getinfo("xl/sharedStrings.xml").file_size > 1024
    read = _parted(path)
    assert read == _whole(path, monkeypatch)
    assert read.rows[1][1][:2] == ["PNS ID", "NIP BARU"]
    monkeypatch.setattr(xlsx_parts, "MAX_SHARED_STRINGS", 1024)
    with TableReader(path) as table:
        assert table._parted is None


def test_temp_file_that_cannot_be_written_is_said_so(
    tmp_path: Path, small_parts: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _siasn(tmp_path / "siasn.xlsx")
    write_part = xlsx_parts.PartedSheet._write_part

    def disk_full_at_the_fourth(
        self: xlsx_parts.PartedSheet, part: Path, pieces: list[bytes | memoryview]
    ) -> None:
        if part.name.endswith("00004.xlsx"):
            raise OSError(28, "No space left on device")
        write_part(self, part, pieces)

    monkeypatch.setattr(xlsx_parts.PartedSheet, "_write_part", disk_full_at_the_fourth)
    with TableReader(path) as table:
        with pytest.raises(
            SpreadsheetError, match=r"Berkas sementara .* tidak dapat ditulis .*No space left"
        ):
            list(table.rows())
        temp_dir = table._parted.temp_dir if table._parted is not None else None
    assert temp_dir is not None and not temp_dir.exists()


def test_formula_without_value_in_parts_is_refused_while_reading(tmp_path: Path, small_parts: list[int]) -> None:
    """A sheet read in parts does not wait for the formula scan before the first row, but the
    rows never all come out: the scan's finding stops the reading with the usual message."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    for i in range(1, 3001):
        ws.append([i, "=A1*2" if i == 2500 else "x" * 20, "y"])
    wb.save(tmp_path / "rumus.xlsx")  # openpyxl stores the formula only: no saved value
    with TableReader(tmp_path / "rumus.xlsx") as table:
        assert table._parted is not None
        with pytest.raises(SpreadsheetError, match=r"Sel B2500 .*rumus \(formula\) tanpa nilai tersimpan"):
            list(table.rows())


def test_merged_header_of_a_sheet_in_parts_is_refused_before_the_plan_ends(
    tmp_path: Path, small_parts: list[int]
) -> None:
    from mutasi_desktop.services.import_common import open_layout
    from mutasi_desktop.services.import_pegawai import PEGAWAI_IMPORT_FIELDS

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIP BARU", "NAMA", "NAMA", "UNOR NAMA"])
    ws.merge_cells("B1:C1")
    for i in range(3000):
        ws.append([f"19900102201503{1000 + i:04d}", f"Pegawai {i}", "", "Dinas Uji"])
    wb.save(tmp_path / "gabung.xlsx")
    table, _layout, data = open_layout(tmp_path / "gabung.xlsx", PEGAWAI_IMPORT_FIELDS)
    try:
        assert table._parted is not None and not table.merged_ranges_known()
        with pytest.raises(SpreadsheetError, match=r"B1:C1 digabung"):
            list(data)
    finally:
        table.close()


@pytest.mark.parametrize("at", [0, 1, 70_000, 199_998])
def test_formula_tag_search_on_big_chunks_finds_every_position(at: int) -> None:
    filler = b'<c r="A1" t="inlineStr"><is><t>x</t></is></c>'
    chunk = bytearray((filler * 5000)[:200_000])
    assert not xlsx_parts._has_formula_tag(bytes(chunk))
    chunk[at : at + 2] = b"<f"
    assert xlsx_parts._has_formula_tag(bytes(chunk))
    assert not xlsx_parts._has_formula_tag(bytes(chunk).replace(b"<f", b"<g"))
    assert not xlsx_parts._has_formula_tag(b"<" + b"f".rjust(100_000, b" "))  # "<" and "f" apart


def test_formula_finder_sees_a_formula_cut_between_two_chunks_anywhere() -> None:
    cell = b'<c r="B7"><f>A1*2</f><v></v></c>'
    xml = b'<row r="6"><c r="A6" t="inlineStr"><is><t>x</t></is></c></row><row r="7">' + cell + b"</row>"
    for cut in range(1, len(xml)):
        finder = xlsx_parts.FormulaFinder(reader._FORMULA_NO_VALUE)
        finder.feed(xml[:cut])
        finder.feed(xml[cut:])
        assert finder.cells == ["B7"], cut
