"""Export: one package of what changed for a partner office since the last package to it.

A record goes into the package when it was updated after the last package to that office (with a
safety overlap for writers that committed late) AND its content differs from the version last
exchanged with that office (``pertukaran_rekam``) — so records that office sent us are not echoed
back, and the reverse direction naturally carries our decisions (usul status, SK number and date)
on the records they sent.
"""

from __future__ import annotations

import json
import time
import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, insert, select, true
from sqlalchemy.orm import Session

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    KantorMitra,
    PaketPertukaran,
    Pegawai,
    PertukaranRekam,
    UnitKerja,
    UsulMutasi,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.paths import attachments_dir_for
from mutasi_desktop.services.exchange.identity import (
    cakupan_mitra,
    identitas_wajib,
    normalise_kode,
    parse_kunci_publik,
)
from mutasi_desktop.services.exchange.package_format import (
    DATA,
    Enkripsi,
    EnkripsiKunci,
    EnkripsiSandi,
    write_package,
)
from mutasi_desktop.services.exchange.records import (
    BY_NAME,
    CHUNK,
    ENTITAS,
    KATALOG,
    Entitas,
    RefMaps,
    catalogue_entries,
    encode_rows,
    foreign_keys,
    load_rows,
    record_hash,
)
from mutasi_desktop.services.exchange.rekam import load_rekam, save_rekam

# Rows committed by another clerk a little after they were stamped are not missed.
SINCE_OVERLAP = timedelta(minutes=10)
AUDIT_AKSI = "PERTUKARAN"


@dataclass(frozen=True)
class HasilEkspor:
    path: Path
    paket_id: str
    ke: str
    urutan: int
    jumlah: dict[str, int]
    sha256: str
    terenkripsi: bool
    detik: float

    @property
    def total(self) -> int:
        return sum(self.jumlah.values())


def _find_attachment(base: Path, sha: str) -> Path | None:
    for candidate in (base / sha, base / sha[:2] / sha):
        if candidate.is_file():
            return candidate
    matches = sorted(base.glob(f"**/{sha}*"))
    return matches[0] if matches else None


@dataclass
class _Cakupan:
    """What a partner limited to one unit may receive (local ids)."""

    pegawai: set[int]
    usul: set[int]
    batch: set[int]
    sk: set[int]

    def key_of(self, entitas: Entitas) -> tuple[str, set[int]]:
        """The column that ties ``entitas`` to the scope, and the ids allowed in it."""
        if entitas.nama == "pegawai":
            return "id", self.pegawai
        if entitas.nama == "usul_persyaratan":
            return "usul_id", self.usul
        if entitas.nama == "usul_batch":
            return "id", self.batch
        if entitas.nama == "surat_keputusan":
            return "id", self.sk
        assert entitas.pegawai_col is not None, entitas.nama
        return entitas.pegawai_col, self.pegawai

    def allows(self, entitas: Entitas, row: dict[str, Any]) -> bool:
        column, ids = self.key_of(entitas)
        return row[column] in ids


def _cakupan(session: Session, unit_id: int, rekam: dict[str, str]) -> _Cakupan:
    """Pegawai of the unit and its sub-units, plus every pegawai already exchanged with the partner
    (one who moved away still carries the decision back), and their usul, batches and SKs."""
    path = session.scalar(select(UnitKerja.path).where(UnitKerja.id == unit_id)) or f"/{unit_id}/"
    pegawai = set(session.scalars(
        select(Pegawai.id).join(UnitKerja, Pegawai.unit_id == UnitKerja.id).where(UnitKerja.path.startswith(path))
    ))
    known = [u for u in rekam]
    for start in range(0, len(known), CHUNK):
        pegawai.update(session.scalars(select(Pegawai.id).where(Pegawai.uuid.in_(known[start : start + CHUNK]))))
    usul: set[int] = set()
    batch: set[int] = set()
    sk: set[int] = set()
    for ident, pegawai_id, batch_id, sk_id in session.execute(
        select(UsulMutasi.id, UsulMutasi.pegawai_id, UsulMutasi.batch_id, UsulMutasi.sk_id)
    ):
        if pegawai_id in pegawai:
            usul.add(ident)
            if batch_id is not None:
                batch.add(batch_id)
            if sk_id is not None:
                sk.add(sk_id)
    return _Cakupan(pegawai, usul, batch, sk)


def collect_records(session: Session, *, kantor: str, since: datetime | None, semua: bool = False,
                    cakupan_unit_id: int | None = None,
                    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    """The records to send to ``kantor`` and the catalogue entries they reference.

    ``semua``: every record, even those the office already has in this version.
    ``cakupan_unit_id``: only pegawai of that unit (and sub-units) and what belongs to them.
    """
    rekam = load_rekam(session, kantor)
    refs = RefMaps(session)
    scope = _cakupan(session, cakupan_unit_id, rekam) if cakupan_unit_id is not None else None
    chosen: dict[str, dict[str, dict[str, Any]]] = {e.nama: {} for e in ENTITAS}  # entity → uuid → record
    needed: dict[str, set[int]] = {e.nama: set() for e in ENTITAS}

    def add(entitas: Entitas, rows: list[dict[str, Any]], *, force: bool) -> None:
        if scope is not None:
            rows = [row for row in rows if scope.allows(entitas, row)]
        for record in encode_rows(entitas, rows, refs):
            if force or rekam.get(record["uuid"]) != record_hash(record["data"]):
                chosen[entitas.nama][record["uuid"]] = record

    for entitas in ENTITAS:
        table = entitas.table
        where = table.c.updated_at > since - SINCE_OVERLAP if since is not None else true()
        if scope is None:
            add(entitas, load_rows(session, entitas, where), force=semua)
            continue
        # Scoped: read only the rows of the pegawai (usul, batches, SKs) in scope, a chunk at a time.
        column, ids = scope.key_of(entitas)
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            part = ordered[start : start + CHUNK]
            add(entitas, load_rows(session, entitas, and_(where, table.c[column].in_(part))), force=semua)

    # A record that points at an exchanged row the partner has never received brings that row along.
    for _round in range(4):
        for entitas in ENTITAS:
            fks = foreign_keys(entitas.table)
            for record in chosen[entitas.nama].values():
                for column, target in fks.items():
                    ref_uuid = record["data"].get(column)
                    if target in BY_NAME and ref_uuid and ref_uuid not in chosen[target] and ref_uuid not in rekam:
                        ident = refs.id_of(target, ref_uuid)
                        if ident is not None:
                            needed[target].add(ident)
        if not any(needed.values()):
            break
        for name, ids in needed.items():
            entitas = BY_NAME[name]
            ordered = sorted(ids)
            for start in range(0, len(ordered), CHUNK):
                part = ordered[start : start + CHUNK]
                add(entitas, load_rows(session, entitas, entitas.table.c.id.in_(part)), force=True)
            ids.clear()

    katalog_uuids: dict[str, set[str]] = {name: set() for name in KATALOG}
    for entitas in ENTITAS:
        fks = foreign_keys(entitas.table)
        for record in chosen[entitas.nama].values():
            for column, target in fks.items():
                if target in KATALOG and record["data"].get(column):
                    katalog_uuids[target].add(record["data"][column])
    records = {name: list(by_uuid.values()) for name, by_uuid in chosen.items() if by_uuid}
    return records, catalogue_entries(session, katalog_uuids)


# The same floor as a backup's password: a package carries the same personal data.
MIN_SANDI_PAKET = 8


def ekspor_paket(db: Database, actor: Actor, *, ke: str, path: Path, sandi: str | None = None,
                 enkripsi_kunci: bool = False, semua: bool = False,
                 keys_dir: Path | None = None) -> HasilEkspor:
    """Write the package for office ``ke`` to ``path``.

    ``sandi`` encrypts with a password; ``enkripsi_kunci`` encrypts for the partner's own key;
    ``semua`` sends every record again (after a lost package, or to seed a new office).
    """
    require(actor, Izin.PERTUKARAN)
    started = time.perf_counter()
    identitas, kunci = identitas_wajib(db, actor, keys_dir)
    ke = normalise_kode(ke)
    if sandi and enkripsi_kunci:
        raise DomainError("Pilih salah satu: enkripsi dengan kata sandi atau dengan kunci kantor tujuan.")
    if sandi is not None and sandi != "" and len(sandi) < MIN_SANDI_PAKET:
        raise DomainError(f"Kata sandi paket minimal {MIN_SANDI_PAKET} karakter (saat ini {len(sandi)}): paket berisi "
                          "data pribadi pegawai.", field="sandi")  # fmt: skip
    if not path.parent.exists():
        raise DomainError(f"Folder '{path.parent}' tidak ada.", field="path")

    with db.session(actor=actor, write=True) as s:
        mitra = s.scalar(select(KantorMitra).where(KantorMitra.kode == ke).with_for_update())
        if mitra is None:
            raise DomainError(f"Kantor {ke} belum terdaftar sebagai mitra. Tambahkan dulu beserta kunci publiknya.",
                              field="ke")
        if not mitra.dipercaya:
            raise DomainError(f"Kantor {ke} tidak lagi dipercaya; paket tidak dibuat.", field="ke")
        enkripsi: Enkripsi | None = None
        if sandi:
            enkripsi = EnkripsiSandi(sandi)
        elif enkripsi_kunci:
            publik = parse_kunci_publik(mitra.kunci_publik)
            if publik.x25519 is None:
                raise DomainError(f"Kunci kantor {ke} tidak memuat kunci enkripsi; gunakan kata sandi.")
            enkripsi = EnkripsiKunci(publik.x25519)

        now = utcnow()
        since = None if semua else mitra.dikirim_sampai
        records, katalog = collect_records(s, kantor=ke, since=since, semua=semua,
                                           cakupan_unit_id=cakupan_mitra(s, ke))
        jumlah = {name: len(rows) for name, rows in records.items()}
        files = {DATA: json.dumps({"entitas": records, "katalog": katalog}, ensure_ascii=False,
                                  separators=(",", ":")).encode("utf-8")}
        lampiran_dir = attachments_dir_for(db.path)
        for record in records.get("usul_persyaratan", []):
            sha = record["data"].get("lampiran_sha256")
            if sha and f"lampiran/{sha}" not in files:
                found = _find_attachment(lampiran_dir, sha)
                if found is not None:
                    files[f"lampiran/{sha}"] = found.read_bytes()

        urutan = mitra.paket_terakhir_dikirim + 1
        paket_id = str(uuidlib.uuid4())
        manifest = {
            "paket_id": paket_id,
            "dari": {"kode": identitas.kode, "nama": identitas.nama, "kunci_publik": identitas.kunci_publik},
            "ke": {"kode": mitra.kode, "nama": mitra.nama},
            "urutan": urutan,
            "dibuat": now.isoformat(),
            "sejak": since.isoformat() if since else None,
            "lengkap": since is None,
            "jumlah": jumlah,
            "diterima_terakhir": mitra.paket_terakhir_diterima,
        }
        sha256 = write_package(path, manifest=manifest, files=files, sign_key=kunci.ed25519, enkripsi=enkripsi)

        mitra.paket_terakhir_dikirim = urutan
        mitra.dikirim_sampai = now
        hashes = {r["uuid"]: (name, record_hash(r["data"])) for name, rows in records.items() for r in rows}
        save_rekam(s, ke, hashes)
        s.add(PaketPertukaran(paket_id=paket_id, arah="KIRIM", kantor_kode=ke, urutan=urutan, sha256=sha256,
                              waktu=now, ringkasan=jumlah, catatan=path.name))
        _audit(s, actor, paket_id, f"Paket #{urutan} untuk {ke} dibuat: {sum(jumlah.values())} rekaman.", jumlah)
    return HasilEkspor(path, paket_id, ke, urutan, jumlah, sha256, enkripsi is not None,
                       time.perf_counter() - started)


def _audit(session: Session, actor: Actor, paket_id: str, ringkasan: str, perubahan: dict[str, Any]) -> None:
    from mutasi_desktop.services import audit_service

    audit_service.record(session, actor, AUDIT_AKSI, "paket_pertukaran", paket_id, ringkasan, perubahan)


def catat_dasar_bersama(db: Database, actor: Actor, *, kode: str) -> int:
    """Record every current record as already shared with office ``kode``; return how many.

    For a partner whose database started as a copy of ours (a UPT set up from the BKPSDM's file):
    both offices call this right after the copy, before anyone edits, so the first packages carry
    only real changes and a record changed on one side only is an update, not a conflict.
    """
    require(actor, Izin.PERTUKARAN)
    kode = normalise_kode(kode)
    total = 0
    with db.session(actor=actor, write=True) as s:
        mitra = s.scalar(select(KantorMitra).where(KantorMitra.kode == kode).with_for_update())
        if mitra is None:
            raise DomainError(f"Kantor {kode} belum terdaftar sebagai mitra.", field="kode")
        s.execute(delete(PertukaranRekam).where(PertukaranRekam.kantor_kode == kode))
        refs = RefMaps(s)
        now = utcnow()
        for entitas in ENTITAS:
            table = entitas.table
            last_id = 0
            while True:
                rows = [dict(r) for r in s.execute(
                    select(table).where(table.c.id > last_id).order_by(table.c.id).limit(CHUNK * 4)
                ).mappings()]
                if not rows:
                    break
                last_id = rows[-1]["id"]
                batch = [{"kantor_kode": kode, "entitas": entitas.nama, "uuid": r["uuid"],
                          "sha256": record_hash(r["data"]), "waktu": now}
                         for r in encode_rows(entitas, rows, refs)]
                s.execute(insert(PertukaranRekam), batch)
                total += len(batch)
        mitra.dikirim_sampai = now
        _audit(s, actor, f"dasar-{kode}", f"Data saat ini dicatat sebagai dasar bersama dengan {kode}: "
               f"{total} rekaman.", {"kantor": kode, "jumlah": total})
    return total
