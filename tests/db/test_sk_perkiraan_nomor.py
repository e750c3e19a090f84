"""The number shown before setting an SK is the one it gets, and showing it takes none."""

from __future__ import annotations

from datetime import date

from sk_world import make_approved_usul

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services import sk_service


def test_estimate_matches_the_number_taken_and_takes_none(demo_db: Database) -> None:
    first = sk_service.buat_sk(demo_db, by=SYSTEM, usul_ids=make_approved_usul(demo_db, 1, prefix="PA"))
    second = sk_service.buat_sk(demo_db, by=SYSTEM, usul_ids=make_approved_usul(demo_db, 1, prefix="PB"))
    day = date(2025, 1, 7)  # before the TMT make_approved_usul plans
    estimate = sk_service.perkiraan_nomor(demo_db, first.id, tanggal=day, by=SYSTEM)
    assert sk_service.perkiraan_nomor(demo_db, second.id, tanggal=day, by=SYSTEM) == estimate  # nothing taken
    assert sk_service.tetapkan_sk(demo_db, first.id, tanggal=day, by=SYSTEM).nomor == estimate
    # Once the first took it, the second draft is told the following number, and gets it.
    following = sk_service.perkiraan_nomor(demo_db, second.id, tanggal=day, by=SYSTEM)
    assert following != estimate
    assert sk_service.tetapkan_sk(demo_db, second.id, tanggal=day, by=SYSTEM).nomor == following


def test_estimate_for_a_year_without_numbers_starts_at_one(demo_db: Database) -> None:
    draft = sk_service.buat_sk(demo_db, by=SYSTEM, usul_ids=make_approved_usul(demo_db, 1, prefix="PC"))
    nomor = sk_service.perkiraan_nomor(demo_db, draft.id, tanggal=date(2031, 1, 5), by=SYSTEM)
    assert nomor.endswith("2031") and ".1/" in nomor, nomor
