"""Table-driven tests of every eligibility rule, with the boundary cases of the regulations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from mutasi_desktop.domain.eligibility import (
    RULES,
    RULES_BY_KODE,
    CandidateFacts,
    HukdisFact,
    MutasiContext,
    RuleSettings,
    SkpFact,
    TargetFacts,
    check_candidate,
    is_eligible,
    results_from_json,
    results_to_json,
    summarize,
)
from mutasi_desktop.domain.errors import DomainError

TODAY = date(2026, 11, 28)
TMT = date(2027, 1, 4)

BASE = CandidateFacts(
    pegawai_id=1, nip="198506152010011001", nama="Contoh", status_kepegawaian="PNS", kedudukan="AKTIF",
    tanggal_lahir=date(1985, 6, 15), golongan_id=32, pendidikan_tingkat="40", unit_id=10, jabatan_id=20,
    tmt_jabatan=date(2023, 1, 4), tmt_cpns=date(2010, 3, 1),
    skp=(SkpFact(2025, "PREDIKAT", None, "BAIK"), SkpFact(2024, "PREDIKAT", None, "SANGAT_BAIK")),
    hukdis=(), open_usul_ids=(),
)  # fmt: skip
TARGET = TargetFacts(
    formasi_id=5, unit_id=11, unit_aktif=True, jabatan_id=21, jabatan_nama="Analis", jenis_jabatan="PELAKSANA",
    jenjang=None, golongan_min_id=31, golongan_max_id=34, pendidikan_min="40", bup=58, kebutuhan=2, terisi=1,
    incoming_pending=0, outgoing_pending=0,
)  # fmt: skip
CTX = MutasiContext(
    jenis_mutasi="ANTAR_OPD", alasan="KEBUTUHAN_ORGANISASI", tmt=TMT, today=TODAY,
    kepala_daerah_status="DEFINITIF", kepala_daerah_tmt_pelantikan=date(2025, 2, 20),
)  # fmt: skip
SETTINGS = RuleSettings()


def run(kode: str, *, c: dict[str, Any] | None = None, t: dict[str, Any] | None = None,
        ctx: dict[str, Any] | None = None, s: dict[str, Any] | None = None, no_target: bool = False) -> tuple[str, str]:
    rule = RULES_BY_KODE[kode]
    target = None if no_target else replace(TARGET, **(t or {}))
    return rule.check(replace(BASE, **(c or {})), target, replace(CTX, **(ctx or {})), replace(SETTINGS, **(s or {})))


def test_baseline_candidate_passes_every_rule() -> None:
    results = check_candidate(BASE, TARGET, CTX, SETTINGS)
    assert [r.kode for r in results] == [r.kode for r in RULES]
    assert {r.hasil for r in results} == {"LULUS"}, [r for r in results if r.hasil != "LULUS"]
    assert is_eligible(results) and summarize(results) == "LULUS"
    assert all(r.alasan and r.dasar_hukum and r.judul for r in results)


@pytest.mark.parametrize(
    ("c", "ctx", "hasil", "fragment"),
    [
        ({"status_kepegawaian": "PNS"}, {}, "LULUS", "PNS"),
        ({"status_kepegawaian": "CPNS"}, {}, "TIDAK_LULUS", "CPNS tidak dapat dimutasi"),
        ({"status_kepegawaian": "PPPK"}, {}, "LULUS", "di dalam instansi"),
        ({"status_kepegawaian": "PPPK"}, {"jenis_mutasi": "KELUAR_KABKOTA_PROVINSI"}, "TIDAK_LULUS", "PPPK tidak"),
        ({"status_kepegawaian": "HONORER"}, {}, "TIDAK_LULUS", "tidak dikenal"),
    ],
)
def test_status(c: dict[str, Any], ctx: dict[str, Any], hasil: str, fragment: str) -> None:
    result = run("STATUS", c=c, ctx=ctx)
    assert result[0] == hasil and fragment in result[1]


@pytest.mark.parametrize(
    ("kedudukan", "hasil", "fragment"),
    [("AKTIF", "LULUS", "aktif"), ("TUGAS_BELAJAR", "TIDAK_LULUS", "tugas belajar"),
     ("CLTN", "TIDAK_LULUS", "CLTN"), ("MPP", "TIDAK_LULUS", "persiapan pensiun"),
     ("Tugas Belajar", "TIDAK_LULUS", "tugas belajar"), ("LAIN", "TIDAK_LULUS", "bukan aktif")],
)
def test_kedudukan(kedudukan: str, hasil: str, fragment: str) -> None:
    result = run("KEDUDUKAN", c={"kedudukan": kedudukan})
    assert result[0] == hasil and fragment in result[1]


@pytest.mark.parametrize(
    ("tmt_jabatan", "settings", "hasil", "fragment"),
    [
        (date(2025, 1, 4), {}, "LULUS", "Sudah 2 tahun"),  # exactly 24 months at the TMT
        (date(2025, 1, 5), {}, "TIDAK_LULUS", "Baru 1 tahun 11 bulan"),  # one day short
        (date(2026, 7, 4), {"min_bulan_di_jabatan": 6}, "LULUS", "Sudah 6 bulan"),  # the 2025 policy
        (date(2026, 7, 5), {"min_bulan_di_jabatan": 6}, "TIDAK_LULUS", "minimal 6 bulan"),
        (date(2022, 1, 4), {}, "LULUS", "Sudah 5 tahun"),  # exactly 60 months: not yet overdue
        (date(2022, 1, 3), {}, "LULUS", "Sudah 5 tahun"),  # 60 months and a day
        (date(2021, 12, 4), {}, "PERINGATAN", "sudah waktunya dirotasi"),  # 61 months
        (None, {}, "PERINGATAN", "belum tercatat"),
    ],
)
def test_masa_jabatan(tmt_jabatan: date | None, settings: dict[str, Any], hasil: str, fragment: str) -> None:
    result = run("MASA_JABATAN", c={"tmt_jabatan": tmt_jabatan}, s=settings)
    assert result[0] == hasil, result[1]
    assert fragment in result[1]


@pytest.mark.parametrize(
    ("skp", "settings", "hasil", "fragment"),
    [
        # Both scales in the same two-year window (2024 old numeric, 2025 predikat).
        ((SkpFact(2025, "PREDIKAT", None, "BAIK"), SkpFact(2024, "ANGKA", 76.0, "")), {}, "LULUS", "Baik (76)"),
        ((SkpFact(2025, "PREDIKAT", None, "BAIK"), SkpFact(2024, "ANGKA", 75.99, "")), {}, "TIDAK_LULUS", "2024: Cukup"),
        ((SkpFact(2025, "PREDIKAT", None, "BUTUH_PERBAIKAN"), SkpFact(2024, "ANGKA", 90.0, "")), {}, "TIDAK_LULUS",
         "2025: Butuh Perbaikan"),
        ((SkpFact(2025, "PREDIKAT", None, "Sangat Baik"), SkpFact(2024, "ANGKA", 91.0, "")), {}, "LULUS", "Sangat Baik"),
        ((SkpFact(2025, "PREDIKAT", None, "BAIK"),), {}, "PERINGATAN", "2024 belum tercatat"),
        ((SkpFact(2025, "PREDIKAT", None, "BAIK"),), {"skp_wajib_tercatat": True}, "TIDAK_LULUS", "2024 belum"),
        ((SkpFact(2025, "PREDIKAT", None, "BAIK"),), {"skp_tahun": 1}, "LULUS", "2025: Baik"),
        ((SkpFact(2025, "PREDIKAT", None, "BAIK"), SkpFact(2024, "ANGKA", 80.0, "")), {"skp_nilai_min_baik": 85},
         "TIDAK_LULUS", "2024: Cukup"),
        ((SkpFact(2025, "PREDIKAT", None, "???"), SkpFact(2024, "ANGKA", 80.0, "")), {}, "TIDAK_LULUS", "tidak dikenal"),
        ((), {"skp_tahun": 0}, "LULUS", "tidak diberlakukan"),
    ],
)
def test_skp(skp: tuple[SkpFact, ...], settings: dict[str, Any], hasil: str, fragment: str) -> None:
    result = run("SKP", c={"skp": skp}, s=settings)
    assert result[0] == hasil, result[1]
    assert fragment in result[1]


@pytest.mark.parametrize(
    ("hukdis", "hasil", "fragment"),
    [
        ((), "LULUS", "Tidak sedang"),
        ((HukdisFact("SEDANG", "DIJALANI", date(2025, 11, 28), date(2026, 11, 27)),), "LULUS", "Tidak sedang"),
        ((HukdisFact("SEDANG", "DIJALANI", date(2025, 11, 28), date(2026, 11, 28)),), "TIDAK_LULUS",
         "sampai 28 November 2026"),  # ends today: still being served
        ((HukdisFact("BERAT", "DIJALANI", date(2026, 1, 1), None),), "TIDAK_LULUS", "tingkat berat"),
        ((HukdisFact("RINGAN", "PROSES", None, None),), "TIDAK_LULUS", "proses pemeriksaan"),
        ((HukdisFact("RINGAN", "SELESAI", date(2020, 1, 1), date(2027, 1, 1)),), "LULUS", "Tidak sedang"),
    ],
)
def test_hukdis_ending_yesterday_or_today(hukdis: tuple[HukdisFact, ...], hasil: str, fragment: str) -> None:
    result = run("HUKDIS", c={"hukdis": hukdis})
    assert result[0] == hasil and fragment in result[1]


@pytest.mark.parametrize(
    ("lahir", "tmt", "settings", "hasil", "fragment"),
    [
        # BUP 58: born 15 Jan 1969 -> reaches 58 on 15 Jan 2027, TMT pensiun 1 Feb 2027.
        (date(1969, 1, 15), date(2027, 1, 31), {}, "PERINGATAN", "Pensiun dalam 12 bulan"),  # in the BUP month
        (date(1969, 1, 15), date(2027, 2, 1), {}, "TIDAK_LULUS", "Sudah mencapai batas usia pensiun"),
        (date(1970, 2, 15), date(2027, 1, 4), {}, "LULUS", "TMT pensiun 1 Maret 2028"),
        (date(1970, 2, 15), date(2027, 1, 4), {"peringatan_bup_bulan": 14}, "PERINGATAN", "14 bulan"),
        # Margin 5 years: usia at TMT must be <= 53.
        (date(1973, 1, 4), date(2027, 1, 4), {"margin_bup_tahun": 5}, "TIDAK_LULUS", "Usia 54 tahun"),
        (date(1973, 1, 5), date(2027, 1, 4), {"margin_bup_tahun": 5}, "LULUS", "Usia memenuhi"),
    ],
)
def test_usia_bup(lahir: date, tmt: date, settings: dict[str, Any], hasil: str, fragment: str) -> None:
    result = run("USIA_BUP", c={"tanggal_lahir": lahir}, ctx={"tmt": tmt}, s=settings)
    assert result[0] == hasil, result[1]
    assert fragment in result[1]


def test_rules_needing_a_target_do_not_apply_to_mutasi_keluar() -> None:
    for kode in ("USIA_BUP", "FORMASI", "UNIT_TUJUAN", "GOLONGAN", "PENDIDIKAN"):
        assert run(kode, no_target=True) == ("LULUS", "Tidak diperiksa: tujuan mutasi berada di luar instansi ini.")


@pytest.mark.parametrize(
    ("tmt_cpns", "jenis", "alasan", "tmt", "hasil", "fragment"),
    [
        (date(2018, 3, 1), "KELUAR_KABKOTA_PROVINSI", "PERMINTAAN_SENDIRI", date(2028, 2, 29), "TIDAK_LULUS",
         "sampai 1 Maret 2028"),
        (date(2018, 3, 1), "KELUAR_KABKOTA_PROVINSI", "PERMINTAAN_SENDIRI", date(2028, 3, 1), "LULUS", "sudah lewat"),
        (date(2017, 12, 1), "KELUAR_ANTAR_PROVINSI", "PERMINTAAN_SENDIRI", TMT, "LULUS", "sebelum 2018"),
        (date(2020, 3, 1), "KELUAR_ANTAR_PROVINSI", "IKUT_PASANGAN", TMT, "TIDAK_LULUS", "10 tahun"),
        (date(2020, 3, 1), "KELUAR_ANTAR_PROVINSI", "KEBUTUHAN_ORGANISASI", TMT, "LULUS", "Tidak berlaku"),
        (date(2020, 3, 1), "ANTAR_OPD", "PERMINTAAN_SENDIRI", TMT, "LULUS", "Tidak berlaku"),
        (None, "KE_INSTANSI_PUSAT", "PERMINTAAN_SENDIRI", TMT, "PERINGATAN", "TMT CPNS belum tercatat"),
    ],
)
def test_pernyataan_10_tahun(tmt_cpns: date | None, jenis: str, alasan: str, tmt: date, hasil: str,
                             fragment: str) -> None:
    result = run("PERNYATAAN_10_TAHUN", c={"tmt_cpns": tmt_cpns},
                 ctx={"jenis_mutasi": jenis, "alasan": alasan, "tmt": tmt})
    assert result[0] == hasil, result[1]
    assert fragment in result[1]


@pytest.mark.parametrize(
    ("t", "c", "hasil", "fragment"),
    [
        ({"kebutuhan": 2, "terisi": 1}, {}, "LULUS", "Tersedia 1 lowongan"),
        ({"kebutuhan": 1, "terisi": 1}, {}, "TIDAK_LULUS", "tidak memiliki lowongan"),
        ({"kebutuhan": 2, "terisi": 1, "incoming_pending": 1}, {}, "TIDAK_LULUS", "usul masuk 1"),
        ({"kebutuhan": 1, "terisi": 1, "outgoing_pending": 1}, {}, "LULUS", "Tersedia 1"),  # chain: holder leaves
        ({"kebutuhan": 2, "terisi": 1, "incoming_diproses": 1}, {}, "PERINGATAN", "sedang diproses"),
        ({}, {"unit_id": 11, "jabatan_id": 21}, "TIDAK_LULUS", "sudah menduduki"),
    ],
)
def test_formasi(t: dict[str, Any], c: dict[str, Any], hasil: str, fragment: str) -> None:
    result = run("FORMASI", t=t, c=c)
    assert result[0] == hasil and fragment in result[1]


def test_unit_tujuan_closed() -> None:
    assert run("UNIT_TUJUAN", t={"unit_aktif": False, "unit_nama": "UPT Lama"})[0] == "TIDAK_LULUS"
    assert "UPT Lama" in run("UNIT_TUJUAN", t={"unit_aktif": False, "unit_nama": "UPT Lama"})[1]


@pytest.mark.parametrize(
    ("gol", "t", "hasil", "fragment"),
    [
        (31, {}, "LULUS", "III/a"),  # exactly the minimum
        (34, {}, "LULUS", "III/d"),  # exactly the maximum
        (24, {}, "TIDAK_LULUS", "di bawah syarat minimal III/a"),
        (41, {}, "TIDAK_LULUS", "di atas batas III/d"),
        (None, {}, "PERINGATAN", "belum tercatat"),
        (32, {"golongan_min_id": None, "golongan_max_id": None}, "LULUS", "tidak mensyaratkan"),
        (109, {}, "PERINGATAN", "tidak dapat dibandingkan"),  # a PPPK golongan against PNS limits
    ],
)
def test_golongan(gol: int | None, t: dict[str, Any], hasil: str, fragment: str) -> None:
    result = run("GOLONGAN", c={"golongan_id": gol}, t=t)
    assert result[0] == hasil, result[1]
    assert fragment in result[1]


@pytest.mark.parametrize(
    ("own", "minimum", "hasil"),
    [("40", "40", "LULUS"), ("35", "40", "LULUS"), ("30", "40", "TIDAK_LULUS"), ("45", "40", "LULUS"),
     (None, "40", "PERINGATAN"), ("40", None, "LULUS")],
)
def test_pendidikan(own: str | None, minimum: str | None, hasil: str) -> None:
    assert run("PENDIDIKAN", c={"pendidikan_tingkat": own}, t={"pendidikan_min": minimum})[0] == hasil


def test_usul_lain_ignores_the_usul_being_checked() -> None:
    assert run("USUL_LAIN", c={"open_usul_ids": (7,)}, ctx={"usul_id": 7})[0] == "LULUS"
    result = run("USUL_LAIN", c={"open_usul_ids": (7, 9)}, ctx={"usul_id": 7})
    assert result[0] == "TIDAK_LULUS" and "9" in result[1]


@pytest.mark.parametrize(
    ("status", "pelantikan", "hasil"),
    [
        ("DEFINITIF", date(2026, 5, 28), "LULUS"),  # exactly 6 months before today
        ("DEFINITIF", date(2026, 5, 29), "PERINGATAN"),  # one day short of 6 months
        ("PJ", date(2020, 1, 1), "PERINGATAN"),
        ("PLT", None, "PERINGATAN"),
        ("DEFINITIF", None, "LULUS"),
    ],
)
def test_persetujuan_mendagri(status: str, pelantikan: date | None, hasil: str) -> None:
    result = run("PERSETUJUAN_MENDAGRI", ctx={"kepala_daerah_status": status, "kepala_daerah_tmt_pelantikan": pelantikan})
    assert result[0] == hasil, result[1]
    if hasil == "PERINGATAN":
        assert "Menteri Dalam Negeri" in result[1]


def test_warnings_do_not_block_but_failures_do() -> None:
    warned = check_candidate(replace(BASE, tmt_jabatan=None), TARGET, CTX, SETTINGS)
    assert is_eligible(warned) and summarize(warned) == "PERINGATAN"
    failed = check_candidate(replace(BASE, status_kepegawaian="CPNS"), TARGET, CTX, SETTINGS)
    assert not is_eligible(failed) and summarize(failed) == "TIDAK_LULUS"


def test_results_survive_json_round_trip() -> None:
    results = check_candidate(replace(BASE, kedudukan="CLTN"), TARGET, CTX, SETTINGS)
    assert results_from_json(results_to_json(results)) == results
    assert results_from_json([{"kode": "X", "hasil": "???"}, "rubbish"]) == []


def test_settings_from_stored_dict() -> None:
    assert RuleSettings.from_dict({"min_bulan_di_jabatan": "6", "unknown": 1}).min_bulan_di_jabatan == 6
    assert RuleSettings.from_dict(None) == RuleSettings()
    with pytest.raises(DomainError, match="min_bulan_di_jabatan"):
        RuleSettings.from_dict({"min_bulan_di_jabatan": "enam"})
    with pytest.raises(DomainError, match="batas rotasi"):
        RuleSettings.from_dict({"min_bulan_di_jabatan": 70})
    with pytest.raises(DomainError, match="SKP minimal Baik"):
        RuleSettings.from_dict({"skp_nilai_min_baik": 50})


def test_every_rule_has_an_indonesian_title_and_a_regulation() -> None:
    assert len({r.kode for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.judul and rule.dasar_hukum
