"""Import pegawai from a SIASN "Export Data ASN" file, the app's own template or any mapped sheet.

Two steps, as the clerk sees them in the wizard and the CLI:

* :func:`plan_pegawai_import` reads and validates every row and compares it with the database
  (matched by NIP, and by SIASN PNS ID when present): each row is BARU, BERUBAH (with every
  field's old and new value), SAMA or TIDAK_VALID; unit kerja and jabatan names the database
  does not have are listed for the clerk to map or create. Nothing is written.
* :func:`commit_pegawai_import` writes the plan in ONE transaction with bulk Core statements
  (50,000 rows in seconds), re-reading the current rows inside the write lock so a change made
  meanwhile is not overwritten blindly. Unchanged rows are not touched, so re-importing a file
  adds no audit noise. Strict mode writes nothing when any row is invalid.

An empty cell never clears a stored value (SIASN writes ``null`` for many fields it does not
know); masked values (``3201********0012``) from an export without personal-data access are
skipped the same way.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from mutasi_desktop.db.audit_hook import Aksi, JsonNative
from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Jabatan, Pegawai, RiwayatJabatan, RiwayatPangkat
from mutasi_desktop.domain.column_mapping import FieldSpec
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.import_values import (
    KEDUDUKAN,
    clean_agama,
    clean_date,
    clean_email,
    clean_golongan,
    clean_int,
    clean_jenis_kelamin,
    clean_kedudukan,
    clean_nik,
    clean_nip,
    clean_nip_lama,
    clean_pendidikan,
    clean_phone,
    clean_status_kawin,
    clean_status_kepegawaian,
    clean_text,
    guess_jenis_jabatan,
    guess_jenjang,
    is_masked,
    plain_text,
)
from mutasi_desktop.domain.jabatan_kinds import JenisJabatan
from mutasi_desktop.domain.nip import cross_check_nip
from mutasi_desktop.domain.pegawai_columns import PEGAWAI_KOLOM_LABEL
from mutasi_desktop.domain.pension import bup_for, tanggal_pensiun
from mutasi_desktop.domain.roles import Actor, AksesDitolak, Izin, require
from mutasi_desktop.domain.search_text import fold, nip_groups
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.import_bulk import (
    STAGING,
    STAGING_BASE,
    BulkInserter,
    SerialWorker,
    fast_uuid,
    gc_paused,
    insert_select,
    large_write_cache,
    may_write_from_another_thread,
    new_uuids,
)
from mutasi_desktop.services.import_common import (
    BARU,
    BERUBAH,
    BUAT,
    GALAT,
    PERINGATAN,
    SAMA,
    TIDAK_VALID,
    BadRow,
    FileLayout,
    ImportIssue,
    ProgressFn,
    RefIndex,
    UnknownCollector,
    UnknownRef,
    check_cancel,
    count_rows,
    create_unit,
    decision_for,
    fold_name,
    load_jabatan_index,
    load_unit_index,
    open_layout,
    outside_opd,
    refuse_creation_when_limited,
    write_error_workbook,
)

JENIS_IMPOR = "PEGAWAI"
STATUS_LABEL = {BARU: "Baru", BERUBAH: "Berubah", SAMA: "Tidak berubah", TIDAK_VALID: "Tidak valid"}
_DEFAULT_BUP = 58  # pelaksana (UU 20/2023 Pasal 55) when no jabatan is recorded
_CHUNK = 500
_WRITE_CHUNK = 5000
_PROGRESS_EVERY = 2000
_KETERANGAN_JABATAN = "Impor data pegawai"  # riwayat rows an import starts
_JENIS_KP = "Impor data"
_UUID_JABATAN, _UUID_PANGKAT = "uuid_riwayat_jabatan", "uuid_riwayat_pangkat"  # staged beside each row

F = FieldSpec
PEGAWAI_IMPORT_FIELDS: tuple[FieldSpec, ...] = (
    F("nip", "NIP", ("NIP BARU", "NIP / NI PPPK", "NI PPPK", "NIPPPK", "NIP 18 DIGIT", "NOMOR INDUK PEGAWAI"), True,
      "nip"),
    F("pns_id", "PNS ID", ("ID PNS", "ID SIASN")),
    F("nip_lama", "NIP LAMA", (), False, "digits"),
    F("nama", "NAMA", ("NAMA PEGAWAI", "NAMA LENGKAP", "NAMA ASN", "NAMA TANPA GELAR"), True, width=30),
    F("gelar_depan", "GELAR DEPAN"),
    F("gelar_belakang", "GELAR BELAKANG"),
    F("tempat_lahir", "TEMPAT LAHIR", ("TEMPAT LAHIR NAMA",)),
    F("tanggal_lahir", "TANGGAL LAHIR", ("TGL LAHIR",), False, "date"),
    F("jenis_kelamin", "JENIS KELAMIN", ("JK", "L/P", "KELAMIN"), description="L atau P"),
    F("agama", "AGAMA", ("AGAMA NAMA",)),
    F("status_kawin", "STATUS KAWIN", ("JENIS KAWIN NAMA", "STATUS PERKAWINAN")),
    F("nik", "NIK", ("NO KTP",), False, "digits"),
    F("telepon", "NOMOR HP", ("NO HP", "NOMOR TELEPON", "TELEPON", "HP", "NO TELP")),
    F("email", "EMAIL", ("SUREL", "E MAIL")),
    F("alamat", "ALAMAT", width=40),
    F("status_kepegawaian", "STATUS KEPEGAWAIAN", ("JENIS PEGAWAI NAMA", "JENIS PEGAWAI"), description="CPNS, PNS atau PPPK"),
    F("status_cpns_pns", "STATUS CPNS PNS", ()),
    F("kedudukan", "KEDUDUKAN", ("KEDUDUKAN HUKUM NAMA", "KEDUDUKAN HUKUM", "KEDUDUKAN PEGAWAI")),
    F("tmt_cpns", "TMT CPNS", (), False, "date"),
    F("tmt_pns", "TMT PNS", (), False, "date"),
    F("golongan", "GOLONGAN", ("GOL AKHIR NAMA", "GOL AKHIR ID", "GOL RUANG", "PANGKAT GOLONGAN", "GOL")),
    F("tmt_golongan", "TMT GOLONGAN", ("TMT GOL", "TMT PANGKAT"), False, "date"),
    F("jenis_jabatan", "JENIS JABATAN", ("JENIS JABATAN NAMA", "JENIS JABATAN ID")),
    F("jabatan_siasn_id", "JABATAN ID", ("ID JABATAN",)),
    F("jabatan", "JABATAN", ("JABATAN NAMA", "NAMA JABATAN"), width=40),
    F("tmt_jabatan", "TMT JABATAN", (), False, "date"),
    F("unit_siasn_id", "UNOR ID", ("ID UNOR",)),
    F("unit", "UNIT KERJA", ("UNOR NAMA", "UNOR", "NAMA UNIT KERJA", "UNIT ORGANISASI"), width=40),
    F("opd", "OPD", ("SATUAN KERJA KERJA NAMA", "PERANGKAT DAERAH", "SATUAN KERJA", "SKPD"), width=30),
    F("pendidikan_tingkat", "TINGKAT PENDIDIKAN", ("TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN TERAKHIR", "TINGKAT PENDIDIKAN ID")),
    F("pendidikan_jurusan", "JURUSAN", ("PENDIDIKAN NAMA", "PROGRAM STUDI", "PRODI")),
    F("pendidikan_tahun_lulus", "TAHUN LULUS", (), False, "int"),
    F("catatan", "CATATAN", ("KETERANGAN",)),
)  # fmt: skip
_LABELS = {spec.key: spec.label for spec in PEGAWAI_IMPORT_FIELDS}
_PEGAWAI = cast(Table, Pegawai.__table__)
_RIWAYAT_JABATAN = cast(Table, RiwayatJabatan.__table__)
_RIWAYAT_PANGKAT = cast(Table, RiwayatPangkat.__table__)

# pegawai columns an import may set, with the label shown in the change list.
COLUMN_LABELS: dict[str, str] = PEGAWAI_KOLOM_LABEL
_COLUMNS = tuple(COLUMN_LABELS)
_TEXT_DEFAULTS = {"gelar_depan": "", "gelar_belakang": "", "tempat_lahir": "", "status_kawin": "", "telepon": "",
                  "email": "", "alamat": "", "catatan": "", "pendidikan_jurusan": ""}
_TEXT_LIMITS = {"nama": 200, "gelar_depan": 60, "gelar_belakang": 80, "tempat_lahir": 120, "pns_id": 64,
                "pendidikan_jurusan": 200, "alamat": 2000, "catatan": 4000, "jabatan": 250, "unit": 250,
                "opd": 250, "jabatan_siasn_id": 64, "unit_siasn_id": 64}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    lama: str
    baru: str


@dataclass(frozen=True)
class PegawaiImportRow:
    """One data row of the file after validation and comparison."""

    row: int
    status: str
    nip: str
    nama: str
    pegawai_id: int | None = None
    changes: tuple[FieldChange, ...] = ()
    issues: tuple[ImportIssue, ...] = ()
    values: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    refs: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def valid(self) -> bool:
        return self.status != TIDAK_VALID


@dataclass(frozen=True)
class ImportCounts:
    total: int
    valid: int
    invalid: int
    baru: int
    berubah: int
    sama: int
    peringatan: int


@dataclass
class PegawaiImportPlan:
    """The dry-run result: every row, every problem, and the names that need a decision."""

    layout: FileLayout
    rows: list[PegawaiImportRow]
    unknown_units: list[UnknownRef]
    unknown_jabatan: list[UnknownRef]
    bad_rows: list[BadRow]

    @property
    def issues(self) -> list[ImportIssue]:
        return [issue for row in self.rows for issue in row.issues]

    @property
    def counts(self) -> ImportCounts:
        warnings = sum(1 for r in self.rows for i in r.issues if i.level == PERINGATAN)
        return ImportCounts(**count_rows([r.status for r in self.rows], warnings))

    def save_errors(self, path: str | Path) -> int:
        """Write the invalid rows plus a "Keterangan galat" column; returns the row count."""
        return write_error_workbook(path, self.layout, self.bad_rows)


@dataclass(frozen=True)
class ImportResult:
    committed: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    units_created: int = 0
    jabatan_created: int = 0
    message: str = ""


# ------------------------------------------------------------------------------- validation


# Fields whose cleaning depends on the cell alone and whose values repeat across rows (codes,
# dates, names of units): cleaned once per distinct value. NIP, nama, NIK, phone, email and
# address are unique per row and are not cached.
_CACHED_FIELDS = frozenset({
    "gelar_depan", "gelar_belakang", "tempat_lahir", "pendidikan_jurusan", "jabatan", "unit", "opd",
    "jabatan_siasn_id", "unit_siasn_id", "jenis_jabatan", "nip_lama", "tanggal_lahir", "jenis_kelamin", "agama",
    "status_kawin", "kedudukan", "tmt_cpns", "tmt_pns", "tmt_golongan", "tmt_jabatan", "pendidikan_tahun_lulus",
    "pendidikan_tingkat", "status_cpns_pns", "status_kepegawaian", "golongan",
})  # fmt: skip


# key, target, is_ref, fn, cache, max_len of a clean_text step (0 for other cleaning)
_Step = tuple[str, str, bool, Any, "dict[Any, tuple[bool, Any]] | None", int]


class _RowValidator:
    """Cleans one raw row into pegawai column values plus reference names.

    A 50,000-row SIASN export repeats the same few hundred dates, codes and unit names; each
    distinct (field, cell value) is cleaned once and its result (or its error message) reused.
    The cleaning functions are bound to their arguments once, not per row.
    """

    def __init__(self, layout: FileLayout, today: date) -> None:
        self.present = present = set(layout.mapping.values())
        self.labels = {key: layout.column_label(key) for key in present}
        self.today = today

        def step(key: str, target: str, fn: Any, *, ref: bool = False, **kwargs: Any) -> _Step:
            bound = functools.partial(fn, **kwargs) if kwargs else fn
            plain = int(kwargs["max_len"]) if fn is clean_text else 0
            return key, target, ref, bound, ({} if key in _CACHED_FIELDS else None), plain

        steps: list[_Step] = []
        for key in ("pns_id", "gelar_depan", "gelar_belakang", "tempat_lahir", "pendidikan_jurusan", "alamat",
                    "catatan"):
            steps.append(step(key, key, clean_text, label=_LABELS[key].capitalize(), max_len=_TEXT_LIMITS[key]))
        for key in ("jabatan", "unit", "opd", "jabatan_siasn_id", "unit_siasn_id", "jenis_jabatan"):
            steps.append(step(key, key, clean_text, ref=True, label=_LABELS[key].capitalize(),
                              max_len=_TEXT_LIMITS.get(key, 250)))
        steps += [
            step("nip_lama", "nip_lama", clean_nip_lama),
            step("tanggal_lahir", "tanggal_lahir", clean_date, label="Tanggal lahir"),
            step("jenis_kelamin", "jenis_kelamin", clean_jenis_kelamin),
            step("agama", "agama_id", clean_agama),
            step("status_kawin", "status_kawin", clean_status_kawin),
            step("nik", "nik", clean_nik),
            step("telepon", "telepon", clean_phone),
            step("email", "email", clean_email),
            step("kedudukan", "kedudukan", clean_kedudukan),
            step("tmt_cpns", "tmt_cpns", clean_date, label="TMT CPNS"),
            step("tmt_pns", "tmt_pns", clean_date, label="TMT PNS"),
            step("tmt_golongan", "tmt_golongan", clean_date, label="TMT golongan"),
            step("tmt_jabatan", "tmt_jabatan", clean_date, label="TMT jabatan"),
            step("pendidikan_tahun_lulus", "pendidikan_tahun_lulus", clean_int, label="Tahun lulus", minimum=1940,
                 maximum=today.year),
            step("pendidikan_tingkat", "pendidikan_tingkat", _clean_tingkat_kode),
        ]
        self._steps = [s for s in steps if s[0] in present]
        self._nip = step("nip", "nip", clean_nip, today=today)
        self._nama = step("nama", "nama", clean_text, label="Nama", max_len=200)
        self._status_cpns = step("status_cpns_pns", "", clean_status_kepegawaian)
        self._status = step("status_kepegawaian", "", clean_status_kepegawaian)
        self._golongan = step("golongan", "", clean_golongan)

    @staticmethod
    def _hits(item: _Step, column: Sequence[object] | None, size: int) -> list[tuple[bool, Any]]:
        """Every row's (ok, cleaned value or message) for one field; ``_EMPTY`` for an empty cell.
        Repeating fields look each distinct value up in their cache; unique ones (NIP, name,
        NIK, phone...) are cleaned one by one."""
        if column is None:
            return [_EMPTY] * size
        fn, cache, plain = item[3], item[4], item[5]
        if cache is None or bool in set(map(type, column)):  # True == 1: a cache would mix them
            return [_EMPTY if v is None or v == "" else _clean_value(fn, v, plain) for v in column]
        hits: list[Any] = list(map(cache.get, column))
        if None in hits:  # cells not seen before (and empty cells)
            for k, hit in enumerate(hits):
                if hit is None:
                    value = column[k]
                    if value is None or value == "":
                        hits[k] = _EMPTY
                        continue
                    hit = cache.get(value)
                    if hit is None:
                        hit = cache[value] = _clean_value(fn, value, plain)
                    hits[k] = hit
        return hits

    def validate_batch(self, numbers: Sequence[int], columns: Mapping[str, Sequence[object]]
                       ) -> list[tuple[dict[str, Any], dict[str, str | None], list[ImportIssue]]]:
        """``(values, refs, issues)`` of each row of a batch (``columns[key][k]`` is the cell of
        field ``key`` on row ``numbers[k]``).

        Column by column: every field's cells are cleaned first (repeated values once), then
        each row is put together from the results, so the per-row work is a few dict builds.
        """
        size = len(numbers)
        labels = self.labels
        present = self.present
        steps = self._steps
        hits = [self._hits(item, columns.get(item[0]), size) for item in steps]
        value_targets = [item[1] for item in steps if not item[2]]
        ref_targets = [item[1] for item in steps if item[2]]
        value_hits = [h for item, h in zip(steps, hits, strict=True) if not item[2]]
        ref_hits = [h for item, h in zip(steps, hits, strict=True) if item[2]]
        # Rows with a cell that failed its cleaning (few): their step issues in step order.
        failed: dict[int, list[ImportIssue]] = {}
        first = operator.itemgetter(0)
        for item, column_hits in zip(steps, hits, strict=True):
            if not all(map(first, column_hits)):
                label = labels.get(item[0], item[0])
                for k, hit in enumerate(column_hits):
                    if not hit[0]:
                        failed.setdefault(k, []).append(ImportIssue(numbers[k], label, hit[1]))
        nip_hits = self._hits(self._nip, columns.get("nip"), size)
        nama_hits = self._hits(self._nama, columns.get("nama"), size)
        cpns_hits = self._hits(self._status_cpns, columns.get("status_cpns_pns"), size) \
            if "status_cpns_pns" in present else None
        status_hits = self._hits(self._status, columns.get("status_kepegawaian"), size) \
            if "status_kepegawaian" in present else None
        golongan_hits = self._hits(self._golongan, columns.get("golongan"), size) if "golongan" in present else None
        nip_label, nama_label = labels.get("nip", "NIP"), labels.get("nama", "NAMA")
        today = self.today
        value_rows = zip(*value_hits, strict=True) if value_hits else itertools.repeat((), size)
        ref_rows = zip(*ref_hits, strict=True) if ref_hits else itertools.repeat((), size)

        out: list[tuple[dict[str, Any], dict[str, str | None], list[ImportIssue]]] = []
        for k, (number, row_values, row_refs) in enumerate(zip(numbers, value_rows, ref_rows, strict=True)):
            issues: list[ImportIssue] = []
            info = _required(nip_hits[k], issues, number, nip_label, "NIP wajib diisi")
            nama = _required(nama_hits[k], issues, number, nama_label, "Nama wajib diisi")
            if k in failed:
                issues.extend(failed[k])
            values = {t: h[1] for t, h in zip(value_targets, row_values, strict=True) if h[0] and h[1] is not None}
            refs = {t: h[1] if h[0] else None for t, h in zip(ref_targets, row_refs, strict=True)}
            if nama is not None:
                values["nama"] = nama
            if info is not None:
                values["nip"] = info.nip
            status_cpns = self._ok(cpns_hits, k, issues, number, labels, "status_cpns_pns")
            status = self._ok(status_hits, k, issues, number, labels, "status_kepegawaian")
            if status_cpns == "CPNS" or (status is None and status_cpns is not None):
                status = status_cpns
            if status is not None:
                values["status_kepegawaian"] = status
            golongan = self._ok(golongan_hits, k, issues, number, labels, "golongan")
            if golongan is not None:
                values["golongan_id"] = golongan.id
                effective = status or ("PPPK" if info is not None and info.kemungkinan_pppk else "PNS")
                if (effective == "PPPK") != (golongan.jenis == "PPPK"):
                    issues.append(ImportIssue(
                        number, labels["golongan"], f"Golongan {golongan.kode} bukan golongan untuk {effective}"
                    ))
            tmt_cpns, tmt_pns = values.get("tmt_cpns"), values.get("tmt_pns")
            if tmt_cpns is not None and tmt_pns is not None and tmt_pns < tmt_cpns:
                issues.append(ImportIssue(number, labels["tmt_pns"], "TMT PNS tidak boleh sebelum TMT CPNS"))
            lahir = values.get("tanggal_lahir")
            if lahir is not None and lahir > today:
                issues.append(ImportIssue(number, labels["tanggal_lahir"], "Tanggal lahir tidak boleh di masa depan"))
            if info is not None:
                warnings = list(info.warnings)
                warnings += cross_check_nip(info, tanggal_lahir=lahir, jenis_kelamin=values.get("jenis_kelamin"),
                                            jenis_pegawai=status)
                issues.extend(ImportIssue(number, nip_label, w, PERINGATAN) for w in warnings)
                values.setdefault("tanggal_lahir", info.tanggal_lahir)
                values.setdefault("jenis_kelamin", info.jenis_kelamin)
                values["_nip_pppk"] = info.kemungkinan_pppk
            out.append((values, refs, issues))
        return out

    @staticmethod
    def _ok(hits: list[tuple[bool, Any]] | None, k: int, issues: list[ImportIssue], number: int,
            labels: Mapping[str, str], key: str) -> Any:
        """Row ``k``'s cleaned value of a field (None when empty or invalid: an issue is added)."""
        if hits is None:
            return None
        ok, value = hits[k]
        if ok:
            return value
        issues.append(ImportIssue(number, labels.get(key, key), value))
        return None


_EMPTY: tuple[bool, Any] = (True, None)  # the cleaning result of an empty cell


def _required(hit: tuple[bool, Any], issues: list[ImportIssue], number: int, label: str, missing: str) -> Any:
    """The cleaned value of a required field; an issue (its error, or ``missing``) when none."""
    ok, value = hit
    if not ok:
        issues.append(ImportIssue(number, label, value))
        return None
    if value is None:
        issues.append(ImportIssue(number, label, missing))
    return value


def _clean_value(fn: Any, value: object, plain_max: int = 0) -> tuple[bool, Any]:
    """(True, cleaned value) or (False, Indonesian message); masked values count as empty.
    ``plain_max``: ``fn`` is clean_text with this max_len, so an ordinary text takes the short way."""
    if plain_max:
        text = plain_text(value, plain_max)
        if text is not None:
            return True, text
    if is_masked(value):
        return True, None
    try:
        return True, fn(value)
    except DomainError as exc:
        return False, exc.message


def _clean_tingkat_kode(value: object) -> str | None:
    tingkat = clean_pendidikan(value)
    return tingkat.kode if tingkat is not None else None


# ----------------------------------------------------------------------------- comparison


def _existing_by(session: Session, column: Any, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored pegawai whose ``column`` is one of ``keys``, keyed by that value.

    A light query first finds which keys are taken at all (plain driver SQL: for 50,000 keys
    of a new import SQLAlchemy's expanding IN cost 0.3 s); only those rows are read whole."""
    table = _PEGAWAI
    taken = _taken(session, column.name, keys)
    if not taken:
        return {}
    cols = [table.c.id, table.c.version, table.c.uuid, table.c.tanggal_pensiun, *(table.c[c] for c in _COLUMNS)]
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(taken), _CHUNK):
        chunk = taken[start : start + _CHUNK]
        for row in session.execute(select(*cols).where(column.in_(chunk))).mappings():
            found[str(row[column.key])] = dict(row)
    return found


_TAKEN_CHUNK = 900  # below SQLite's oldest limit of 999 parameters per statement


def _taken(session: Session, column_name: str, keys: Sequence[str]) -> list[str]:
    """Which of ``keys`` a stored pegawai has in ``column_name`` (``nip`` or ``pns_id``)."""
    connection = session.connection()
    dialect = connection.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    found: list[str] = []
    for start in range(0, len(keys), _TAKEN_CHUNK):
        chunk = tuple(keys[start : start + _TAKEN_CHUNK])
        sql = (f"SELECT {quote(column_name)} FROM pegawai WHERE {quote(column_name)} IN "
               f"({', '.join([mark] * len(chunk))})")
        found.extend(str(r[0]) for r in connection.exec_driver_sql(sql, chunk))
    return found


def _display(column: str, value: Any, units: RefIndex | None, jabatan: RefIndex | None) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if column == "golongan_id":
        try:
            return golongan_by_id(int(value)).kode
        except DomainError:
            return str(value)
    if column == "unit_id" and units is not None:
        return units.names.get(int(value), str(value))
    if column == "jabatan_id" and jabatan is not None:
        return jabatan.names.get(int(value), str(value))
    if column == "kedudukan":
        return KEDUDUKAN.get(str(value), str(value))
    return str(value)


def _diff(old: Mapping[str, Any], new: Mapping[str, Any], units: RefIndex | None,
          jabatan: RefIndex | None) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for column in _COLUMNS:
        if column not in new:
            continue
        value = new[column]
        if value is None or value == old.get(column):
            continue
        changes.append(FieldChange(column, COLUMN_LABELS[column], _display(column, old.get(column), units, jabatan),
                                   _display(column, value, units, jabatan)))
    return changes


class _Matcher:
    """Finds the existing pegawai of a row by PNS ID and NIP."""

    def __init__(self, by_nip: dict[str, dict[str, Any]], by_pns: dict[str, dict[str, Any]]) -> None:
        self.by_nip = by_nip
        self.by_pns = by_pns

    def find(self, values: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
        nip = values.get("nip")
        pns = values.get("pns_id")
        a = self.by_nip.get(nip) if nip else None
        b = self.by_pns.get(pns) if pns else None
        if a is not None and b is not None and a["id"] != b["id"]:
            return None, (f"NIP {nip} milik pegawai {a['nama']}, tetapi PNS ID {pns} milik pegawai {b['nama']} "
                          f"(NIP {b['nip']})")
        return (b or a), None


def _resolve_refs(refs: Mapping[str, str | None], units: RefIndex, jabatan: RefIndex,
                  unit_map: Mapping[str, int | None], jabatan_map: Mapping[str, int | None],
                  existing: Mapping[str, Any] | None = None,
                  ) -> tuple[int | None, int | None, str | None, str | None, bool]:
    """(unit_id, jabatan_id, unknown unit name, unknown jabatan name, unit ambiguous)."""
    unit_id = jabatan_id = None
    unknown_unit = unknown_jabatan = None
    ambiguous = False
    unit_name, opd = refs.get("unit"), refs.get("opd")
    if unit_name is None and refs.get("unit_siasn_id") is None and opd:
        unit_name = opd  # a sheet with only the OPD: the pegawai sits at the OPD itself
    if unit_name or refs.get("unit_siasn_id"):
        unit_id, ambiguous = units.resolve(unit_name, refs.get("unit_siasn_id"), opd,
                                           existing.get("unit_id") if existing else None)
        if unit_id is None and unit_name:
            unit_id = unit_map.get(_key(unit_name, opd if ambiguous else None))
            if unit_id is None:
                unknown_unit = unit_name
    jab_name = refs.get("jabatan")
    if jab_name or refs.get("jabatan_siasn_id"):
        jabatan_id, _ = jabatan.resolve(jab_name, refs.get("jabatan_siasn_id"), None,
                                        existing.get("jabatan_id") if existing else None)
        if jabatan_id is None and jab_name:
            jabatan_id = jabatan_map.get(_key(jab_name, None))
            if jabatan_id is None:
                unknown_jabatan = jab_name
    return unit_id, jabatan_id, unknown_unit, unknown_jabatan, ambiguous


class _Resolver:
    """:func:`_resolve_refs` once per distinct combination of names (and current post)."""

    def __init__(self, units: RefIndex, jabatan: RefIndex, unit_map: Mapping[str, int | None],
                 jabatan_map: Mapping[str, int | None]) -> None:
        self.args = (units, jabatan, unit_map, jabatan_map)
        self._cache: dict[tuple[Any, ...], tuple[int | None, int | None, str | None, str | None, bool]] = {}

    def __call__(self, refs: Mapping[str, str | None], existing: Mapping[str, Any] | None
                 ) -> tuple[int | None, int | None, str | None, str | None, bool]:
        key = (refs.get("unit"), refs.get("unit_siasn_id"), refs.get("opd"), refs.get("jabatan"),
               refs.get("jabatan_siasn_id"), existing.get("unit_id") if existing else None,
               existing.get("jabatan_id") if existing else None)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = _resolve_refs(refs, *self.args, existing)
        return hit


def _opd_refusal(actor: Actor, units: RefIndex, existing: Mapping[str, Any] | None, unit_id: int | None,
                 unknown_unit: str | None) -> str | None:
    """Why a clerk limited to some OPD may not import this row: the pegawai sits outside the
    OPD now, or would land outside it (an unknown unit name waits for the clerk's choice)."""
    if existing is not None:
        refusal = outside_opd(actor, units, existing.get("unit_id"))
        if refusal is not None:
            return f"Pegawai ini saat ini di luar OPD Anda ({refusal})"
    if unknown_unit:
        return None
    target = unit_id if unit_id is not None else (existing.get("unit_id") if existing is not None else None)
    return outside_opd(actor, units, target)


def _key(nama: str, induk: str | None) -> str:
    return fold_name(nama) if not induk else f"{fold_name(nama)}|{fold_name(induk)}"


# ------------------------------------------------------------------------------------- plan


@gc_paused
def plan_pegawai_import(
    db: Database,
    actor: Actor,
    path: str | Path,
    *,
    profile: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    progress: ProgressFn | None = None,
    today: date | None = None,
) -> PegawaiImportPlan:
    """Read and validate ``path`` and compare it with the database. Writes nothing."""
    require(actor, Izin.IMPOR)
    today = today or date.today()
    reader, layout, data = open_layout(path, PEGAWAI_IMPORT_FIELDS, profile=profile, sheet=sheet)
    total = reader.estimated_rows() or 0
    validator = _RowValidator(layout, today)
    parsed: list[tuple[int, dict[str, Any], dict[str, str | None], list[ImportIssue], list[Any] | None]] = []
    seen_nip: dict[str, int] = {}
    seen_pns: dict[str, int] = {}
    nip_label = layout.column_label("nip")
    try:
        check_cancel(progress, 0, total, "Membaca berkas")
        for batch in data.batches(_PROGRESS_EVERY):
            checked = validator.validate_batch(batch.numbers, batch.columns)
            for number, row_cells, (values, refs, issues) in zip(batch.numbers, batch.cells, checked, strict=True):
                nip = values.get("nip")
                if nip is not None:
                    first = seen_nip.setdefault(nip, number)
                    if first != number:
                        issues.append(ImportIssue(number, nip_label, f"NIP {nip} sudah ada pada baris {first}"))
                pns = values.get("pns_id")
                if pns is not None:
                    first = seen_pns.setdefault(pns, number)
                    if first != number:
                        issues.append(ImportIssue(number, layout.column_label("pns_id"),
                                                  f"PNS ID {pns} sudah ada pada baris {first}"))
                bad = bool(issues) and any(i.level == GALAT for i in issues)
                parsed.append((number, values, refs, issues, row_cells if bad else None))
            last = batch.numbers[-1]
            check_cancel(progress, last, total, f"Memeriksa baris {last:,}".replace(",", "."))
    finally:
        reader.close()

    check_cancel(progress, total, total, "Membandingkan dengan basis data")
    with db.session() as s:
        units, jabatan = load_unit_index(s), load_jabatan_index(s)
        nips = [v["nip"] for _n, v, _r, _i, _c in parsed if "nip" in v]
        pns_ids = [v["pns_id"] for _n, v, _r, _i, _c in parsed if v.get("pns_id")]
        matcher = _Matcher(_existing_by(s, _PEGAWAI.c.nip, nips),
                           _existing_by(s, _PEGAWAI.c.pns_id, pns_ids) if pns_ids else {})
    unknown_units, unknown_jabatan = UnknownCollector("unit"), UnknownCollector("jabatan")
    resolve = _Resolver(units, jabatan, {}, {})
    unit_label = layout.column_label("unit") if "unit" in layout.mapping.values() else nip_label
    rows: list[PegawaiImportRow] = []
    bad_rows: list[BadRow] = []
    for number, values, refs, issues, cells in parsed:
        existing, conflict = matcher.find(values) if "nip" in values else (None, None)
        if conflict:
            issues.append(ImportIssue(number, nip_label, conflict))
        unit_id, jabatan_id, unknown_unit, unknown_jab, ambiguous = resolve(refs, existing)
        if actor.batas_opd:
            refusal = _opd_refusal(actor, units, existing, unit_id, unknown_unit)
            if refusal is not None:
                issues.append(ImportIssue(number, unit_label, refusal))
        errors = [i for i in issues if i.level == GALAT]
        if not errors:
            if unknown_unit:
                unknown_units.add(unknown_unit, refs.get("unit_siasn_id"), number, induk=refs.get("opd") or "",
                                  ambigu=ambiguous)
            if unknown_jab:
                unknown_jabatan.add(unknown_jab, refs.get("jabatan_siasn_id"), number)
        nip, nama = str(values.get("nip") or ""), str(values.get("nama") or "")
        if errors:
            rows.append(PegawaiImportRow(number, TIDAK_VALID, nip, nama, None, (), tuple(issues)))  # never written
            bad_rows.append(BadRow(number, cells or [], [i.message if not i.column else f"{i.column}: {i.message}"
                                                          for i in errors]))
            continue
        if existing is None:
            rows.append(PegawaiImportRow(number, BARU, nip, nama, None, (), tuple(issues), values, refs))
            continue
        new_values = dict(values)
        if unit_id is not None:
            new_values["unit_id"] = unit_id
        if jabatan_id is not None:
            new_values["jabatan_id"] = jabatan_id
        changes = _diff(existing, new_values, units, jabatan)
        if unknown_unit:
            changes.append(FieldChange("unit_id", "Unit kerja", _display("unit_id", existing.get("unit_id"), units, None),
                                       f"{unknown_unit} (belum ada)"))
        if unknown_jab:
            changes.append(FieldChange("jabatan_id", "Jabatan",
                                       _display("jabatan_id", existing.get("jabatan_id"), None, jabatan),
                                       f"{unknown_jab} (belum ada)"))
        if not changes:  # the commit does not look at unchanged rows again: keep no values
            rows.append(PegawaiImportRow(number, SAMA, nip, nama, int(existing["id"]), (), tuple(issues)))
            continue
        rows.append(PegawaiImportRow(number, BERUBAH, nip, nama, int(existing["id"]), tuple(changes), tuple(issues),
                                     values, refs))
    return PegawaiImportPlan(layout, rows, unknown_units.result(units), unknown_jabatan.result(jabatan), bad_rows)


# ----------------------------------------------------------------------------------- commit


class _Pensiun:
    """tanggal_pensiun from the birth date and the BUP of the jabatan (cached per jabatan)."""

    def __init__(self, session: Session) -> None:
        self._bup: dict[int, int] = {}
        self._dates: dict[tuple[date, int], date] = {}  # birth dates repeat across 50,000 rows
        for ident, nama, jenis, jenjang, bup in session.execute(
            select(Jabatan.id, Jabatan.nama, Jabatan.jenis, Jabatan.jenjang, Jabatan.bup)
        ):
            if bup:
                self._bup[ident] = int(bup)
                continue
            try:
                self._bup[ident] = bup_for(JenisJabatan(jenis), jenjang, nama)
            except (DomainError, ValueError):
                self._bup[ident] = _DEFAULT_BUP

    def add(self, jabatan_id: int, bup: int) -> None:
        self._bup[jabatan_id] = bup

    def of(self, lahir: date, jabatan_id: int | None) -> date:
        bup = self._bup.get(jabatan_id, _DEFAULT_BUP) if jabatan_id is not None else _DEFAULT_BUP
        key = (lahir, bup)
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = tanggal_pensiun(lahir, bup)
        return found


def _apply_decisions(
    session: Session, plan: PegawaiImportPlan, units: RefIndex, jabatan: RefIndex, pensiun: _Pensiun,
    unit_decisions: Mapping[str, int | str | None] | None, jabatan_decisions: Mapping[str, int | str | None] | None,
    actor: Actor,
) -> tuple[dict[str, int | None], dict[str, int | None], int, int]:
    username = actor.username
    unit_map: dict[str, int | None] = {}
    jabatan_map: dict[str, int | None] = {}
    units_created = jabatan_created = 0
    # OPD first, so a bidang named with its OPD lands under the OPD created a moment earlier.
    for ref in sorted(plan.unknown_units, key=lambda r: _key(r.nama, None) != _key(r.induk or "", None)):
        decision = decision_for(unit_decisions, ref.nama)
        if decision == BUAT:
            refuse_creation_when_limited(actor, "unit kerja", ref.nama)
            unit_id: int | None = create_unit(session, nama=ref.nama, siasn_id=ref.siasn_id, induk=ref.induk,
                                              unit_index=units, username=username)
            units_created += 1
        elif isinstance(decision, int):
            if decision not in units.names:
                raise DomainError(f"Unit kerja pilihan untuk '{ref.nama}' tidak ada")
            refusal = outside_opd(actor, units, decision)
            if refusal is not None:
                raise AksesDitolak(f"Akses ditolak: {refusal} (pilihan untuk '{ref.nama}').")
            unit_id = decision
        else:
            continue
        unit_map[_key(ref.nama, ref.induk if ref.ambigu else None)] = unit_id
    for ref in plan.unknown_jabatan:
        decision = decision_for(jabatan_decisions, ref.nama)
        if decision == BUAT:
            refuse_creation_when_limited(actor, "jabatan", ref.nama)
            jenis_text = next((r.refs.get("jenis_jabatan") for r in plan.rows
                               if r.refs.get("jabatan") and _key(str(r.refs["jabatan"]), None) == _key(ref.nama, None)),
                              None)
            jenis = guess_jenis_jabatan(jenis_text, ref.nama)
            row = Jabatan(nama=ref.nama[:250], jenis=jenis.value, jenjang=guess_jenjang(jenis, ref.nama),
                          siasn_jabatan_id=ref.siasn_id, updated_by=username)
            session.add(row)
            session.flush()
            jabatan.names[row.id] = row.nama
            try:
                pensiun.add(row.id, bup_for(jenis, row.jenjang, row.nama))
            except DomainError:
                pensiun.add(row.id, _DEFAULT_BUP)
            jabatan_map[_key(ref.nama, None)] = row.id
            jabatan_created += 1
        elif isinstance(decision, int):
            if decision not in jabatan.names:
                raise DomainError(f"Jabatan pilihan untuk '{ref.nama}' tidak ada")
            jabatan_map[_key(ref.nama, None)] = decision
    return unit_map, jabatan_map, units_created, jabatan_created


_NON_WORD = re.compile(r"[^0-9a-z]+")


def _fold_fast(text: str) -> str:
    """:func:`~mutasi_desktop.domain.search_text.fold` with a fast path for plain ASCII (no
    accents to strip, NFKD is the identity), which nearly every name in a SIASN file is."""
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower()).strip()
    return fold(text)


def _search_columns(values: Mapping[str, Any]) -> dict[str, str]:
    """``search_text`` and ``nama_sort`` exactly as ``pegawai_search_text`` / ``nama_sort_key``
    make them (a unit test holds the two together), folding the name once instead of twice."""
    nama = _fold_fast(values["nama"])
    parts = [*nip_groups(values["nip"]), nama, fold_name(values.get("gelar_depan") or ""),
             fold_name(values.get("gelar_belakang") or "")]
    if values.get("nip_lama"):
        parts.append(values["nip_lama"])
    return {"search_text": " ".join(p for p in parts if p), "nama_sort": nama}


@gc_paused
def commit_pegawai_import(
    db: Database,
    actor: Actor,
    plan: PegawaiImportPlan,
    *,
    strict: bool = False,
    unit_decisions: Mapping[str, int | str | None] | None = None,
    jabatan_decisions: Mapping[str, int | str | None] | None = None,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Write the valid rows of ``plan`` in one transaction.

    ``unit_decisions`` / ``jabatan_decisions`` map an unknown name (as listed in the plan) to an
    existing id or to :data:`~mutasi_desktop.services.import_common.BUAT` (create it); a name
    without a decision leaves that field empty for new pegawai and unchanged for existing ones.
    With ``strict`` nothing is written when any row is invalid.

    The audit trail gets ONE ``IMPOR`` entry: the counts, the NIP and uuid of every pegawai
    created, and for every pegawai changed its uuid and each column's old and new value (a
    per-row entry with a full snapshot cost more than the import itself and said no more).
    Rows the plan found unchanged are not read again.
    """
    require(actor, Izin.IMPOR)
    counts = plan.counts
    if strict and counts.invalid:
        return ImportResult(False, invalid=counts.invalid,
                            message=f"Mode ketat: tidak ada data yang diimpor karena {counts.invalid} baris tidak valid.")
    username = actor.username
    table = _PEGAWAI
    pending = [r for r in plan.rows if r.valid and r.status != SAMA]
    total = len(pending)
    unchanged = counts.sama
    with db.session(actor=actor, write=True) as s:
        units, jabatan = load_unit_index(s), load_jabatan_index(s)
        pensiun = _Pensiun(s)
        unit_map, jabatan_map, units_created, jabatan_created = _apply_decisions(
            s, plan, units, jabatan, pensiun, unit_decisions, jabatan_decisions, actor)
        nips = [r.values["nip"] for r in pending]
        pns_ids = [r.values["pns_id"] for r in pending if r.values.get("pns_id")]
        matcher = _Matcher(_existing_by(s, table.c.nip, nips),
                           _existing_by(s, table.c.pns_id, pns_ids) if pns_ids else {})
        resolve = _Resolver(units, jabatan, unit_map, jabatan_map)
        limited = bool(actor.batas_opd)
        now = utcnow()
        with large_write_cache(s.connection()):
            writer = _NewPegawaiWriter(s.connection(), units, jabatan, now, username)
            updates: list[dict[str, Any]] = []
            changed_history: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
            changed_log: list[dict[str, Any]] = []
            try:
                for done, row in enumerate(pending, start=1):
                    if done % _PROGRESS_EVERY == 0:
                        check_cancel(progress, done, total, f"Menyimpan baris {done:,} dari {total:,}".replace(",", "."))
                    existing, conflict = matcher.find(row.values)
                    if conflict:
                        raise DomainError(f"Baris {row.row}: {conflict}. Data berubah sejak pratinjau; ulangi pratinjau.")
                    unit_id, jabatan_id, _uu, _uj, _amb = resolve(row.refs, existing)
                    if limited:
                        refusal = _opd_refusal(actor, units, existing, unit_id, None)
                        if refusal is not None:
                            raise AksesDitolak(f"Akses ditolak. Baris {row.row}: {refusal}.")
                    if existing is None:
                        full = _new_pegawai(row.values)
                        if unit_id is not None:
                            full["unit_id"] = unit_id
                        if jabatan_id is not None:
                            full["jabatan_id"] = jabatan_id
                        full["tanggal_pensiun"] = pensiun.of(full["tanggal_lahir"], full["jabatan_id"])
                        full.update(_search_columns(full))
                        full["uuid"] = fast_uuid()
                        writer.add(full)
                        continue
                    values = dict(row.values)
                    values.pop("_nip_pppk", None)
                    if unit_id is not None:
                        values["unit_id"] = unit_id
                    if jabatan_id is not None:
                        values["jabatan_id"] = jabatan_id
                    changes = {c: values[c] for c in _COLUMNS if c in values and values[c] is not None
                               and values[c] != existing.get(c)}
                    if not changes:
                        unchanged += 1
                        continue
                    merged = {c: existing.get(c) for c in _COLUMNS}
                    merged.update(changes)
                    lahir = merged["tanggal_lahir"]
                    merged["tanggal_pensiun"] = pensiun.of(lahir, merged.get("jabatan_id")) if lahir else existing.get(
                        "tanggal_pensiun")
                    merged.update(_search_columns(merged))
                    merged.update(b_id=existing["id"], updated_at=now, updated_by=username)
                    updates.append(merged)
                    changed_history.append((int(existing["id"]), existing, merged))
                    changed_log.append({"nip": existing["nip"], "uuid": existing["uuid"],
                                        "kolom": {c: [existing.get(c), v] for c, v in changes.items()}})
                check_cancel(progress, total, total, "Menulis ke basis data")
                writer.finish()
            except BaseException:
                writer.abandon()  # the worker must be idle before the rollback
                raise
            if updates:
                stmt = (update(table).where(table.c.id == bindparam("b_id"))
                        .values(version=table.c.version + 1,
                                **{c: bindparam(c) for c in (*_COLUMNS, "tanggal_pensiun", "search_text", "nama_sort",
                                                             "updated_at", "updated_by")}))
                s.connection().execute(stmt, updates)
                _write_history(s.connection(), [], changed_history, units, jabatan, now, username)
        result = ImportResult(True, created=writer.count, updated=len(updates), unchanged=unchanged,
                              invalid=counts.invalid, units_created=units_created, jabatan_created=jabatan_created)
        audit_service.record(
            s, actor, Aksi.IMPOR, "pegawai", None,
            f"Impor pegawai dari {Path(plan.layout.path).name}: {result.created} baru, {result.updated} diubah, "
            f"{result.unchanged} tidak berubah, {result.invalid} tidak valid",
            {"berkas": Path(plan.layout.path).name, "lembar": plan.layout.sheet_name, "baru": result.created,
             "diubah": result.updated, "sama": result.unchanged, "tidak_valid": result.invalid,
             "unit_dibuat": units_created, "jabatan_dibuat": jabatan_created,
             "pegawai_baru": JsonNative(writer.created), "pegawai_diubah": changed_log},
        )
        # Last chance to cancel: raising here rolls the whole transaction back.
        check_cancel(progress, total, total, "Menyelesaikan impor")
    return result


class _NewPegawaiWriter:
    """Inserts new pegawai in chunks (bounded memory), then their starting riwayat rows.

    Rows are turned into statement parameters here and written on a :class:`SerialWorker`,
    so the next chunk is prepared while SQLite writes this one. On SQLite a chunk goes through
    a staging table, and the starting riwayat jabatan and pangkat rows are derived from it in
    SQL (no Python per history row). Call :meth:`finish` before using the connection again,
    and :meth:`abandon` when the import stops with an error."""

    def __init__(self, connection: Any, units: RefIndex, jabatan: RefIndex, now: Any, username: str) -> None:
        self.connection = connection
        constants = {"created_at": now, "updated_at": now, "updated_by": username, "version": 1,
                     "mk_tambahan_tahun": 0, "mk_tambahan_bulan": 0}
        self.pegawai = BulkInserter(connection, _PEGAWAI, staged=True, constants=constants,
                                    extra=(_UUID_JABATAN, _UUID_PANGKAT))
        self.history = _history_from_staging(connection, f"temp.{STAGING}", now, username) if self.pegawai.staged else ()
        self.units, self.jabatan, self.now, self.username = units, jabatan, now, username
        self.pending: list[dict[str, Any]] = []
        self.created: list[list[str]] = []  # [nip, uuid] for the audit entry
        self.count = 0
        self.worker = SerialWorker(inline=not may_write_from_another_thread(connection))
        self.lock = threading.Lock()

    def add(self, values: dict[str, Any]) -> None:
        self.pending.append(values)
        if len(self.pending) >= _WRITE_CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        rows, self.pending = self.pending, []
        if self.history:
            uuids = new_uuids(2 * len(rows))  # for the riwayat rows made from the staging table
            for row, jab, pangkat in zip(rows, uuids[::2], uuids[1::2], strict=True):
                row[_UUID_JABATAN] = jab
                row[_UUID_PANGKAT] = pangkat
        params = self.pegawai.prepare(rows)
        self.created.extend([v["nip"], v["uuid"]] for v in rows)
        self.count += len(rows)
        if self.history and not self.worker.inline:
            # This thread binds the rows into a staging table (GIL-bound work); the worker
            # moves them in and derives the riwayat rows (SQLite, without the GIL) while this
            # thread prepares the next chunk. The lock keeps the two off the connection at once.
            with self.lock:
                staging = self.pegawai.stage(params)
            self.worker.submit(lambda: self._move(staging))
            return
        self.worker.submit(lambda: self._write(rows, params))

    def _move(self, staging: str) -> None:  # on the worker thread
        with self.lock:
            self.pegawai.move(staging, self.history)

    def _write(self, rows: list[dict[str, Any]], params: list[Any]) -> None:  # on the worker thread
        if self.history:
            self.pegawai.write_prepared(params, self.history)
            return
        self.pegawai.write_prepared(params)
        ids = self._ids([v["nip"] for v in rows])
        for values in rows:
            values["id"] = ids[values["nip"]]
        _write_history(self.connection, rows, [], self.units, self.jabatan, self.now, self.username)

    def finish(self) -> None:
        self.flush()
        self.worker.join()

    def abandon(self) -> None:
        self.worker.abandon()

    def _ids(self, nips: Sequence[str]) -> dict[str, int]:
        table = _PEGAWAI
        found: dict[str, int] = {}
        for start in range(0, len(nips), _CHUNK):
            chunk = nips[start : start + _CHUNK]
            found.update((nip, ident) for ident, nip in self.connection.execute(
                select(table.c.id, table.c.nip).where(table.c.nip.in_(chunk))))
        return found


def _history_from_staging(connection: Any, staging: str, now: Any, username: str) -> list[tuple[str, tuple[Any, ...]]]:
    """The starting riwayat jabatan and pangkat of the pegawai in the staging table ``staging``,
    as ``INSERT ... SELECT`` statements: the same rows :func:`_write_history` makes in Python
    (a unit test holds the two together). Staging row k became pegawai ``STAGING_BASE + k``;
    the riwayat uuids were made beside the row (SQLite's own randomblob cost 0.2 s)."""
    stamp = {"created_at": now, "updated_at": now, "updated_by": username}
    pegawai_id = f"{STAGING_BASE} + s.rowid"
    jabatan_sql = insert_select(
        connection, _RIWAYAT_JABATAN,
        {"pegawai_id": pegawai_id, "jabatan_id": "s.jabatan_id", "unit_id": "s.unit_id",
         "jabatan_nama": "coalesce(j.nama, '')", "unit_nama": "coalesce(u.nama, '')", "tmt_jabatan": "s.tmt_jabatan",
         "uuid": f"s.{_UUID_JABATAN}"},
        f"FROM {staging} s LEFT JOIN jabatan j ON j.id = s.jabatan_id LEFT JOIN unit_kerja u ON u.id = s.unit_id "
        "WHERE s.tmt_jabatan IS NOT NULL AND (s.jabatan_id IS NOT NULL OR s.unit_id IS NOT NULL) ORDER BY s.rowid",
        {**stamp, "keterangan": _KETERANGAN_JABATAN})
    pangkat_sql = insert_select(
        connection, _RIWAYAT_PANGKAT,
        {"pegawai_id": pegawai_id, "golongan_id": "s.golongan_id", "tmt_golongan": "s.tmt_golongan",
         "uuid": f"s.{_UUID_PANGKAT}"},
        f"FROM {staging} s WHERE s.golongan_id IS NOT NULL AND s.tmt_golongan IS NOT NULL ORDER BY s.rowid",
        {**stamp, "jenis_kp": _JENIS_KP})
    return [jabatan_sql, pangkat_sql]


# A new pegawai's columns before the file's values: every import column (None when the file
# has no value), the text columns' empty defaults, AKTIF, and PNS or PPPK as the NIP suggests.
_NEW_BASE: dict[str, Any] = {**dict.fromkeys(_COLUMNS), **_TEXT_DEFAULTS, "kedudukan": "AKTIF"}
_NEW_PNS = {**_NEW_BASE, "status_kepegawaian": "PNS"}
_NEW_PPPK = {**_NEW_BASE, "status_kepegawaian": "PPPK"}


def _new_pegawai(values: Mapping[str, Any]) -> dict[str, Any]:
    """The stored columns of a new pegawai from a validated row's values (which never hold
    None: an empty cell leaves its key out, so the default stays)."""
    full = {**(_NEW_PPPK if values.get("_nip_pppk") else _NEW_PNS), **values}
    full.pop("_nip_pppk", None)
    return full


def _write_history(
    connection: Any,
    new_rows: Iterable[dict[str, Any]],
    changed: Iterable[tuple[int, dict[str, Any], dict[str, Any]]],
    units: RefIndex,
    jabatan: RefIndex,
    now: Any,
    username: str,
) -> None:
    """Riwayat jabatan and pangkat rows for what the import set: the starting post and golongan
    of a new pegawai, and a new post or golongan of an existing one (with its TMT)."""
    jab_rows: list[dict[str, Any]] = []
    pangkat_rows: list[dict[str, Any]] = []
    unit_names, jabatan_names = units.names, jabatan.names

    def jab(pegawai_id: int, v: Mapping[str, Any]) -> None:
        if v.get("tmt_jabatan") is None or (v.get("jabatan_id") is None and v.get("unit_id") is None):
            return
        jab_rows.append({
            "pegawai_id": pegawai_id, "jabatan_id": v.get("jabatan_id"), "unit_id": v.get("unit_id"),
            "jabatan_nama": jabatan_names.get(v.get("jabatan_id") or -1, ""),
            "unit_nama": unit_names.get(v.get("unit_id") or -1, ""), "tmt_jabatan": v["tmt_jabatan"],
            "keterangan": _KETERANGAN_JABATAN, "created_at": now, "updated_at": now, "updated_by": username,
        })

    def pangkat(pegawai_id: int, v: Mapping[str, Any]) -> None:
        if v.get("golongan_id") is None or v.get("tmt_golongan") is None:
            return
        pangkat_rows.append({"pegawai_id": pegawai_id, "golongan_id": v["golongan_id"], "tmt_golongan": v["tmt_golongan"],
                             "jenis_kp": _JENIS_KP, "created_at": now, "updated_at": now, "updated_by": username})

    for v in new_rows:
        jab(int(v["id"]), v)
        pangkat(int(v["id"]), v)
    for pegawai_id, old, new in changed:
        if any(new.get(c) != old.get(c) for c in ("jabatan_id", "unit_id", "tmt_jabatan")):
            jab(pegawai_id, new)
        if any(new.get(c) != old.get(c) for c in ("golongan_id", "tmt_golongan")):
            pangkat(pegawai_id, new)
    if jab_rows:
        BulkInserter(connection, _RIWAYAT_JABATAN).insert(jab_rows)
    if pangkat_rows:
        BulkInserter(connection, _RIWAYAT_PANGKAT).insert(pangkat_rows)


def import_pegawai(
    db: Database,
    actor: Actor,
    path: str | Path,
    *,
    dry_run: bool = False,
    strict: bool = False,
    create_missing: bool = False,
    profile: Mapping[str, str] | None = None,
    progress: ProgressFn | None = None,
) -> tuple[PegawaiImportPlan, ImportResult]:
    """Plan and (unless ``dry_run``) commit in one call, for the CLI and scripts.

    ``create_missing`` creates every unknown unit kerja and jabatan; otherwise they stay empty.
    """
    plan = plan_pegawai_import(db, actor, path, profile=profile, progress=progress)
    if dry_run:
        return plan, ImportResult(False, invalid=plan.counts.invalid, message="Pratinjau saja (--dry-run): tidak ada yang disimpan.")
    decisions_u = {r.nama: BUAT for r in plan.unknown_units} if create_missing else None
    decisions_j = {r.nama: BUAT for r in plan.unknown_jabatan} if create_missing else None
    result = commit_pegawai_import(db, actor, plan, strict=strict, unit_decisions=decisions_u,
                                   jabatan_decisions=decisions_j, progress=progress)
    return plan, result
