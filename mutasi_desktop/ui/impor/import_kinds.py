"""The five kinds of spreadsheet import behind one small interface, so the wizard's pages do not
care whether they show a pegawai plan or a riwayat SKP plan.

No Qt here: each :class:`ImportKind` only forwards to the services (plan, commit, template,
saved profiles) and turns their plans into :class:`PreviewLine` rows for the preview table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.column_mapping import FieldSpec
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.services import import_common
from mutasi_desktop.services.import_common import GALAT, ProgressFn

# Preview line kinds: one per problem, one per changed field, one per new row.
LINE_GALAT, LINE_PERINGATAN, LINE_UBAH, LINE_BARU = "galat", "peringatan", "ubah", "baru"


@dataclass(frozen=True)
class PreviewLine:
    row: int
    status: str  # BARU / BERUBAH / SAMA / TIDAK_VALID / TERTUNDA
    subject: str  # "1990... Nama" or the record's label
    column: str
    message: str
    kind: str


@dataclass(frozen=True)
class ImportKind:
    key: str
    jenis: str  # profil_impor.jenis
    fields: tuple[FieldSpec, ...]
    plan: Callable[..., Any]
    commit: Callable[..., Any]
    write_template: Callable[[str | Path], int]

    def inspect(self, path: str | Path, *, sheet: str | None = None) -> import_common.FileInspection:
        return import_common.inspect_file(path, self.fields, sheet=sheet)

    def profiles(self, db: Database, actor: Actor) -> list[import_common.ProfilImporInfo]:
        return import_common.list_profiles(db, actor, self.jenis)

    def save_profile(self, db: Database, actor: Actor, nama: str, pemetaan: Mapping[str, str]
                     ) -> import_common.ProfilImporInfo:
        return import_common.save_profile(db, actor, nama=nama, jenis=self.jenis, pemetaan=pemetaan)


def _pegawai_kind() -> ImportKind:
    from mutasi_desktop.services import import_pegawai as ip
    from mutasi_desktop.services.export_service import write_pegawai_template

    def plan(db: Database, actor: Actor, path: str | Path, *, profile: Mapping[str, str] | None,
             sheet: str | None, progress: ProgressFn | None) -> Any:
        return ip.plan_pegawai_import(db, actor, path, profile=profile, sheet=sheet, progress=progress)

    def commit(db: Database, actor: Actor, plan: Any, **kwargs: Any) -> Any:
        return ip.commit_pegawai_import(db, actor, plan, **kwargs)

    return ImportKind("pegawai", ip.JENIS_IMPOR, ip.PEGAWAI_IMPORT_FIELDS, plan, commit,
                      lambda path: write_pegawai_template(path))


def _record_kind(key: str, module: str, cls: str) -> ImportKind:
    import importlib

    from mutasi_desktop.services.export_service import write_import_template

    importer = getattr(importlib.import_module(module), cls)()

    def plan(db: Database, actor: Actor, path: str | Path, *, profile: Mapping[str, str] | None,
             sheet: str | None, progress: ProgressFn | None) -> Any:
        return importer.plan(db, actor, path, profile=profile, sheet=sheet, progress=progress)

    def commit(db: Database, actor: Actor, plan: Any, **kwargs: Any) -> Any:
        return importer.commit(db, actor, plan, **kwargs)

    title = f"TEMPLAT IMPOR {importer.judul.upper()}"
    return ImportKind(key, importer.jenis, tuple(importer.fields), plan, commit,
                      lambda path: write_import_template(path, importer.fields, title=title))


_RECORDS = {
    "skp": ("mutasi_desktop.services.import_skp", "SkpImport"),
    "riwayat_jabatan": ("mutasi_desktop.services.import_riwayat_jabatan", "RiwayatJabatanImport"),
    "abk": ("mutasi_desktop.services.import_abk", "AbkImport"),
    "aspirasi": ("mutasi_desktop.services.import_aspirasi", "AspirasiImport"),
}
KIND_KEYS: tuple[str, ...] = ("pegawai", *_RECORDS)


def import_kind(key: str) -> ImportKind:
    """The adapter for ``key`` (one of :data:`KIND_KEYS`)."""
    if key == "pegawai":
        return _pegawai_kind()
    module, cls = _RECORDS[key]
    return _record_kind(key, module, cls)


# ------------------------------------------------------------------------------ preview rows


def _subject(row: Any) -> str:
    nip = getattr(row, "nip", None)
    if nip is not None:
        return f"{nip} {getattr(row, 'nama', '')}".strip()
    return str(getattr(row, "label", ""))


def preview_lines(plan: Any, *, show: str = "masalah") -> list[PreviewLine]:
    """What the preview table lists. ``show``: ``masalah`` (errors and warnings), ``ubah`` (each
    changed field, old -> new), ``baru`` (new rows), ``semua`` (all of these)."""
    lines: list[PreviewLine] = []
    problems = show in ("masalah", "semua")
    changes = show in ("ubah", "semua")
    new = show in ("baru", "semua")
    for row in plan.rows:
        subject = ""
        if problems and row.issues:
            subject = _subject(row)
            for issue in row.issues:
                kind = LINE_GALAT if issue.level == GALAT else LINE_PERINGATAN
                lines.append(PreviewLine(row.row, row.status, subject, issue.column, issue.message, kind))
        if changes and row.changes:
            subject = subject or _subject(row)
            for change in row.changes:
                label = getattr(change, "label", None) or change.field
                lines.append(PreviewLine(row.row, row.status, subject, label, f"{change.lama} → {change.baru}",
                                         LINE_UBAH))
        if new and row.status == "BARU":
            lines.append(PreviewLine(row.row, row.status, subject or _subject(row), "", "Data baru", LINE_BARU))
    return lines


@dataclass(frozen=True)
class PlanSummary:
    baru: int
    berubah: int
    sama: int
    tidak_valid: int
    peringatan: int
    tertunda: int
    bad_rows: int


def summarize(plan: Any) -> PlanSummary:
    c = plan.counts
    return PlanSummary(c.baru, c.berubah, c.sama, c.invalid, c.peringatan, getattr(c, "tertunda", 0),
                       len(plan.bad_rows))


def decisions_from(choices: Sequence[tuple[str, str, int | str | None]]
                   ) -> tuple[dict[str, int | str | None], dict[str, int | str | None]]:
    """``(jenis, nama, decision)`` triples -> (unit decisions, jabatan decisions)."""
    units: dict[str, int | str | None] = {}
    jabatan: dict[str, int | str | None] = {}
    for jenis, nama, decision in choices:
        if decision is None:
            continue
        (units if jenis == "unit" else jabatan)[nama] = decision
    return units, jabatan
