"""Mutasi kinds, reasons and the requirement checklist templates (reference §1.2, §1.4)."""

from __future__ import annotations

import pytest

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import (
    AlasanMutasi,
    ArahMutasi,
    JenisMutasi,
    parse_alasan,
    parse_jenis_mutasi,
)
from mutasi_desktop.domain.persyaratan import (
    ANTAR_INSTANSI,
    LAMPIRAN_MAKS_BYTES,
    check_lampiran,
    kelengkapan,
    template_for,
)


def test_every_kind_has_a_label_direction_and_decider() -> None:
    for jenis in JenisMutasi:
        assert jenis.label and jenis.pejabat_penetap
        assert jenis.antar_instansi == (jenis.arah is not ArahMutasi.INTERNAL)
        assert (jenis.pertimbangan_teknis is None) == (not jenis.antar_instansi)
        assert len(jenis.value) <= 30  # usul_mutasi.jenis_mutasi is String(30)
    assert JenisMutasi.KELUAR_ANTAR_PROVINSI.pejabat_penetap == "Menteri Dalam Negeri"


def test_parse_kinds_and_reasons_from_labels() -> None:
    assert parse_jenis_mutasi("antar opd dalam satu instansi") is JenisMutasi.ANTAR_OPD
    assert parse_alasan("Ikut suami/istri") is AlasanMutasi.IKUT_PASANGAN
    with pytest.raises(DomainError, match="Jenis mutasi 'X' tidak dikenal"):
        parse_jenis_mutasi("X")
    with pytest.raises(DomainError, match="Alasan mutasi"):
        parse_alasan("bosan")


def test_checklist_follows_the_kind() -> None:
    internal = [i.kode for i in template_for(JenisMutasi.ANTAR_OPD, AlasanMutasi.KEBUTUHAN_ORGANISASI)]
    assert "PERMOHONAN" not in internal and "ANJAB_ABK" in internal
    own = [i.kode for i in template_for("ANTAR_OPD", "PERMINTAAN_SENDIRI")]
    assert own[1] == "PERMOHONAN"
    assert template_for("KELUAR_ANTAR_PROVINSI") == ANTAR_INSTANSI
    kode = {i.kode for i in ANTAR_INSTANSI if i.wajib}
    assert {"PERSETUJUAN_MELEPAS", "PERSETUJUAN_MENERIMA", "BEBAS_TEMUAN", "SKP_2_TAHUN"} <= kode
    assert kelengkapan([(True, "ADA"), (True, "BELUM"), (False, "BELUM")]) == (1, 2)


@pytest.mark.parametrize(
    ("nama", "head", "size", "error"),
    [
        ("surat.pdf", b"%PDF-1.7", 1000, None),
        ("scan.JPG", b"\xff\xd8\xff\xe0", 1000, None),
        ("scan.png", b"\x89PNG\r\n\x1a\n", 1000, None),
        ("surat.docx", b"PK\x03\x04", 1000, "hanya PDF, JPG atau PNG"),
        ("palsu.pdf", b"PK\x03\x04", 1000, "tidak sesuai dengan jenisnya"),
        ("besar.pdf", b"%PDF", LAMPIRAN_MAKS_BYTES + 1, "melebihi batas 10 MB"),
        ("kosong.pdf", b"", 0, "kosong"),
    ],
)
def test_attachment_type_and_size(nama: str, head: bytes, size: int, error: str | None) -> None:
    if error is None:
        assert check_lampiran(nama, head, size).startswith(("application/", "image/"))
    else:
        with pytest.raises(DomainError, match=error):
            check_lampiran(nama, head, size)
