"""Printing an SK to files: the decree, all its petikan (in parallel), the editable .docx.

Every print is recorded in the audit trail. Petikan are rendered in worker processes (ReportLab
is pure Python, so threads would not use the second core); each worker gets a slice of the
petikan with the decree data once.
"""

from __future__ import annotations

import multiprocessing
import re
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from mutasi_desktop.db.engine import Database
from mutasi_desktop.documents.pdf.sk_data import PetikanData
from mutasi_desktop.documents.pdf.sk_pdf import render_petikan, render_sk
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.services import sk_service

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class DibatalkanPengguna(DomainError):
    """The clerk cancelled a batch print."""


@dataclass(frozen=True)
class HasilCetakPetikan:
    berkas: tuple[Path, ...]
    gabungan: Path | None


def nama_berkas(text: str) -> str:
    """A file-name-safe version of an SK number or a name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "dokumen"


def cetak_sk_pdf(db: Database, sk_id: int, out_path: Path, *, by: Actor) -> Path:
    """Render the SK (frozen content when set, DRAF-marked live data otherwise) to ``out_path``."""
    require(by, Izin.CETAK_SK)
    data = sk_service.sk_data(db, sk_id, by=by)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    render_sk(data, out_path)
    sk_service.catat_cetak(db, sk_id, by=by, apa="SK", berkas=str(out_path))
    return out_path


def _start_method() -> str:
    """``fork`` starts workers in milliseconds, but forking a process that runs Qt's threads is
    unsafe: the desktop app spawns fresh interpreters instead (about a second more)."""
    if "PySide6.QtCore" in sys.modules or "fork" not in multiprocessing.get_all_start_methods():
        return "spawn"
    return "fork"


def _render_chunk(jobs: Sequence[tuple[PetikanData, str]]) -> list[str]:
    for data, path in jobs:
        render_petikan(data, Path(path))
    return [path for _, path in jobs]


def _chunks(items: Sequence[tuple[PetikanData, str]], size: int) -> list[list[tuple[PetikanData, str]]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def render_petikan_files(
    items: Sequence[PetikanData],
    out_dir: Path,
    *,
    workers: int = 2,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """Render each petikan to ``out_dir/petikan_<no>_<nip>.pdf``; parallel when ``workers`` > 1."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(p, str(out_dir / f"petikan_{p.indeks + 1:03d}_{p.pegawai.nip}.pdf")) for p in items]
    total = len(jobs)
    done = 0
    report = progress or (lambda _d, _t: None)
    stop = cancelled or (lambda: False)
    report(0, total)
    if workers <= 1 or total < 4:
        for job in jobs:
            if stop():
                raise DibatalkanPengguna("Pencetakan petikan dibatalkan")
            _render_chunk([job])
            done += 1
            report(done, total)
        return [Path(p) for _, p in jobs]
    # Small chunks keep the progress bar moving and let a cancel take effect quickly.
    size = max(1, min(10, total // (workers * 4) or 1))
    context = multiprocessing.get_context(_start_method())
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: set[Future[list[str]]] = {pool.submit(_render_chunk, chunk) for chunk in _chunks(jobs, size)}
        while pending:
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in finished:
                done += len(fut.result())
                report(done, total)
            if stop():
                for fut in pending:
                    fut.cancel()
                raise DibatalkanPengguna("Pencetakan petikan dibatalkan")
    return [Path(p) for _, p in jobs]


def gabung_pdf(files: Sequence[Path], out_path: Path) -> Path:
    """One PDF with every page of ``files`` in order (one print job for a whole batch)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for f in files:
        writer.append(str(f))
    with open(out_path, "wb") as fh:
        writer.write(fh)
    return out_path


def cetak_petikan(
    db: Database,
    sk_id: int,
    out_dir: Path,
    *,
    by: Actor,
    workers: int = 2,
    gabung: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> HasilCetakPetikan:
    """Every petikan of an SK as separate files (and, with ``gabung``, one combined file)."""
    require(by, Izin.CETAK_SK)
    items = sk_service.petikan_data(db, sk_id, by=by)
    files = render_petikan_files(items, out_dir, workers=workers, progress=progress, cancelled=cancelled)
    combined = None
    if gabung and files:
        nomor = items[0].sk.nomor or f"draf_{sk_id}"
        combined = gabung_pdf(files, Path(out_dir) / f"petikan_semua_{nama_berkas(nomor)}.pdf")
    sk_service.catat_cetak(db, sk_id, by=by, apa=f"{len(files)} petikan", berkas=str(out_dir))
    return HasilCetakPetikan(berkas=tuple(files), gabungan=combined)


def ekspor_docx(db: Database, sk_id: int, out_path: Path, *, by: Actor) -> Path:
    """An editable Word copy of the SK for offices that must adapt wording by hand."""
    from mutasi_desktop.documents.docx_export import write_sk_docx

    require(by, Izin.CETAK_SK)
    data = sk_service.sk_data(db, sk_id, by=by)
    write_sk_docx(data, Path(out_path))
    sk_service.catat_cetak(db, sk_id, by=by, apa="DOCX", berkas=str(out_path))
    return Path(out_path)
