"""What every spreadsheet import shares: finding the header, mapping columns, row-level issues,
unit kerja / jabatan names that do not exist yet, saved mapping profiles and the error workbook.

The flow of every import is *plan* (read, validate, compare with the database: a dry run that
writes nothing) and then *commit* (one transaction). Problems are :class:`ImportIssue` rows with
the spreadsheet row number, the column as the clerk sees it and an Indonesian message.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Jabatan, ProfilImpor, UnitKerja
from mutasi_desktop.documents.excel.reader import (
    SpreadsheetError,
    TableReader,
    column_letter,
    open_table,
)
from mutasi_desktop.documents.excel.writer import Column, write_table_xlsx
from mutasi_desktop.domain.column_mapping import (
    HEADER_SCAN_ROWS,
    FieldSpec,
    Suggestion,
    find_header_row,
    first_text_row,
    labels_for,
    match_headers,
    normalize_header,
    suggest_mapping,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, AksesDitolak, Izin, require
from mutasi_desktop.domain.search_text import fold

GALAT = "GALAT"
PERINGATAN = "PERINGATAN"
# Row statuses of every import preview.
BARU, BERUBAH, SAMA, TIDAK_VALID = "BARU", "BERUBAH", "SAMA", "TIDAK_VALID"
BUAT = "BUAT"  # decision for an unknown unit/jabatan name: create it
KOLOM_KETERANGAN = "Keterangan galat"
KOLOM_BARIS_ASAL = "Baris asal"

ProgressFn = Callable[[int, int, str], None]


class ImportDibatalkan(DomainError):
    """The clerk cancelled a running import; nothing was written."""


@dataclass(frozen=True)
class ImportIssue:
    """One problem: ``row`` is the spreadsheet row (0 = the whole file)."""

    row: int
    column: str
    message: str
    level: str = GALAT

    def text(self) -> str:
        where = f"Baris {self.row}" if self.row else "Berkas"
        if self.column:
            where += f", kolom {self.column}"
        prefix = "" if self.level == GALAT else "Peringatan: "
        return f"{where}: {prefix}{self.message}"


@dataclass(frozen=True)
class FileLayout:
    """Where the data sits in the file and which column feeds which field."""

    path: str
    format: str
    sheet_name: str
    sheet_names: tuple[str, ...]
    header_row: int  # 1-based
    headers: tuple[str, ...]
    mapping: dict[int, str]  # column index -> field key
    ignored_columns: tuple[str, ...] = ()
    missing_fields: tuple[str, ...] = ()  # labels of optional fields not in the file
    # Second columns for one field (SIASN has GOL AKHIR NAMA and GOL AKHIR ID): read when the
    # preferred column is empty in a row.
    fallbacks: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def column_of(self, key: str) -> int | None:
        for column, field_key in self.mapping.items():
            if field_key == key:
                return column
        return None

    def column_label(self, key: str) -> str:
        """``TANGGAL LAHIR (C)``: the header as written plus the column letter."""
        column = self.column_of(key)
        if column is None:
            return key
        header = self.headers[column] if column < len(self.headers) else ""
        return f"{header} ({column_letter(column)})" if header else column_letter(column)


@dataclass
class RawRow:
    number: int
    values: dict[str, object]
    cells: list[Any]


@dataclass
class RowBatch:
    """Consecutive data rows (empty rows left out) with their mapped values by column:
    ``columns[key][k]`` is the value of field ``key`` on row ``numbers[k]`` (None when the row
    has no such cell), fallback columns already applied."""

    numbers: list[int]
    cells: list[list[Any]]
    columns: dict[str, list[object]]


class LayoutRows:
    """The data rows below the header, read once: row by row (iterating gives
    :class:`RawRow`) or in :meth:`batches`. The merged-header check of a big sheet, unknown
    when the rows began, runs after the last row."""

    def __init__(self, layout: FileLayout, source: Iterator[tuple[int, list[Any]]],
                 at_end: Callable[[], None]) -> None:
        self.layout = layout
        self._source = source
        self._at_end = at_end
        self._items = list(layout.mapping.items())
        self._fallbacks = list(layout.fallbacks.items())
        self._widest = max((col for col, _key in self._items), default=-1) + 1

    def __iter__(self) -> Iterator[RawRow]:
        keys = [key for _col, key in self._items]
        for batch in self.batches(500):
            columns = [batch.columns[key] for key in keys]
            for k, (number, cells) in enumerate(zip(batch.numbers, batch.cells, strict=True)):
                yield RawRow(number, {key: column[k] for key, column in zip(keys, columns, strict=True)}, cells)

    def batches(self, size: int) -> Iterator[RowBatch]:
        """The rows in batches of ``size`` (the last one smaller)."""
        numbers: list[int] = []
        rows: list[list[Any]] = []
        for number, cells in self._source:
            if _is_empty_row(cells):
                continue
            numbers.append(number)
            rows.append(cells)
            if len(rows) >= size:
                yield self._batch(numbers, rows)
                numbers, rows = [], []
        if rows:
            yield self._batch(numbers, rows)
        self._at_end()

    def _batch(self, numbers: list[int], rows: list[list[Any]]) -> RowBatch:
        columns: dict[str, list[object]] = {}
        if min(map(len, rows)) >= self._widest:
            for col, key in self._items:
                columns[key] = list(map(operator.itemgetter(col), rows))
        else:
            for col, key in self._items:
                columns[key] = [cells[col] if col < len(cells) else None for cells in rows]
        for key, fallback in self._fallbacks:
            column = columns[key]
            for k, value in enumerate(column):
                if value in (None, "", "null"):
                    cells = rows[k]
                    column[k] = next((cells[c] for c in fallback if c < len(cells) and cells[c] not in (None, "")),
                                     None)
        return RowBatch(numbers, rows, columns)


@dataclass(frozen=True)
class FileInspection:
    """What the mapping step of the wizard shows: the header found and a suggestion per column."""

    sheet_names: tuple[str, ...]
    sheet_name: str
    header_row: int  # 1-based; 0 when no row looks like a header
    headers: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]
    recognised: bool  # every required field matched by name
    missing_required: tuple[str, ...]
    sample: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class UnknownRef:
    """A unit kerja or jabatan named in the file that the database does not have."""

    jenis: str  # "unit" / "jabatan"
    nama: str
    siasn_id: str | None
    baris: int  # how many rows use it
    baris_pertama: int
    saran: tuple[tuple[int, str, float], ...] = ()  # (id, nama, similarity)
    induk: str = ""  # OPD named in the file, for a unit to create under it
    ambigu: bool = False  # several units share the name; the clerk picks one


@dataclass
class BadRow:
    number: int
    cells: list[Any]
    messages: list[str] = field(default_factory=list)


# Unit and jabatan names repeat on every row of a big file: fold each distinct name once.
fold_name = functools.lru_cache(maxsize=16384)(fold)


def check_cancel(progress: ProgressFn | None, done: int, total: int, label: str) -> None:
    """Report progress; the callback raises to cancel (e.g. ``TaskCancelled``)."""
    if progress is not None:
        progress(done, total, label)


# ------------------------------------------------------------------------------------ reading


def _is_empty_row(cells: Sequence[Any]) -> bool:
    if any(cells):  # C-level fast path: a row with any truthy cell is not empty
        return False
    return not any(c is not None and c != "" for c in cells)  # zeros and False are values


def open_layout(
    path: str | Path,
    fields: Sequence[FieldSpec],
    *,
    profile: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
) -> tuple[TableReader, FileLayout, LayoutRows]:
    """Open ``path``, find the header row and return the reader, the layout and the data rows.

    Raises SpreadsheetError (Indonesian) when the file is unreadable, when no header is found,
    when a required column is missing or when header cells are merged.
    """
    reader = open_table(path, sheet=sheet)
    try:
        rows = reader.rows()
        head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
        if all(_is_empty_row(cells) for _n, cells in head):
            raise SpreadsheetError(f"Lembar kerja '{reader.sheet_name}' pada berkas '{reader.path.name}' kosong.")
        grid = [cells for _n, cells in head]
        index = find_header_row(grid, fields, profile=profile, min_matches=1 if profile else 2)
        if index is None:
            expected = ", ".join(spec.label for spec in fields if spec.required)
            raise SpreadsheetError(
                f"Baris judul kolom tidak dikenali pada {HEADER_SCAN_ROWS} baris pertama lembar "
                f"'{reader.sheet_name}'. Kolom wajib: {expected}. Gunakan pemetaan kolom untuk format lain."
            )
        header_number, header_cells = head[index]
        match = match_headers(header_cells, fields, profile=profile)
        merged_known = reader.merged_ranges_known()  # a big sheet: known once its scan is done
        if merged_known:
            _check_merged_header(reader, header_number, len(header_cells))
        if match.missing_required:
            raise SpreadsheetError(
                "Kolom wajib tidak ditemukan: " + ", ".join(labels_for(match.missing_required, fields))
                + f" (baris judul kolom: baris {header_number}). Kolom yang ada: "
                + ", ".join(h for h in match.headers if h)
            )
        layout = FileLayout(
            path=str(path),
            format=reader.format,
            sheet_name=reader.sheet_name,
            sheet_names=tuple(reader.sheet_names),
            header_row=header_number,
            headers=match.headers,
            mapping=match.mapping,
            ignored_columns=tuple(match.headers[c] for c in match.unmatched),
            missing_fields=tuple(labels_for(match.missing_optional, fields)),
            fallbacks={key: tuple(c for c, k in match.duplicates if k == key) for _c, key in match.duplicates},
        )
    except BaseException:
        reader.close()
        raise

    def at_end() -> None:
        if not merged_known:  # before anything is done with the rows read
            _check_merged_header(reader, header_number, len(header_cells))

    return reader, layout, LayoutRows(layout, itertools.chain(head[index + 1 :], rows), at_end)


def _check_merged_header(reader: TableReader, header_row: int, width: int) -> None:
    for merged in reader.merged_ranges():
        if merged.first_row <= header_row <= merged.last_row and merged.first_col < width:
            raise SpreadsheetError(
                f"Sel judul kolom {merged.ref} digabung (merge cells). Pisahkan sel judul kolom agar setiap "
                "kolom punya judul sendiri dalam satu baris, lalu impor ulang."
            )


def inspect_file(
    path: str | Path,
    fields: Sequence[FieldSpec],
    *,
    profile: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    sample_rows: int = 20,
) -> FileInspection:
    """Header row, suggested mapping and a few data rows, for the wizard's mapping step."""
    with open_table(path, sheet=sheet) as reader:
        numbered = list(itertools.islice(reader.rows(), HEADER_SCAN_ROWS + sample_rows))
        head = [cells for _n, cells in numbered]
        if all(_is_empty_row(cells) for cells in head):
            raise SpreadsheetError(f"Lembar kerja '{reader.sheet_name}' pada berkas '{reader.path.name}' kosong.")
        index = find_header_row(head, fields, profile=profile, min_matches=1 if profile else 2)
        recognised_by_name = index is not None
        if index is None:
            index = first_text_row(head)
        if index is None:
            index = 0
        header = head[index]
        match = match_headers(header, fields, profile=profile)
        suggestions = suggest_mapping(header, fields, profile=profile)
        sample = tuple(tuple(r) for r in head[index + 1 : index + 1 + sample_rows] if not _is_empty_row(r))
        return FileInspection(
            sheet_names=tuple(reader.sheet_names),
            sheet_name=reader.sheet_name,
            header_row=numbered[index][0],
            headers=match.headers,
            suggestions=tuple(suggestions),
            recognised=recognised_by_name and not match.missing_required,
            missing_required=tuple(labels_for(match.missing_required, fields)),
            sample=sample,
        )


# ---------------------------------------------------------------------------- reference names


@dataclass
class RefIndex:
    """Unit kerja or jabatan names (folded) and SIASN ids of the database, for resolving."""

    by_siasn: dict[str, int]
    by_name: dict[str, list[int]]
    names: dict[int, str]
    roots: dict[int, int]  # unit id -> OPD (root) id; empty for jabatan
    paths: dict[int, str] = field(default_factory=dict)  # unit id -> materialised path "/3/17/"

    def resolve(
        self, nama: str | None, siasn_id: str | None, induk: str | None = None, prefer: int | None = None
    ) -> tuple[int | None, bool]:
        """(id, ambiguous). SIASN id first, then the folded name (narrowed by the OPD name); among
        equal names ``prefer`` (the pegawai's current unit/jabatan) wins, so a re-import of an
        export never moves anybody to a namesake."""
        if siasn_id and siasn_id in self.by_siasn:
            return self.by_siasn[siasn_id], False
        if not nama:
            return None, False
        ids = self.by_name.get(fold_name(nama), [])
        if len(ids) == 1:
            return ids[0], False
        if prefer is not None and prefer in ids:
            return prefer, False
        if len(ids) > 1 and induk and self.roots:
            wanted = fold_name(induk)
            narrowed = [i for i in ids if fold_name(self.names.get(self.roots.get(i, -1), "")) == wanted]
            if len(narrowed) == 1:
                return narrowed[0], False
        if len(ids) > 1 and not self.roots:
            return min(ids), False  # jabatan are a catalogue: equal names are the same post
        return None, len(ids) > 1

    def suggestions(self, nama: str, limit: int = 3) -> tuple[tuple[int, str, float], ...]:
        key = fold(nama)
        folded = {fold(n): i for i, n in self.names.items()}
        out: list[tuple[int, str, float]] = []
        for candidate in difflib.get_close_matches(key, list(folded), n=limit, cutoff=0.6):
            ident = folded[candidate]
            out.append((ident, self.names[ident], round(difflib.SequenceMatcher(None, key, candidate).ratio(), 2)))
        for ident in self.by_name.get(key, []):  # ambiguous names: every holder of the name
            if all(ident != o[0] for o in out):
                out.append((ident, self.label(ident), 1.0))
        return tuple(out)

    def label(self, ident: int) -> str:
        root = self.roots.get(ident)
        if root is not None and root != ident:
            return f"{self.names[ident]} — {self.names.get(root, '')}"
        return self.names.get(ident, "")


def load_unit_index(session: Session) -> RefIndex:
    by_siasn: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    names: dict[int, str] = {}
    roots: dict[int, int] = {}
    paths: dict[int, str] = {}
    for ident, nama, siasn, path, aktif in session.execute(
        select(UnitKerja.id, UnitKerja.nama, UnitKerja.siasn_unor_id, UnitKerja.path, UnitKerja.aktif)
    ):
        names[ident] = nama
        paths[ident] = path or ""
        parts = [p for p in (path or "").split("/") if p]
        roots[ident] = int(parts[0]) if parts else ident
        if siasn:
            by_siasn[siasn] = ident
        if aktif:
            by_name.setdefault(fold(nama), []).append(ident)
    return RefIndex(by_siasn, by_name, names, roots, paths)


def load_jabatan_index(session: Session) -> RefIndex:
    by_siasn: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    names: dict[int, str] = {}
    for ident, nama, siasn, aktif in session.execute(
        select(Jabatan.id, Jabatan.nama, Jabatan.siasn_jabatan_id, Jabatan.aktif).order_by(Jabatan.id)
    ):
        names[ident] = nama
        if siasn:
            by_siasn[siasn] = ident
        if aktif:
            by_name.setdefault(fold(nama), []).append(ident)
    return RefIndex(by_siasn, by_name, names, {})


def reference_choices(db: Database, actor: Actor) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Active unit kerja (``"Bidang X — Dinas Y"``) and jabatan as ``(id, label)`` sorted by
    name: what the clerk can map an unknown name to."""
    require(actor, Izin.IMPOR)
    with db.session() as s:
        units, jabatan = load_unit_index(s), load_jabatan_index(s)
    unit_list = sorted({i for ids in units.by_name.values() for i in ids})
    jab_list = sorted({i for ids in jabatan.by_name.values() for i in ids})
    return (sorted(((i, units.label(i)) for i in unit_list), key=lambda item: fold(item[1])),
            sorted(((i, jabatan.label(i)) for i in jab_list), key=lambda item: fold(item[1])))


class UnknownCollector:
    """Counts the rows that name each unknown unit/jabatan, for the preview."""

    def __init__(self, jenis: str) -> None:
        self.jenis = jenis
        self._items: dict[str, dict[str, Any]] = {}

    def add(self, nama: str, siasn_id: str | None, row: int, *, induk: str = "", ambigu: bool = False) -> None:
        key = f"{fold_name(nama)}|{fold_name(induk)}" if ambigu else fold_name(nama)
        item = self._items.get(key)
        if item is None:
            self._items[key] = {"nama": nama, "siasn_id": siasn_id, "baris": 1, "pertama": row,
                                "induk": induk, "ambigu": ambigu}
        else:
            item["baris"] += 1

    def result(self, index: RefIndex) -> list[UnknownRef]:
        return [
            UnknownRef(self.jenis, i["nama"], i["siasn_id"], i["baris"], i["pertama"], index.suggestions(i["nama"]),
                       i["induk"], i["ambigu"])
            for i in sorted(self._items.values(), key=lambda i: (-i["baris"], i["nama"]))
        ]


def outside_opd(actor: Actor, units: RefIndex, unit_id: int | None) -> str | None:
    """Why ``actor`` (an Operator limited to some OPD) may not touch unit ``unit_id``, or None.
    No unit at all counts as outside: such a pegawai belongs to no OPD of the clerk."""
    if not actor.batas_opd:
        return None
    if unit_id is not None and actor.may_touch_unit(units.paths.get(unit_id)):
        return None
    nama = units.names.get(unit_id, "") if unit_id is not None else ""
    return (f"Unit kerja '{nama}' di luar OPD yang boleh Anda kelola" if nama
            else "Akun Anda dibatasi pada OPD tertentu: unit kerja wajib diisi dan harus di dalam OPD Anda")


def refuse_creation_when_limited(actor: Actor, jenis: str, nama: str) -> None:
    """A clerk limited to some OPD may not add to the shared catalogue or the unit tree by import."""
    if actor.batas_opd:
        raise AksesDitolak(
            f"Akses ditolak: akun '{actor.username}' dibatasi pada OPD tertentu dan tidak dapat membuat "
            f"{jenis} baru '{nama}' lewat impor. Petakan ke {jenis} yang sudah ada atau biarkan kosong."
        )


def decision_for(decisions: Mapping[str, int | str | None] | None, nama: str) -> int | str | None:
    """The clerk's decision for a name: an id, :data:`BUAT`, or None (leave empty). Keys are
    compared folded, so "Dinas Kesehatan" and "DINAS  KESEHATAN" are the same."""
    if not decisions:
        return None
    if nama in decisions:
        return decisions[nama]
    key = fold(nama)
    for name, value in decisions.items():
        if fold(name) == key:
            return value
    return None


_UNIT_KINDS = (
    ("SEKRETARIAT", "SEKRETARIAT"), ("SUB BAGIAN", "SUBBAGIAN"), ("SUBBAGIAN", "SUBBAGIAN"), ("BAGIAN", "BAGIAN"),
    ("BIDANG", "BIDANG"), ("SEKSI", "SEKSI"), ("UPT", "UPT"), ("PUSKESMAS", "PUSKESMAS"), ("SEKOLAH", "SEKOLAH"),
    ("SD ", "SEKOLAH"), ("SMP", "SEKOLAH"), ("SMA", "SEKOLAH"), ("KECAMATAN", "KECAMATAN"),
    ("KELURAHAN", "KELURAHAN"),
)  # fmt: skip


def guess_unit_jenis(nama: str, *, top_level: bool) -> str:
    upper = f"{nama.upper()} "
    if top_level and upper.startswith(("DINAS", "BADAN", "SEKRETARIAT DAERAH", "SEKRETARIAT DPRD", "INSPEKTORAT",
                                       "SATUAN", "RUMAH SAKIT", "KANTOR")):
        return "OPD"
    for word, jenis in _UNIT_KINDS:
        if upper.startswith(word) or f" {word}" in f" {upper}":
            return jenis
    return "OPD" if top_level else "LAINNYA"


def create_unit(session: Session, *, nama: str, siasn_id: str | None, induk: str, unit_index: RefIndex,
                username: str) -> int:
    """Create a unit the clerk asked for: under the OPD named in the file when it exists."""
    parent_id, _amb = unit_index.resolve(induk, None) if induk and fold(induk) != fold(nama) else (None, False)
    parent = session.get(UnitKerja, parent_id) if parent_id is not None else None
    unit = UnitKerja(
        nama=nama[:250], jenis=guess_unit_jenis(nama, top_level=parent is None), parent_id=parent_id,
        level=(parent.level + 1) if parent else 0, path="/", siasn_unor_id=siasn_id, updated_by=username,
    )
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.flush()
    unit_index.names[unit.id] = unit.nama
    unit_index.paths[unit.id] = unit.path
    unit_index.by_name.setdefault(fold(unit.nama), []).append(unit.id)
    unit_index.roots[unit.id] = unit_index.roots.get(parent.id, parent.id) if parent else unit.id
    if siasn_id:
        unit_index.by_siasn[siasn_id] = unit.id
    return unit.id


# -------------------------------------------------------------------------------- error file


def write_error_workbook(path: str | Path, layout: FileLayout, bad_rows: Sequence[BadRow]) -> int:
    """The invalid rows with their original columns plus "Keterangan galat", ready to fix and
    re-import (the header row is the file's own, so the same mapping applies)."""
    width = max([len(layout.headers), *(len(b.cells) for b in bad_rows)]) if bad_rows else len(layout.headers)
    headers = [*layout.headers, *([""] * (width - len(layout.headers)))]
    columns = [Column(h or column_letter(i)) for i, h in enumerate(headers)]
    columns += [Column(KOLOM_BARIS_ASAL, "int", 10), Column(KOLOM_KETERANGAN, "text", 80)]
    rows = (
        [*(list(b.cells) + [None] * (width - len(b.cells))), b.number, "; ".join(b.messages)] for b in bad_rows
    )
    return write_table_xlsx(path, columns=columns, rows=rows, sheet_name="Baris galat")


# ------------------------------------------------------------------------------ saved profiles


@dataclass(frozen=True)
class ProfilImporInfo:
    id: int
    nama: str
    jenis: str
    pemetaan: dict[str, str]
    keterangan: str


def list_profiles(db: Database, actor: Actor, jenis: str) -> list[ProfilImporInfo]:
    """Saved column mappings for one kind of import (``PEGAWAI``, ``SKP`` ...)."""
    require(actor, Izin.IMPOR)
    with db.session() as s:
        rows = s.scalars(select(ProfilImpor).where(ProfilImpor.jenis == jenis).order_by(ProfilImpor.nama))
        return [ProfilImporInfo(p.id, p.nama, p.jenis, dict(p.pemetaan.get("kolom", {})), p.keterangan) for p in rows]


def save_profile(
    db: Database, actor: Actor, *, nama: str, jenis: str, pemetaan: Mapping[str, str], keterangan: str = ""
) -> ProfilImporInfo:
    """Save (or replace) a named mapping: normalised header -> field key ("" = ignore)."""
    require(actor, Izin.IMPOR)
    nama = " ".join(nama.split())
    if not nama:
        raise DomainError("Nama profil pemetaan wajib diisi")
    if len(nama) > 120:
        raise DomainError("Nama profil pemetaan maksimal 120 karakter")
    clean = {normalize_header(k): v for k, v in pemetaan.items() if normalize_header(k)}
    with db.session(actor=actor, write=True) as s:
        row = s.scalar(select(ProfilImpor).where(ProfilImpor.nama == nama))
        if row is None:
            row = ProfilImpor(nama=nama, jenis=jenis, pemetaan={"kolom": clean}, keterangan=keterangan)
            s.add(row)
        else:
            if row.jenis != jenis:
                raise DomainError(f"Nama profil '{nama}' sudah dipakai untuk impor {row.jenis}")
            row.pemetaan = {"kolom": clean}
            row.keterangan = keterangan
        s.flush()
        return ProfilImporInfo(row.id, row.nama, row.jenis, clean, row.keterangan)


def delete_profile(db: Database, actor: Actor, profile_id: int) -> None:
    require(actor, Izin.IMPOR)
    with db.session(actor=actor, write=True) as s:
        row = s.get(ProfilImpor, profile_id)
        if row is not None:
            s.delete(row)


def count_rows(statuses: Sequence[str], warnings: int) -> dict[str, int]:
    """The preview's counts shared by every import kind (each plan adds its own extras)."""
    invalid = statuses.count(TIDAK_VALID)
    return {"total": len(statuses), "valid": len(statuses) - invalid, "invalid": invalid,
            "baru": statuses.count(BARU), "berubah": statuses.count(BERUBAH), "sama": statuses.count(SAMA),
            "peringatan": warnings}
