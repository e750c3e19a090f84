"""Demo usul mutasi: every workflow state, two batches, SKs set and a few mutasi applied.

Runs after the demo kabupaten is built, through the real use cases (so the timeline, audit trail,
rule checks and history are what a clerk would see), deterministic per seed. Candidates are chosen
with the eligibility rules themselves: eligible pairs for the normal flow, ineligible ones for
"Tidak Memenuhi Syarat".
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Jabatan, Pegawai, UnitKerja
from mutasi_desktop.domain.eligibility import CandidateFacts, TargetFacts, check_candidate, is_eligible
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi, JenisMutasi
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services import sk_service
from mutasi_desktop.services import usul_service as svc
from mutasi_desktop.services.candidate_facts import (
    load_candidate_facts,
    load_mutasi_context,
    load_rule_settings,
    load_target_facts,
)
from mutasi_desktop.services.usul_apply import mark_sk_ditetapkan, record_pelaksanaan, reverse_pelaksanaan
from mutasi_desktop.services.usul_batch import create_batch
from mutasi_desktop.services.usul_persyaratan import update_persyaratan
from mutasi_desktop.services.usul_service import UsulInput

_ALASAN = (AlasanMutasi.KEBUTUHAN_ORGANISASI, AlasanMutasi.PENYEGARAN, AlasanMutasi.PENGEMBANGAN_KARIER)


@dataclass(frozen=True)
class UsulDemoSummary:
    usul: int
    batch: int
    sk: int
    dilaksanakan: int


@dataclass(frozen=True)
class _Pair:
    pegawai_id: int
    formasi_id: int
    jenis: str
    status: str


def _opd(paths: dict[int, str], unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    parts = [p for p in paths.get(unit_id, "").split("/") if p]
    return parts[0] if parts else None


def _pairs(
    db: Database, rng: random.Random, today: date, tmts: tuple[date, ...], want: int
) -> tuple[list[_Pair], list[_Pair]]:
    """``want`` pairs (pegawai, vacant formasi) eligible at every TMT of ``tmts``, and two
    ineligible ones."""
    with db.session() as s:
        paths = {uid: path for uid, path in s.execute(select(UnitKerja.id, UnitKerja.path))}
        jenis_of = {jid: jenis for jid, jenis in s.execute(select(Jabatan.id, Jabatan.jenis))}
        active_units = set(s.scalars(select(UnitKerja.id).where(UnitKerja.aktif.is_(True))))
        formasi_ids = [f for f, u in s.execute(select(Formasi.id, Formasi.unit_id)) if u in active_units]
        targets = load_target_facts(s, formasi_ids)
        # A sample is plenty (and keeps the 100,000-pegawai demo quick): 3,000 placed pegawai
        # plus some CPNS for the "Tidak Memenuhi Syarat" examples.
        placed = sorted(
            (pid, status)
            for pid, status in s.execute(
                select(Pegawai.id, Pegawai.status_kepegawaian).where(
                    Pegawai.unit_id.is_not(None), Pegawai.kedudukan == "AKTIF"
                )
            )
        )
        cpns = [pid for pid, status in placed if status == "CPNS"]
        others = [pid for pid, status in placed if status != "CPNS"]
        sample = rng.sample(others, min(3000, len(others))) + rng.sample(cpns, min(50, len(cpns)))
        facts = load_candidate_facts(s, sample)
        settings = load_rule_settings(s)
        contexts = [
            load_mutasi_context(s, jenis_mutasi="ANTAR_OPD", alasan="PENYEGARAN", tmt=tmt, today=today)
            for tmt in tmts
        ]
    vacant: list[TargetFacts] = [t for t in targets.values() if t.sisa > 0]
    rng.shuffle(vacant)
    people: list[CandidateFacts] = sorted(facts.values(), key=lambda c: c.pegawai_id)
    rng.shuffle(people)
    seats = {t.formasi_id: t.sisa for t in vacant}
    eligible: list[_Pair] = []
    ineligible: list[_Pair] = []
    used: set[int] = set()
    for cand in people:
        if len(eligible) >= want and len(ineligible) >= 2:
            break
        if cand.pegawai_id in used or cand.unit_id is None or cand.kedudukan != "AKTIF":
            continue
        # A clerk moves people to the same post elsewhere (a guru to another school), or a pelaksana
        # to another pelaksana post; leadership posts go through seleksi terbuka.
        fitting = [t for t in vacant if t.jabatan_id == cand.jabatan_id] + [
            t for t in vacant
            if t.jabatan_id != cand.jabatan_id and t.jenis_jabatan == "PELAKSANA"
            and jenis_of.get(cand.jabatan_id or 0) == "PELAKSANA"
        ]  # fmt: skip
        for target in fitting[:60]:
            if seats[target.formasi_id] <= 0 or (cand.unit_id, cand.jabatan_id) == (
                target.unit_id,
                target.jabatan_id,
            ):
                continue
            same_opd = _opd(paths, cand.unit_id) == _opd(paths, target.unit_id)
            jenis = JenisMutasi.ANTAR_UNIT_OPD if same_opd else JenisMutasi.ANTAR_OPD
            ok = all(is_eligible(check_candidate(cand, target, ctx, settings)) for ctx in contexts)
            if ok and len(eligible) < want:
                eligible.append(
                    _Pair(cand.pegawai_id, target.formasi_id, jenis.value, cand.status_kepegawaian)
                )
            elif not ok and len(ineligible) < 2 and cand.status_kepegawaian == "CPNS":
                ineligible.append(
                    _Pair(cand.pegawai_id, target.formasi_id, jenis.value, cand.status_kepegawaian)
                )
            else:
                continue
            seats[target.formasi_id] -= 1
            used.add(cand.pegawai_id)
            break
    return eligible, ineligible


def _lengkapi(db: Database, usul_id: int) -> None:
    for item in svc.get_usul(db, usul_id, by=SYSTEM).persyaratan:
        update_persyaratan(db, item.id, status="ADA", by=SYSTEM)


def build_usul_demo(db: Database, *, seed: int = 2025, today: date | None = None) -> UsulDemoSummary:
    """Add demo usul to a freshly built demo kabupaten; returns what was made."""
    day = today or date.today()
    rng = random.Random(seed * 7 + 11)
    tmt_next = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    sk_date = day - timedelta(days=30)
    spmt = day - timedelta(days=20)
    eligible, ineligible = _pairs(db, rng, day, (spmt, tmt_next), want=28)
    # Only a PNS may move to another instansi (a PPPK stays within the instansi).
    keluar = next((p for p in reversed(eligible) if p.status == "PNS"), None)
    if len(eligible) < 28 or keluar is None:
        return UsulDemoSummary(usul=0, batch=0, sk=0, dilaksanakan=0)
    pairs = iter([p for p in eligible if p is not keluar])

    def draft(pair: _Pair, *, batch_id: int | None = None, tmt: date = tmt_next, catatan: str = "") -> int:
        data = UsulInput(
            pegawai_id=pair.pegawai_id, jenis_mutasi=pair.jenis, alasan=rng.choice(_ALASAN).value, tmt_rencana=tmt,
            tujuan_formasi_id=pair.formasi_id, batch_id=batch_id, catatan=catatan,
        )  # fmt: skip
        return svc.create_usul(db, data, by=SYSTEM, today=day).id

    def verified(pair: _Pair, **kw: object) -> int:
        usul_id = draft(pair, **kw)  # type: ignore[arg-type]
        svc.ajukan(db, usul_id, by=SYSTEM, today=day)
        _lengkapi(db, usul_id)
        svc.verifikasi(db, usul_id, by=SYSTEM, catatan="Berkas lengkap dan sesuai")
        return usul_id

    made = 0
    # Draf, Diajukan, Berkas Tidak Lengkap, Diverifikasi, Ditolak, Dibatalkan.
    for _ in range(3):
        draft(next(pairs), catatan="Menunggu kelengkapan usul dari OPD")
        made += 1
    for _ in range(3):
        svc.ajukan(db, draft(next(pairs)), by=SYSTEM, today=day)
        made += 1
    for _ in range(2):
        usul_id = draft(next(pairs))
        svc.ajukan(db, usul_id, by=SYSTEM, today=day)
        first = svc.get_usul(db, usul_id, by=SYSTEM).persyaratan[0]
        update_persyaratan(
            db, first.id, status="PERBAIKAN", catatan="Anjab/ABK belum ditandatangani", by=SYSTEM
        )
        svc.berkas_tidak_lengkap(
            db, usul_id, by=SYSTEM, catatan="Anjab/ABK jabatan tujuan belum ditandatangani"
        )
        made += 1
    for _ in range(3):
        verified(next(pairs))
        made += 1
    for _ in range(2):
        svc.tolak(
            db, verified(next(pairs)), by=SYSTEM, catatan="Formasi dialokasikan untuk hasil seleksi terbuka"
        )
        made += 1
    for _ in range(2):
        svc.batalkan(db, draft(next(pairs)), by=SYSTEM, catatan="Pegawai mengundurkan permohonan")
        made += 1
    for pair in ineligible:
        usul_id = draft(pair)
        svc.ajukan(db, usul_id, by=SYSTEM, today=day)
        svc.tidak_memenuhi_syarat(db, usul_id, by=SYSTEM, catatan="Masih berstatus CPNS")
        made += 1

    # Batch 1: approved, SK set a month ago, carried out; one of them later corrected.
    batch1 = create_batch(
        db, judul="Rotasi pelaksana triwulan ini", tanggal=sk_date - timedelta(days=10), by=SYSTEM
    )
    applied = [verified(next(pairs), batch_id=batch1.id, tmt=spmt) for _ in range(5)]
    for usul_id in applied:
        svc.setujui(db, usul_id, by=SYSTEM, today=day)
    sk1 = sk_service.buat_sk(
        db, by=SYSTEM, batch_id=batch1.id, tentang="Mutasi Pegawai Negeri Sipil", tmt=spmt
    )
    sk_service.tetapkan_sk(db, sk1.id, tanggal=sk_date, by=SYSTEM)
    for usul_id in applied:
        record_pelaksanaan(db, usul_id, spmt, by=SYSTEM, today=day)
    reverse_pelaksanaan(
        db, applied[-1], nomor_sk=f"800.1.3.3/{rng.randint(100, 999)}/BKPSDM/{day.year}", tanggal_sk=day - timedelta(days=5),
        alasan="Pegawai yang dimaksud keliru (salah NIP pada usul)", by=SYSTEM,
    )  # fmt: skip
    made += len(applied)

    # Batch 2: approved, waiting for the SK.
    batch2 = create_batch(
        db, judul="Penguatan puskesmas dan sekolah", tanggal=day - timedelta(days=3), by=SYSTEM
    )
    for _ in range(3):
        svc.setujui(db, verified(next(pairs), batch_id=batch2.id), by=SYSTEM, today=day)
        made += 1

    # SK set, SPMT not yet recorded.
    waiting = [verified(next(pairs)) for _ in range(2)]
    for usul_id in waiting:
        svc.setujui(db, usul_id, by=SYSTEM, today=day)
    sk2 = sk_service.buat_sk(
        db, by=SYSTEM, usul_ids=waiting, tentang="Mutasi Pegawai Negeri Sipil", tmt=tmt_next
    )
    sk_service.tetapkan_sk(db, sk2.id, tanggal=day - timedelta(days=2), by=SYSTEM)
    made += len(waiting)

    # A move out to another kabupaten in the province, with the inter-instansi letters.
    usul_id = svc.create_usul(
        db, UsulInput(pegawai_id=keluar.pegawai_id, jenis_mutasi=JenisMutasi.KELUAR_KABKOTA_PROVINSI.value,
                      alasan=AlasanMutasi.KEBUTUHAN_ORGANISASI.value, tmt_rencana=tmt_next,
                      tujuan_instansi_nama="Pemerintah Kabupaten Sukamakmur",
                      tujuan_jabatan_nama="Analis Sumber Daya Manusia Aparatur", tujuan_unit_nama="BKPSDM"),
        by=SYSTEM, today=day,
    ).id  # fmt: skip
    svc.ajukan(db, usul_id, by=SYSTEM, today=day)
    _lengkapi(db, usul_id)
    svc.verifikasi(db, usul_id, by=SYSTEM)
    svc.setujui(db, usul_id, by=SYSTEM, today=day)
    letters = (
        ("PERSETUJUAN_TUJUAN", "800/112/BKPSDM-SKM", 40),
        ("PERSETUJUAN_ASAL", "800.1.3.3/87/BKPSDM", 35),
        ("PERTEK", "PT-III/2026/0412", 15),
    )
    for langkah, nomor, days_ago in letters:
        svc.record_langkah(
            db, usul_id, langkah, nomor=nomor, tanggal=day - timedelta(days=days_ago), by=SYSTEM, today=day
        )
    mark_sk_ditetapkan(
        db, [usul_id], nomor_sk="800.1.3.3/1120/BKD", tanggal_sk=day - timedelta(days=7), by=SYSTEM,
        catatan="Keputusan Gubernur tentang perpindahan PNS antar kabupaten",
    )  # fmt: skip
    made += 1
    return UsulDemoSummary(usul=made, batch=2, sk=2, dilaksanakan=len(applied) - 1)
