"""The SK steps of an usul: SK ditetapkan, pelaksanaan (SPMT) and reversal.

Applying a mutasi writes, in one transaction, a ``riwayat_jabatan`` row citing the SK and
recomputes the pegawai's current post from history; formasi counts follow because they are
derived from who holds each post. A mistaken mutasi is corrected by a reversal row
(``membatalkan_id``) citing the correcting SK; the cancelled row is flagged ``dibatalkan`` and
stays in the history.

The SK document itself (numbering, PDF) belongs to the documents module: it calls
:func:`mark_sk_ditetapkan` (or :func:`apply_sk_ditetapkan` inside its own session).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    Formasi,
    Instansi,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    SuratKeputusan,
    UnitKerja,
    UsulMutasi,
    UsulTransisi,
)
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.eligibility import PERINGATAN
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import ArahMutasi, JenisMutasi
from mutasi_desktop.domain.roles import Actor, require
from mutasi_desktop.domain.usul_states import Aksi, StatusUsul, transition_for
from mutasi_desktop.services.candidate_facts import load_target_facts
from mutasi_desktop.services.concurrency import tracked_session
from mutasi_desktop.services.usul_dto import UsulDetail
from mutasi_desktop.services.usul_store import detail_of, get_usul_row, record_transition

KEDUDUKAN_PINDAH = "PINDAH_KELUAR"  # left this instansi through a mutasi keluar
_UNKNOWN_TMT = date(1900, 1, 1)  # baseline row of a pegawai whose TMT jabatan was never recorded
AUTO_BASELINE_NOTE = "Dicatat otomatis dari data pegawai saat mutasi diterapkan (riwayat sebelumnya kosong)"


def _arah(jenis: str | None) -> ArahMutasi | None:
    try:
        return JenisMutasi(jenis).arah if jenis else None
    except ValueError:
        return None


def _sk_of(session: Session, usul: UsulMutasi) -> tuple[str, date | None]:
    """Nomor and tanggal of the SK an usul was decided by (SK row, else the SK_DITETAPKAN step)."""
    if usul.sk_id is not None:
        sk = session.get(SuratKeputusan, usul.sk_id)
        if sk is not None and sk.nomor:
            return sk.nomor, sk.tanggal_penetapan
    step = session.scalars(
        select(UsulTransisi)
        .where(UsulTransisi.usul_id == usul.id, UsulTransisi.ke_status == StatusUsul.SK_DITETAPKAN.value)
        .order_by(UsulTransisi.id.desc())
        .limit(1)
    ).first()
    return (step.nomor_surat, step.tanggal_surat) if step else ("", None)


def check_siap_sk(usul: UsulMutasi) -> None:
    """Refuse (DomainError) an SK for ``usul`` while inter-instansi letters or a needed Mendagri
    approval are missing. The SK module calls this before it moves an usul to SK Ditetapkan."""
    jenis = JenisMutasi(usul.jenis_mutasi)
    if jenis.antar_instansi:
        missing = [
            label
            for label, nomor in (
                ("persetujuan PPK instansi asal", usul.persetujuan_asal_nomor),
                ("persetujuan PPK instansi penerima", usul.persetujuan_tujuan_nomor),
                ("pertimbangan teknis BKN/Kanreg", usul.pertek_nomor),
            )
            if not nomor
        ]
        if missing:
            raise DomainError(
                f"Usul {usul.nomor} ({jenis.label}) belum mencatat "
                + ", ".join(missing)
                + "; SK belum dapat ditetapkan",
                field="langkah",
            )
    checks = (usul.hasil_cek or {}).get("hasil") or []
    needs_mendagri = any(
        isinstance(r, dict) and r.get("kode") == "PERSETUJUAN_MENDAGRI" and r.get("hasil") == PERINGATAN
        for r in checks
    )
    if needs_mendagri and not usul.persetujuan_mendagri_nomor:
        raise DomainError(
            f"Usul {usul.nomor} memerlukan persetujuan tertulis Menteri Dalam Negeri; catat nomor dan tanggalnya "
            "lebih dulu",
            field="langkah",
        )


def apply_sk_ditetapkan(
    session: Session,
    usul_ids: Iterable[int],
    *,
    by: Actor,
    sk_id: int | None = None,
    nomor_sk: str = "",
    tanggal_sk: date | None = None,
    catatan: str = "",
) -> list[UsulMutasi]:
    """:func:`mark_sk_ditetapkan` inside the caller's session (the documents module's transaction)."""
    ids = list(dict.fromkeys(usul_ids))
    if not ids:
        raise DomainError("Pilih minimal satu usul untuk SK ini", field="usul_ids")
    if sk_id is not None:
        sk = session.get(SuratKeputusan, sk_id)
        if sk is None:
            raise DomainError(f"SK dengan id {sk_id} tidak ditemukan", field="sk_id")
        nomor_sk = sk.nomor or nomor_sk
        tanggal_sk = sk.tanggal_penetapan or tanggal_sk
        if sk.tmt is not None and tanggal_sk is not None and sk.tmt < tanggal_sk:
            raise DomainError(
                f"TMT SK ({format_tanggal(sk.tmt)}) tidak boleh sebelum tanggal penetapan SK "
                f"({format_tanggal(tanggal_sk)})",
                field="tmt",
            )
    elif not nomor_sk.strip() or tanggal_sk is None:
        raise DomainError(
            "Nomor dan tanggal SK wajib diisi (atau pilih SK yang sudah dibuat)", field="nomor_sk"
        )
    done: list[UsulMutasi] = []
    for usul_id in ids:
        usul = get_usul_row(session, usul_id)
        step = transition_for(usul.status, Aksi.TETAPKAN_SK)
        require(by, step.izin)
        check_siap_sk(usul)
        usul.sk_id = sk_id
        record_transition(
            session, usul, step.ke, by, catatan=catatan.strip() or "SK ditetapkan",
            nomor_surat=nomor_sk.strip(), tanggal_surat=tanggal_sk,
        )  # fmt: skip
        done.append(usul)
    session.flush()
    return done


def mark_sk_ditetapkan(
    db: Database,
    usul_ids: Iterable[int],
    sk_id: int | None = None,
    *,
    by: Actor,
    nomor_sk: str = "",
    tanggal_sk: date | None = None,
    catatan: str = "",
) -> list[UsulDetail]:
    """Move approved usul to SK Ditetapkan, citing SK ``sk_id`` (or an SK issued elsewhere, by
    nomor and tanggal, e.g. a Gubernur's SK for a move between kabupaten). All or nothing."""
    with tracked_session(db, actor=by, write=True) as s:
        rows = apply_sk_ditetapkan(
            s, usul_ids, by=by, sk_id=sk_id, nomor_sk=nomor_sk, tanggal_sk=tanggal_sk, catatan=catatan
        )
        return [detail_of(s, u) for u in rows]


def _own_instansi(session: Session) -> str:
    instansi = session.scalars(select(Instansi).order_by(Instansi.id).limit(1)).first()
    return f"Pemerintah {instansi.nama_daerah}" if instansi else ""


def _active_history(session: Session, pegawai_id: int) -> list[RiwayatJabatan]:
    """Rows in force (not cancelled, not a reversal), latest first."""
    return list(
        session.scalars(
            select(RiwayatJabatan)
            .where(
                RiwayatJabatan.pegawai_id == pegawai_id,
                RiwayatJabatan.dibatalkan.is_(False),
                RiwayatJabatan.membatalkan_id.is_(None),
            )
            .order_by(RiwayatJabatan.tmt_jabatan.desc(), RiwayatJabatan.id.desc())
        )
    )


def recompute_current_post(session: Session, pegawai: Pegawai) -> None:
    """Set the pegawai's current jabatan/unit/TMT from the latest history row in force."""
    rows = _active_history(session, pegawai.id)
    if not rows:
        pegawai.unit_id = None
        pegawai.jabatan_id = None
        pegawai.tmt_jabatan = None
        return
    latest = rows[0]
    if _arah(latest.jenis_mutasi) is ArahMutasi.KELUAR and latest.unit_id is None:
        pegawai.unit_id = None
        pegawai.jabatan_id = None
        pegawai.tmt_jabatan = latest.tmt_jabatan
        pegawai.kedudukan = KEDUDUKAN_PINDAH
        return
    pegawai.unit_id = latest.unit_id
    pegawai.jabatan_id = latest.jabatan_id
    pegawai.tmt_jabatan = None if latest.tmt_jabatan == _UNKNOWN_TMT else latest.tmt_jabatan
    if pegawai.kedudukan == KEDUDUKAN_PINDAH:
        pegawai.kedudukan = "AKTIF"


def _ensure_baseline(session: Session, pegawai: Pegawai) -> None:
    """Make sure the post the pegawai holds now is in the history, so a reversal can restore it."""
    if pegawai.unit_id is None and pegawai.jabatan_id is None:
        return
    rows = _active_history(session, pegawai.id)
    if rows and (rows[0].unit_id, rows[0].jabatan_id) == (pegawai.unit_id, pegawai.jabatan_id):
        return
    unit = session.get(UnitKerja, pegawai.unit_id) if pegawai.unit_id else None
    jabatan = session.get(Jabatan, pegawai.jabatan_id) if pegawai.jabatan_id else None
    session.add(
        RiwayatJabatan(
            pegawai_id=pegawai.id,
            jabatan_id=pegawai.jabatan_id,
            unit_id=pegawai.unit_id,
            jabatan_nama=jabatan.nama if jabatan else "",
            unit_nama=unit.nama if unit else "",
            instansi_nama=_own_instansi(session),
            jenis_jabatan=jabatan.jenis if jabatan else None,
            eselon=jabatan.eselon if jabatan else None,
            tmt_jabatan=pegawai.tmt_jabatan or _UNKNOWN_TMT,
            keterangan=AUTO_BASELINE_NOTE,
        )
    )
    session.flush()


def _check_seat_still_free(session: Session, usul: UsulMutasi, formasi: Formasi) -> None:
    """The seat counted at approval may have gone: the holder whose move freed it was cancelled,
    or the formasi was cut. Refuse rather than overfill the formasi.

    Only approved usul count here (not the rest of the batch): a batch mate that may still be
    refused cannot vouch for a seat the pegawai is about to take for real.
    """
    session.get(Formasi, formasi.id, with_for_update=True)
    target = load_target_facts(session, [formasi.id], usul_id=usul.id)[formasi.id]
    if target.sisa < 1:
        raise DomainError(
            f"Formasi tujuan usul {usul.nomor} sudah tidak memiliki lowongan (kebutuhan {target.kebutuhan}, "
            f"terisi {target.terisi}, usul masuk lain {target.incoming_pending}, usul keluar "
            f"{target.outgoing_pending}); periksa usul pemegang jabatan yang dibatalkan",
            field="tujuan_formasi_id",
        )


def record_pelaksanaan(
    db: Database, usul_id: int, tmt: date, *, by: Actor, catatan: str = "", today: date | None = None
) -> UsulDetail:
    """The pegawai started at the new post on ``tmt`` (SPMT): apply the mutasi in one transaction."""
    day = today or date.today()
    with tracked_session(db, actor=by, write=True) as s:
        usul = get_usul_row(s, usul_id)
        step = transition_for(usul.status, Aksi.LAKSANAKAN)
        require(by, step.izin)
        nomor_sk, tanggal_sk = _sk_of(s, usul)
        if tanggal_sk is not None and tmt < tanggal_sk:
            raise DomainError(
                f"TMT pelaksanaan {format_tanggal(tmt)} tidak boleh sebelum tanggal SK {format_tanggal(tanggal_sk)}",
                field="tmt",
            )
        if tmt > day + timedelta(days=31):
            raise DomainError(
                f"TMT pelaksanaan {format_tanggal(tmt)} terlalu jauh di masa depan; catat SPMT setelah pegawai "
                "mulai bertugas",
                field="tmt",
            )
        pegawai = s.get(Pegawai, usul.pegawai_id)
        if pegawai is None:
            raise DomainError(f"Pegawai dengan id {usul.pegawai_id} tidak ditemukan", field="pegawai_id")
        if pegawai.tmt_jabatan is not None and tmt <= pegawai.tmt_jabatan:
            raise DomainError(
                f"TMT pelaksanaan {format_tanggal(tmt)} harus sesudah TMT jabatan sekarang "
                f"{format_tanggal(pegawai.tmt_jabatan)}",
                field="tmt",
            )
        _ensure_baseline(s, pegawai)
        jenis = JenisMutasi(usul.jenis_mutasi)
        row = RiwayatJabatan(
            pegawai_id=pegawai.id, tmt_jabatan=tmt, nomor_sk=nomor_sk, tanggal_sk=tanggal_sk,
            jenis_mutasi=jenis.value, usul_id=usul.id, keterangan=f"Mutasi: {jenis.label} ({usul.nomor})",
        )  # fmt: skip
        if jenis.arah is ArahMutasi.KELUAR:
            row.instansi_nama = usul.tujuan_instansi_nama
            row.jabatan_nama = usul.tujuan_jabatan_nama
            row.unit_nama = usul.tujuan_unit_nama
        else:
            formasi = s.get(Formasi, usul.tujuan_formasi_id) if usul.tujuan_formasi_id else None
            if formasi is None:
                raise DomainError(
                    f"Usul {usul.nomor} tidak memiliki formasi tujuan", field="tujuan_formasi_id"
                )
            _check_seat_still_free(s, usul, formasi)
            unit = s.get(UnitKerja, formasi.unit_id)
            jabatan = s.get(Jabatan, formasi.jabatan_id)
            assert unit is not None and jabatan is not None
            row.unit_id, row.jabatan_id = unit.id, jabatan.id
            row.unit_nama, row.jabatan_nama = unit.nama, jabatan.nama
            row.jenis_jabatan, row.eselon = jabatan.jenis, jabatan.eselon
            row.instansi_nama = _own_instansi(s)
        s.add(row)
        s.flush()
        recompute_current_post(s, pegawai)
        usul.tmt_pelaksanaan = tmt
        record_transition(s, usul, step.ke, by, catatan=catatan.strip() or f"SPMT, TMT {format_tanggal(tmt)}")
        s.flush()
        return detail_of(s, usul)


def reverse_pelaksanaan(
    db: Database, usul_id: int, *, nomor_sk: str, tanggal_sk: date, alasan: str, by: Actor
) -> UsulDetail:
    """Cancel an applied mutasi with a correcting SK: the original row flagged ``dibatalkan``, a
    reversal row (``membatalkan_id``) citing the correcting SK and naming the post in force again,
    the current post recomputed from the rows still in force. Nothing is deleted."""
    with tracked_session(db, actor=by, write=True) as s:
        usul = get_usul_row(s, usul_id)
        step = transition_for(usul.status, Aksi.KOREKSI)
        require(by, step.izin)
        if not nomor_sk.strip():
            raise DomainError("Nomor SK koreksi/pembatalan wajib diisi", field="nomor_sk")
        if not alasan.strip():
            raise DomainError("Alasan koreksi wajib diisi", field="alasan")
        _nomor, tanggal_asal = _sk_of(s, usul)
        if tanggal_asal is not None and tanggal_sk < tanggal_asal:
            raise DomainError(
                f"Tanggal SK koreksi {format_tanggal(tanggal_sk)} tidak boleh sebelum tanggal SK yang dikoreksi "
                f"{format_tanggal(tanggal_asal)}",
                field="tanggal_sk",
            )
        applied = s.scalars(
            select(RiwayatJabatan).where(
                RiwayatJabatan.usul_id == usul.id,
                RiwayatJabatan.dibatalkan.is_(False),
                RiwayatJabatan.membatalkan_id.is_(None),
            )
        ).all()
        for original in applied:
            original.dibatalkan = True
        s.flush()
        # The reversal row names the post in force again, so the history reads "back to X by SK Y".
        remaining = _active_history(s, usul.pegawai_id)
        back = remaining[0] if remaining else None
        for original in applied:
            s.add(
                RiwayatJabatan(
                    pegawai_id=original.pegawai_id,
                    jabatan_id=back.jabatan_id if back else None,
                    unit_id=back.unit_id if back else None,
                    jabatan_nama=back.jabatan_nama if back else usul.asal_jabatan_nama,
                    unit_nama=back.unit_nama if back else usul.asal_unit_nama,
                    instansi_nama=back.instansi_nama if back else original.instansi_nama,
                    jenis_jabatan=back.jenis_jabatan if back else None,
                    eselon=back.eselon if back else None,
                    tmt_jabatan=tanggal_sk,
                    nomor_sk=nomor_sk.strip(),
                    tanggal_sk=tanggal_sk,
                    jenis_mutasi=original.jenis_mutasi,
                    usul_id=usul.id,
                    membatalkan_id=original.id,
                    keterangan=f"Pembatalan mutasi {usul.nomor}: {alasan.strip()}",
                )
            )
        s.flush()
        pegawai = s.get(Pegawai, usul.pegawai_id)
        assert pegawai is not None
        recompute_current_post(s, pegawai)
        record_transition(
            s,
            usul,
            step.ke,
            by,
            catatan=alasan.strip(),
            nomor_surat=nomor_sk.strip(),
            tanggal_surat=tanggal_sk,
        )
        s.flush()
        return detail_of(s, usul)
