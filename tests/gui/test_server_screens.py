"""Server settings ("Uji koneksi", save) and the exchange screens (preview, conflicts side by side, import)."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai, UnitKerja
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services import server_connection
from mutasi_desktop.services.exchange import Pilihan
from mutasi_desktop.ui.app_context import AppContext
from tests.db._exchange_offices import Office, copy_empty_db, make_offices


@pytest.fixture
def two_offices(db: Database, tmp_path: Path, empty_template: Path) -> tuple[Office, Office]:
    other = copy_empty_db(empty_template, tmp_path / "upt.db")
    a, b = make_offices(db, other, tmp_path)
    yield a, b  # type: ignore[misc]
    other.dispose()


def _add_pegawai(db: Database, nip: str, nama: str) -> str:
    with db.session() as s:
        unit = s.scalars(select(UnitKerja)).first()
        p = Pegawai(nip=nip, nama=nama, tanggal_lahir=date(1985, 1, 1), jenis_kelamin="P",
                    status_kepegawaian="PNS", unit=unit)
        s.add(p)
        s.flush()
        return p.uuid


def _set_telepon(db: Database, uuid: str, telepon: str, by: str) -> None:
    with db.session(actor=replace(SYSTEM, username=by)) as s:
        row = s.scalars(select(Pegawai).where(Pegawai.uuid == uuid)).one()
        row.telepon = telepon


def test_server_settings_test_button_and_save(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from mutasi_desktop.ui.server.server_settings import ServerSettingsTab

    server_connection.save_server_url(None)
    tab = ServerSettingsTab()
    qtbot.addWidget(tab)
    assert tab.local_radio.isChecked() and not tab.server_box.isEnabled()

    tab.server_radio.setChecked(True)
    tab.host_edit.setText("127.0.0.1")
    tab.port_spin.setValue(1)  # nothing listens there
    tab.database_edit.setText("mutasi")
    tab.user_edit.setText("juru")
    tab.password_edit.setText("rahasia")
    assert tab.url_label.text() == "postgresql+psycopg://juru:***@127.0.0.1:1/mutasi"
    tab.test_button.click()
    assert tab.last_result is not None and not tab.last_result.berhasil
    assert tab.status_label.text().startswith("Koneksi gagal")

    tab.save_button.click()
    saved = json.loads(server_connection.config_path().read_text())
    assert saved == {"url": "postgresql+psycopg://juru:rahasia@127.0.0.1:1/mutasi"}
    assert oct(server_connection.config_path().stat().st_mode & 0o777) == "0o600"
    assert server_connection.resolve_database_url(None) == saved["url"]
    assert server_connection.resolve_database_url("/tmp/lain.db") == "sqlite:////tmp/lain.db"

    again = ServerSettingsTab()
    qtbot.addWidget(again)
    assert again.server_radio.isChecked() and again.port_spin.value() == 1 and again.password_edit.text() == "rahasia"
    again.local_radio.setChecked(True)
    again.save_button.click()
    assert server_connection.load_server_url() is None
    tab.grab().save("/tmp/server-settings.png")


@pytest.mark.postgres
def test_server_settings_connects_to_a_real_server(qtbot, tasks) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.engine import make_url

    from mutasi_desktop.ui.server.server_settings import ServerSettingsTab

    url = os.environ.get("MUTASI_TEST_PG_URL")
    if not url:
        pytest.skip("MUTASI_TEST_PG_URL tidak diisi")
    parsed = make_url(url)
    tab = ServerSettingsTab(tasks)
    qtbot.addWidget(tab)
    tab.server_radio.setChecked(True)
    tab.host_edit.setText(parsed.host or "")
    tab.port_spin.setValue(parsed.port or 5432)
    tab.database_edit.setText(parsed.database or "")
    tab.user_edit.setText(parsed.username or "")
    tab.test_button.click()
    qtbot.waitUntil(lambda: tab.last_result is not None, timeout=15000)
    assert tab.last_result.berhasil, tab.last_result.pesan
    assert tab.status_label.text().startswith("Koneksi berhasil: PostgreSQL")


def test_import_screen_previews_shows_conflicts_side_by_side_and_imports(
    qtbot, qtmodeltester, two_offices: tuple[Office, Office], tmp_path: Path, tasks  # type: ignore[no-untyped-def]
) -> None:
    from mutasi_desktop.ui.server.exchange_page import ExchangePage

    a, b = two_offices
    shared = _add_pegawai(b.db, "198501012010032001", "Sari Wulandari")
    _add_pegawai(b.db, "198601012010032002", "Rina Marlina")
    a.import_(b.export(a, tmp_path / "awal.mpk"))
    _set_telepon(a.db, shared, "0811-BKPSDM", "ani")
    _set_telepon(b.db, shared, "0822-UPT", "budi")
    _add_pegawai(b.db, "198701012010032003", "Dewi Lestari")
    package = b.export(a, tmp_path / "kedua.mpk", enkripsi_kunci=True)

    page = ExchangePage(AppContext(db=a.db, actor=SYSTEM, tasks=tasks, extras={"keys_dir": a.keys}))
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    assert page.identity_tab.partner_model.rowCount() == 1
    tab = page.import_tab
    page.setCurrentWidget(tab)
    tab.path_edit.setText(str(package))
    tab.check_button.click()
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=15000)

    for model in (tab.summary, tab.changes, tab.conflicts):
        qtmodeltester.check(model)
    summary = {tab.summary.row_at(i).entitas: tab.summary.row_at(i) for i in range(tab.summary.rowCount())}
    assert (summary["pegawai"].baru, summary["pegawai"].konflik) == (1, 1)
    assert tab.conflicts.rowCount() == 1 and tab.tabs.tabText(1) == "Konflik (1)"
    assert not tab.import_button.isEnabled()
    # The comparison shows our value beside theirs, differing columns first.
    qtmodeltester.check(tab.comparison)
    first = tab.comparison.row_at(0)
    assert (first.kolom, first.kita, first.mereka, first.beda) == ("Telepon", "0811-BKPSDM", "0822-UPT", True)
    assert "ani" in tab.conflicts.data(tab.conflicts.index(0, 3)) and "budi" in tab.conflicts.data(tab.conflicts.index(0, 4))
    page.grab().save("/tmp/exchange-import.png")

    tab.conflict_view.selectRow(0)
    tab.take_button.click()
    assert tab.conflicts.decisions == {shared: Pilihan.MEREKA}
    assert tab.import_button.isEnabled()
    tab.import_button.click()
    qtbot.waitUntil(lambda: tab.preview is None, timeout=15000)
    assert "1 dibuat, 1 diperbarui" in tab.status.text()
    with a.db.session() as s:
        assert s.scalars(select(Pegawai.telepon).where(Pegawai.uuid == shared)).one() == "0822-UPT"


def test_identity_and_export_screens(qtbot, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mutasi_desktop.ui.server.exchange_page import ExchangePage

    page = ExchangePage(AppContext(db=db, actor=SYSTEM, tasks=None))
    qtbot.addWidget(page)
    ident = page.identity_tab
    assert ident.create_button.isVisible() or not page.isVisible()
    ident.kode_edit.setText("kab sukamaju")
    ident.create_button.click()
    assert "tidak sah" in ident.status.text()
    ident.kode_edit.setText("BKPSDM-SKM")
    ident.nama_edit.setText("BKPSDM Kabupaten Sukamaju")
    ident.create_button.click()
    assert ident.key_edit.text().startswith("MK1.") and ident.kode_edit.isReadOnly()

    ident.partner_kode.setText("UPT1")
    ident.partner_nama.setText("UPT Satu")
    ident.partner_key.setText("bukan kunci")
    ident.add_button.click()
    assert "Kunci publik kantor tidak dikenali" in ident.status.text()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from mutasi_desktop.services.exchange.identity import KunciPrivat, _public_of

    partner_key = _public_of(KunciPrivat(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())).teks()
    ident.partner_key.setText(partner_key)
    ident.add_button.click()
    assert ident.partner_model.rowCount() == 1
    ident.scope_button.click()
    assert "Pilih kantor mitra" in ident.status.text()
    ident.partner_view.selectRow(0)
    ident.scope_combo.setCurrentIndex(0)
    ident.scope_button.click()
    assert "mencakup seluruh daerah" in ident.status.text()

    export = page.export_tab
    assert export.partner_combo.count() == 1
    export.path_edit.setText(str(tmp_path / "untuk-upt1.mpk"))
    export.export_button.click()
    assert "Paket #1 untuk UPT1 dibuat" in export.status.text()
    assert (tmp_path / "untuk-upt1.mpk").exists()
    page.show()
    page.setCurrentWidget(ident)
    page.resize(900, 600)
    page.grab().save("/tmp/exchange-identity.png")


def test_conflict_comparison_names_units_and_columns_not_uuids(
    qtbot, two_offices: tuple[Office, Office], tmp_path: Path, tasks  # type: ignore[no-untyped-def]
) -> None:
    import re

    from mutasi_desktop.ui.server.exchange_page import ExchangePage

    a, b = two_offices
    shared = _add_pegawai(b.db, "198501012010032001", "Sari Wulandari")
    with b.db.session() as s:
        row = s.scalars(select(Pegawai).where(Pegawai.uuid == shared)).one()
        row.golongan_id, row.agama_id = 32, 1
    a.import_(b.export(a, tmp_path / "awal.mpk"))
    _set_telepon(a.db, shared, "0811-BKPSDM", "ani")
    _set_telepon(b.db, shared, "0822-UPT", "budi")
    page = ExchangePage(AppContext(db=a.db, actor=SYSTEM, tasks=tasks, extras={"keys_dir": a.keys}))
    qtbot.addWidget(page)
    tab = page.import_tab
    tab.path_edit.setText(str(b.export(a, tmp_path / "kedua.mpk")))
    tab.check_button.click()
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=15000)
    assert tab.conflicts.data(tab.conflicts.index(0, 2)) == "Telepon"
    tab.conflict_view.selectRow(0)
    shown = {tab.comparison.row_at(i).kolom: tab.comparison.row_at(i) for i in range(tab.comparison.rowCount())}
    assert shown["Unit"].kita == shown["Unit"].mereka == "Dinas Pendidikan"
    assert shown["Golongan"].mereka == "III/b" and shown["Agama"].mereka == "Islam"
    uuid_like = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
    assert not any(uuid_like.search(r.kita + r.mereka) or r.kolom.endswith(" id") for r in shown.values())


def test_export_status_names_the_kinds_of_data_in_indonesian(
    qtbot, two_offices: tuple[Office, Office], tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    from mutasi_desktop.db.models import RiwayatPangkat
    from mutasi_desktop.ui.server.exchange_page import ExchangePage

    a, _b = two_offices
    uuid = _add_pegawai(a.db, "198501012010032001", "Sari Wulandari")
    with a.db.session() as s:
        pegawai = s.scalars(select(Pegawai).where(Pegawai.uuid == uuid)).one()
        s.add(RiwayatPangkat(pegawai_id=pegawai.id, golongan_id=32, tmt_golongan=date(2015, 4, 1)))
    page = ExchangePage(AppContext(db=a.db, actor=SYSTEM, tasks=None, extras={"keys_dir": a.keys}))
    qtbot.addWidget(page)
    export = page.export_tab
    export.path_edit.setText(str(tmp_path / "untuk-upt.mpk"))
    export.export_button.click()
    text = export.status.text()
    assert "Pegawai 1" in text and "Riwayat pangkat 1" in text, text
    assert "riwayat_pangkat" not in text


def test_revoking_a_partner_asks_first(qtbot, two_offices: tuple[Office, Office],  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from mutasi_desktop.ui.server.exchange_page import ExchangePage

    a, _b = two_offices
    page = ExchangePage(AppContext(db=a.db, actor=SYSTEM, tasks=None, extras={"keys_dir": a.keys}))
    qtbot.addWidget(page)
    ident = page.identity_tab
    ident.partner_view.selectRow(0)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda _p, _t, text, *a, **k: asked.append(text) or answer[0]))
    ident.revoke_button.click()
    assert len(asked) == 1 and "UPT-SMP1" in asked[0]
    assert ident.partner_model.row_at(0).dipercaya  # a misclick changes nothing
    answer[0] = QMessageBox.StandardButton.Yes
    ident.partner_view.selectRow(0)
    ident.revoke_button.click()
    assert not ident.partner_model.row_at(0).dipercaya and "tidak lagi dipercaya" in ident.status.text()


def test_import_screen_shows_times_in_local_time_and_a_replay_plainly(
    qtbot, two_offices: tuple[Office, Office], tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    import time

    from mutasi_desktop.ui.server.exchange_models import waktu_lokal
    from mutasi_desktop.ui.server.exchange_page import ExchangePage

    monkeypatch.setenv("TZ", "Asia/Jakarta")  # a WIB office: UTC+7
    time.tzset()
    try:
        assert waktu_lokal("2026-11-28T09:22:05.123456") == "28-11-2026 16:22"
        a, b = two_offices
        shared = _add_pegawai(b.db, "198501012010032001", "Sari Wulandari")
        a.import_(b.export(a, tmp_path / "awal.mpk"))
        _set_telepon(a.db, shared, "0811-BKPSDM", "ani")
        _set_telepon(b.db, shared, "0822-UPT", "budi")
        package = b.export(a, tmp_path / "kedua.mpk")
        page = ExchangePage(AppContext(db=a.db, actor=SYSTEM, tasks=None, extras={"keys_dir": a.keys}))
        qtbot.addWidget(page)
        tab = page.import_tab
        tab.path_edit.setText(str(package))
        tab.check_button.click()
        record = tab.conflicts.row_at(0)
        assert tab.conflicts.data(tab.conflicts.index(0, 3)) == f"ani {waktu_lokal(record.kita_pada)}"
        assert waktu_lokal(tab.preview.dibuat) in tab.header_label.text()
        tab.conflicts.decide_all(Pilihan.MEREKA)
        tab._update_import_button()
        tab.import_button.click()
        tab.path_edit.setText(str(package))  # the same package again
        tab.check_button.click()
        assert not tab.import_button.isEnabled()
        assert "sudah diimpor" in tab.status.text() and "tekan Impor" not in tab.status.text()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
