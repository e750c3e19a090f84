"""``mutasi self-test`` run in-process: every step passes on a working installation, a failing
step stops the run with a non-zero exit naming it, and the user's environment is left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mutasi_desktop.cli.main import main
from mutasi_desktop.services import self_test
from mutasi_desktop.services.self_test import SelfTestContext, SelfTestFailure, SelfTestStep, run_self_test

EXPECTED_STEPS = [
    "Berkas aplikasi (referensi, huruf, skrip migrasi)",
    "Basis data sementara dan migrasi",
    "Pembaruan basis data versi lama (dengan cadangan)",
    "Data contoh",
    "Peringkat dan penempatan kandidat",
    "Cetak SK (PDF)",
    "Tulis dan baca Excel (xlsx)",
    "Cadangan terenkripsi dan pemulihan",
]


def test_every_step_passes_in_a_temporary_home() -> None:
    home_before = os.environ.get("MUTASI_HOME")
    seen: dict[str, Path] = {}

    def spy(ctx: SelfTestContext) -> str:
        seen["workdir"], seen["home"] = ctx.workdir, Path(os.environ["MUTASI_HOME"])
        seen.update(ctx.files)
        return "ok"

    report = run_self_test(pegawai=200, seed=1, extra_steps=[SelfTestStep("mata-mata", spy)])

    assert report.ok, report.failed
    assert [step.name for step in report.steps] == [*EXPECTED_STEPS, "mata-mata"]
    assert all(step.ok and step.detail and step.seconds >= 0 for step in report.steps)
    by_name = {step.name: step.detail for step in report.steps}
    assert by_name["Data contoh"].startswith("200 pegawai")
    assert "200 baris" in by_name["Tulis dan baca Excel (xlsx)"]
    assert "200 pegawai" in by_name["Cadangan terenkripsi dan pemulihan"]
    # Everything happened in a throwaway MUTASI_HOME that is gone afterwards.
    assert seen["home"] == seen["workdir"]
    assert seen["sk"].suffix == ".pdf" and seen["xlsx"].suffix == ".xlsx"
    assert not seen["workdir"].exists()
    assert os.environ.get("MUTASI_HOME") == home_before


def test_a_failing_step_stops_the_run_and_says_why() -> None:
    def broken(ctx: SelfTestContext) -> str:
        raise SelfTestFailure("sengaja gagal")

    after: list[str] = []
    report = run_self_test(
        pegawai=20,
        extra_steps=[SelfTestStep("rusak", broken), SelfTestStep("sesudahnya", lambda ctx: after.append("x") or "")],
    )
    assert not report.ok
    assert report.failed is not None and report.failed.name == "rusak"
    assert report.failed.error == "sengaja gagal"
    assert [step.name for step in report.steps][-1] == "rusak"
    assert after == []


def test_an_unexpected_error_is_reported_with_its_type() -> None:
    def crash(ctx: SelfTestContext) -> str:
        raise KeyError("kolom")

    report = run_self_test(pegawai=20, extra_steps=[SelfTestStep("meledak", crash)])
    assert report.failed is not None and report.failed.name == "meledak"
    assert "KeyError" in report.failed.error


def test_cli_prints_each_step_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["self-test", "--tanpa-gui", "--pegawai", "20"])
    out = capsys.readouterr().out
    assert code == 0, out
    for name in EXPECTED_STEPS:
        assert f"✓ {name}" in out
    assert f"Semua {len(EXPECTED_STEPS)} langkah berhasil" in out


def test_cli_exits_non_zero_naming_the_failing_step(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_fonts(ctx: SelfTestContext) -> str:
        raise SelfTestFailure("berkas huruf tidak ditemukan")

    steps = self_test.default_steps()
    steps[5] = SelfTestStep(steps[5].name, no_fonts)
    monkeypatch.setattr(self_test, "default_steps", lambda: steps)

    code = main(["self-test", "--tanpa-gui", "--pegawai", "20"])
    captured = capsys.readouterr()
    assert code != 0
    assert "✗ Cetak SK (PDF)" in captured.out and "GAGAL: berkas huruf tidak ditemukan" in captured.out
    assert "Tulis dan baca Excel" not in captured.out
    assert "Cetak SK (PDF)" in captured.err


def test_cli_opens_the_main_window_offscreen(qapp: object, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["self-test", "--pegawai", "20"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "✓ Jendela utama (semua halaman)" in out
    assert "halaman dibuka" in out
