"""Users, audit viewer, backups and the Pengaturan page: flows, item models, screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from sqlalchemy import text

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import Actor, Peran
from mutasi_desktop.services import accounts_service, audit_service
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.security.audit_page import AuditPage, describe_changes
from mutasi_desktop.ui.security.backup_page import BackupPage
from mutasi_desktop.ui.security.settings_page import SettingsPage
from mutasi_desktop.ui.security.users_page import UserDialog, UsersPage
from tests.db.security_helpers import USER_PASSWORD, add_user, setup_office, use_fast_hasher

SHOTS = Path("/tmp/mutasi-security-shots")


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hasher(monkeypatch)


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def save(dialog: QDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_users_page_add_edit_and_model(db: Database, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    admin = setup_office(db)
    add_user(db, admin, "operator1", Peran.OPERATOR)
    page = UsersPage(db, admin)
    qtbot.addWidget(page)
    page.resize(900, 400)
    page.show()
    qtmodeltester.check(page.model)
    assert [u.username for u in page.model.rows] == ["admin", "operator1"]

    dialog = UserDialog(db, admin, None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "rina.verif")
    qtbot.keyClicks(dialog.nama, "Rina Wulandari")
    qtbot.keyClicks(dialog.password, USER_PASSWORD)
    qtbot.keyClicks(dialog.repeat, USER_PASSWORD)
    save(dialog, qtbot)
    assert "sedikitnya satu peran" in dialog.message.text()  # no role chosen yet
    assert not dialog.opd_box.isEnabled()
    dialog.role_checks[Peran.VERIFIKATOR].setChecked(True)
    dialog.role_checks[Peran.OPERATOR].setChecked(True)
    assert dialog.opd_box.isEnabled()
    shot(dialog, "pengguna-tambah")
    save(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_user is not None and dialog.result_user.peran == (Peran.OPERATOR, Peran.VERIFIKATOR)
    page.refresh()
    qtmodeltester.check(page.model)
    assert len(page.model.rows) == 3

    # Editing the last administrator away is refused with the service's message.
    page.table.selectRow(0)
    me = page.selected()
    assert me is not None and me.username == "admin"
    edit = UserDialog(db, admin, me, page)
    qtbot.addWidget(edit)
    edit.role_checks[Peran.ADMINISTRATOR].setChecked(False)
    edit.role_checks[Peran.PEMBACA].setChecked(True)
    save(edit, qtbot)
    assert "satu Administrator aktif" in edit.message.text()
    shot(page, "pengguna-daftar")


def _lock_by_failed_sign_ins(db: Database, username: str, now) -> None:  # type: ignore[no-untyped-def]
    """Wrong passwords until the account locks, as a guessing colleague would (lock counted from ``now``)."""
    for _ in range(20):
        with pytest.raises(accounts_service.LoginGagal) as info:
            accounts_service.login(db, username, "bukan-sandinya", now=now)
        if "dikunci" in info.value.message:
            return
    raise AssertionError("akun tidak terkunci")


def _status_of(page: UsersPage, username: str) -> tuple[str, object]:
    from mutasi_desktop.ui.security.users_page import STATUS_COLUMN

    row = next(i for i, u in enumerate(page.model.rows) if u.username == username)
    index = page.model.index(row, STATUS_COLUMN)
    return index.data(), index.data(Qt.ItemDataRole.ForegroundRole)


def test_users_page_drops_terkunci_when_the_lock_expires(db: Database, qtbot, qtmodeltester,  # type: ignore[no-untyped-def]
                                                         monkeypatch) -> None:
    from datetime import timedelta

    from mutasi_desktop.db.base import utcnow
    from mutasi_desktop.ui.security import users_page

    admin = setup_office(db)
    add_user(db, admin, "operator1", Peran.OPERATOR)
    t0 = utcnow()
    clock = [t0]
    monkeypatch.setattr(users_page, "utcnow", lambda: clock[0])
    _lock_by_failed_sign_ins(db, "operator1", t0)
    locked_until = next(u for u in accounts_service.list_users(db, admin) if u.username == "operator1").terkunci_sampai
    assert locked_until is not None and locked_until > t0

    page = UsersPage(db, admin)
    qtbot.addWidget(page)
    page.resize(900, 300)
    page.show()
    qtmodeltester.check(page.model)
    text_, colour = _status_of(page, "operator1")
    assert text_ == "Terkunci" and colour is not None
    # the page wakes up just after the lock ends (not only on the next 30-second round)
    wait_ms = (locked_until - t0).total_seconds() * 1000
    assert page.status_timer.isActive() and wait_ms <= page.status_timer.interval() <= wait_ms + 1000

    clock[0] = locked_until + timedelta(seconds=1)
    with qtbot.waitSignal(page.model.dataChanged, timeout=1000) as changed:
        page.status_timer.timeout.emit()
    top_left, bottom_right = changed.args[0], changed.args[1]
    assert top_left.column() <= users_page.STATUS_COLUMN <= bottom_right.column()
    assert top_left.row() == 0 and bottom_right.row() == page.model.rowCount() - 1
    assert _status_of(page, "operator1") == ("Aktif", None)
    # with no lock left the page re-reads every 30 seconds while it is visible, and not when hidden
    assert page.status_timer.isActive() and page.status_timer.interval() == users_page.REFRESH_MS
    page.hide()
    assert not page.status_timer.isActive()


def test_users_page_reads_the_accounts_again_when_shown(db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    admin = setup_office(db)
    add_user(db, admin, "operator1", Peran.OPERATOR)
    page = UsersPage(db, admin)
    qtbot.addWidget(page)
    page.show()
    page.table.selectRow(1)
    assert _status_of(page, "operator1")[0] == "Aktif"
    page.hide()  # the clerk went to another tab; meanwhile someone guesses the password
    from mutasi_desktop.db.base import utcnow

    _lock_by_failed_sign_ins(db, "operator1", utcnow())
    page.show()
    assert _status_of(page, "operator1")[0] == "Terkunci"
    selected = page.selected()
    assert selected is not None and selected.username == "operator1"  # the selection survives the re-read
    assert page.unlock_button.isEnabled()


def test_audit_page_filters_detail_and_chain_check(db: Database, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    admin = setup_office(db)
    add_user(db, admin, "operator1", Peran.OPERATOR)
    with pytest.raises(Exception):  # noqa: B017 - a failed login is one more kind of entry
        accounts_service.login(db, "operator1", "salah-salah-1")
    page = AuditPage(db, admin)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtmodeltester.check(page.model)
    total = page.model.rowCount()
    assert total >= 4 and page.total == total
    page.aksi.setCurrentIndex(page.aksi.findData("LOGIN_GAGAL"))
    page.refresh()
    assert page.model.rowCount() == 1 and page.model.row_at(0).pengguna == "operator1"
    page.clear_filters()
    assert page.model.rowCount() == total
    # Entities read as a clerk says them ("Pengguna"), in the column and in the filter; the table
    # name stays as the tooltip.
    row = next(i for i, e in enumerate(page.model.rows) if e.entitas == "pengguna")
    cell = page.model.index(row, 4)
    assert cell.data() == "Pengguna" and cell.data(Qt.ItemDataRole.ToolTipRole) == "pengguna"
    assert page.entitas.itemText(page.entitas.findData("pengguna")) == "Pengguna"
    assert not any("_" in page.entitas.itemText(i) for i in range(page.entitas.count()))
    # The newest CREATE of a pengguna shows before/after values, never the password hash.
    index = next(i for i, e in enumerate(page.model.rows) if e.aksi == "CREATE")
    page.table.selectRow(index)
    assert "Nama pengguna: 'operator1'" in page.detail.toPlainText()
    assert "(rahasia)" in page.detail.toPlainText() and "$argon2" not in page.detail.toPlainText()
    page.verify()
    assert "utuh" in page.chain_label.text()
    shot(page, "audit")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET pengguna = 'penyusup' WHERE id = 2"))
    page.verify()
    assert "#2" in page.chain_label.text() and "diubah" in page.chain_label.text()
    shot(page, "audit-rusak")


def test_describe_changes_for_an_update() -> None:
    from datetime import datetime

    from mutasi_desktop.services.audit_service import AuditEntry

    entry = AuditEntry(5, datetime(2025, 1, 2, 3, 4, 5), "budi", "UPDATE", "pegawai", "7", "Ubah pegawai: nama",
                       {"uuid": "u", "kolom": {"nama": {"lama": "A", "baru": "B"}}}, "ab" * 32)
    text_ = describe_changes(entry)
    assert "Nama: 'A' → 'B'" in text_ and "Entri #5" in text_


def test_backup_page_makes_a_backup_and_lists_it(db: Database, tmp_path: Path, qtbot,  # type: ignore[no-untyped-def]
                                                 qtmodeltester) -> None:
    admin = setup_office(db)
    page = BackupPage(db, admin)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    page.folder.setText(str(tmp_path / "otomatis"))
    page.keep.setValue(5)
    page.save_settings()
    assert "disimpan" in page.message.text()
    from mutasi_desktop.services import backup_service

    assert backup_service.auto_backup_if_due(db) is not None
    page.refresh_list()
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 1 and page.model.row_at(0).instansi_nama == "Kabupaten Sukamaju"
    page.backup_to(tmp_path / "manual.db", None)
    assert (tmp_path / "manual.db").exists() and "Cadangan dibuat" in page.message.text()
    page.folder.setText("relatif")
    page.save_settings()
    assert "absolut" in page.message.text()
    page.folder.setText(str(tmp_path / "otomatis"))
    shot(page, "cadangan")


def test_restore_from_backup_page(db: Database, tmp_path: Path, qtbot,  # type: ignore[no-untyped-def]
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from mutasi_desktop.services import backup_service

    admin = setup_office(db)
    backup_service.create_backup(db, admin, tmp_path / "c.db")
    add_user(db, admin, "setelah", Peran.PEMBACA)
    page = BackupPage(db, admin)
    page.stay_open_after_restore = True  # type: ignore[attr-defined]
    qtbot.addWidget(page)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    page.restore_from(tmp_path / "c.db")
    assert "dipulihkan" in page.message.text()
    assert [u.username for u in accounts_service.list_users(db, admin)] == ["admin"]


def test_settings_page_shows_tabs_by_role(db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    admin = setup_office(db)
    reader = add_user(db, admin, "pembaca", Peran.PEMBACA)
    full = SettingsPage(AppContext(db=db, actor=admin))
    qtbot.addWidget(full)
    titles = [full.tabText(i) for i in range(full.count())]
    # Other features may add tabs after these (see settings_page.TABS).
    assert titles[:5] == ["Akun saya", "Pengguna", "Keamanan", "Jejak audit", "Cadangan"]
    full.resize(1000, 600)
    full.setCurrentIndex(2)
    shot(full, "pengaturan-keamanan")
    limited = SettingsPage(AppContext(db=db, actor=reader))
    qtbot.addWidget(limited)
    from mutasi_desktop.ui.security.settings_page import TABS

    open_to_all = [t.title for t in TABS if t.izin is None or reader.can(t.izin)]
    assert [limited.tabText(i) for i in range(limited.count())] == open_to_all
    assert "Pengguna" not in open_to_all and "Jejak audit" not in open_to_all
    # The service refuses even if a tab were shown by mistake.
    with pytest.raises(Exception, match="Akses ditolak"):
        UsersPage(db, reader)


def test_policy_tab_saves_settings(db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    from mutasi_desktop.ui.security.settings_page import PolicyTab

    admin = setup_office(db)
    tab = PolicyTab(AppContext(db=db, actor=admin))
    qtbot.addWidget(tab)
    tab.min_length.setValue(12)
    tab.idle_minutes.setValue(5)
    tab.save()
    policy = accounts_service.get_policy(db)
    assert policy.min_length == 12 and policy.idle_minutes == 5
    other = Actor(username="op", nama="Op", peran=frozenset({Peran.OPERATOR}))
    tab.ctx = AppContext(db=db, actor=other)
    tab.save()
    assert "Akses ditolak" in tab.message.text()
    assert audit_service.verify_chain(db, admin).ok


def test_instansi_profile_tab_edits_the_profile_after_setup(db: Database, qtbot) -> None:  # type: ignore[no-untyped-def]
    from mutasi_desktop.services import office_settings_service as oss
    from mutasi_desktop.ui.security.instansi_tab import InstansiTab

    admin = setup_office(db)
    page = SettingsPage(AppContext(db=db, actor=admin))
    qtbot.addWidget(page)
    titles = [page.tabText(i) for i in range(page.count())]
    assert "Profil instansi" in titles  # the wizard said "the rest is edited later in Pengaturan"
    tab = page.widget(titles.index("Profil instansi"))
    assert isinstance(tab, InstansiTab)
    fields = tab.form.fields
    fields["email"].setText("bkpsdm di contoh")
    fields["kepala_daerah_tmt_pelantikan"].setText("31-02-2026")
    assert not tab.save()
    assert "tidak sah" in tab.form.error_text("email")
    assert "tidak dikenali" in tab.form.error_text("kepala_daerah_tmt_pelantikan")
    fields["email"].setText("bkpsdm@contoh.go.id")
    fields["kepala_daerah_tmt_pelantikan"].setText("02-03-2026")
    fields["kepala_daerah_status"].set_value("PJ")
    fields["alamat"].setPlainText("Jl. Merdeka No. 9")
    assert tab.save() and tab.message.text() == "Profil instansi disimpan."
    profil = oss.profil_instansi(db, by=admin)
    assert (profil.email, profil.kepala_daerah_status, profil.alamat) == ("bkpsdm@contoh.go.id", "PJ", "Jl. Merdeka No. 9")
    reader = add_user(db, admin, "pembaca", Peran.PEMBACA)
    limited = SettingsPage(AppContext(db=db, actor=reader))
    qtbot.addWidget(limited)
    assert "Profil instansi" not in [limited.tabText(i) for i in range(limited.count())]
