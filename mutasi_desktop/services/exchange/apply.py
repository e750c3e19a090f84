"""Writing an import: create and update rows with Core statements in the caller's transaction.

Foreign keys arrive as uuids and are turned into local ids (catalogue rows by uuid, else by kode
or name); self-references are set in a second pass; unique numbers that clash get the sender's
kode appended; ``version`` moves on like an ORM update, so open forms notice the change.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.domain.search_text import nama_sort_key, pegawai_search_text
from mutasi_desktop.paths import attachments_dir_for
from mutasi_desktop.services.exchange.package_format import PaketDitolak
from mutasi_desktop.services.exchange.plan import AksiRekam, Classified, OpenedPackage, Pilihan, Plan
from mutasi_desktop.services.exchange.records import (
    CHUNK,
    ENTITAS,
    KATALOG,
    Entitas,
    RefMaps,
    decode_value,
    exchanged_columns,
    foreign_keys,
    record_label,
)


def resolve_katalog(session: Session, opened: OpenedPackage, refs: RefMaps, target: str, uuid: str | None,
                     cache: dict[tuple[str, str], int | None]) -> int | None:
    if not uuid:
        return None
    ident = refs.id_of(target, uuid)
    if ident is not None:
        return ident
    key = (target, uuid)
    if key in cache:
        return cache[key]
    entry = (opened.data.get("katalog") or {}).get(uuid) or {}
    model = KATALOG[target]
    found: int | None = None
    kode_col = getattr(model, "kode", None)
    nama_col = getattr(model, "nama", None)
    if entry.get("kode") and kode_col is not None:
        found = session.scalar(select(model.id).where(kode_col == entry["kode"]).limit(1))
    if found is None and entry.get("nama") and nama_col is not None:
        found = session.scalar(select(model.id).where(nama_col == entry["nama"]).limit(1))
    if found is None:
        opened.peringatan.append(
            f"{target.replace('_', ' ').capitalize()} '{entry.get('nama') or uuid}' tidak dikenal di kantor ini; "
            "kolomnya dikosongkan."
        )
    cache[key] = found
    return found


def unique_suffix(session: Session, table: Table, column: str, value: Any, own_id: int | None,
                   kode: str) -> Any:
    if not isinstance(value, str) or not value:
        return value
    clash = session.scalar(select(table.c.id).where(table.c[column] == value))
    if clash is None or clash == own_id:
        return value
    suffix = f"-{kode}"
    length = getattr(table.c[column].type, "length", None) or 200
    return value[: max(1, length - len(suffix))] + suffix


def apply_plan(session: Session, actor: Actor, opened: OpenedPackage, plan: Plan,
           keputusan: dict[str, Pilihan], bawaan: Pilihan | None) -> dict[str, int]:
    refs = plan.refs
    assert refs is not None
    kode = opened.mitra.kode
    now = utcnow()
    counts = {"dibuat": 0, "diubah": 0, "dipertahankan": 0}
    katalog_cache: dict[tuple[str, str], int | None] = {}
    self_links: list[tuple[Entitas, str, str, str]] = []  # (entitas, uuid, column, referenced uuid)
    by_entity: dict[str, list[Classified]] = {}
    for item in plan.items:
        by_entity.setdefault(item.entitas.nama, []).append(item)

    for entitas in ENTITAS:
        items = by_entity.get(entitas.nama, [])
        table = entitas.table
        fks = foreign_keys(table)
        columns = exchanged_columns(table)
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for item in items:
            take = item.aksi in (AksiRekam.BARU, AksiRekam.UBAH) or (
                item.aksi is AksiRekam.KONFLIK and keputusan.get(item.record["uuid"], bawaan) == Pilihan.MEREKA
            )
            if not take:
                if item.aksi in (AksiRekam.KONFLIK, AksiRekam.LOKAL):
                    counts["dipertahankan"] += 1
                continue
            data = item.record["data"]
            values: dict[str, Any] = {}
            for column in columns:
                if column.name not in data:
                    continue  # a column the sender's version does not know: keep ours / the default
                raw = data[column.name]
                target = fks.get(column.name)
                if target is None:
                    values[column.name] = decode_value(column, raw)
                elif target == entitas.nama:
                    values[column.name] = None
                    if raw:
                        self_links.append((entitas, item.record["uuid"], column.name, raw))
                elif target in KATALOG:
                    values[column.name] = resolve_katalog(session, opened, refs, target, raw, katalog_cache)
                else:
                    ident = refs.id_of(target, raw)
                    if ident is None and raw and not column.nullable:
                        raise DomainError(
                            f"{entitas.label} {record_label(entitas, data, {})} merujuk data {target} yang tidak ada "
                            "di kantor ini maupun di dalam paket. Paket tidak diimpor; minta paket lengkap."
                        )
                    values[column.name] = ident
            for unique_col in entitas.unique_text:
                if unique_col in values:
                    values[unique_col] = unique_suffix(session, table, unique_col, values[unique_col],
                                                        item.local_id, kode)
            if entitas.nama == "pegawai":
                values["search_text"] = pegawai_search_text(
                    nip=values.get("nip") or "", nama=values.get("nama") or "",
                    gelar_depan=values.get("gelar_depan") or "", gelar_belakang=values.get("gelar_belakang") or "",
                    nip_lama=values.get("nip_lama"),
                )
                values["nama_sort"] = nama_sort_key(values.get("nama") or "")
            values["updated_at"] = now
            values["updated_by"] = actor.username
            if item.local_id is None:
                values.update(uuid=item.record["uuid"], version=1, created_at=now)
                inserts.append(values)
            else:
                values["_id"] = item.local_id
                updates.append(values)
        if inserts:
            for start in range(0, len(inserts), CHUNK):
                session.execute(insert(table), inserts[start : start + CHUNK])
            refs.prefetch_uuids(entitas.nama, [v["uuid"] for v in inserts])
            counts["dibuat"] += len(inserts)
        if updates:
            bulk_update(session, table, updates)
            counts["diubah"] += len(updates)

    for linked, uuid, link_col, ref_uuid in self_links:
        ident = refs.id_of(linked.nama, uuid)
        session.execute(update(linked.table).where(linked.table.c.id == ident)
                        .values({link_col: refs.id_of(linked.nama, ref_uuid)}))
    return counts


def bulk_update(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    # Rows with the same set of columns go in one executemany; version moves on like an ORM update.
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "_id")), []).append(row)
    for keys, group in groups.items():
        stmt = (update(table).where(table.c.id == bindparam("_id"))
                .values({**{k: bindparam(f"v_{k}") for k in keys}, "version": table.c.version + 1}))
        params = [{"_id": r["_id"], **{f"v_{k}": r[k] for k in keys}} for r in group]
        for start in range(0, len(params), CHUNK):
            session.execute(stmt, params[start : start + CHUNK], execution_options={"synchronize_session": False})


def save_attachments(db: Database, opened: OpenedPackage) -> None:
    names = [n for n in opened.files if n.startswith("lampiran/")]
    if not names:
        return
    base = attachments_dir_for(db.path)
    for name in names:
        content = opened.files[name]
        sha = name.split("/", 1)[1]
        if hashlib.sha256(content).hexdigest() != sha:
            raise PaketDitolak(f"Lampiran '{name}' di dalam paket tidak cocok dengan sidik SHA-256-nya.")
        # Same layout as services.usul_persyaratan: <lampiran>/<first two hex digits>/<sha256>.
        target = base / sha[:2] / sha
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
