"""The shared plan/commit engine of the smaller imports: riwayat SKP, riwayat jabatan,
kebutuhan formasi (ABK) and aspirasi.

Each import is a :class:`RecordImport` subclass that says which fields it reads, how one row
is cleaned, how a row finds its existing record (its *key*) and how a record is written. The
engine does the rest the same way as the pegawai import: a dry-run plan with every row BARU /
BERUBAH / SAMA / TIDAK_VALID and every problem, then one transaction. These files are a few
thousand rows, so records are written through the ORM and the audit hook records each one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.audit_hook import ROW_SUMMARY_KEY, Aksi
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai, UnitKerja
from mutasi_desktop.domain.column_mapping import FieldSpec
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.import_values import clean_nip
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.import_common import (
    BARU,
    BERUBAH,
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
    load_jabatan_index,
    load_unit_index,
    open_layout,
    write_error_workbook,
)
from mutasi_desktop.services.import_pegawai import ImportResult

# Valid, but it names a unit kerja or jabatan the clerk has not mapped or created yet: skipped.
TERTUNDA = "TERTUNDA"


@dataclass(frozen=True)
class RecordChange:
    field: str
    lama: str
    baru: str


@dataclass(frozen=True)
class RecordRow:
    row: int
    status: str
    label: str  # what the row is about, e.g. "NIP 19660801... tahun 2023"
    changes: tuple[RecordChange, ...] = ()
    issues: tuple[ImportIssue, ...] = ()
    values: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def valid(self) -> bool:
        return self.status != TIDAK_VALID


@dataclass(frozen=True)
class RecordCounts:
    total: int
    valid: int
    invalid: int
    baru: int
    berubah: int
    sama: int
    peringatan: int
    tertunda: int = 0


@dataclass
class RecordImportPlan:
    jenis: str
    layout: FileLayout
    rows: list[RecordRow]
    unknown_units: list[UnknownRef]
    unknown_jabatan: list[UnknownRef]
    bad_rows: list[BadRow]

    @property
    def issues(self) -> list[ImportIssue]:
        return [issue for row in self.rows for issue in row.issues]

    @property
    def counts(self) -> RecordCounts:
        status = [r.status for r in self.rows]
        warnings = sum(1 for r in self.rows for i in r.issues if i.level == PERINGATAN)
        return RecordCounts(**count_rows(status, warnings), tertunda=status.count(TERTUNDA))

    def save_errors(self, path: str | Path) -> int:
        return write_error_workbook(path, self.layout, self.bad_rows)


@dataclass(frozen=True)
class RecordImportResult(ImportResult):
    """The pegawai import's result plus the rows left waiting (e.g. ABK rows of an unmapped unit)."""

    skipped: int = 0


@dataclass
class Context:
    """What a row needs from the database, loaded once per plan/commit."""

    session: Session
    pegawai: dict[str, tuple[int, str]]  # nip -> (id, nama)
    units: RefIndex
    jabatan: RefIndex
    unit_map: dict[str, int] = field(default_factory=dict)  # decided unknown names (folded)
    jabatan_map: dict[str, int] = field(default_factory=dict)
    unknown_units: UnknownCollector = field(default_factory=lambda: UnknownCollector("unit"))
    unknown_jabatan: UnknownCollector = field(default_factory=lambda: UnknownCollector("jabatan"))
    extra: dict[str, Any] = field(default_factory=dict)
    actor: Actor | None = None  # an Operator limited to some OPD touches only its pegawai and units
    pegawai_paths: dict[str, str] = field(default_factory=dict)  # nip -> path of the pegawai's unit


class RowProblem(DomainError):
    """Raised by ``clean`` for a row-level error tied to one field key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message, field=key)


class RecordImport:
    """Subclasses set ``jenis``, ``entitas``, ``fields`` and implement the four hooks."""

    jenis: ClassVar[str] = ""
    entitas: ClassVar[str] = ""
    judul: ClassVar[str] = ""
    fields: ClassVar[tuple[FieldSpec, ...]] = ()

    # -- hooks ---------------------------------------------------------------------------
    def clean(self, raw: Mapping[str, object], ctx: Context, warn: Any) -> dict[str, Any]:
        """Clean one row; raise RowProblem/DomainError (``field`` = field key) for an error;
        call ``warn(key, message)`` for a warning."""
        raise NotImplementedError

    def load(self, ctx: Context, rows: Sequence[dict[str, Any]]) -> None:
        """Load the existing records the rows may match into ``ctx.extra``."""

    def compare(self, ctx: Context, values: dict[str, Any]) -> tuple[str, list[RecordChange], str]:
        """(status BARU/BERUBAH/SAMA, changes, label)."""
        raise NotImplementedError

    def write(self, ctx: Context, values: dict[str, Any], status: str) -> None:
        raise NotImplementedError

    # -- helpers for subclasses ----------------------------------------------------------
    @staticmethod
    def pegawai_of(ctx: Context, raw: Mapping[str, object], key: str = "nip") -> tuple[int, str, str]:
        info = clean_nip(raw.get(key))
        if info is None:
            raise RowProblem(key, "NIP wajib diisi")
        found = ctx.pegawai.get(info.nip)
        if found is None:
            raise RowProblem(key, f"Pegawai dengan NIP {info.nip} tidak ada di basis data; impor data pegawai dulu")
        if ctx.actor is not None and not ctx.actor.may_touch_unit(ctx.pegawai_paths.get(info.nip)):
            raise RowProblem(key, f"Pegawai dengan NIP {info.nip} ({found[1]}) di luar OPD yang boleh Anda kelola")
        return found[0], found[1], info.nip

    # -- engine --------------------------------------------------------------------------
    def _context(self, session: Session, nips: Sequence[str], actor: Actor) -> Context:
        pegawai: dict[str, tuple[int, str]] = {}
        paths: dict[str, str] = {}
        unique = sorted(set(nips))
        for start in range(0, len(unique), 500):
            for ident, nip, nama, path in session.execute(
                select(Pegawai.id, Pegawai.nip, Pegawai.nama, UnitKerja.path)
                .outerjoin(UnitKerja, UnitKerja.id == Pegawai.unit_id)
                .where(Pegawai.nip.in_(unique[start : start + 500]))
            ):
                pegawai[nip] = (ident, nama)
                paths[nip] = path or ""
        return Context(session, pegawai, load_unit_index(session), load_jabatan_index(session),
                       actor=actor if actor.batas_opd else None, pegawai_paths=paths)

    def _read(self, path: str | Path, profile: Mapping[str, str] | None, sheet: str | int | None,
              progress: ProgressFn | None) -> tuple[FileLayout, list[tuple[int, dict[str, object], list[Any]]]]:
        reader, layout, data = open_layout(path, self.fields, profile=profile, sheet=sheet)
        try:
            rows = []
            for count, raw in enumerate(data, start=1):
                rows.append((raw.number, raw.values, raw.cells))
                if count % 2000 == 0:
                    check_cancel(progress, count, 0, f"Membaca baris {raw.number}")
        finally:
            reader.close()
        return layout, rows

    def _evaluate(self, ctx: Context, layout: FileLayout, raw_rows: Sequence[tuple[int, dict[str, object], list[Any]]]
                  ) -> tuple[list[RecordRow], list[BadRow]]:
        labels = {spec.key: layout.column_label(spec.key) for spec in self.fields}
        cleaned: list[tuple[int, dict[str, Any] | None, list[ImportIssue], list[Any]]] = []
        for number, raw, cells in raw_rows:
            issues: list[ImportIssue] = []

            def warn(key: str, message: str, _n: int = number, _issues: list[ImportIssue] = issues) -> None:
                _issues.append(ImportIssue(_n, labels.get(key, key), message, PERINGATAN))

            ctx.extra["_row"] = number
            try:
                values: dict[str, Any] | None = self.clean(raw, ctx, warn)
            except DomainError as exc:
                issues.append(ImportIssue(number, labels.get(exc.field or "", exc.field or ""), exc.message))
                values = None
            cleaned.append((number, values, issues, cells))
        self.load(ctx, [v for _n, v, _i, _c in cleaned if v is not None])
        rows: list[RecordRow] = []
        bad: list[BadRow] = []
        seen: dict[Any, int] = {}
        for number, values, issues, cells in cleaned:
            if values is not None:
                key = values.get("_key")
                if key is not None and key in seen:
                    issues.append(ImportIssue(number, "", f"Data yang sama sudah ada pada baris {seen[key]}"))
                    values = None
                elif key is not None:
                    seen[key] = number
            if values is None or any(i.level == GALAT for i in issues):
                rows.append(RecordRow(number, TIDAK_VALID, "", (), tuple(issues)))
                bad.append(BadRow(number, cells, [f"{i.column}: {i.message}" if i.column else i.message
                                                  for i in issues if i.level == GALAT]))
                continue
            status, changes, label = self.compare(ctx, values)
            if values.get("_tertunda"):
                status = TERTUNDA
            rows.append(RecordRow(number, status, label, tuple(changes), tuple(issues), values))
        return rows, bad

    def plan(self, db: Database, actor: Actor, path: str | Path, *, profile: Mapping[str, str] | None = None,
             sheet: str | int | None = None, progress: ProgressFn | None = None) -> RecordImportPlan:
        """Dry run: read, validate, compare. Writes nothing."""
        require(actor, Izin.IMPOR)
        layout, raw_rows = self._read(path, profile, sheet, progress)
        nips = self._nips(raw_rows)
        with db.session() as s:
            ctx = self._context(s, nips, actor)
            rows, bad = self._evaluate(ctx, layout, raw_rows)
            return RecordImportPlan(self.jenis, layout, rows, ctx.unknown_units.result(ctx.units),
                                    ctx.unknown_jabatan.result(ctx.jabatan), bad)

    def _nips(self, raw_rows: Sequence[tuple[int, dict[str, object], list[Any]]]) -> list[str]:
        out: list[str] = []
        for _n, raw, _c in raw_rows:
            try:
                info = clean_nip(raw.get("nip"))
            except DomainError:
                continue
            if info is not None:
                out.append(info.nip)
        return out

    def commit(self, db: Database, actor: Actor, plan: RecordImportPlan, *, strict: bool = False,
               unit_decisions: Mapping[str, int | str | None] | None = None,
               jabatan_decisions: Mapping[str, int | str | None] | None = None,
               progress: ProgressFn | None = None) -> RecordImportResult:
        """Write the plan in one transaction (re-evaluated against the current data)."""
        require(actor, Izin.IMPOR)
        counts = plan.counts
        if strict and counts.invalid:
            return RecordImportResult(False, invalid=counts.invalid,
                                      message=f"Mode ketat: tidak ada data yang diimpor karena {counts.invalid} baris tidak valid.")
        raw_rows = self._reread(plan)
        with db.session(actor=actor, write=True) as s:
            ctx = self._context(s, self._nips(raw_rows), actor)
            made_units, made_jabatan = self.decide(ctx, plan, unit_decisions, jabatan_decisions, actor.username)
            rows, _bad = self._evaluate(ctx, plan.layout, raw_rows)
            created = updated = unchanged = skipped = 0
            # Rows written from here on are listed in the one IMPOR entry, not one entry each
            # (units/jabatan created by decide() above keep their own entries).
            written: list[dict[str, Any]] = []
            s.flush()
            s.info[ROW_SUMMARY_KEY] = written
            for done, row in enumerate(rows, start=1):
                if done % 1000 == 0:
                    check_cancel(progress, done, len(rows), f"Menyimpan baris {done}")
                if row.status == SAMA:
                    unchanged += 1
                elif row.status == TERTUNDA:
                    skipped += 1
                elif row.status in (BARU, BERUBAH):
                    self.write(ctx, row.values, row.status)
                    created += row.status == BARU
                    updated += row.status == BERUBAH
            s.flush()
            s.info.pop(ROW_SUMMARY_KEY, None)
            result = RecordImportResult(True, created, updated, unchanged, counts.invalid, made_units, made_jabatan,
                                        skipped=skipped)
            audit_service.record(
                s, actor, Aksi.IMPOR, self.entitas, None,
                f"Impor {self.judul} dari {Path(plan.layout.path).name}: {created} baru, {updated} diubah, "
                f"{unchanged} tidak berubah, {counts.invalid} tidak valid",
                {"berkas": Path(plan.layout.path).name, "baru": created, "diubah": updated, "sama": unchanged,
                 "tidak_valid": counts.invalid, "baris": written},
            )
            # Last chance to cancel: raising here rolls the whole transaction back.
            check_cancel(progress, len(rows), len(rows), "Menyelesaikan impor")
        return result

    def decide(self, ctx: Context, plan: RecordImportPlan, unit_decisions: Mapping[str, int | str | None] | None,
               jabatan_decisions: Mapping[str, int | str | None] | None, username: str) -> tuple[int, int]:
        """Apply the clerk's decisions for unknown names; imports that may create override this."""
        from mutasi_desktop.domain.search_text import fold
        from mutasi_desktop.services.import_common import decision_for

        for ref in plan.unknown_units:
            decision = decision_for(unit_decisions, ref.nama)
            if isinstance(decision, int):
                ctx.unit_map[fold(ref.nama)] = decision
        for ref in plan.unknown_jabatan:
            decision = decision_for(jabatan_decisions, ref.nama)
            if isinstance(decision, int):
                ctx.jabatan_map[fold(ref.nama)] = decision
        return 0, 0

    def _reread(self, plan: RecordImportPlan) -> list[tuple[int, dict[str, object], list[Any]]]:
        # The plan keeps cleaned values only; the commit re-reads the (small) file so that it
        # validates exactly what is on disk now.
        profile = None
        if any(plan.layout.headers):
            from mutasi_desktop.domain.column_mapping import normalize_header

            profile = {normalize_header(plan.layout.headers[c]): k for c, k in plan.layout.mapping.items()}
        _layout, rows = self._read(plan.layout.path, profile, plan.layout.sheet_name, None)
        return rows

    # -- references ----------------------------------------------------------------------
    def unit_ref(self, ctx: Context, nama: str | None, *, induk: str | None = None) -> int | None:
        """Resolve a unit name; an unknown one is listed (and None returned)."""
        from mutasi_desktop.domain.search_text import fold

        if not nama:
            return None
        ident, ambiguous = ctx.units.resolve(nama, None, induk)
        if ident is None:
            ident = ctx.unit_map.get(fold(nama))
        if ident is None:
            ctx.unknown_units.add(nama, None, int(ctx.extra.get("_row", 0)), induk=induk or "", ambigu=ambiguous)
        return ident

    def jabatan_ref(self, ctx: Context, nama: str | None, *, record_unknown: bool = True) -> int | None:
        from mutasi_desktop.domain.search_text import fold

        if not nama:
            return None
        ident, _ = ctx.jabatan.resolve(nama, None)
        if ident is None:
            ident = ctx.jabatan_map.get(fold(nama))
        if ident is None and record_unknown:
            ctx.unknown_jabatan.add(nama, None, int(ctx.extra.get("_row", 0)))
        return ident


def show(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def diff_values(old: Mapping[str, Any], new: Mapping[str, Any], labels: Mapping[str, str]) -> list[RecordChange]:
    return [RecordChange(labels[k], show(old.get(k)), show(new[k])) for k in labels
            if k in new and new[k] is not None and new[k] != old.get(k)]
