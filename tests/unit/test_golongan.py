"""Golongan / pangkat table, parsing and comparison (reference §2.1, §2.2); resource lookup."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutasi_desktop import resource_files
from mutasi_desktop.domain import golongan as golongan_module
from mutasi_desktop.domain.errors import GolonganError, PendidikanError
from mutasi_desktop.domain.golongan import (
    Golongan,
    all_golongan,
    compare_golongan,
    format_pangkat_golongan,
    golongan_awal_pns,
    golongan_awal_pppk,
    golongan_by_id,
    golongan_by_kode,
    parse_golongan,
)
from mutasi_desktop.resource_files import ResourceError, resources_dir

PNS_TABLE = [
    (11, "I/a", "Juru Muda"),
    (12, "I/b", "Juru Muda Tingkat I"),
    (13, "I/c", "Juru"),
    (14, "I/d", "Juru Tingkat I"),
    (21, "II/a", "Pengatur Muda"),
    (22, "II/b", "Pengatur Muda Tingkat I"),
    (23, "II/c", "Pengatur"),
    (24, "II/d", "Pengatur Tingkat I"),
    (31, "III/a", "Penata Muda"),
    (32, "III/b", "Penata Muda Tingkat I"),
    (33, "III/c", "Penata"),
    (34, "III/d", "Penata Tingkat I"),
    (41, "IV/a", "Pembina"),
    (42, "IV/b", "Pembina Tingkat I"),
    (43, "IV/c", "Pembina Utama Muda"),
    (44, "IV/d", "Pembina Utama Madya"),
    (45, "IV/e", "Pembina Utama"),
]
PPPK_KODES = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]


def test_table_shape() -> None:
    table = all_golongan()
    assert len(table) == 34
    assert [g.jenis for g in table] == ["PNS"] * 17 + ["PPPK"] * 17
    assert len({g.id for g in table}) == 34
    assert [g.rank for g in table if g.jenis == "PNS"] == list(range(1, 18))
    assert [g.rank for g in table if g.jenis == "PPPK"] == list(range(1, 18))
    assert all_golongan() is table  # cached


@pytest.mark.parametrize(("id_", "kode", "pangkat"), PNS_TABLE)
def test_pns_golongan(id_: int, kode: str, pangkat: str) -> None:
    g = golongan_by_id(id_)
    assert (g.kode, g.pangkat, g.jenis) == (kode, pangkat, "PNS")
    assert golongan_by_kode(kode) is g
    assert parse_golongan(id_) is g
    assert parse_golongan(str(id_)) is g
    assert parse_golongan(kode) is g
    assert parse_golongan(pangkat) is g
    assert parse_golongan(format_pangkat_golongan(g)) is g
    assert format_pangkat_golongan(g) == f"{pangkat} ({kode})"


@pytest.mark.parametrize(("rank", "kode"), list(enumerate(PPPK_KODES, start=1)))
def test_pppk_golongan(rank: int, kode: str) -> None:
    g = golongan_by_id(100 + rank)
    assert (g.kode, g.pangkat, g.jenis, g.rank) == (kode, None, "PPPK", rank)
    assert golongan_by_kode(kode) is g
    assert golongan_by_kode(kode.lower()) is g
    for text in (kode, f"PPPK {kode}", f"Golongan {kode}", f"pppk golongan {kode.lower()}", f"PPPK {rank}"):
        assert parse_golongan(text) is g
    assert format_pangkat_golongan(g) == kode


@pytest.mark.parametrize(
    "text",
    [
        "III/b", "III.b", "IIIb", "III-b", "iii/b", "III / b", "III/B", " III/b ",
        "32", 32, 32.0, "Gol. III/b", "Golongan III/b", "Golongan Ruang III/b", "GOL III/B",
        "Penata Muda Tingkat I", "Penata Muda Tk. I", "Penata Muda Tk.I", "Penata Muda Tk I",
        "Penata Muda Tkt. I", "PENATA MUDA TINGKAT I", "penata  muda tingkat i", "Penata Muda Tingkat 1",
        "Penata Muda Tingkat I (III/b)", "Penata Muda Tk. I (III/b)", "Penata Muda Tingkat I / III.b",
        "Penata Muda Tingkat I/III-b", "Penata Muda Tingkat I, III/b", "Penata Muda Tingkat I - III/b",
        "Penata Muda Tingkat I III/b", "III/b - Penata Muda Tingkat I", "III/b Penata Muda Tingkat I",
        "III/b (Penata Muda Tingkat I)", "(III/b)",
    ],
)  # fmt: skip
def test_parse_golongan_forms(text: object) -> None:
    assert parse_golongan(text) == golongan_by_id(32)


@pytest.mark.parametrize(
    ("text", "kode"),
    [
        ("IV/e", "IV/e"), ("Pembina Utama", "IV/e"), ("Pembina Utama Muda", "IV/c"),
        ("Pembina Utama Madya (IV/d)", "IV/d"), ("Juru Muda", "I/a"), ("Juru Muda Tk.I", "I/b"),
        ("I/a", "I/a"), ("IIa", "II/a"), ("IV", "IV"), ("IX", "IX"), ("Golongan IX", "IX"),
        ("PPPK IX", "IX"), ("PPPK XVII", "XVII"), ("109", "IX"), (117, "XVII"),
    ],
)  # fmt: skip
def test_parse_golongan_other(text: object, kode: str) -> None:
    assert parse_golongan(text).kode == kode


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("X/a", "Golongan 'X/a' tidak dikenal"),
        ("I/e", "Golongan 'I/e' tidak dikenal"),
        ("IIIf", "tidak dikenal"),
        ("V/a", "tidak dikenal"),
        ("XVIII", "tidak dikenal"),
        ("PPPK 18", "tidak dikenal"),
        ("Golongan 3", "tidak dikenal"),
        ("Gol. 9", "tidak dikenal"),
        ("Penata Muda Tingkat II", "tidak dikenal"),
        ("Penata Muda (foo)", "tidak dikenal"),
        ("Kepala Dinas", "tidak dikenal"),
        ("0", "tidak dikenal"),
        (46, "Golongan '46' tidak dikenal"),
        (100, "tidak dikenal"),
        (32.5, "tidak dikenal"),
        (True, "tidak dikenal"),
        ("", "wajib diisi"),
        ("  ", "wajib diisi"),
        (None, "wajib diisi"),
        ("Penata (III/b)", "tidak sesuai"),
        ("III/b (Penata)", "tidak sesuai"),
        ("Pembina / III/b", "tidak sesuai"),
    ],
)
def test_parse_golongan_invalid(value: object, fragment: str) -> None:
    with pytest.raises(GolonganError) as excinfo:
        parse_golongan(value)
    assert fragment in excinfo.value.message
    assert excinfo.value.field == "golongan"


def test_mismatch_message_names_the_right_pair() -> None:
    with pytest.raises(GolonganError, match=r"Penata \(III/c\), bukan III/b"):
        parse_golongan("Penata (III/b)")


def test_parse_golongan_passes_golongan_through() -> None:
    g = golongan_by_id(41)
    assert parse_golongan(g) is g


@pytest.mark.parametrize(
    ("bad", "call"), [(99, golongan_by_id), ("III/z", golongan_by_kode), ("", golongan_by_kode)]
)
def test_lookup_errors(bad: Any, call: Callable[[Any], Golongan]) -> None:
    with pytest.raises(GolonganError, match="tidak dikenal"):
        call(bad)


def test_golongan_by_kode_filters_jenis() -> None:
    assert golongan_by_kode("IV", "PPPK").jenis == "PPPK"
    with pytest.raises(GolonganError):
        golongan_by_kode("IV", "PNS")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("III/b", "III/a", 1),
        ("III/a", "III/b", -1),
        ("III/b", "Penata Muda Tk. I", 0),
        ("II/d", "III/a", -1),
        ("IV/e", "I/a", 1),
        ("IX", "X", -1),
        ("XVII", "I", 1),
        ("PPPK IX", "IX", 0),
    ],
)
def test_compare_golongan(a: str, b: str, expected: int) -> None:
    assert compare_golongan(parse_golongan(a), parse_golongan(b)) == expected


def test_compare_golongan_across_jenis_is_an_error() -> None:
    with pytest.raises(GolonganError, match="tidak dapat dibandingkan"):
        compare_golongan(parse_golongan("III/a"), parse_golongan("IX"))


@pytest.mark.parametrize(
    ("kode_pendidikan", "pns", "pppk"),
    [
        ("05", "I/a", "I"),
        ("10", "I/c", "IV"),
        ("12", "I/c", "IV"),
        ("15", "II/a", "V"),
        ("17", "II/a", "V"),
        ("18", "II/a", "V"),
        ("20", "II/a", "V"),
        ("25", "II/b", "VI"),
        ("30", "II/c", "VII"),
        ("35", "III/a", "IX"),
        ("40", "III/a", "IX"),
        (40, "III/a", "IX"),
        ("45", "III/b", "X"),
        ("50", "III/c", "XI"),
    ],
)
def test_golongan_awal(kode_pendidikan: str | int, pns: str, pppk: str) -> None:
    assert golongan_awal_pns(kode_pendidikan) == golongan_by_kode(pns, "PNS")
    assert golongan_awal_pppk(kode_pendidikan) == golongan_by_kode(pppk, "PPPK")


@pytest.mark.parametrize("kode_pendidikan", ["42", "47", "49"])
def test_golongan_awal_unset_for_uncertain_levels(kode_pendidikan: str) -> None:
    with pytest.raises(GolonganError, match="belum diatur"):
        golongan_awal_pns(kode_pendidikan)
    with pytest.raises(GolonganError, match="belum diatur"):
        golongan_awal_pppk(kode_pendidikan)


def test_golongan_awal_unknown_education() -> None:
    with pytest.raises(PendidikanError):
        golongan_awal_pns("99")


GOLONGAN = st.sampled_from(all_golongan())


@given(GOLONGAN, st.sampled_from(["/", ".", "-", "", " / "]), st.booleans(), st.booleans())
def test_parse_any_written_form(g: Golongan, sep: str, upper: bool, with_prefix: bool) -> None:
    if g.jenis == "PNS":
        roman, letter = g.kode.split("/")
        text = f"{roman}{sep}{letter}"
    else:
        text = g.kode
    text = text.upper() if upper else text.lower()
    if with_prefix:
        text = f"Golongan {text}"
    assert parse_golongan(text) == g
    assert parse_golongan(g.id) == g
    assert parse_golongan(format_pangkat_golongan(g)) == g


# --- resource_files -------------------------------------------------------------------------


def test_resources_dir_default_is_repository_resources() -> None:
    path = resources_dir()
    assert path == Path(resource_files.__file__).resolve().parent.parent / "resources"
    assert (path / "reference" / "golongan.json").is_file()


def test_resources_dir_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MUTASI_RESOURCES", str(tmp_path))
    assert resources_dir() == tmp_path


def test_resources_dir_in_pyinstaller_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MUTASI_RESOURCES", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


@pytest.fixture
def custom_resources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "reference").mkdir()
    monkeypatch.setenv("MUTASI_RESOURCES", str(tmp_path))
    all_golongan.cache_clear()
    golongan_module._by_pangkat.cache_clear()
    yield tmp_path
    all_golongan.cache_clear()
    golongan_module._by_pangkat.cache_clear()


def test_edited_table_is_used(custom_resources: Path) -> None:
    rows = [{"id": 31, "kode": "III/a", "pangkat": "Penata Muda Baru", "jenis": "PNS", "rank": 1}]
    (custom_resources / "reference" / "golongan.json").write_text(json.dumps(rows), encoding="utf-8")
    assert parse_golongan("Penata Muda Baru").kode == "III/a"
    assert len(all_golongan()) == 1


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "tidak ditemukan"),
        ("{not json", "tidak dapat dibaca"),
        ('{"id": 1}', "daftar objek"),
        ('[{"id": "31", "kode": "III/a", "pangkat": null, "jenis": "PNS", "rank": 1}]', "'id'"),
        ('[{"id": 31, "kode": "III/a", "pangkat": null, "jenis": "CPNS", "rank": 1}]', "PNS atau PPPK"),
        (
            '[{"id": 31, "kode": "III/a", "pangkat": null, "jenis": "PNS", "rank": 1},'
            ' {"id": 31, "kode": "III/b", "pangkat": null, "jenis": "PNS", "rank": 2}]',
            "dua kali",
        ),
    ],
)
def test_broken_table_gives_clear_error(custom_resources: Path, content: str | None, fragment: str) -> None:
    if content is not None:
        (custom_resources / "reference" / "golongan.json").write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=fragment):
        all_golongan()
