"""Criterion scores: bounds, hand-computed values, one arithmetic for bulk and single, recompute."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.scoring import (
    DEFAULT_BOBOT,
    KRITERIA,
    PRESET_BOBOT,
    Bobot,
    Masukan,
    MasukanArrays,
    SkpTahun,
    bobot_preset,
    nilai_kandidat,
    recompute_from_stored,
    skor_bagian,
    skor_seleksi_document,
    skor_total,
    urutan_peringkat,
)


def _skp(*scores: float) -> tuple[SkpTahun, ...]:
    return tuple(SkpTahun(2022 + i, "PREDIKAT", None, "BAIK", s) for i, s in enumerate(scores))


def test_weights_refuse_bad_values_in_indonesian() -> None:
    with pytest.raises(DomainError, match="tidak boleh negatif"):
        Bobot(kompetensi=-1)
    with pytest.raises(DomainError, match="Paling sedikit satu bobot"):
        Bobot(0, 0, 0, 0)
    with pytest.raises(DomainError, match="tidak dikenal"):
        Bobot.from_mapping({"gaji": 10})
    with pytest.raises(DomainError, match="bukan angka"):
        Bobot.from_mapping({"kinerja": "banyak"})
    with pytest.raises(DomainError, match="Preset bobot 'X' tidak dikenal"):
        bobot_preset("X")
    assert bobot_preset("kinerja") is PRESET_BOBOT["KINERJA"]
    assert sum(DEFAULT_BOBOT.persen().values()) == pytest.approx(100)


def test_kompetensi_hand_computed() -> None:
    m = Masukan(pendidikan_rank=7, pendidikan_min_rank=7, pendidikan_pref_rank=9, bidang_cocok=True,
                tag_dibutuhkan=2, tag_cocok=1, bulan_rumpun=30)  # fmt: skip
    # 30 (minimum, not preferred) + 20 (field) + 12.5 (1 of 2 tags) + 7.5 (30 of 60 months)
    assert nilai_kandidat(m).skor("kompetensi") == 70.0
    below = Masukan(pendidikan_rank=6, pendidikan_min_rank=7, bidang_cocok=False, tag_dibutuhkan=0, jumlah_diklat=6)
    assert nilai_kandidat(below).skor("kompetensi") == 25.0  # only the diklat (capped at full points)


def test_kinerja_is_the_mean_of_available_years_and_zero_without_skp() -> None:
    assert nilai_kandidat(Masukan(skp=_skp(95, 85, 70))).skor("kinerja") == 83.33
    assert nilai_kandidat(Masukan(skp=_skp(85))).skor("kinerja") == 85.0
    none = nilai_kandidat(Masukan())
    assert none.skor("kinerja") == 0.0
    assert "Tidak ada data SKP" in next(b.penjelasan for b in none.bagian if b.kode == "kinerja")


def test_pengalaman_rotation_need_grows_after_one_year() -> None:
    base = Masukan(bulan_masa_kerja=120, bulan_jabatan_serupa=60, bulan_jabatan_sekarang=12)
    assert nilai_kandidat(base).skor("pengalaman") == 20.0 + 15.0 + 0.0
    due = Masukan(bulan_masa_kerja=240, bulan_jabatan_serupa=200, bulan_jabatan_sekarang=61)
    assert nilai_kandidat(due).skor("pengalaman") == 100.0
    assert "perlu penyegaran" in nilai_kandidat(due).bagian[2].penjelasan


@pytest.mark.parametrize(
    ("masukan", "expected"),
    [
        (Masukan(), 50.0),  # no aspirasi: neutral
        (Masukan(ada_aspirasi=True, punya_pilihan=False), 50.0),
        (Masukan(ada_aspirasi=True, punya_pilihan=True, unit_pilihan_ke=1), 60.0),  # 20 + 0.8*50
        (Masukan(ada_aspirasi=True, punya_pilihan=True, unit_pilihan_ke=1, lokasi_pilihan_ke=1, jabatan_cocok=True), 100.0),
        (Masukan(ada_aspirasi=True, punya_pilihan=True), 20.0),  # wishes point elsewhere
        (Masukan(ada_aspirasi=True, punya_pilihan=True, unit_pilihan_ke=1, kesediaan="BERSYARAT"), 48.0),
        (Masukan(ada_aspirasi=True, punya_pilihan=False, kesediaan="TIDAK_BERSEDIA"), 10.0),
    ],
)
def test_aspirasi(masukan: Masukan, expected: float) -> None:
    assert nilai_kandidat(masukan).skor("aspirasi") == expected


def test_unknown_kesediaan_is_refused() -> None:
    with pytest.raises(DomainError, match="Kesediaan 'MUNGKIN'"):
        nilai_kandidat(Masukan(ada_aspirasi=True, kesediaan="MUNGKIN"))


_masukan = st.builds(
    Masukan,
    pendidikan_rank=st.integers(0, 10), pendidikan_min_rank=st.integers(0, 10), pendidikan_pref_rank=st.integers(0, 10),
    bidang_cocok=st.none() | st.booleans(), tag_dibutuhkan=st.integers(0, 4), tag_cocok=st.integers(0, 4),
    jumlah_diklat=st.integers(0, 9), bulan_rumpun=st.integers(0, 400),
    skp=st.lists(st.floats(0, 100, allow_nan=False), max_size=3).map(lambda xs: _skp(*xs)),
    bulan_masa_kerja=st.integers(0, 480), bulan_jabatan_serupa=st.integers(0, 480),
    bulan_jabatan_sekarang=st.integers(0, 300), ada_aspirasi=st.booleans(), punya_pilihan=st.booleans(),
    unit_pilihan_ke=st.integers(0, 3), lokasi_pilihan_ke=st.integers(0, 3), jabatan_cocok=st.booleans(),
    kesediaan=st.sampled_from(["BERSEDIA", "BERSYARAT", "TIDAK_BERSEDIA"]),
).filter(lambda m: m.tag_cocok <= m.tag_dibutuhkan)  # fmt: skip
_bobot = (
    st.tuples(*(st.integers(0, 100) for _ in KRITERIA)).filter(lambda t: sum(t) > 0).map(lambda t: Bobot(*t))
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_masukan, min_size=1, max_size=12), _bobot)
def test_bulk_and_single_give_the_same_numbers_within_bounds(items: list[Masukan], bobot: Bobot) -> None:
    arrays = MasukanArrays.from_masukan(items)
    parts = skor_bagian(arrays)
    total = skor_total(parts, bobot)
    for i, m in enumerate(items):
        single = nilai_kandidat(m, bobot)
        assert single.total == float(total[i])
        for b in single.bagian:
            assert 0.0 <= b.skor <= 100.0
            assert b.skor == float(parts[b.kode][i])
            assert b.penjelasan
        assert min(b.skor for b in single.bagian) - 1e-9 <= single.total <= max(b.skor for b in single.bagian) + 1e-9


@settings(max_examples=40, deadline=None)
@given(_masukan, _bobot)
def test_stored_document_recomputes_every_part_and_the_total(m: Masukan, bobot: Bobot) -> None:
    doc = skor_seleksi_document(masukan=m, bobot=bobot, formasi_id=7, peringkat=1, jumlah_kandidat=3,
                                dihitung_pada="2026-01-01T00:00:00")  # fmt: skip
    stored = json.loads(json.dumps(doc))  # what the JSON column gives back
    again = recompute_from_stored(stored)
    assert again.total == stored["total"]
    assert [b.skor for b in again.bagian] == [b["skor"] for b in stored["bagian"]]
    assert [b.penjelasan for b in again.bagian] == [b["penjelasan"] for b in stored["bagian"]]


def test_recompute_refuses_unknown_version() -> None:
    with pytest.raises(DomainError, match="Versi perhitungan skor"):
        recompute_from_stored({"versi": 99})


def test_ranking_order_is_deterministic_with_tiebreaks() -> None:
    total = np.array([80.0, 90.0, 80.0, 80.0])
    kinerja = np.array([70.0, 10.0, 90.0, 70.0])
    nip = np.array(["3", "9", "5", "1"])
    order = urutan_peringkat(total, [-kinerja, nip]).tolist()
    assert order == [1, 2, 3, 0]  # best total; then better kinerja; then lower NIP
    assert urutan_peringkat(total, [-kinerja, nip]).tolist() == order


def test_explanations_name_the_inputs() -> None:
    m = Masukan(pendidikan_rank=7, pendidikan_min_rank=9, skp=_skp(85), bulan_masa_kerja=25,
                label={"pendidikan": "S1", "pendidikan_min": "S2"})  # fmt: skip
    text = {b.kode: b.penjelasan for b in nilai_kandidat(m).bagian}
    assert "S1 di bawah syarat minimal S2" in text["kompetensi"]
    assert "2022: Baik → 85" in text["kinerja"]
    assert "Masa kerja 2 tahun 1 bulan" in text["pengalaman"]
