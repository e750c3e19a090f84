"""The requirement checklist of an usul and its scanned attachments.

Scans are stored beside the database (``paths.attachments_dir_for``) under their SHA-256, so the
same letter attached twice is stored once and a renamed or edited file can be detected. The
type (by content, not only by name) and the size are checked before anything is written.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import UsulPersyaratan
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.persyaratan import LAMPIRAN_MAKS_BYTES, StatusBerkas, check_lampiran
from mutasi_desktop.domain.roles import Actor, Izin
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.paths import attachments_dir_for
from mutasi_desktop.services.concurrency import check_version, tracked_session
from mutasi_desktop.services.usul_dto import PersyaratanInfo
from mutasi_desktop.services.usul_store import get_usul_row, persyaratan_infos, require_any


def _attachment_path(db: Database, sha256: str) -> Path:
    return attachments_dir_for(db.path) / sha256[:2] / sha256


def lampiran_path(db: Database, sha256: str) -> Path:
    """Where the scan with this hash is stored; DomainError when it is missing on disk."""
    path = _attachment_path(db, sha256)
    if not path.exists():
        raise DomainError(
            f"Berkas lampiran {sha256[:12]}… tidak ditemukan di folder lampiran ({path.parent})",
            field="lampiran",
        )
    return path


def update_persyaratan(
    db: Database,
    item_id: int,
    *,
    status: str,
    catatan: str = "",
    version: int | None = None,
    by: Actor,
) -> PersyaratanInfo:
    """Mark one checklist item Ada / Belum / Perlu perbaikan, with a note."""
    require_any(by, Izin.KELOLA_USUL, Izin.VERIFIKASI_USUL)
    try:
        berkas = StatusBerkas(status)
    except ValueError:
        raise DomainError(
            f"Status berkas '{status}' tidak dikenal (ADA, BELUM, PERBAIKAN)", field="status"
        ) from None
    with tracked_session(db, actor=by, write=True) as s:
        row = s.get(UsulPersyaratan, item_id)
        if row is None:
            raise DomainError(f"Butir persyaratan id {item_id} tidak ditemukan", field="item_id")
        check_version(db, row, version)
        usul = get_usul_row(s, row.usul_id)
        usul_status = StatusUsul(usul.status)
        if usul_status.is_final or usul_status is StatusUsul.SK_DITETAPKAN:
            raise DomainError(
                f"Persyaratan usul {usul.nomor} tidak dapat diubah (status {usul_status.label})",
                field="status",
            )
        if berkas is StatusBerkas.PERBAIKAN and not catatan.strip():
            raise DomainError("Tuliskan apa yang perlu diperbaiki pada catatan", field="catatan")
        row.status = berkas.value
        row.catatan = catatan.strip()
        s.flush()
        return next(i for i in persyaratan_infos(s, usul.id) if i.id == row.id)


def attach_lampiran(
    db: Database, item_id: int, source: Path | str, *, by: Actor, nama: str | None = None
) -> PersyaratanInfo:
    """Attach a scan (PDF/JPG/PNG, at most 10 MB) to a checklist item and mark it Ada."""
    require_any(by, Izin.KELOLA_USUL, Izin.VERIFIKASI_USUL)
    src = Path(source)
    if not src.is_file():
        raise DomainError(f"Berkas '{src}' tidak ditemukan", field="lampiran")
    size = src.stat().st_size
    with src.open("rb") as fh:
        head = fh.read(16)
    display = nama or src.name
    mime = check_lampiran(display, head, size)

    digest = hashlib.sha256()
    with src.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    target = _attachment_path(db, sha)

    with tracked_session(db, actor=by, write=True) as s:
        row = s.get(UsulPersyaratan, item_id)
        if row is None:
            raise DomainError(f"Butir persyaratan id {item_id} tidak ditemukan", field="item_id")
        usul = get_usul_row(s, row.usul_id)
        if StatusUsul(usul.status).is_final:
            raise DomainError(
                f"Usul {usul.nomor} sudah selesai; lampiran tidak dapat ditambah", field="status"
            )
        if not target.exists():
            # Write to a temporary file in the same folder, then rename: never a half-copied scan.
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            os.close(fd)
            try:
                shutil.copyfile(src, tmp)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        row.lampiran_sha256 = sha
        row.lampiran_nama = display[:250]
        row.lampiran_mime = mime
        row.lampiran_ukuran = size
        if row.status == StatusBerkas.BELUM.value:
            row.status = StatusBerkas.ADA.value
        s.flush()
        return next(i for i in persyaratan_infos(s, usul.id) if i.id == row.id)


def list_persyaratan(db: Database, usul_id: int, *, by: Actor) -> tuple[PersyaratanInfo, ...]:
    require_any(by, Izin.LIHAT_DATA)
    with db.session() as s:
        get_usul_row(s, usul_id)
        return persyaratan_infos(s, usul_id)


__all__ = [
    "LAMPIRAN_MAKS_BYTES",
    "attach_lampiran",
    "lampiran_path",
    "list_persyaratan",
    "update_persyaratan",
]
