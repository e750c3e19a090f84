"""The audit trail: recording events, listing and exporting them, verifying the hash chain.

Row changes are recorded by ``db/audit_hook.py`` on every flush; events that are not one row
(a state transition, an import, an export, printing an SK, a login or a failed login) are recorded
with :func:`record` inside the session of the use case, so the entry commits or rolls back with it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from mutasi_desktop.db.audit_hook import (
    GENESIS_HASH,
    SYSTEM_USERNAME,
    Aksi,
    PendingEntry,
    append_entries,
    canonical_entry,
    chain_hash,
)
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.paths import config_dir

__all__ = [
    "Aksi",
    "AuditEntry",
    "AuditFilter",
    "ChainReport",
    "count_entries",
    "export_xlsx",
    "filter_choices",
    "list_entries",
    "record",
    "record_event",
    "verify_chain",
]

AKSI_LABEL: dict[str, str] = {
    Aksi.CREATE: "Tambah",
    Aksi.UPDATE: "Ubah",
    Aksi.DELETE: "Hapus",
    Aksi.TRANSISI: "Perubahan status",
    Aksi.IMPOR: "Impor",
    Aksi.EKSPOR: "Ekspor",
    Aksi.CETAK_SK: "Cetak SK",
    Aksi.LOGIN: "Masuk",
    Aksi.LOGIN_GAGAL: "Gagal masuk",
    Aksi.LOGOUT: "Keluar",
    Aksi.CADANGAN: "Cadangan",
    Aksi.PEMULIHAN: "Pemulihan",
    Aksi.PENGGUNA: "Pengelolaan pengguna",
    Aksi.PENGATURAN: "Pengaturan",
    Aksi.PERTUKARAN: "Paket pertukaran",
}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    waktu: datetime  # naive UTC, as stored
    pengguna: str
    aksi: str
    entitas: str
    entitas_id: str | None
    ringkasan: str
    perubahan: dict[str, Any] | None
    hash: str

    @property
    def aksi_label(self) -> str:
        return AKSI_LABEL.get(self.aksi, self.aksi)

    @property
    def waktu_lokal(self) -> datetime:
        return self.waktu.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


@dataclass(frozen=True)
class AuditFilter:
    """What the audit screen and ``mutasi audit list`` filter on. Dates are local calendar days."""

    dari: date | None = None
    sampai: date | None = None
    pengguna: str = ""
    aksi: str = ""
    entitas: str = ""
    teks: str = ""  # in the summary or the entity id
    # Other spellings of ``teks`` that count as a match too: the raw column names of the labels
    # the clerk typed ("TMT jabatan" -> "tmt_jabatan"), filled in by the audit screen.
    teks_lain: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    jumlah: int
    rusak_id: int | None
    pesan: str
    hash_terakhir: str


def _actor_name(actor: Actor | str | None) -> str:
    if isinstance(actor, str):
        return actor or SYSTEM_USERNAME
    return actor.username if actor is not None else SYSTEM_USERNAME


def record(
    session: Session,
    actor: Actor | str | None,
    aksi: str,
    entitas: str,
    entitas_id: str | int | None = None,
    ringkasan: str = "",
    perubahan: dict[str, Any] | None = None,
) -> int:
    """Append one event to the chain inside ``session``'s transaction; return its id.

    Pending row changes are flushed first, so the trail reads in the order things happened.
    """
    session.flush()
    entry = PendingEntry(
        pengguna=_actor_name(actor), aksi=aksi, entitas=entitas,
        entitas_id=None if entitas_id is None else str(entitas_id), ringkasan=ringkasan, perubahan=perubahan,
    )
    return append_entries(session.connection(), [entry])[0]


def record_event(
    db: Database,
    actor: Actor | str | None,
    aksi: str,
    entitas: str,
    entitas_id: str | int | None = None,
    ringkasan: str = "",
    perubahan: dict[str, Any] | None = None,
) -> int:
    """:func:`record` in a transaction of its own (for events outside any other use case)."""
    with db.session(actor=actor, write=True) as session:
        return record(session, actor, aksi, entitas, entitas_id, ringkasan, perubahan)


def _local_day_start_utc(day: date) -> datetime:
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def _conditions(flt: AuditFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if flt.dari is not None:
        conds.append(AuditLog.waktu >= _local_day_start_utc(flt.dari))
    if flt.sampai is not None:
        conds.append(AuditLog.waktu < _local_day_start_utc(flt.sampai + timedelta(days=1)))
    if flt.pengguna.strip():
        conds.append(AuditLog.pengguna == flt.pengguna.strip())
    if flt.aksi.strip():
        conds.append(AuditLog.aksi == flt.aksi.strip())
    if flt.entitas.strip():
        conds.append(AuditLog.entitas == flt.entitas.strip())
    if flt.teks.strip():
        matches: list[ColumnElement[bool]] = []
        for term in (flt.teks, *flt.teks_lain):
            needle = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            if not needle:
                continue
            pattern = f"%{needle}%"
            matches.append(func.lower(AuditLog.ringkasan).like(pattern, escape="\\"))
            matches.append(func.lower(func.coalesce(AuditLog.entitas_id, "")).like(pattern, escape="\\"))
        conds.append(or_(*matches))
    return conds


def _entry(row: AuditLog) -> AuditEntry:
    return AuditEntry(row.id, row.waktu, row.pengguna, row.aksi, row.entitas, row.entitas_id,
                      row.ringkasan, row.perubahan, row.hash)


def list_entries(db: Database, actor: Actor, flt: AuditFilter | None = None, *, limit: int = 1000,
                 offset: int = 0) -> list[AuditEntry]:
    """Entries matching ``flt``, newest first."""
    require(actor, Izin.LIHAT_AUDIT)
    flt = flt or AuditFilter()
    with db.session(actor=actor) as session:
        stmt = select(AuditLog).where(*_conditions(flt)).order_by(AuditLog.id.desc()).offset(offset).limit(limit)
        return [_entry(row) for row in session.scalars(stmt)]


def count_entries(db: Database, actor: Actor, flt: AuditFilter | None = None) -> int:
    require(actor, Izin.LIHAT_AUDIT)
    with db.session(actor=actor) as session:
        stmt = select(func.count(AuditLog.id)).where(*_conditions(flt or AuditFilter()))
        return int(session.scalar(stmt) or 0)


@dataclass(frozen=True)
class FilterChoices:
    pengguna: list[str]
    aksi: list[str]
    entitas: list[str]


def filter_choices(db: Database, actor: Actor) -> FilterChoices:
    """The users, actions and tables that occur in the trail (for the filter drop-downs)."""
    require(actor, Izin.LIHAT_AUDIT)
    with db.session(actor=actor) as session:
        def distinct(column: Any) -> list[str]:
            return sorted(str(v) for v in session.scalars(select(column).distinct()) if v)

        return FilterChoices(distinct(AuditLog.pengguna), distinct(AuditLog.aksi), distinct(AuditLog.entitas))


# --- chain verification -----------------------------------------------------------------------
#
# A hash chain alone cannot show that its newest entries were cut off. After each successful
# check this machine remembers the last id and hash it saw for the database (in its own config
# folder, outside the database); a later check that finds the chain shorter, or that entry with a
# different hash, reports it. A restore forgets the mark, because it rewinds the chain on purpose.

ANCHOR_FILE = "audit-anchor.json"


def _anchor_key_for_path(path: Path) -> str:
    return f"sqlite:{path.resolve()}"


def _anchor_key(db: Database) -> str:
    path = db.path
    if path is not None:
        return _anchor_key_for_path(path)
    return make_url(db.url).render_as_string(hide_password=True)


def _anchors() -> dict[str, Any]:
    try:
        data = json.loads((config_dir() / ANCHOR_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_anchors(anchors: dict[str, Any]) -> None:
    target = config_dir() / ANCHOR_FILE
    partial = target.with_name(target.name + f".{os.getpid()}.partial")
    try:
        partial.write_text(json.dumps(anchors, indent=1, sort_keys=True), encoding="utf-8")
        partial.replace(target)
    except OSError:  # a read-only profile must not break the check itself
        partial.unlink(missing_ok=True)


def forget_anchor(db_path: Path) -> None:
    """Drop the remembered chain end of an SQLite database (after a restore rewinds it)."""
    anchors = _anchors()
    if anchors.pop(_anchor_key_for_path(db_path), None) is not None:
        _save_anchors(anchors)


def verify_chain(db: Database, actor: Actor, *, remember: bool = True) -> ChainReport:
    """Recompute the whole chain; name the first entry that was altered, deleted or reordered.

    Also compares with the chain end this machine saw at its last successful check, so cutting
    off the newest entries is caught too (see above); ``remember`` stores the new end.
    """
    require(actor, Izin.LIHAT_AUDIT)
    key = _anchor_key(db)
    anchor = _anchors().get(key)
    anchor_id = int(anchor["id"]) if isinstance(anchor, dict) and "id" in anchor else 0
    anchor_seen: str | None = None
    expected_prev = GENESIS_HASH
    expected_id = 1
    count = 0
    with db.session(actor=actor) as session:
        stmt = select(AuditLog).order_by(AuditLog.id).execution_options(yield_per=2000)
        for row in session.scalars(stmt):
            if row.id != expected_id:
                missing = (f"#{expected_id}" if row.id == expected_id + 1
                           else f"#{expected_id} sampai #{row.id - 1}")
                return ChainReport(False, count, row.id,
                                   f"Rantai audit rusak: entri {missing} hilang (dihapus) sebelum entri #{row.id}.",
                                   expected_prev)
            canonical = canonical_entry(
                id=row.id, waktu=row.waktu, pengguna=row.pengguna, aksi=row.aksi, entitas=row.entitas,
                entitas_id=row.entitas_id, ringkasan=row.ringkasan, perubahan=row.perubahan,
            )
            if chain_hash(row.prev_hash, canonical) != row.hash:
                return ChainReport(False, count, row.id,
                                   f"Rantai audit rusak: isi entri #{row.id} telah diubah setelah dicatat "
                                   "(atau entri dipindah urutannya).", expected_prev)
            if row.prev_hash != expected_prev:
                return ChainReport(False, count, row.id,
                                   f"Rantai audit rusak di entri #{row.id}: tidak tersambung ke entri "
                                   "sebelumnya (entri sebelumnya diubah, dihapus atau diubah urutannya).",
                                   expected_prev)
            if row.id == anchor_id:
                anchor_seen = row.hash
            expected_prev = row.hash
            expected_id += 1
            count += 1
            session.expunge(row)
    if anchor_id and count < anchor_id:
        return ChainReport(False, count, anchor_id,
                           f"Rantai audit rusak: pemeriksaan sebelumnya di komputer ini melihat {anchor_id} entri, "
                           f"kini hanya {count}; entri terbaru #{count + 1} sampai #{anchor_id} telah dihapus (atau basis data "
                           "diganti dengan salinan lama di luar fitur pemulihan).",
                           expected_prev)
    if anchor_id and isinstance(anchor, dict) and anchor_seen != anchor.get("hash"):
        return ChainReport(False, count, anchor_id,
                           f"Rantai audit rusak: entri #{anchor_id} berbeda dari yang terlihat pada pemeriksaan "
                           "sebelumnya (rantai telah diganti).", expected_prev)
    if remember and count:
        anchors = _anchors()
        anchors[key] = {"id": count, "hash": expected_prev}
        _save_anchors(anchors)
    return ChainReport(True, count, None, f"Rantai audit utuh: {count} entri diperiksa.", expected_prev)


def _cell(value: Any) -> Any:
    # A text starting with "=" would become a formula in Excel (formula injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "@"):
        return "'" + value
    return value


def export_xlsx(db: Database, actor: Actor, flt: AuditFilter | None, path: Path) -> int:
    """Write the entries matching ``flt`` to an Excel workbook; return how many were written."""
    from openpyxl import Workbook

    require(actor, Izin.LIHAT_AUDIT)
    require(actor, Izin.EKSPOR)
    flt = flt or AuditFilter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Jejak Audit")
    ws.append(["No.", "Waktu", "Pengguna", "Aksi", "Entitas", "ID", "Ringkasan", "Perubahan", "Hash"])
    written = 0
    with db.session(actor=actor) as session:
        stmt = select(AuditLog).where(*_conditions(flt)).order_by(AuditLog.id).execution_options(yield_per=2000)
        for row in session.scalars(stmt):
            entry = _entry(row)
            ws.append([_cell(v) for v in (
                entry.id, entry.waktu_lokal.strftime("%Y-%m-%d %H:%M:%S"), entry.pengguna, entry.aksi_label,
                entry.entitas, entry.entitas_id or "", entry.ringkasan,
                json.dumps(entry.perubahan, ensure_ascii=False, sort_keys=True) if entry.perubahan else "",
                entry.hash,
            )])
            written += 1
            session.expunge(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    wb.save(partial)
    partial.replace(path)
    record_event(db, actor, Aksi.EKSPOR, "audit_log", None,
                 f"Ekspor jejak audit ke Excel ({written} entri)", {"berkas": path.name, "jumlah": written})
    return written
