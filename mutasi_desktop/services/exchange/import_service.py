"""Import: verify a package, preview what it changes, resolve conflicts, apply it in one transaction.

Each incoming record is compared three ways, with the version last exchanged with the sending
office as the common ancestor (``pertukaran_rekam``):

========  ==========================================================================
BARU      no such record here: it will be created
UBAH      changed there, unchanged here: it will be updated
SAMA      identical here already: nothing to do
LOKAL     changed here, unchanged there: ours is kept (it goes back with our next package)
KONFLIK   changed on both sides since the last exchange: the clerk decides, per record,
          ``KITA`` (keep ours) or ``MEREKA`` (take theirs)
========  ==========================================================================

A package is refused before anything is read when it is damaged, unsigned, signed by a key that
is not the trusted key of its sender, addressed to another office, or older than the last one
received from that office (replay). The same package imported twice changes nothing the second
time.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import KantorMitra, PaketPertukaran
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.services.exchange.apply import apply_plan, save_attachments
from mutasi_desktop.services.exchange.identity import (
    IdentitasKantor,
    KunciPrivat,
    identitas_wajib,
    parse_kunci_publik,
)
from mutasi_desktop.services.exchange.package_format import (
    PaketDitolak,
    decrypt_files,
    load_json,
    read_package,
    verify_package,
)
from mutasi_desktop.services.exchange.plan import AksiRekam, Classified, OpenedPackage, Pilihan, Plan
from mutasi_desktop.services.exchange.records import (
    BY_NAME,
    CHUNK,
    ENTITAS,
    MODEL_BY_TABLE,
    Entitas,
    RefMaps,
    decode_value,
    encode_rows,
    foreign_keys,
    load_rows,
    record_hash,
    record_label,
)
from mutasi_desktop.services.exchange.rekam import load_rekam, save_rekam

AUDIT_AKSI = "PERTUKARAN"


@dataclass(frozen=True)
class RekamPratinjau:
    entitas: str
    entitas_label: str
    uuid: str
    aksi: AksiRekam
    label: str
    kolom: tuple[str, ...]  # columns whose values differ
    milik_kita: dict[str, Any] | None
    milik_mereka: dict[str, Any]
    kita_oleh: str | None = None
    kita_pada: str | None = None
    mereka_oleh: str | None = None
    mereka_pada: str | None = None


@dataclass(frozen=True)
class Pratinjau:
    path: Path
    paket_id: str
    dari_kode: str
    dari_nama: str
    urutan: int
    dibuat: str
    terenkripsi: bool
    sudah_diimpor: bool
    ringkasan: dict[str, dict[str, int]]  # entitas → aksi → jumlah
    rekam: tuple[RekamPratinjau, ...]  # everything except SAMA
    peringatan: tuple[str, ...]
    # uuid → name of the units, jabatan, pegawai … the records point at, so a comparison shows
    # "Dinas Pendidikan" rather than a uuid.
    nama_rujukan: dict[str, str] = field(default_factory=dict)

    @property
    def konflik(self) -> tuple[RekamPratinjau, ...]:
        return tuple(r for r in self.rekam if r.aksi is AksiRekam.KONFLIK)

    def jumlah(self, aksi: AksiRekam) -> int:
        return sum(counts.get(aksi.value, 0) for counts in self.ringkasan.values())


@dataclass(frozen=True)
class HasilImpor:
    pratinjau: Pratinjau
    dibuat: int
    diubah: int
    dipertahankan: int  # conflicts where ours was kept, plus LOKAL
    detik: float
    pesan: str


def _open(session: Session, identitas: IdentitasKantor, kunci: KunciPrivat, path: Path,
          sandi: str | None) -> OpenedPackage:
    paket = read_package(path)
    manifest = paket.manifest
    dari = manifest.get("dari") or {}
    kode = str(dari.get("kode", ""))
    nama = str(dari.get("nama", ""))
    if kode and kode == identitas.kode:  # the sender picked its own outgoing package
        ke_kode = (manifest.get("ke") or {}).get("kode") or "kantor mitra"
        raise PaketDitolak(
            f"Paket ini dibuat oleh kantor ini sendiri ({kode}) untuk {ke_kode}; paket itu diimpor di kantor "
            f"tujuannya, bukan di sini. Pilih paket yang diterima dari kantor mitra."
        )
    mitra = session.scalar(select(KantorMitra).where(KantorMitra.kode == kode))
    if mitra is None:
        raise PaketDitolak(
            f"Paket dari kantor {kode or '(tanpa kode)'} {nama} yang belum terdaftar sebagai mitra tepercaya. "
            "Tambahkan kantor itu beserta kunci publiknya (cocokkan sidik jarinya lewat telepon) lalu ulangi."
        )
    if not mitra.dipercaya:
        raise PaketDitolak(f"Kantor {kode} ({mitra.nama}) tidak lagi dipercaya; paketnya ditolak.")
    trusted = parse_kunci_publik(mitra.kunci_publik)
    claimed = str(dari.get("kunci_publik", ""))
    if claimed and claimed.split(".")[:2] != trusted.teks().split(".")[:2]:
        raise PaketDitolak(
            f"Paket mengaku dari kantor {kode} tetapi ditandatangani dengan kunci lain, bukan kunci kantor {kode} "
            f"yang dipercaya (sidik jari {trusted.sidik_jari()}). Paket ditolak."
        )
    verify_package(paket, trusted.ed25519, pengirim=kode)

    ke = (manifest.get("ke") or {}).get("kode")
    if ke != identitas.kode:
        raise PaketDitolak(f"Paket ini ditujukan untuk kantor {ke}, bukan untuk kantor ini ({identitas.kode}).")
    paket_id = str(manifest.get("paket_id", ""))
    urutan = manifest.get("urutan")
    if not paket_id or not isinstance(urutan, int):
        raise PaketDitolak("Manifest paket tidak lengkap (nomor paket atau urutan tidak ada).")
    done = session.scalar(
        select(PaketPertukaran).where(PaketPertukaran.paket_id == paket_id, PaketPertukaran.arah == "TERIMA")
    )
    peringatan: list[str] = []
    if done is None and urutan <= mitra.paket_terakhir_diterima:
        raise PaketDitolak(
            f"Paket #{urutan} dari {kode} sudah usang: paket #{mitra.paket_terakhir_diterima} sudah diterima. "
            "Paket lama atau salinan yang diputar ulang tidak diimpor."
        )
    if done is None and urutan > mitra.paket_terakhir_diterima + 1 and not manifest.get("lengkap"):
        first = mitra.paket_terakhir_diterima + 1
        missing = f"#{first}" if first == urutan - 1 else f"#{first} sampai #{urutan - 1}"
        peringatan.append(
            f"Paket {missing} dari {kode} belum pernah diterima; perubahan di dalamnya mungkin belum sampai. "
            f"Minta {kode} mengirim paket lengkap bila perlu."
        )
    files = decrypt_files(paket, sandi=sandi, kunci_x25519=kunci.x25519)
    data = load_json(files)
    return OpenedPackage(paket, data, files, mitra, done is not None, peringatan)


def _natural_matches(session: Session, entitas: Entitas, records: list[dict[str, Any]],
                     refs: RefMaps) -> dict[str, int]:
    """Incoming uuid → local id, for records without a uuid match that share the natural key."""
    if not entitas.natural_key or not records:
        return {}
    table = entitas.table
    fks = foreign_keys(table)
    keys: dict[tuple[Any, ...], str] = {}
    for record in records:
        values = []
        for column in entitas.natural_key:
            value = record["data"].get(column)
            if column in fks:
                value = refs.id_of(fks[column], value)
            values.append(decode_value(table.c[column], value))
        if all(v is not None for v in values):
            keys[tuple(values)] = record["uuid"]
    found: dict[str, int] = {}
    key_cols = [table.c[c] for c in entitas.natural_key]
    wanted = list(keys)
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        condition = (key_cols[0].in_([k[0] for k in part]) if len(key_cols) == 1
                     else tuple_(*key_cols).in_(part))
        for row in session.execute(select(table.c.id, *key_cols).where(condition)):
            incoming = keys.get(tuple(row[1:]))
            if incoming is not None:
                found[incoming] = row[0]
    return found


def _classify(session: Session, opened: OpenedPackage) -> Plan:
    kode = opened.mitra.kode
    rekam = load_rekam(session, kode)
    refs = RefMaps(session)
    plan = Plan(refs=refs)
    entities = opened.data.get("entitas") or {}
    unknown = set(entities) - set(BY_NAME)
    if unknown:
        opened.peringatan.append(f"Jenis data yang tidak dikenal dilewati: {', '.join(sorted(unknown))}.")
    for entitas in ENTITAS:
        records = entities.get(entitas.nama) or []
        if not records:
            continue
        uuids = [r["uuid"] for r in records]
        local_rows: dict[str, dict[str, Any]] = {}
        for start in range(0, len(uuids), CHUNK):
            part = uuids[start : start + CHUNK]
            for row in load_rows(session, entitas, entitas.table.c.uuid.in_(part)):
                local_rows[row["uuid"]] = row
        unmatched = [r for r in records if r["uuid"] not in local_rows]
        by_natural = _natural_matches(session, entitas, unmatched, refs)
        if by_natural:
            rows = load_rows(session, entitas, entitas.table.c.id.in_(sorted(set(by_natural.values()))))
            by_id = {row["id"]: row for row in rows}
            for incoming_uuid, local_id in by_natural.items():
                local_rows[incoming_uuid] = by_id[local_id]
                refs.alias.setdefault(entitas.nama, {})[incoming_uuid] = local_id
        matched = list(local_rows.items())
        encoded = encode_rows(entitas, [row for _, row in matched], refs)
        local_by_incoming = {incoming: (row["id"], enc) for (incoming, row), enc in zip(matched, encoded, strict=True)}
        for record in records:
            incoming_hash = record_hash(record["data"])
            local = local_by_incoming.get(record["uuid"])
            if local is None:
                plan.items.append(Classified(entitas, record, AksiRekam.BARU, None, None, incoming_hash))
                continue
            local_id, local_record = local
            local_hash = record_hash(local_record["data"])
            base = rekam.get(record["uuid"])
            if local_hash == incoming_hash:
                aksi = AksiRekam.SAMA
            elif base is not None and local_hash == base:
                aksi = AksiRekam.UBAH
            elif base is not None and incoming_hash == base:
                aksi = AksiRekam.LOKAL
            else:
                aksi = AksiRekam.KONFLIK
            plan.items.append(Classified(
                entitas, record, aksi, local_id, local_record["data"], incoming_hash,
                (local_record.get("diubah_oleh"), local_record.get("diubah_pada")),
            ))
    return plan


def _preview(path: Path, opened: OpenedPackage, plan: Plan) -> Pratinjau:
    manifest = opened.paket.manifest
    pegawai_names: dict[str, str] = {}
    for item in plan.items:
        if item.entitas.nama == "pegawai":
            pegawai_names[item.record["uuid"]] = f"{item.record['data'].get('nama', '')}"
    ringkasan: dict[str, Counter[str]] = {}
    rows: list[RekamPratinjau] = []
    for item in plan.items:
        ringkasan.setdefault(item.entitas.nama, Counter())[item.aksi.value] += 1
        if item.aksi is AksiRekam.SAMA:
            continue
        theirs = item.record["data"]
        mine = item.local_data
        kolom = tuple(sorted(k for k in theirs if mine is not None and mine.get(k) != theirs.get(k)))
        rows.append(RekamPratinjau(
            entitas=item.entitas.nama, entitas_label=item.entitas.label, uuid=item.record["uuid"], aksi=item.aksi,
            label=record_label(item.entitas, theirs, pegawai_names), kolom=kolom, milik_kita=mine,
            milik_mereka=theirs, kita_oleh=item.local_meta[0], kita_pada=item.local_meta[1],
            mereka_oleh=item.record.get("diubah_oleh"), mereka_pada=item.record.get("diubah_pada"),
        ))
    return Pratinjau(
        path=path, paket_id=str(manifest["paket_id"]), dari_kode=opened.mitra.kode, dari_nama=opened.mitra.nama,
        urutan=int(manifest["urutan"]), dibuat=str(manifest.get("dibuat", "")), terenkripsi=opened.paket.terenkripsi,
        sudah_diimpor=opened.sudah_diimpor,
        ringkasan={name: dict(counter) for name, counter in ringkasan.items()},
        rekam=tuple(rows), peringatan=tuple(opened.peringatan),
    )


def pratinjau_paket(db: Database, actor: Actor, path: Path, *, sandi: str | None = None,
                    keys_dir: Path | None = None) -> Pratinjau:
    """Verify ``path`` and say what importing it would do; nothing is written."""
    require(actor, Izin.PERTUKARAN)
    identitas, kunci = identitas_wajib(db, actor, keys_dir)
    with db.session(actor=actor) as s:
        opened = _open(s, identitas, kunci, path, sandi)
        plan = Plan() if opened.sudah_diimpor else _classify(s, opened)
        result = replace(_preview(path, opened, plan), nama_rujukan=_reference_names(s, opened, plan))
        s.rollback()
    return result


def _reference_names(session: Session, opened: OpenedPackage, plan: Plan) -> dict[str, str]:
    """Names for the uuids the changed records refer to: the package's katalog, then this database."""
    names = {str(uuid): str(entry.get("nama") or "") for uuid, entry in (opened.data.get("katalog") or {}).items()
             if isinstance(entry, dict) and entry.get("nama")}
    wanted: dict[str, set[str]] = {}
    for item in plan.items:
        if item.aksi is AksiRekam.SAMA:
            continue
        for column, target in foreign_keys(item.entitas.table).items():
            for data in (item.record["data"], item.local_data or {}):
                value = data.get(column)
                if isinstance(value, str) and value not in names and target in MODEL_BY_TABLE:
                    wanted.setdefault(target, set()).add(value)
    for target, uuids in wanted.items():
        model: Any = MODEL_BY_TABLE[target]
        label = next((c for c in ("nama", "nomor") if hasattr(model, c)), None)
        if label is None:
            continue
        ordered = sorted(uuids)
        for start in range(0, len(ordered), CHUNK):
            part = ordered[start : start + CHUNK]
            for uuid, nama in session.execute(select(model.uuid, getattr(model, label)).where(model.uuid.in_(part))):
                if nama:
                    names[uuid] = str(nama)
    return names


def impor_paket(db: Database, actor: Actor, path: Path, *, sandi: str | None = None,
                keputusan: dict[str, Pilihan] | None = None, konflik_bawaan: Pilihan | None = None,
                keys_dir: Path | None = None) -> HasilImpor:
    """Apply the package in one transaction. Every conflict needs a decision (per uuid or a default)."""
    require(actor, Izin.PERTUKARAN)
    started = time.perf_counter()
    identitas, kunci = identitas_wajib(db, actor, keys_dir)
    keputusan = keputusan or {}
    with db.session(actor=actor, write=True) as s:
        opened = _open(s, identitas, kunci, path, sandi)
        # Serialise imports from the same office (PostgreSQL: row lock; SQLite: the write lock), then
        # look again: another clerk may have imported this package while we waited for the lock.
        s.refresh(opened.mitra, with_for_update=True)
        if not opened.sudah_diimpor and s.scalar(select(PaketPertukaran.id).where(
                PaketPertukaran.paket_id == opened.paket.manifest["paket_id"], PaketPertukaran.arah == "TERIMA")):
            opened.sudah_diimpor = True
        if not opened.sudah_diimpor and int(opened.paket.manifest["urutan"]) <= opened.mitra.paket_terakhir_diterima:
            raise PaketDitolak(
                f"Paket #{opened.paket.manifest['urutan']} dari {opened.mitra.kode} sudah usang: paket "
                f"#{opened.mitra.paket_terakhir_diterima} sudah diterima. Paket lama tidak diimpor."
            )
        if opened.sudah_diimpor:
            preview = _preview(path, opened, Plan())
            return HasilImpor(preview, 0, 0, 0, time.perf_counter() - started,
                              f"Paket #{preview.urutan} dari {preview.dari_kode} sudah pernah diimpor; "
                              "tidak ada yang diubah.")
        plan = _classify(s, opened)
        preview = _preview(path, opened, plan)
        undecided = [r for r in preview.konflik if r.uuid not in keputusan and konflik_bawaan is None]
        if undecided:
            raise DomainError(
                f"Ada {len(undecided)} konflik yang belum diputuskan (mis. {undecided[0].entitas_label} "
                f"{undecided[0].label}). Pilih 'pertahankan data kita' atau 'ambil data mereka' untuk tiap konflik."
            )
        counts = apply_plan(s, actor, opened, plan, keputusan, konflik_bawaan)
        save_attachments(db, opened)
        save_rekam(s, opened.mitra.kode,
                   {i.record["uuid"]: (i.entitas.nama, i.incoming_hash) for i in plan.items})
        urutan = preview.urutan
        opened.mitra.paket_terakhir_diterima = max(opened.mitra.paket_terakhir_diterima, urutan)
        s.add(PaketPertukaran(paket_id=preview.paket_id, arah="TERIMA", kantor_kode=opened.mitra.kode,
                              urutan=urutan, sha256=opened.paket.sha256, waktu=utcnow(),
                              ringkasan=preview.ringkasan, catatan=path.name))
        pesan = (f"Paket #{urutan} dari {opened.mitra.kode} diimpor: {counts['dibuat']} dibuat, "
                 f"{counts['diubah']} diperbarui, {counts['dipertahankan']} data kita dipertahankan.")
        from mutasi_desktop.services import audit_service

        audit_service.record(s, actor, AUDIT_AKSI, "paket_pertukaran", preview.paket_id, pesan,
                             {"dari": opened.mitra.kode, "urutan": urutan, "ringkasan": preview.ringkasan,
                              "konflik": {r.uuid: (keputusan.get(r.uuid) or konflik_bawaan or "").__str__()
                                          for r in preview.konflik}})
    return HasilImpor(preview, counts["dibuat"], counts["diubah"], counts["dipertahankan"],
                      time.perf_counter() - started, pesan)


def sudah_ada_paket(db: Database, paket_id: str) -> datetime | None:
    """When the package ``paket_id`` was imported, or None."""
    with db.session() as s:
        return s.scalar(select(PaketPertukaran.waktu).where(PaketPertukaran.paket_id == paket_id,
                                                            PaketPertukaran.arah == "TERIMA"))
