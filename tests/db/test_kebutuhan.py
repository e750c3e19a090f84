"""Analisis kebutuhan on the demo kabupaten, checked against direct counts."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select, update

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Pegawai, UsulMutasi
from mutasi_desktop.domain.dates import add_months
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor
from mutasi_desktop.domain.usul_states import APPROVED_STATES
from mutasi_desktop.services.kebutuhan_service import (
    KEDUDUKAN_TIDAK_MENJABAT,
    analisis_kebutuhan,
    lowongan_formasi,
)
from mutasi_desktop.services.usul_service import UsulInput, create_usul

PADA = date(2026, 11, 28)


def _direct(db: Database) -> tuple[Counter[tuple[int, int]], dict[tuple[int, int], int], list[Pegawai]]:
    with db.session() as s:
        pegawai = list(s.scalars(select(Pegawai).where(Pegawai.kedudukan.not_in(KEDUDUKAN_TIDAK_MENJABAT))))
        formasi = {(f.unit_id, f.jabatan_id): f.kebutuhan for f in s.scalars(select(Formasi))}
    counts = Counter((p.unit_id, p.jabatan_id) for p in pegawai if p.unit_id and p.jabatan_id)
    return counts, formasi, pegawai


def test_figures_match_direct_counts(demo_db: Database, system_actor: Actor) -> None:
    hasil = analisis_kebutuhan(demo_db, system_actor, horizon_bulan=24, pada=PADA)
    counts, formasi, pegawai = _direct(demo_db)
    sampai = add_months(PADA, 24)
    post = {p.id: (p.unit_id, p.jabatan_id) for p in pegawai}
    with demo_db.session() as s:
        approved = s.execute(
            select(UsulMutasi.pegawai_id, Formasi.unit_id, Formasi.jabatan_id)
            .join(Formasi, Formasi.id == UsulMutasi.tujuan_formasi_id, isouter=True)
            .where(UsulMutasi.status.in_([st.value for st in APPROVED_STATES]))
        ).all()
    leaving = Counter(post[pid] for pid, _u, _j in approved if pid in post)
    arriving = Counter((u, j) for _pid, u, j in approved if u is not None)
    moved = {pid for pid, _u, _j in approved}
    retiring = Counter(
        (p.unit_id, p.jabatan_id) for p in pegawai
        if p.unit_id and p.jabatan_id and p.id not in moved
        and p.tanggal_pensiun is not None and p.tanggal_pensiun <= sampai
    )  # fmt: skip
    assert {(b.unit_id, b.jabatan_id) for b in hasil.baris} == set(counts) | set(formasi)
    for b in hasil.baris:
        key = (b.unit_id, b.jabatan_id)
        assert b.bezetting == counts.get(key, 0)
        assert b.kebutuhan == formasi.get(key, 0)
        assert b.selisih == b.kebutuhan - b.bezetting
        assert b.pensiun == retiring.get(key, 0)
        assert b.keluar == leaving.get(key, 0)
        assert b.masuk == arriving.get(key, 0)
        assert b.proyeksi_bezetting == b.bezetting - b.pensiun - b.keluar + b.masuk
    assert hasil.total.bezetting == sum(counts.values())
    assert hasil.total.kebutuhan == sum(formasi.values())
    assert sum(r.bezetting for r in hasil.per_opd) == hasil.total.bezetting
    assert sum(r.lowongan for r in hasil.per_jenis) == hasil.total.lowongan
    assert hasil.total.pensiun == sum(retiring.values()) > 0
    assert all(b.lowongan > 0 for b in lowongan_formasi(hasil))


def test_longer_horizon_never_has_fewer_retirements(demo_db: Database, system_actor: Actor) -> None:
    now = analisis_kebutuhan(demo_db, system_actor, horizon_bulan=0, pada=PADA)  # usul already counted
    later = analisis_kebutuhan(demo_db, system_actor, horizon_bulan=60, pada=PADA)
    assert now.total.bezetting == later.total.bezetting
    assert later.total.pensiun >= now.total.pensiun
    assert later.total.lowongan_proyeksi >= now.total.lowongan_proyeksi


def test_approved_usul_moves_one_seat(demo_db: Database, system_actor: Actor) -> None:
    before = analisis_kebutuhan(demo_db, system_actor, horizon_bulan=0, pada=PADA)
    target = lowongan_formasi(before)[0]
    with demo_db.session() as s:
        pegawai = s.scalars(
            select(Pegawai).where(Pegawai.kedudukan == "AKTIF", Pegawai.unit_id != target.unit_id)
            .order_by(Pegawai.id).limit(1)
        ).one()  # fmt: skip
        source = (pegawai.unit_id, pegawai.jabatan_id)
    usul = create_usul(demo_db, UsulInput(pegawai_id=pegawai.id, jenis_mutasi="ANTAR_OPD", alasan="KEBUTUHAN_ORGANISASI",
                                          tujuan_formasi_id=target.formasi_id), by=system_actor)  # fmt: skip
    base = {(b.unit_id, b.jabatan_id): b for b in before.baris}
    # A draft does not count; an approved one does.
    same = analisis_kebutuhan(demo_db, system_actor, horizon_bulan=0, pada=PADA)
    assert (same.total.masuk, same.total.keluar) == (before.total.masuk, before.total.keluar)
    with demo_db.session() as s:
        s.execute(update(UsulMutasi).where(UsulMutasi.id == usul.id).values(status="DISETUJUI"))
    after = analisis_kebutuhan(demo_db, system_actor, horizon_bulan=0, pada=PADA)
    rows = {(b.unit_id, b.jabatan_id): b for b in after.baris}
    key = (target.unit_id, target.jabatan_id)
    assert rows[key].masuk == base[key].masuk + 1
    assert rows[key].proyeksi_selisih == base[key].proyeksi_selisih - 1
    assert rows[source].keluar == base[source].keluar + 1
    assert pegawai.nip in [k.nip for k in rows[source].keluar_rinci if k.sebab == "MUTASI"]


def test_filter_by_opd(demo_db: Database, system_actor: Actor) -> None:
    semua = analisis_kebutuhan(demo_db, system_actor, pada=PADA)
    opd = semua.per_opd[0]
    satu = analisis_kebutuhan(demo_db, system_actor, pada=PADA, opd_id=int(opd.kunci))
    assert {b.opd_id for b in satu.baris} == {int(opd.kunci)}
    assert satu.total.kebutuhan == opd.kebutuhan


@pytest.mark.parametrize("horizon", [-1, 121])
def test_bad_horizon_is_refused(demo_db: Database, system_actor: Actor, horizon: int) -> None:
    with pytest.raises(DomainError, match="Horizon proyeksi harus antara 0 dan 120 bulan"):
        analisis_kebutuhan(demo_db, system_actor, horizon_bulan=horizon)


def test_export_to_excel_and_pdf(demo_db: Database, system_actor: Actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from mutasi_desktop.services.kebutuhan_service import ekspor_kebutuhan

    hasil = analisis_kebutuhan(demo_db, system_actor, horizon_bulan=12, pada=PADA)
    xlsx = ekspor_kebutuhan(demo_db, system_actor, hasil, tmp_path / "kebutuhan.xlsx")
    wb = load_workbook(xlsx, read_only=True)
    assert wb.sheetnames == ["Rekap per OPD", "Rekap per jenis jabatan", "Rincian lowongan"]
    values = [c for row in wb["Rekap per OPD"].iter_rows(values_only=True) for c in row]
    assert "Analisis Kebutuhan Pegawai" in values and hasil.total.kebutuhan in values
    pdf = ekspor_kebutuhan(demo_db, system_actor, hasil, tmp_path / "kebutuhan.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "ANALISIS KEBUTUHAN PEGAWAI" in text and "Rekap per jenis jabatan" in text
    with pytest.raises(DomainError, match="tidak didukung"):
        ekspor_kebutuhan(demo_db, system_actor, hasil, tmp_path / "kebutuhan.csv")


def test_cli_kebutuhan_json(demo_db_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from mutasi_desktop.cli.main import main

    assert main(["kebutuhan", "--horizon-bulan", "6", "--json", "--db", str(demo_db_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["horizon_bulan"] == 6
    assert out["total"]["lowongan"] == sum(r["lowongan"] for r in out["per_opd"])
    assert all(f["selisih"] > 0 or f["proyeksi_selisih"] > 0 for f in out["formasi"])
    assert main(["kebutuhan", "--horizon-bulan", "200", "--db", str(demo_db_path)]) == 2
    assert "Horizon proyeksi" in capsys.readouterr().err
