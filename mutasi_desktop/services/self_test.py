"""``mutasi self-test``: prove that an installation works, end to end, without touching real data.

Run on a clerk's PC after installing (or by CI on a freshly built bundle), it exercises every
part that a bundle can lose: the shipped resources, the Alembic scripts, the demo builder, the
PDF renderer with its fonts, the Excel writer and reader, and backup/restore. Everything happens
in a temporary folder (``MUTASI_HOME`` points there for the duration), which is removed after.

Steps run in order and stop at the first failure, since each builds on the one before (no
demo data without a database). The caller may append steps (the CLI adds the offscreen main
window, which this layer may not import).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select, text

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.migrate import all_revisions, current_revision, head_revision, open_database, upgrade
from mutasi_desktop.db.models import Jabatan, Pegawai, UnitKerja
from mutasi_desktop.db.sqlite_backup import integrity_ok
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.paths import ENV_DB, ENV_HOME
from mutasi_desktop.resource_files import load_reference_json, resources_dir

REFERENCE_FILES = ("golongan.json", "pendidikan.json", "bup.json")
SK_PEGAWAI = 3
XLSX_HEADER = ("NIP", "Nama", "Tanggal Lahir", "Jabatan", "Unit Kerja")
BACKUP_PASSWORD = "uji-mandiri-2025"  # a throwaway backup in a temporary folder
AUDIT_TABLE = "audit_log"


class SelfTestFailure(Exception):
    """A check inside a step did not hold; the message (Indonesian) says what."""


@dataclass
class SelfTestContext:
    """Scratch space shared by the steps of one run."""

    workdir: Path
    pegawai: int
    seed: int
    db_path: Path
    db: Database | None = None
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db_path}"

    def database(self) -> Database:
        if self.db is None:
            raise SelfTestFailure("basis data belum dibuka oleh langkah sebelumnya")
        return self.db


StepFn = Callable[[SelfTestContext], str]


@dataclass(frozen=True)
class SelfTestStep:
    name: str  # Indonesian, shown to the user
    run: StepFn  # returns a short detail line ("200 pegawai, 12 OPD")


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str = ""
    error: str = ""


@dataclass(frozen=True)
class SelfTestReport:
    steps: tuple[StepResult, ...]
    planned: int  # steps that would have run; fewer ran when one failed

    @property
    def ok(self) -> bool:
        return len(self.steps) == self.planned and all(step.ok for step in self.steps)

    @property
    def failed(self) -> StepResult | None:
        return next((step for step in self.steps if not step.ok), None)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


# -- the steps -------------------------------------------------------------------------------


def check_resources(ctx: SelfTestContext) -> str:
    """Reference JSON, fonts and Alembic scripts are where the frozen app looks for them."""
    folder = resources_dir()
    if not folder.is_dir():
        raise SelfTestFailure(f"folder sumber daya tidak ditemukan: {folder}")
    for name in REFERENCE_FILES:
        load_reference_json(name)
    from mutasi_desktop.documents.pdf.base import register_fonts

    font = register_fonts()
    revisions = all_revisions()
    return f"{len(REFERENCE_FILES)} tabel referensi, huruf {font}, {len(revisions)} revisi skema"


def create_database(ctx: SelfTestContext) -> str:
    result = open_database(ctx.url)
    ctx.db = result.database
    if not result.created:
        raise SelfTestFailure("basis data sementara ternyata sudah ada")
    current = current_revision(ctx.db.engine)
    if current != head_revision():
        raise SelfTestFailure(f"skema berada di revisi '{current}', seharusnya '{head_revision()}'")
    return f"skema {current}"


def upgrade_old_database(ctx: SelfTestContext) -> str:
    """A database left by the first release is backed up and brought to the current schema."""
    revisions = all_revisions()
    path = ctx.workdir / "versi-lama.db"
    old = Database(f"sqlite:///{path}")
    try:
        upgrade(old.engine, revisions[0])
    finally:
        old.dispose()
    if len(revisions) == 1:
        return "hanya ada satu revisi skema; tidak ada yang perlu diperbarui"
    result = open_database(f"sqlite:///{path}")
    try:
        if result.upgraded_from != revisions[0]:
            raise SelfTestFailure(f"pembaruan dimulai dari '{result.upgraded_from}', seharusnya '{revisions[0]}'")
        if result.backup_path is None or not result.backup_path.is_file():
            raise SelfTestFailure("tidak ada cadangan sebelum pembaruan skema")
        if current_revision(result.database.engine) != revisions[-1]:
            raise SelfTestFailure("skema tidak sampai ke revisi terbaru")
    finally:
        result.database.dispose()
    return f"{revisions[0]} → {revisions[-1]}, cadangan {result.backup_path.name}"


def build_demo_data(ctx: SelfTestContext) -> str:
    from mutasi_desktop.services.demo import build_demo

    summary = build_demo(ctx.database(), pegawai=ctx.pegawai, seed=ctx.seed)
    if summary.pegawai != ctx.pegawai:
        raise SelfTestFailure(f"{summary.pegawai} pegawai dibuat, seharusnya {ctx.pegawai}")
    return f"{summary.pegawai} pegawai, {summary.opd} OPD, {summary.jabatan} jabatan, {summary.formasi} formasi"


def rank_and_place(ctx: SelfTestContext) -> str:
    """Rank candidates for a vacancy (numpy), keep the candidate pool on disk encrypted and read it
    back, and plan a placement (SciPy's assignment solver): the parts a bundle could miss."""
    from mutasi_desktop.services import selection_pool
    from mutasi_desktop.services.kebutuhan_service import analisis_kebutuhan, lowongan_formasi
    from mutasi_desktop.services.placement_service import rencanakan_penempatan
    from mutasi_desktop.services.ranking_service import hitung_peringkat
    from mutasi_desktop.services.selection_pool_cache import cache_path

    db = ctx.database()
    vacancies = [b for b in lowongan_formasi(analisis_kebutuhan(db, SYSTEM, horizon_bulan=0)) if b.formasi_id is not None]
    if not vacancies:
        raise SelfTestFailure("data contoh tidak berisi lowongan")
    first = vacancies[0].formasi_id
    assert first is not None
    ranked = hitung_peringkat(db, SYSTEM, first, top=5)
    if not cache_path(db).exists():
        raise SelfTestFailure("kumpulan calon tidak tersimpan di folder cache")
    selection_pool._CACHE.pop(db.url, None)  # as the next start of the app: from the disk
    again = hitung_peringkat(db, SYSTEM, first, top=5)
    if again.kandidat != ranked.kandidat:
        raise SelfTestFailure("peringkat dari kumpulan calon tersimpan berbeda")
    seats = [(b.formasi_id, 1) for b in vacancies[:3] if b.formasi_id is not None]
    plan = rencanakan_penempatan(db, SYSTEM, lowongan=seats)
    return (f"{len(ranked.kandidat)} kandidat teratas dari {ranked.jumlah_pegawai} pegawai; "
            f"penempatan {len(plan.pasangan)} dari {len(seats)} lowongan")


def _pegawai_rows(db: Database, limit: int | None = None) -> list[tuple[str, str, date, str, str]]:
    """(NIP, nama, tanggal lahir, jabatan, unit) of the demo pegawai, by NIP."""
    stmt = (
        select(Pegawai.nip, Pegawai.nama, Pegawai.tanggal_lahir, Jabatan.nama, UnitKerja.nama)
        .outerjoin(Jabatan, Pegawai.jabatan_id == Jabatan.id)
        .outerjoin(UnitKerja, Pegawai.unit_id == UnitKerja.id)
        .order_by(Pegawai.nip)
        .limit(limit)
    )
    with db.session() as s:
        return [(nip, nama, lahir, jabatan or "", unit or "") for nip, nama, lahir, jabatan, unit in s.execute(stmt)]


def render_sk_pdf(ctx: SelfTestContext) -> str:
    """An SK with Lampiran naming demo pegawai, through the real decree renderer and its fonts."""
    from pypdf import PdfReader

    from mutasi_desktop.documents.pdf.sample import sample_sk
    from mutasi_desktop.documents.pdf.sk_data import PegawaiBaris
    from mutasi_desktop.documents.pdf.sk_pdf import render_sk

    rows = _pegawai_rows(ctx.database(), SK_PEGAWAI)
    if len(rows) < SK_PEGAWAI:
        raise SelfTestFailure("data contoh tidak berisi pegawai untuk SK")
    template = sample_sk(SK_PEGAWAI, seed=ctx.seed)
    pegawai = tuple(
        replace(base, nip=nip, nama=nama, tanggal_lahir=lahir, jabatan_lama=jabatan, unit_lama=unit)
        for base, (nip, nama, lahir, jabatan, unit) in zip(template.pegawai, rows, strict=True)
    )
    out = render_sk(replace(template, pegawai=pegawai), ctx.workdir / "sk-uji.pdf")
    reader = PdfReader(str(out))
    pages = len(reader.pages)
    content = " ".join((page.extract_text() or "") for page in reader.pages)
    if pages < 2:  # the decree and its Lampiran
        raise SelfTestFailure(f"PDF hanya {pages} halaman; SK dengan lampiran seharusnya lebih")
    if "KEPUTUSAN" not in content:
        raise SelfTestFailure("teks 'KEPUTUSAN' tidak ditemukan di PDF")
    if not isinstance(pegawai[0], PegawaiBaris) or pegawai[0].nama.split()[0] not in content:
        raise SelfTestFailure(f"nama pegawai '{pegawai[0].nama}' tidak tercetak di PDF")
    ctx.files["sk"] = out
    return f"{pages} halaman, {out.stat().st_size // 1024} KB"


def _write_xlsx(path: Path, rows: Sequence[tuple[str, str, date, str, str]]) -> None:
    from mutasi_desktop.documents.excel.writer import Column, write_table_xlsx

    columns = [Column(XLSX_HEADER[0], "nip"), Column(XLSX_HEADER[1]), Column(XLSX_HEADER[2], "date"),
               Column(XLSX_HEADER[3]), Column(XLSX_HEADER[4])]
    written = write_table_xlsx(path, columns=columns, rows=rows, sheet_name="Pegawai")
    if written != len(rows):
        raise SelfTestFailure(f"{written} baris ditulis ke xlsx, seharusnya {len(rows)}")


def _as_date(value: object) -> object:
    return value.date() if isinstance(value, datetime) else value


def excel_roundtrip(ctx: SelfTestContext) -> str:
    """Write every demo pegawai to an xlsx and read it back: NIPs stay text, dates stay dates."""
    from mutasi_desktop.documents.excel.reader import open_table

    rows = _pegawai_rows(ctx.database())
    path = ctx.workdir / "pegawai-uji.xlsx"
    _write_xlsx(path, rows)
    with open_table(path) as table:
        read = [values for _number, values in table.rows()]
    if not read or tuple(read[0][: len(XLSX_HEADER)]) != XLSX_HEADER:
        raise SelfTestFailure("baris judul xlsx tidak terbaca kembali")
    body = [tuple(_as_date(v) for v in values[: len(XLSX_HEADER)]) for values in read[1:]]
    if len(body) != len(rows):
        raise SelfTestFailure(f"{len(body)} baris terbaca dari xlsx, seharusnya {len(rows)}")
    for number, (got, want) in enumerate(zip(body, rows, strict=True), start=2):
        if got != want:
            raise SelfTestFailure(f"baris {number} xlsx berbeda: {got!r} ≠ {want!r}")
    ctx.files["xlsx"] = path
    return f"{len(rows)} baris ditulis dan dibaca kembali, {path.stat().st_size // 1024} KB"


def _table_counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        names = [row[0] for row in s.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        return {name: int(s.scalar(text(f'SELECT COUNT(*) FROM "{name}"')) or 0) for name in sorted(names)}


def backup_and_restore(ctx: SelfTestContext) -> str:
    """An encrypted backup of the live database, restored into a new database: every table the
    same (the audit log also gains the restore event)."""
    from mutasi_desktop.services.backup_service import create_backup, inspect_backup, restore_backup

    db = ctx.database()
    before = _table_counts(db)
    folder = ctx.workdir / "cadangan"
    folder.mkdir()
    info = create_backup(db, SYSTEM, folder / "uji-mandiri.mbak", password=BACKUP_PASSWORD)
    if not info.terenkripsi or inspect_backup(info.path).revisi != head_revision():
        raise SelfTestFailure("cadangan terenkripsi tidak terbaca kembali")
    restored_path = ctx.workdir / "pulih" / "mutasi.db"
    restored_path.parent.mkdir()
    restored = open_database(f"sqlite:///{restored_path}").database
    try:
        restore_backup(restored, SYSTEM, info.path, password=BACKUP_PASSWORD)
        if not integrity_ok(restored_path, quick=False):
            raise SelfTestFailure("basis data hasil pemulihan gagal pemeriksaan integritas")
        after = _table_counts(restored)
        with restored.session() as s:
            pegawai = int(s.scalar(select(func.count()).select_from(Pegawai)) or 0)
    finally:
        restored.dispose()
    changed = sorted(
        name for name in set(before) | set(after)
        if name != AUDIT_TABLE and before.get(name) != after.get(name)
    )
    if changed or after.get(AUDIT_TABLE, 0) < before.get(AUDIT_TABLE, 0):
        raise SelfTestFailure(f"isi tabel berbeda setelah pemulihan: {', '.join(changed) or AUDIT_TABLE}")
    return f"terenkripsi {info.ukuran // 1024} KB, dipulihkan: {len(before)} tabel utuh, {pegawai} pegawai"


def default_steps() -> list[SelfTestStep]:
    return [
        SelfTestStep("Berkas aplikasi (referensi, huruf, skrip migrasi)", check_resources),
        SelfTestStep("Basis data sementara dan migrasi", create_database),
        SelfTestStep("Pembaruan basis data versi lama (dengan cadangan)", upgrade_old_database),
        SelfTestStep("Data contoh", build_demo_data),
        SelfTestStep("Peringkat dan penempatan kandidat", rank_and_place),
        SelfTestStep("Cetak SK (PDF)", render_sk_pdf),
        SelfTestStep("Tulis dan baca Excel (xlsx)", excel_roundtrip),
        SelfTestStep("Cadangan terenkripsi dan pemulihan", backup_and_restore),
    ]


# -- running ---------------------------------------------------------------------------------


@contextmanager
def isolated_home(folder: Path) -> Iterator[None]:
    """Point MUTASI_HOME at ``folder`` (and drop MUTASI_DB) for the duration, then restore both."""
    saved = {name: os.environ.get(name) for name in (ENV_HOME, ENV_DB)}
    os.environ[ENV_HOME] = str(folder)
    os.environ.pop(ENV_DB, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _message(exc: BaseException) -> str:
    message = getattr(exc, "message", None)  # DomainError / DatabaseOpenError carry Indonesian text
    text_ = message if isinstance(message, str) and message else str(exc)
    return f"{text_} ({type(exc).__name__})" if not isinstance(exc, SelfTestFailure) else text_


def run_self_test(
    *,
    pegawai: int = 200,
    seed: int = 1,
    extra_steps: Sequence[SelfTestStep] = (),
    on_step: Callable[[StepResult], None] | None = None,
    on_start: Callable[[SelfTestStep], None] | None = None,
) -> SelfTestReport:
    """Run every step in a temporary folder; stop at the first failure. Never raises for a
    failing step: the report says which step failed and why."""
    steps = [*default_steps(), *extra_steps]
    results: list[StepResult] = []
    with tempfile.TemporaryDirectory(prefix="mutasi-selftest-", ignore_cleanup_errors=True) as tmp:
        workdir = Path(tmp)
        ctx = SelfTestContext(workdir=workdir, pegawai=pegawai, seed=seed, db_path=workdir / "data" / "mutasi.db")
        with isolated_home(workdir):
            ctx.db_path.parent.mkdir(parents=True, exist_ok=True)
            try:
                for step in steps:
                    if on_start is not None:
                        on_start(step)
                    started = time.perf_counter()
                    try:
                        detail = step.run(ctx)
                    except Exception as exc:  # a self-test reports every failure, whatever it is
                        result = StepResult(step.name, False, time.perf_counter() - started, error=_message(exc))
                    else:
                        result = StepResult(step.name, True, time.perf_counter() - started, detail=detail)
                    results.append(result)
                    if on_step is not None:
                        on_step(result)
                    if not result.ok:
                        break
            finally:
                if ctx.db is not None:
                    with suppress(Exception):
                        ctx.db.dispose()
    return SelfTestReport(steps=tuple(results), planned=len(steps))
