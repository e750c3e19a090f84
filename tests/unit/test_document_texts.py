"""Decree texts as editable templates."""

from __future__ import annotations

import pytest

from mutasi_desktop.domain.document_texts import (
    DEFAULT_TEXTS,
    fill_template,
    huruf_butir,
    merged_texts,
    ordinal,
    placeholders_in,
)
from mutasi_desktop.domain.errors import DomainError


def test_ordinals_in_both_styles() -> None:
    assert [ordinal(i) for i in range(1, 6)] == ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA"]
    assert [ordinal(i, "PERTAMA") for i in range(1, 3)] == ["PERTAMA", "KEDUA"]
    assert ordinal(12) == "KEDUA BELAS"
    with pytest.raises(DomainError):
        ordinal(0)


def test_menimbang_letters() -> None:
    assert [huruf_butir(i) for i in (0, 1, 25, 26)] == ["a", "b", "z", "aa"]


def test_fill_reports_unknown_placeholder_with_the_text_name() -> None:
    assert fill_template("Pemerintah {daerah}", {"daerah": "Kabupaten Sukamaju"}) == "Pemerintah Kabupaten Sukamaju"
    with pytest.raises(DomainError) as info:
        fill_template("Bupati {daera}", {"daerah": "x"}, nama_teks="menimbang")
    assert "menimbang" in info.value.message and "{daera}" in info.value.message


def test_stored_texts_override_defaults_only_with_the_right_shape() -> None:
    merged = merged_texts({"tentang": "Mutasi {jenis_asn}", "menimbang": "not a list", "unknown": "x"})
    assert merged["tentang"] == "Mutasi {jenis_asn}"
    assert merged["menimbang"] == DEFAULT_TEXTS["menimbang"]
    assert "unknown" not in merged


def test_every_default_text_uses_known_placeholders() -> None:
    known = {"kepala_daerah", "kepala_daerah_judul", "daerah", "provinsi", "ibu_kota", "jenis_asn", "tentang",
             "judul_keputusan", "tmt", "jumlah", "diktum_1", "kanreg", "nama_bkpsdm", "jabatan_baru", "unit_baru",
             "pertek_nomor", "pertek_tanggal", "pejabat_sk", "nomor_sk", "tanggal_sk", "tmt_spmt", "nomor_lama",
             "tanggal_lama"}
    for key, value in DEFAULT_TEXTS.items():
        for text in value if isinstance(value, list) else [value]:
            assert placeholders_in(text) <= known, key
