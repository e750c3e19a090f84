"""Shared steps of the usul use cases, always inside the caller's session.

Loading an usul with a clear message, recording a transition (timeline row + audit entry),
running and storing the rule check, and turning rows into :mod:`usul_dto` dataclasses.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.models import Pegawai, UsulBatch, UsulMutasi, UsulPersyaratan, UsulTransisi
from mutasi_desktop.domain.eligibility import (
    RuleResult,
    check_candidate,
    results_from_json,
    results_to_json,
    summarize,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, AksesDitolak, Izin
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.candidate_facts import (
    load_candidate_facts,
    load_mutasi_context,
    load_rule_settings,
    load_target_facts,
)
from mutasi_desktop.services.usul_dto import HasilCek, PersyaratanInfo, TransisiInfo, UsulDetail

AUDIT_ENTITAS = "usul_mutasi"


def require_any(actor: Actor, *izin: Izin) -> None:
    """Raise :class:`AksesDitolak` unless ``actor`` holds at least one of ``izin``."""
    if not any(actor.can(i) for i in izin):
        roles = ", ".join(sorted(r.label for r in actor.peran)) or "tanpa peran"
        wanted = " atau ".join(i.label for i in izin)
        raise AksesDitolak(
            f"Akses ditolak: pengguna '{actor.username}' ({roles}) tidak berwenang {wanted}."
        )


def next_nomor(session: Session, model: type[UsulMutasi] | type[UsulBatch], prefix: str, year: int) -> str:
    """Next free number like ``UM-2026-00012`` for an usul (UM) or a batch (BU)."""
    like = f"{prefix}-{year}-%"
    count = session.scalar(select(func.count()).select_from(model).where(model.nomor.like(like))) or 0
    n = count + 1
    while session.scalar(select(model.id).where(model.nomor == f"{prefix}-{year}-{n:05d}")) is not None:
        n += 1
    return f"{prefix}-{year}-{n:05d}"


def get_usul_row(session: Session, usul_id: int, *, for_update: bool = False) -> UsulMutasi:
    usul = session.get(UsulMutasi, usul_id, with_for_update=for_update or None)
    if usul is None:
        raise DomainError(f"Usul mutasi dengan id {usul_id} tidak ditemukan", field="usul_id")
    return usul


def record_transition(
    session: Session,
    usul: UsulMutasi,
    ke: StatusUsul,
    actor: Actor,
    *,
    catatan: str = "",
    nomor_surat: str = "",
    tanggal_surat: date | None = None,
    pertama: bool = False,
) -> UsulTransisi:
    """Move ``usul`` to ``ke`` (or, when ``ke`` equals its status, record a step) with who/when/why.

    ``pertama``: the creation row of the timeline (no previous state).
    """
    dari: str | None = None if pertama else usul.status
    now = utcnow()
    row = UsulTransisi(
        usul_id=usul.id, dari_status=dari, ke_status=ke.value, oleh=actor.username, waktu=now,
        catatan=catatan, nomor_surat=nomor_surat, tanggal_surat=tanggal_surat,
    )  # fmt: skip
    session.add(row)
    if dari != ke.value:
        usul.status = ke.value
        usul.status_at = now
    usul.updated_by = actor.username
    try:
        dari_label = StatusUsul(dari).label if dari else "-"
    except ValueError:
        dari_label = dari or "-"
    ringkasan = (
        f"Usul {usul.nomor}: {dari_label} → {ke.label}"
        if dari != ke.value
        else f"Usul {usul.nomor}: {catatan}"
    )
    audit_service.record(
        session, actor, audit_service.Aksi.TRANSISI, AUDIT_ENTITAS, usul.id, ringkasan,
        {"dari": dari, "ke": ke.value, "catatan": catatan, "nomor_surat": nomor_surat,
         "tanggal_surat": tanggal_surat.isoformat() if tanggal_surat else None},
    )  # fmt: skip
    return row


def run_check(session: Session, usul: UsulMutasi, *, today: date | None = None) -> list[RuleResult]:
    """Run every eligibility rule for ``usul`` against the database as it is now."""
    facts = load_candidate_facts(session, [usul.pegawai_id])
    candidate = facts.get(usul.pegawai_id)
    if candidate is None:
        raise DomainError(f"Pegawai dengan id {usul.pegawai_id} tidak ditemukan", field="pegawai_id")
    target = None
    if usul.tujuan_formasi_id is not None:
        targets = load_target_facts(
            session, [usul.tujuan_formasi_id], usul_id=usul.id, batch_id=usul.batch_id
        )
        target = targets.get(usul.tujuan_formasi_id)
    day = today or date.today()
    context = load_mutasi_context(
        session, jenis_mutasi=usul.jenis_mutasi, alasan=usul.alasan, tmt=usul.tmt_rencana or day,
        today=day, usul_id=usul.id,
    )  # fmt: skip
    return check_candidate(candidate, target, context, load_rule_settings(session))


def store_check(usul: UsulMutasi, results: list[RuleResult], *, tahap: str, by: Actor) -> None:
    """Keep the full result with the usul (``hasil_cek``): each rule, the summary, when and by whom."""
    now = utcnow()
    usul.hasil_cek = {
        "tahap": tahap,
        "waktu": now.isoformat(),
        "oleh": by.username,
        "ringkasan": summarize(results),
        "hasil": results_to_json(results),
    }
    usul.hasil_cek_at = now


def hasil_cek_of(data: dict[str, Any] | None) -> HasilCek | None:
    if not data:
        return None
    waktu = data.get("waktu")
    try:
        when = datetime.fromisoformat(waktu) if isinstance(waktu, str) else None
    except ValueError:
        when = None
    return HasilCek(
        waktu=when, tahap=str(data.get("tahap", "")), hasil=tuple(results_from_json(data.get("hasil")))
    )


def persyaratan_infos(session: Session, usul_id: int) -> tuple[PersyaratanInfo, ...]:
    rows = session.scalars(
        select(UsulPersyaratan).where(UsulPersyaratan.usul_id == usul_id).order_by(UsulPersyaratan.urutan)
    )
    return tuple(
        PersyaratanInfo(
            id=r.id,
            kode=r.kode,
            nama=r.nama,
            wajib=r.wajib,
            status=r.status,
            catatan=r.catatan,
            lampiran_sha256=r.lampiran_sha256,
            lampiran_nama=r.lampiran_nama,
            lampiran_mime=r.lampiran_mime,
            lampiran_ukuran=r.lampiran_ukuran,
            urutan=r.urutan,
            version=r.version,
        )
        for r in rows
    )


def transisi_infos(session: Session, usul_id: int) -> tuple[TransisiInfo, ...]:
    rows = session.scalars(
        select(UsulTransisi)
        .where(UsulTransisi.usul_id == usul_id)
        .order_by(UsulTransisi.waktu, UsulTransisi.id)
    )
    return tuple(
        TransisiInfo(
            id=r.id,
            dari_status=r.dari_status,
            ke_status=r.ke_status,
            oleh=r.oleh,
            waktu=r.waktu,
            catatan=r.catatan,
            nomor_surat=r.nomor_surat,
            tanggal_surat=r.tanggal_surat,
        )
        for r in rows
    )


def detail_of(session: Session, usul: UsulMutasi) -> UsulDetail:
    pegawai = session.get(Pegawai, usul.pegawai_id)
    batch = session.get(UsulBatch, usul.batch_id) if usul.batch_id is not None else None
    return UsulDetail(
        id=usul.id, nomor=usul.nomor, version=usul.version, pegawai_id=usul.pegawai_id,
        nip=pegawai.nip if pegawai else "", nama=pegawai.nama if pegawai else "",
        status_kepegawaian=pegawai.status_kepegawaian if pegawai else "",
        jenis_mutasi=usul.jenis_mutasi, alasan=usul.alasan, alasan_keterangan=usul.alasan_keterangan,
        status=usul.status, status_at=usul.status_at,
        asal_unit_id=usul.asal_unit_id, asal_jabatan_id=usul.asal_jabatan_id,
        asal_unit_nama=usul.asal_unit_nama, asal_jabatan_nama=usul.asal_jabatan_nama,
        asal_golongan_id=usul.asal_golongan_id, asal_instansi_nama=usul.asal_instansi_nama,
        tujuan_formasi_id=usul.tujuan_formasi_id, tujuan_unit_nama=usul.tujuan_unit_nama,
        tujuan_jabatan_nama=usul.tujuan_jabatan_nama, tujuan_instansi_nama=usul.tujuan_instansi_nama,
        tmt_rencana=usul.tmt_rencana, catatan=usul.catatan, batch_id=usul.batch_id,
        batch_nomor=batch.nomor if batch else "", sk_id=usul.sk_id, tmt_pelaksanaan=usul.tmt_pelaksanaan,
        persetujuan_asal_nomor=usul.persetujuan_asal_nomor, persetujuan_asal_tanggal=usul.persetujuan_asal_tanggal,
        persetujuan_tujuan_nomor=usul.persetujuan_tujuan_nomor,
        persetujuan_tujuan_tanggal=usul.persetujuan_tujuan_tanggal,
        pertek_nomor=usul.pertek_nomor, pertek_tanggal=usul.pertek_tanggal,
        persetujuan_mendagri_nomor=usul.persetujuan_mendagri_nomor,
        persetujuan_mendagri_tanggal=usul.persetujuan_mendagri_tanggal,
        created_by=usul.created_by, created_at=usul.created_at, hasil_cek=hasil_cek_of(usul.hasil_cek),
        persyaratan=persyaratan_infos(session, usul.id), transisi=transisi_infos(session, usul.id),
    )  # fmt: skip
