"""Usul mutasi use cases: drafting, the workflow transitions and the rule check.

Every function opens one short session, checks the actor's permission, refuses what the state
machine (``domain.usul_states``) forbids with an Indonesian message, and returns dataclasses.
Applying an SK (``usul_apply``), batches (``usul_batch``), the checklist (``usul_persyaratan``)
and lists (``usul_query``) live beside this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    Formasi,
    Instansi,
    Jabatan,
    Pegawai,
    UnitKerja,
    UsulBatch,
    UsulMutasi,
    UsulPersyaratan,
)
from mutasi_desktop.domain.eligibility import TIDAK_LULUS, RuleResult
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import ArahMutasi, parse_alasan, parse_jenis_mutasi
from mutasi_desktop.domain.persyaratan import StatusBerkas, template_for
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.usul_states import APPROVED_STATES, OPEN_STATES, Aksi, StatusUsul, transition_for
from mutasi_desktop.services.candidate_facts import load_target_facts
from mutasi_desktop.services.concurrency import check_version, tracked_session
from mutasi_desktop.services.usul_dto import UsulDetail

# Inter-instansi letters live in usul_langkah; re-exported for the callers of this module.
from mutasi_desktop.services.usul_langkah import LANGKAH as LANGKAH
from mutasi_desktop.services.usul_langkah import record_langkah as record_langkah
from mutasi_desktop.services.usul_store import (
    detail_of,
    get_usul_row,
    next_nomor,
    record_transition,
    run_check,
    store_check,
)

_OPEN = tuple(s.value for s in OPEN_STATES)
# Pegawai who left the service: no usul can be drafted for them.
KEDUDUKAN_TIDAK_AKTIF = ("PENSIUN", "BERHENTI", "MENINGGAL", "PINDAH_KELUAR")


@dataclass(frozen=True)
class UsulInput:
    """What the clerk fills in on the usul form."""

    pegawai_id: int
    jenis_mutasi: str
    alasan: str
    tmt_rencana: date | None = None
    tujuan_formasi_id: int | None = None
    tujuan_instansi_nama: str = ""  # mutasi keluar: the receiving instansi
    tujuan_jabatan_nama: str = ""  # mutasi keluar: the post named by the receiver
    tujuan_unit_nama: str = ""
    asal_instansi_nama: str = ""  # mutasi masuk: the home instansi
    alasan_keterangan: str = ""
    catatan: str = ""
    batch_id: int | None = None


# --------------------------------------------------------------------------- helpers


def _instansi_nama(session: Session) -> str:
    instansi = session.scalars(select(Instansi).order_by(Instansi.id).limit(1)).first()
    return f"Pemerintah {instansi.nama_daerah}" if instansi else ""


def _opd_id(unit: UnitKerja | None) -> int | None:
    if unit is None:
        return None
    parts = [p for p in unit.path.split("/") if p]
    return int(parts[0]) if parts else unit.id


def _check_batas_opd(session: Session, actor: Actor, pegawai: Pegawai, formasi: Formasi | None) -> None:
    if not actor.batas_opd or actor.can(Izin.KELOLA_PENGGUNA):
        return
    units = [session.get(UnitKerja, pegawai.unit_id) if pegawai.unit_id else None]
    if formasi is not None:
        units.append(session.get(UnitKerja, formasi.unit_id))
    if not any(_opd_id(u) in actor.batas_opd for u in units if u is not None):
        raise DomainError(
            f"Pegawai {pegawai.nama} dan formasi tujuan berada di luar OPD yang menjadi wewenang "
            f"pengguna '{actor.username}'",
            field="pegawai_id",
        )


def _check_usul_scope(session: Session, actor: Actor, usul: UsulMutasi) -> None:
    """An Operator limited to some OPD handles only usul that leave or enter them."""
    pegawai = session.get(Pegawai, usul.pegawai_id)
    if pegawai is not None:
        formasi = session.get(Formasi, usul.tujuan_formasi_id) if usul.tujuan_formasi_id else None
        _check_batas_opd(session, actor, pegawai, formasi)


def _freeze_asal(session: Session, usul: UsulMutasi, pegawai: Pegawai) -> None:
    """Copy the pegawai's current post to the usul's *from* side."""
    unit = session.get(UnitKerja, pegawai.unit_id) if pegawai.unit_id else None
    jabatan = session.get(Jabatan, pegawai.jabatan_id) if pegawai.jabatan_id else None
    usul.asal_unit_id = pegawai.unit_id
    usul.asal_jabatan_id = pegawai.jabatan_id
    usul.asal_unit_nama = unit.nama if unit else usul.asal_unit_nama
    usul.asal_jabatan_nama = jabatan.nama if jabatan else usul.asal_jabatan_nama
    usul.asal_golongan_id = pegawai.golongan_id
    if not usul.asal_instansi_nama:
        usul.asal_instansi_nama = _instansi_nama(session)


def _apply_input(session: Session, usul: UsulMutasi, data: UsulInput) -> None:
    """Validate the form values and copy them onto ``usul`` (raises DomainError, changes nothing
    in the database by itself)."""
    jenis = parse_jenis_mutasi(data.jenis_mutasi)
    alasan = parse_alasan(data.alasan)
    pegawai = session.get(Pegawai, data.pegawai_id)
    if pegawai is None:
        raise DomainError(f"Pegawai dengan id {data.pegawai_id} tidak ditemukan", field="pegawai_id")
    if pegawai.kedudukan in KEDUDUKAN_TIDAK_AKTIF:
        raise DomainError(
            f"Pegawai {pegawai.nama} (NIP {pegawai.nip}) tidak aktif (kedudukan: {pegawai.kedudukan}); "
            "usul mutasi tidak dapat dibuat",
            field="pegawai_id",
        )
    formasi: Formasi | None = None
    if jenis.arah is ArahMutasi.KELUAR:
        if data.tujuan_formasi_id is not None:
            raise DomainError("Mutasi keluar tidak memakai formasi instansi ini", field="tujuan_formasi_id")
        if not data.tujuan_instansi_nama.strip():
            raise DomainError("Instansi tujuan wajib diisi untuk mutasi keluar", field="tujuan_instansi_nama")
    else:
        if data.tujuan_formasi_id is None:
            raise DomainError("Formasi tujuan (unit dan jabatan) wajib dipilih", field="tujuan_formasi_id")
        formasi = session.get(Formasi, data.tujuan_formasi_id)
        if formasi is None:
            raise DomainError(
                f"Formasi tujuan id {data.tujuan_formasi_id} tidak ditemukan", field="tujuan_formasi_id"
            )
        unit = session.get(UnitKerja, formasi.unit_id)
        jabatan = session.get(Jabatan, formasi.jabatan_id)
        if unit is None or not unit.aktif:
            nama = unit.nama if unit else str(formasi.unit_id)
            raise DomainError(f"Unit tujuan '{nama}' sudah ditutup/tidak aktif", field="tujuan_formasi_id")
        if jabatan is None or not jabatan.aktif:
            raise DomainError("Jabatan tujuan tidak aktif", field="tujuan_formasi_id")
        if pegawai.unit_id == formasi.unit_id and pegawai.jabatan_id == formasi.jabatan_id:
            raise DomainError(
                f"Pegawai {pegawai.nama} sudah menduduki formasi tujuan ini", field="tujuan_formasi_id"
            )
        usul.tujuan_unit_nama = unit.nama
        usul.tujuan_jabatan_nama = jabatan.nama
    if jenis.arah is ArahMutasi.MASUK and not data.asal_instansi_nama.strip():
        raise DomainError("Instansi asal wajib diisi untuk mutasi masuk", field="asal_instansi_nama")
    if data.batch_id is not None and session.get(UsulBatch, data.batch_id) is None:
        raise DomainError(f"Kelompok usul (batch) id {data.batch_id} tidak ditemukan", field="batch_id")
    usul.pegawai_id = pegawai.id
    usul.jenis_mutasi = jenis.value
    usul.alasan = alasan.value
    usul.alasan_keterangan = data.alasan_keterangan.strip()
    usul.tmt_rencana = data.tmt_rencana
    usul.tujuan_formasi_id = data.tujuan_formasi_id
    if jenis.arah is ArahMutasi.KELUAR:
        usul.tujuan_instansi_nama = data.tujuan_instansi_nama.strip()
        usul.tujuan_jabatan_nama = data.tujuan_jabatan_nama.strip()
        usul.tujuan_unit_nama = data.tujuan_unit_nama.strip()
    else:
        usul.tujuan_instansi_nama = ""
    usul.asal_instansi_nama = data.asal_instansi_nama.strip() if jenis.arah is ArahMutasi.MASUK else ""
    usul.catatan = data.catatan.strip()
    usul.batch_id = data.batch_id
    _freeze_asal(session, usul, pegawai)


def _ensure_no_other_open(session: Session, pegawai_id: int, usul_id: int | None) -> None:
    stmt = select(UsulMutasi.nomor, UsulMutasi.status).where(
        UsulMutasi.pegawai_id == pegawai_id, UsulMutasi.status.in_(_OPEN)
    )
    if usul_id is not None:
        stmt = stmt.where(UsulMutasi.id != usul_id)
    other = session.execute(stmt.limit(1)).first()
    if other is not None:
        raise DomainError(
            f"Pegawai ini masih memiliki usul mutasi lain yang belum selesai ({other[0]}, status "
            f"{StatusUsul(other[1]).label}); selesaikan atau batalkan usul itu lebih dulu",
            field="pegawai_id",
        )


def sync_persyaratan(session: Session, usul: UsulMutasi) -> None:
    """Make the checklist follow the usul's kind: add missing items, drop untouched ones that no
    longer apply, keep everything the clerk already filled in."""
    template = template_for(usul.jenis_mutasi, usul.alasan)
    existing = {
        r.kode: r for r in session.scalars(select(UsulPersyaratan).where(UsulPersyaratan.usul_id == usul.id))
    }
    wanted = {item.kode for item in template}
    for urutan, item in enumerate(template, start=1):
        row = existing.get(item.kode)
        if row is None:
            session.add(UsulPersyaratan(usul_id=usul.id, kode=item.kode, nama=item.nama, wajib=item.wajib,
                                        status=StatusBerkas.BELUM.value, urutan=urutan))  # fmt: skip
        else:
            row.urutan = urutan
            row.wajib = item.wajib
    for kode, row in existing.items():
        untouched = row.status == StatusBerkas.BELUM.value and not row.catatan and not row.lampiran_sha256
        if kode not in wanted and untouched:
            session.delete(row)


# --------------------------------------------------------------------------- drafting


def draft_usul_in_session(
    session: Session,
    data: UsulInput,
    *,
    by: Actor,
    skor_seleksi: dict[str, Any] | None = None,
    catatan_timeline: str = "Usul dibuat",
    today: date | None = None,
) -> int:
    """Draft one usul inside the caller's session (the caller commits) and return its id.

    The same steps as :func:`create_usul` (validation, the actor's OPD limit, one open usul per
    pegawai, numbering, the first timeline row, the checklist), for use cases that draft many usul
    in one transaction, such as accepting a placement plan. ``skor_seleksi`` keeps the ranking
    that chose the pegawai; ``catatan_timeline`` is the note on the timeline's creation row. The
    caller checks :attr:`Izin.KELOLA_USUL`.
    """
    usul = UsulMutasi(status=StatusUsul.DRAF.value, created_by=by.username)
    _apply_input(session, usul, data)
    pegawai = session.get(Pegawai, data.pegawai_id)
    assert pegawai is not None  # checked by _apply_input
    formasi = session.get(Formasi, data.tujuan_formasi_id) if data.tujuan_formasi_id else None
    _check_batas_opd(session, by, pegawai, formasi)
    _ensure_no_other_open(session, pegawai.id, None)
    usul.nomor = next_nomor(session, UsulMutasi, "UM", (today or date.today()).year)
    if skor_seleksi is not None:
        usul.skor_seleksi = skor_seleksi
    session.add(usul)
    session.flush()
    record_transition(session, usul, StatusUsul.DRAF, by, catatan=catatan_timeline, pertama=True)
    sync_persyaratan(session, usul)
    session.flush()
    return usul.id


def create_usul(db: Database, data: UsulInput, *, by: Actor, today: date | None = None) -> UsulDetail:
    """A new usul in state Draf, with its checklist. The *from* side is copied now and frozen at
    submission."""
    require(by, Izin.KELOLA_USUL)
    with tracked_session(db, actor=by, write=True) as s:
        usul_id = draft_usul_in_session(s, data, by=by, today=today)
        return detail_of(s, get_usul_row(s, usul_id))


def update_usul(db: Database, usul_id: int, data: UsulInput, *, version: int | None, by: Actor) -> UsulDetail:
    """Change a Draf or Berkas Tidak Lengkap usul; ``version`` is the one the form loaded."""
    require(by, Izin.KELOLA_USUL)
    with tracked_session(db, actor=by, write=True) as s:
        usul = get_usul_row(s, usul_id)
        check_version(db, usul, version)
        _check_usul_scope(s, by, usul)
        status = StatusUsul(usul.status)
        if not status.is_editable:
            raise DomainError(
                f"Usul {usul.nomor} berstatus {status.label} dan tidak dapat diubah lagi", field="status"
            )
        if data.pegawai_id != usul.pegawai_id and status is not StatusUsul.DRAF:
            raise DomainError("Pegawai hanya dapat diganti selama usul masih draf", field="pegawai_id")
        _apply_input(s, usul, data)
        _ensure_no_other_open(s, usul.pegawai_id, usul.id)
        sync_persyaratan(s, usul)
        s.flush()
        return detail_of(s, usul)


def get_usul(db: Database, usul_id: int, *, by: Actor) -> UsulDetail:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        return detail_of(s, get_usul_row(s, usul_id))


# --------------------------------------------------------------------------- rule check


def check_usul(
    db: Database, usul_id: int, *, by: Actor, store: bool = True, today: date | None = None
) -> list[RuleResult]:
    """Run every rule now; keep the result with the usul unless ``store`` is False or the usul is
    final (a closed usul keeps the result it was decided on)."""
    require(by, Izin.LIHAT_DATA)
    with db.session(actor=by, write=store) as s:
        usul = get_usul_row(s, usul_id)
        results = run_check(s, usul, today=today)
        if store and not StatusUsul(usul.status).is_final and (by.can(Izin.KELOLA_USUL) or by.can(
            Izin.VERIFIKASI_USUL) or by.can(Izin.SETUJUI_USUL)):  # fmt: skip
            store_check(usul, results, tahap="MANUAL", by=by)
        return results


def preview_check(
    db: Database, data: UsulInput, *, by: Actor, usul_id: int | None = None, today: date | None = None
) -> list[RuleResult]:
    """The rule check for values still on the form (nothing is stored; a bad value raises
    DomainError like saving would)."""
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        usul = UsulMutasi(status=StatusUsul.DRAF.value)  # never added to the session
        _apply_input(s, usul, data)
        if usul_id is not None:
            usul.id = usul_id
        return run_check(s, usul, today=today)


def _failures(results: list[RuleResult]) -> str:
    return "; ".join(f"{r.judul}: {r.alasan}" for r in results if r.hasil == TIDAK_LULUS)


# --------------------------------------------------------------------------- transitions


def _ensure_seat_not_promised(s: Session, usul: UsulMutasi) -> None:
    """An approved move out of a full formasi may already have been counted by another approved
    (or applied) usul into that seat; cancelling it would leave two people in one seat."""
    pegawai = s.get(Pegawai, usul.pegawai_id)
    if pegawai is None or pegawai.unit_id is None or pegawai.jabatan_id is None:
        return
    source = s.scalar(
        select(Formasi).where(Formasi.unit_id == pegawai.unit_id, Formasi.jabatan_id == pegawai.jabatan_id)
    )
    if source is None:
        return
    facts = load_target_facts(s, [source.id], usul_id=usul.id)[source.id]
    if facts.sisa == -1:  # fits only because this pegawai leaves
        raise DomainError(
            f"Usul {usul.nomor} tidak dapat dibatalkan: jabatan yang ditinggalkannya sudah dijanjikan kepada "
            "usul lain yang disetujui. Batalkan atau koreksi usul itu lebih dulu.",
            field="status",
        )


def _guard(s: Session, usul: UsulMutasi, aksi: Aksi, by: Actor, catatan: str, today: date | None) -> None:
    """Conditions beyond the state machine; raise DomainError to refuse."""
    if aksi is Aksi.AJUKAN:
        if usul.tmt_rencana is None:
            raise DomainError("TMT rencana wajib diisi sebelum usul diajukan", field="tmt_rencana")
        pegawai = s.get(Pegawai, usul.pegawai_id)
        assert pegawai is not None
        _ensure_no_other_open(s, usul.pegawai_id, usul.id)
        _freeze_asal(s, usul, pegawai)
        store_check(usul, run_check(s, usul, today=today), tahap="AJUKAN", by=by)
    elif aksi is Aksi.VERIFIKASI:
        missing = s.scalars(
            select(UsulPersyaratan.nama)
            .where(
                UsulPersyaratan.usul_id == usul.id,
                UsulPersyaratan.wajib.is_(True),
                UsulPersyaratan.status != StatusBerkas.ADA.value,
            )
            .order_by(UsulPersyaratan.urutan)
        ).all()
        if missing:
            raise DomainError(
                "Berkas wajib belum lengkap: " + "; ".join(missing) + ". Tandai 'Berkas tidak lengkap' "
                "agar pengusul melengkapinya.",
                field="persyaratan",
            )
    elif aksi is Aksi.BATALKAN and StatusUsul(usul.status) in APPROVED_STATES:
        _ensure_seat_not_promised(s, usul)
    elif aksi is Aksi.SETUJUI:
        if usul.tujuan_formasi_id is not None:
            # Two clerks approving into the same formasi at once: the second waits here and then
            # counts the first as a claim (SQLite already serialises writers; PostgreSQL needs the lock).
            s.get(Formasi, usul.tujuan_formasi_id, with_for_update=True)
        results = run_check(s, usul, today=today)
        store_check(usul, results, tahap="SETUJUI", by=by)
        if any(r.hasil == TIDAK_LULUS for r in results):
            raise DomainError(
                f"Usul {usul.nomor} belum memenuhi syarat: {_failures(results)}", field="hasil_cek"
            )


def transition(
    db: Database,
    usul_id: int,
    aksi: Aksi,
    *,
    by: Actor,
    catatan: str = "",
    version: int | None = None,
    today: date | None = None,
) -> UsulDetail:
    """Do one workflow action (Ajukan, Verifikasi, BTL, TMS, Setujui, Tolak, Batalkan).

    The SK steps go through ``usul_apply``. A refused action changes nothing, except that a
    refused approval has no side effect either: the whole session rolls back.
    """
    if aksi in (Aksi.TETAPKAN_SK, Aksi.LAKSANAKAN, Aksi.KOREKSI):
        raise DomainError(f"Aksi '{aksi.label}' dilakukan melalui penetapan/pelaksanaan SK", field="aksi")
    with tracked_session(db, actor=by, write=True) as s:
        usul = get_usul_row(s, usul_id)
        check_version(db, usul, version)
        step = transition_for(usul.status, aksi)
        require(by, step.izin)
        if step.izin is Izin.KELOLA_USUL:
            _check_usul_scope(s, by, usul)
        if step.catatan_wajib and not catatan.strip():
            raise DomainError(f"Catatan/alasan wajib diisi untuk aksi '{aksi.label}'", field="catatan")
        _guard(s, usul, aksi, by, catatan, today)
        record_transition(s, usul, step.ke, by, catatan=catatan.strip())
        s.flush()
        return detail_of(s, usul)


def ajukan(
    db: Database, usul_id: int, *, by: Actor, catatan: str = "", today: date | None = None
) -> UsulDetail:
    return transition(db, usul_id, Aksi.AJUKAN, by=by, catatan=catatan, today=today)


def verifikasi(db: Database, usul_id: int, *, by: Actor, catatan: str = "") -> UsulDetail:
    return transition(db, usul_id, Aksi.VERIFIKASI, by=by, catatan=catatan)


def berkas_tidak_lengkap(db: Database, usul_id: int, *, by: Actor, catatan: str) -> UsulDetail:
    return transition(db, usul_id, Aksi.BERKAS_TIDAK_LENGKAP, by=by, catatan=catatan)


def tidak_memenuhi_syarat(db: Database, usul_id: int, *, by: Actor, catatan: str) -> UsulDetail:
    return transition(db, usul_id, Aksi.TIDAK_MEMENUHI_SYARAT, by=by, catatan=catatan)


def setujui(
    db: Database, usul_id: int, *, by: Actor, catatan: str = "", today: date | None = None
) -> UsulDetail:
    return transition(db, usul_id, Aksi.SETUJUI, by=by, catatan=catatan, today=today)


def tolak(db: Database, usul_id: int, *, by: Actor, catatan: str) -> UsulDetail:
    return transition(db, usul_id, Aksi.TOLAK, by=by, catatan=catatan)


def batalkan(db: Database, usul_id: int, *, by: Actor, catatan: str) -> UsulDetail:
    return transition(db, usul_id, Aksi.BATALKAN, by=by, catatan=catatan)
