"""Refused packages: a changed byte, a changed file, unsigned, a wrong key, unknown office, replay, wrong address.

Every refusal leaves the receiving database exactly as it was.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from _exchange_offices import Office, copy_empty_db, new_office, trust
from _pertukaran_data import add_pegawai
from sqlalchemy import func, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.exchange import PaketDitolak, atur_kepercayaan
from mutasi_desktop.services.exchange.package_format import DATA, MANIFEST, SIGNATURE


def _package(b: Office, a: Office, path: Path, n: int = 1, **kw: object) -> Path:
    with b.db.session() as s:
        add_pegawai(s, n, nama=f"Pegawai Paket {n}")
    return b.export(a, path, **kw)


def _rezip(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """Copy a package, replacing (or with None dropping) some of its files."""
    with zipfile.ZipFile(source) as zin:
        files = {name: zin.read(name) for name in zin.namelist()}
        comment = zin.comment  # the original whole-file signature, kept
    for name, content in change.items():
        if content is None:
            files.pop(name, None)
        else:
            files[name] = content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zout:
        for name, content in files.items():
            zout.writestr(name, content)
        zout.comment = comment
    target.write_bytes(buffer.getvalue())
    return target


def _pegawai_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Pegawai)) or 0)


def _refused(office: Office, path: Path, pattern: str, **kw: object) -> None:
    before = _pegawai_count(office.db)
    with pytest.raises(PaketDitolak, match=pattern):
        office.preview(path, **kw)
    with pytest.raises(PaketDitolak, match=pattern):
        office.import_(path, **kw)
    assert _pegawai_count(office.db) == before


def test_a_changed_byte_anywhere_is_refused(sqlite_offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = sqlite_offices
    good = _package(b, a, tmp_path / "asli.mpk")
    raw = bytearray(good.read_bytes())
    refused = 0
    for offset in range(0, len(raw), max(1, len(raw) // 40)):
        bad = bytearray(raw)
        bad[offset] ^= 0x01
        path = tmp_path / f"ubah-{offset}.mpk"
        path.write_bytes(bytes(bad))
        try:
            a.preview(path)
        except PaketDitolak as exc:
            assert "ditolak" in exc.message or "diubah" in exc.message or "rusak" in exc.message \
                or "bukan paket" in exc.message or "tidak bertanda tangan" in exc.message, exc.message
            refused += 1
        else:  # pragma: no cover - would be a security hole
            pytest.fail(f"byte {offset} changed but the package was accepted")
    assert refused >= 40
    assert a.preview(good).ringkasan["pegawai"] == {"BARU": 1}


def test_a_re_zipped_package_with_other_data_is_refused(sqlite_offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = sqlite_offices
    good = _package(b, a, tmp_path / "asli.mpk")
    with zipfile.ZipFile(good) as zf:
        data = json.loads(zf.read(DATA))
        manifest = json.loads(zf.read(MANIFEST))
    data["entitas"]["pegawai"][0]["data"]["nama"] = "Nama Palsu"
    _refused(a, _rezip(good, tmp_path / "data.mpk", {DATA: json.dumps(data).encode()}),
             "Tanda tangan paket tidak sah")
    manifest["urutan"] = 99
    _refused(a, _rezip(good, tmp_path / "manifest.mpk", {MANIFEST: json.dumps(manifest).encode()}),
             "Tanda tangan paket tidak sah")
    _refused(a, _rezip(good, tmp_path / "tanpa-ttd.mpk", {SIGNATURE: None}), "tidak bertanda tangan")
    _refused(a, _rezip(good, tmp_path / "tambahan.mpk", {"lain.exe": b"MZ"}), "Tanda tangan paket tidak sah")
    _refused(a, _rezip(good, tmp_path / "ttd-hilang.mpk", {}).with_suffix(".mpk"), "Tanda tangan paket tidak sah")


def test_a_package_signed_with_another_key_is_refused(
    sqlite_offices: tuple[Office, Office], tmp_path: Path, empty_template: Path
) -> None:
    a, b = sqlite_offices
    # An impostor sets up an office with the UPT's kode and name but its own key.
    impostor_db = copy_empty_db(empty_template, tmp_path / "palsu.db")
    impostor = new_office(impostor_db, b.kode, "UPT SMP Negeri 1", tmp_path / "kunci-palsu")
    trust(impostor, a)
    forged = _package(impostor, a, tmp_path / "palsu.mpk")
    _refused(a, forged, "ditandatangani dengan kunci lain")

    # Same forgery, but claiming the real UPT's public key in the manifest: the signature fails.
    with zipfile.ZipFile(forged) as zf:
        manifest = json.loads(zf.read(MANIFEST))
    manifest["dari"]["kunci_publik"] = b.kunci_publik
    _refused(a, _rezip(forged, tmp_path / "palsu2.mpk", {MANIFEST: json.dumps(manifest).encode()}),
             "Tanda tangan paket tidak sah")
    impostor_db.dispose()


def test_unknown_untrusted_and_misaddressed_packages_are_refused(
    sqlite_offices: tuple[Office, Office], tmp_path: Path, empty_template: Path
) -> None:
    a, b = sqlite_offices
    # A package for another office that also goes by "BKPSDM"'s partner list: addressed elsewhere.
    c_db = copy_empty_db(empty_template, tmp_path / "c.db")
    c = new_office(c_db, "BKD-PROV", "BKD Provinsi", tmp_path / "kunci-c")
    trust(b, c)
    _refused(a, _package(b, c, tmp_path / "untuk-c.mpk", n=3), "ditujukan untuk kantor BKD-PROV, bukan untuk kantor ini")

    # A package from an office A never added.
    trust(c, a)
    _refused(a, _package(c, a, tmp_path / "dari-c.mpk", n=4), "belum terdaftar sebagai mitra tepercaya")
    c_db.dispose()

    # A partner that is no longer trusted.
    package = _package(b, a, tmp_path / "p.mpk")
    atur_kepercayaan(a.db, SYSTEM, kode=b.kode, dipercaya=False)
    _refused(a, package, "tidak lagi dipercaya")


def test_an_old_package_replayed_is_refused(sqlite_offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = sqlite_offices
    first = _package(b, a, tmp_path / "1.mpk", n=1)
    second = _package(b, a, tmp_path / "2.mpk", n=2)
    preview = a.preview(second)
    assert any("Paket #1 dari UPT-SMP1 belum pernah diterima" in w for w in preview.peringatan)
    a.import_(second)
    _refused(a, first, r"Paket #1 dari UPT-SMP1 sudah usang: paket #2 sudah diterima")


def test_not_a_package_at_all(sqlite_offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, _ = sqlite_offices
    junk = tmp_path / "bukan.mpk"
    junk.write_bytes(b"%PDF-1.4 bukan paket")
    _refused(a, junk, "bukan paket pertukaran")


def test_password_encrypted_package(sqlite_offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = sqlite_offices
    package = _package(b, a, tmp_path / "sandi.mpk", sandi="rahasia-kantor")
    assert b"Pegawai Paket" not in package.read_bytes()
    _refused(a, package, "terenkripsi dengan kata sandi")
    _refused(a, package, "Kata sandi paket salah", sandi="salah")
    assert a.import_(package, sandi="rahasia-kantor").dibuat == 1


def test_a_short_package_password_is_refused_and_nothing_is_written(sqlite_offices: tuple[Office, Office],
                                                                    tmp_path: Path) -> None:  # fmt: skip
    from mutasi_desktop.domain.errors import DomainError

    a, b = sqlite_offices
    target = tmp_path / "pendek.mpk"
    with pytest.raises(DomainError, match="minimal 8 karakter"):
        _package(b, a, target, sandi="abc")
    assert not target.exists()


def test_package_encrypted_for_the_receivers_key(sqlite_offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = sqlite_offices
    package = _package(b, a, tmp_path / "kunci.mpk", enkripsi_kunci=True)
    assert b"Pegawai Paket" not in package.read_bytes()
    preview = a.preview(package)
    assert preview.terenkripsi and preview.ringkasan["pegawai"] == {"BARU": 1}
    assert a.import_(package).dibuat == 1


def test_refusals_of_unreadable_or_damaged_files_are_all_indonesian(
        sqlite_offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = sqlite_offices
    good = _package(b, a, tmp_path / "asli.mpk")
    with zipfile.ZipFile(good) as zf:  # flip a byte inside the compressed data: a CRC/inflate error
        info = zf.getinfo(DATA)
    raw = bytearray(good.read_bytes())
    raw[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0xFF
    crc = tmp_path / "crc.mpk"
    crc.write_bytes(bytes(raw))
    cases = {tmp_path / "tidak-ada.mpk": "berkas tidak ditemukan", tmp_path: "folder, bukan berkas",
             crc: "rusak atau telah diubah"}
    for path, expected in cases.items():
        with pytest.raises(PaketDitolak) as caught:
            a.preview(path)
        assert expected in caught.value.message
        for english in ("No such file", "directory", "CRC", "Error", "zlib"):
            assert english not in caught.value.message, caught.value.message


def test_importing_our_own_outgoing_package_says_so(sqlite_offices: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = sqlite_offices
    mine = _package(b, a, tmp_path / "untuk-a.mpk")
    # Not "add this office as a trusted partner": that would have the clerk trust itself.
    _refused(b, mine, f"dibuat oleh kantor ini sendiri \\({b.kode}\\) untuk {a.kode}")
