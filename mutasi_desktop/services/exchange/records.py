"""What an exchange package carries, and how a row becomes a portable record and back.

A record is ``{"uuid", "data", "diubah_oleh", "diubah_pada"}``. ``data`` holds the row's columns
in JSON-safe form, with every foreign key replaced by the referenced row's ``uuid`` (local ids
differ between offices). Its SHA-256 over canonical JSON (:func:`record_hash`) is what the
three-way conflict check compares. Catalogue rows (unit kerja, jabatan, formasi, signers,
numbering templates) are not exchanged: they are referenced by uuid and, failing that, matched by
kode or name from the package's ``katalog``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, select
from sqlalchemy.orm import Session

from mutasi_desktop.db.base import TrackedMixin
from mutasi_desktop.db.models import (
    Aspirasi,
    Diklat,
    Formasi,
    HukumanDisiplin,
    Jabatan,
    NomorTemplate,
    Pegawai,
    Penandatangan,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    Skp,
    SuratKeputusan,
    UnitKerja,
    UsulBatch,
    UsulMutasi,
    UsulPersyaratan,
)

# Bookkeeping that is local to each database, never exchanged.
LOCAL_COLUMNS = frozenset({"id", "uuid", "version", "created_at", "updated_at", "updated_by",
                           "search_text", "nama_sort"})
# Columns a table keeps to itself: an SK's frozen document lists every pegawai of the decree, so
# it does not travel (a partner needs the number, dates and status, not other people's data).
TABLE_LOCAL_COLUMNS: dict[str, frozenset[str]] = {"surat_keputusan": frozenset({"konten", "konten_sha256"})}
CHUNK = 500


@dataclass(frozen=True)
class Entitas:
    """One exchanged table."""

    nama: str
    model: type[TrackedMixin]
    label: str  # Indonesian, for previews
    # Matched when no row has the incoming uuid (the same person entered in both offices).
    natural_key: tuple[str, ...] = ()
    # Unique text columns that get the sender's kode appended when they collide with another row.
    unique_text: tuple[str, ...] = ()
    # Column pointing at the pegawai the row belongs to (history rows, aspirasi, usul).
    pegawai_col: str | None = None

    @property
    def table(self) -> Table:
        return self.model.__table__  # type: ignore[attr-defined,no-any-return]


# Order matters: a record's references are applied before the record.
ENTITAS: tuple[Entitas, ...] = (
    Entitas("pegawai", Pegawai, "Pegawai", natural_key=("nip",)),
    Entitas("usul_batch", UsulBatch, "Berkas usul", unique_text=("nomor",)),
    Entitas("surat_keputusan", SuratKeputusan, "Surat keputusan", unique_text=("nomor", "kode_verifikasi")),
    Entitas("usul_mutasi", UsulMutasi, "Usul mutasi", unique_text=("nomor",), pegawai_col="pegawai_id"),
    Entitas("usul_persyaratan", UsulPersyaratan, "Persyaratan usul"),
    Entitas("riwayat_jabatan", RiwayatJabatan, "Riwayat jabatan", pegawai_col="pegawai_id"),
    Entitas("riwayat_pangkat", RiwayatPangkat, "Riwayat pangkat", pegawai_col="pegawai_id"),
    Entitas("riwayat_pendidikan", RiwayatPendidikan, "Riwayat pendidikan", pegawai_col="pegawai_id"),
    Entitas("skp", Skp, "SKP", natural_key=("pegawai_id", "tahun"), pegawai_col="pegawai_id"),
    Entitas("hukuman_disiplin", HukumanDisiplin, "Hukuman disiplin", pegawai_col="pegawai_id"),
    Entitas("diklat", Diklat, "Diklat", pegawai_col="pegawai_id"),
    Entitas("aspirasi", Aspirasi, "Aspirasi", pegawai_col="pegawai_id"),
)
BY_NAME = {e.nama: e for e in ENTITAS}
PEGAWAI_CHILDREN = tuple(e for e in ENTITAS if e.pegawai_col and e.nama not in ("usul_mutasi", "aspirasi"))

# Referenced but not exchanged: resolved by uuid, else by kode/nama from the package's katalog.
KATALOG: dict[str, type[TrackedMixin]] = {
    "unit_kerja": UnitKerja,
    "jabatan": Jabatan,
    "formasi": Formasi,
    "penandatangan": Penandatangan,
    "nomor_template": NomorTemplate,
}
MODEL_BY_TABLE: dict[str, type[TrackedMixin]] = {**KATALOG, **{e.nama: e.model for e in ENTITAS}}


def foreign_keys(table: Table) -> dict[str, str]:
    """column name → referenced table name."""
    refs: dict[str, str] = {}
    for column in table.columns:
        for fk in column.foreign_keys:
            refs[column.name] = fk.column.table.name
    return refs


def exchanged_columns(table: Table) -> list[Column[Any]]:
    own = TABLE_LOCAL_COLUMNS.get(table.name, frozenset())
    return [c for c in table.columns if c.name not in LOCAL_COLUMNS and c.name not in own]


def encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def decode_value(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    if python_type is float and isinstance(value, int):
        return float(value)
    return value


def canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def record_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


@dataclass
class RefMaps:
    """Two-way id ⇄ uuid maps per table, filled on demand in chunks (one session)."""

    session: Session
    id_to_uuid: dict[str, dict[int, str]] = field(default_factory=dict)
    uuid_to_id: dict[str, dict[str, int]] = field(default_factory=dict)
    # Incoming uuid → local id for rows matched by natural key (a different local uuid).
    alias: dict[str, dict[str, int]] = field(default_factory=dict)

    def _tables(self, name: str) -> tuple[dict[int, str], dict[str, int]]:
        return self.id_to_uuid.setdefault(name, {}), self.uuid_to_id.setdefault(name, {})

    def remember(self, name: str, ident: int, uuid: str) -> None:
        ids, uuids = self._tables(name)
        ids[ident] = uuid
        uuids[uuid] = ident

    def prefetch_ids(self, name: str, ids: Iterable[int]) -> None:
        known, _ = self._tables(name)
        missing = sorted({i for i in ids if i is not None and i not in known})
        model = MODEL_BY_TABLE[name]
        for start in range(0, len(missing), CHUNK):
            part = missing[start : start + CHUNK]
            for ident, uuid in self.session.execute(select(model.id, model.uuid).where(model.id.in_(part))):
                self.remember(name, ident, uuid)

    def prefetch_uuids(self, name: str, uuids: Iterable[str]) -> None:
        _, known = self._tables(name)
        missing = sorted({u for u in uuids if u and u not in known})
        model = MODEL_BY_TABLE[name]
        for start in range(0, len(missing), CHUNK):
            part = missing[start : start + CHUNK]
            for ident, uuid in self.session.execute(select(model.id, model.uuid).where(model.uuid.in_(part))):
                self.remember(name, ident, uuid)

    def uuid_of(self, name: str, ident: int | None) -> str | None:
        if ident is None:
            return None
        if ident not in self.id_to_uuid.get(name, {}):
            self.prefetch_ids(name, [ident])
        return self.id_to_uuid.get(name, {}).get(ident)

    def id_of(self, name: str, uuid: str | None) -> int | None:
        if not uuid:
            return None
        aliased = self.alias.get(name, {}).get(uuid)
        if aliased is not None:
            return aliased
        if uuid not in self.uuid_to_id.get(name, {}):
            self.prefetch_uuids(name, [uuid])
        return self.uuid_to_id.get(name, {}).get(uuid)


def encode_rows(entitas: Entitas, rows: list[dict[str, Any]], refs: RefMaps) -> list[dict[str, Any]]:
    """Rows (column → value mappings, local ids) as portable records."""
    table = entitas.table
    fks = foreign_keys(table)
    for column, target in fks.items():
        refs.prefetch_ids(target, (r[column] for r in rows))
    columns = [c.name for c in exchanged_columns(table)]
    records = []
    for row in rows:
        data: dict[str, Any] = {}
        for name in columns:
            value = row[name]
            if name in fks:
                value = refs.uuid_of(fks[name], value)
            data[name] = encode_value(value)
        records.append({
            "uuid": row["uuid"], "data": data, "diubah_oleh": row.get("updated_by"),
            "diubah_pada": encode_value(row.get("updated_at")),
        })
    return records


def load_rows(session: Session, entitas: Entitas, where: Any) -> list[dict[str, Any]]:
    table = entitas.table
    return [dict(r) for r in session.execute(select(table).where(where).order_by(table.c.id)).mappings()]


def catalogue_entries(session: Session, uuids_by_table: dict[str, set[str]]) -> dict[str, dict[str, Any]]:
    """kode/nama of the catalogue rows referenced, so the receiver can match them without the uuid."""
    entries: dict[str, dict[str, Any]] = {}
    for name, uuids in uuids_by_table.items():
        model = KATALOG[name]
        wanted = sorted(u for u in uuids if u)
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            for row in session.scalars(select(model).where(model.uuid.in_(part))):
                entries[row.uuid] = {
                    "entitas": name,
                    "kode": getattr(row, "kode", "") or "",
                    "nama": getattr(row, "nama", "") or "",
                }
    return entries


def pegawai_label(data: dict[str, Any]) -> str:
    return f"{data.get('nip', '')} {data.get('nama', '')}".strip()


def record_label(entitas: Entitas, data: dict[str, Any], pegawai_names: dict[str, str]) -> str:
    """A line the clerk recognises: 'Riwayat jabatan: 1985… Siti (TMT 2020-01-01)'."""
    if entitas.nama == "pegawai":
        return pegawai_label(data)
    owner = pegawai_names.get(str(data.get(entitas.pegawai_col or ""))) if entitas.pegawai_col else None
    detail = (data.get("nomor") or data.get("nama") or data.get("jabatan_nama") or data.get("tmt_jabatan")
              or data.get("tmt_golongan") or data.get("tahun") or data.get("tanggal") or data.get("kode") or "")
    parts = [p for p in (owner, str(detail) if detail else "") if p]
    return " — ".join(parts) or entitas.label
