"""A clerk's first day, end to end on a new empty database: setup wizard, login (wrong password
first), the empty Beranda, import of a SIASN export with bad rows, editing a pegawai, Organisasi &
Formasi, a second user, a backup, and a Pembaca who sees only read-only screens and masked exports.

Set FIRST_DAY_SCREENSHOTS=/some/dir to keep a PNG of each step."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy import func, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai
from mutasi_desktop.domain.roles import Peran
from mutasi_desktop.services import accounts_service
from mutasi_desktop.services import organisasi_service as org
from mutasi_desktop.services import pegawai_service as ps
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.impor import import_wizard as import_wizard_module
from mutasi_desktop.ui.impor.import_wizard import PAGE_MAPPING, PAGE_PREVIEW, PAGE_RESULT, ImportWizard
from mutasi_desktop.ui.main_window import MainWindow
from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog
from mutasi_desktop.ui.pegawai.riwayat_widgets import RiwayatRowDialog
from mutasi_desktop.ui.security.audit_page import AuditPage
from mutasi_desktop.ui.security.backup_page import BackupPage
from mutasi_desktop.ui.security.login_dialog import LoginDialog
from mutasi_desktop.ui.security.setup_wizard import SetupWizard
from mutasi_desktop.ui.security.users_page import ResetPasswordDialog, UserDialog
from mutasi_desktop.ui.widgets.form_dialog import FormDialog
from tests.db.security_helpers import use_fast_hasher
from tests.fixtures_excel.siasn import SIASN_COLUMNS_65, siasn_rows, write_siasn_xlsx

SHOTS = os.environ.get("FIRST_DAY_SCREENSHOTS")
ADMIN_PW = "Kopi-Tubruk-Pagi-9"
OPERATOR_PW = "Teh-Manis-Hangat-77"
READER_PW = "Nasi-Uduk-Siang-42"


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hasher(monkeypatch)


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def fake(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(f"{title}: {text}")
        return button

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(fake))
    return asked


def _login(db: Database, qtbot: Any, username: str, password: str) -> LoginDialog:
    dialog = LoginDialog(db, instansi_nama="Kabupaten Contoh")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # Enter signs in
    return dialog


def _window(ctx: AppContext, qtbot: Any, width: int = 1050) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(width, 700)
    window.show()
    _settle(window, qtbot)
    return window


def _settle(window: MainWindow, qtbot: Any) -> None:
    window.ctx.tasks.wait_idle()
    qtbot.wait(20)
    window.ctx.tasks.wait_idle()


def _siasn_file(path: Path) -> Path:
    rows = list(siasn_rows(30, seed=11))
    rows[1].values["NIP BARU"] = "19800101"  # too short
    rows[4].values["TANGGAL LAHIR"] = "31-02-1980"  # impossible date
    write_siasn_xlsx(path, rows, columns=SIASN_COLUMNS_65, title_rows=["DATA ASN KABUPATEN CONTOH (SINTETIS)"])
    return path


def _drive_form_dialog(monkeypatch: pytest.MonkeyPatch, fill: Callable[[FormDialog], None]) -> list[str]:
    """The next FormDialog.exec() fills the form like the clerk would and clicks Simpan."""
    titles: list[str] = []

    def fake_exec(dialog: FormDialog) -> int:
        titles.append(dialog.windowTitle())
        fill(dialog)
        return int(dialog.save())

    monkeypatch.setattr(FormDialog, "exec", fake_exec)
    return titles


def test_first_day_of_a_clerk(tmp_path: Path, qtbot: Any, tasks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from mutasi_desktop.db.migrate import open_database

    db = open_database(f"sqlite:///{tmp_path / 'kantor.db'}").database
    try:
        _day(db, tmp_path, qtbot, tasks, monkeypatch)
    finally:
        tasks.wait_idle()
        db.dispose()


def _day(db: Database, tmp_path: Path, qtbot: Any, tasks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # --- 1. setup wizard on the empty database
    assert accounts_service.needs_setup(db)
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.instansi_page.nama_daerah.setText("Kabupaten Contoh")
    _shot(wizard, "01_penyiapan_instansi")
    wizard.next()
    page = wizard.admin_page
    page.nama.setText("Admin Kepegawaian")
    page.username.setText("admin")
    page.password.setText(ADMIN_PW)
    page.repeat.setText(ADMIN_PW + "x")
    wizard.button(wizard.WizardButton.FinishButton).click()
    assert "tidak sama" in page.message.text()  # said on the page, in Indonesian
    page.repeat.clear()
    qtbot.keyClicks(page.repeat, ADMIN_PW)
    assert not page.message.isVisible()  # the old complaint went away as the clerk retyped
    _shot(wizard, "02_penyiapan_admin")
    wizard.button(wizard.WizardButton.FinishButton).click()
    assert wizard.sesi is not None and not accounts_service.needs_setup(db)

    # --- 2. login: a wrong password says so and keeps the dialog open; Enter signs in
    wrong = _login(db, qtbot, "admin", "salah-ketik")
    assert wrong.sesi is None and wrong.isVisible()
    assert "salah" in wrong.message.text() and wrong.message.isVisible()
    assert wrong.password.text() == ""  # ready for the next try
    _shot(wrong, "03_login_salah")
    admin = _login(db, qtbot, "admin", ADMIN_PW).sesi
    assert admin is not None
    admin_ctx = AppContext(db=db, actor=admin.actor, tasks=tasks)

    # --- 3. the administrator's empty Beranda names the next step; they add the Operator who does the data work
    from mutasi_desktop.ui.beranda.beranda_page import BerandaPage

    admin_beranda = BerandaPage(AppContext(db=db, actor=admin.actor, tasks=None))
    qtbot.addWidget(admin_beranda)
    assert "Pengaturan › Pengguna" in admin_beranda.empty_label.text()
    assert not admin_beranda.import_button.isVisibleTo(admin_beranda)
    dialog = UserDialog(db, admin.actor, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "operator.siti")
    qtbot.keyClicks(dialog.nama, "Siti Operator")
    qtbot.keyClicks(dialog.password, OPERATOR_PW)
    qtbot.keyClicks(dialog.repeat, OPERATOR_PW)
    dialog.role_checks[Peran.OPERATOR].setChecked(True)
    assert dialog.save()
    operator = accounts_service.login(db, "operator.siti", OPERATOR_PW).actor
    ctx = AppContext(db=db, actor=operator, tasks=tasks)

    # --- 4. the main window on the empty database: Beranda says it is empty and offers the import
    window = _window(ctx, qtbot)
    beranda = window.current_page()
    assert beranda is not None
    qtbot.waitUntil(lambda: beranda.data is not None, timeout=5000)  # type: ignore[attr-defined]
    assert beranda.empty_banner.isVisibleTo(beranda)  # type: ignore[attr-defined]
    assert "Belum ada data pegawai" in beranda.empty_label.text()  # type: ignore[attr-defined]
    assert beranda.import_button.isVisibleTo(beranda)  # type: ignore[attr-defined]
    assert window.import_action.isVisible()
    _shot(window, "04_beranda_kosong")
    window.navigate("pegawai")
    _settle(window, qtbot)
    pegawai_page: Any = window.current_page()
    assert window.actions_by_command["new"].isEnabled()  # the Operator may add a pegawai
    assert "Belum ada data pegawai" in pegawai_page.count_label.text()
    # at 1050 px the filter row wraps onto two rows instead of cutting the combo texts
    assert pegawai_page.filter_rows[1].count() > 0
    _shot(window, "05_pegawai_kosong")
    window.navigate("organisasi")
    _settle(window, qtbot)
    assert "Belum ada unit kerja" in window.current_page().unit_title.text()  # type: ignore[union-attr]
    _shot(window, "05b_organisasi_kosong")
    window.navigate("pegawai")

    # --- 5. import a SIASN export with two bad rows from Beranda's button: the bad rows are shown with
    # row and column, then skipped; the rest goes in
    path = _siasn_file(tmp_path / "siasn.xlsx")
    window.navigate("beranda")
    seen: dict[str, Any] = {}

    def run_wizard(wctx: AppContext, parent: Any = None, **_kw: Any) -> bool:
        wizard_i = ImportWizard(wctx, parent)
        qtbot.addWidget(wizard_i)
        wizard_i.resize(1000, 680)
        wizard_i.show()
        wizard_i.choose_file(path)

        def next_page(index: int) -> None:
            qtbot.mouseClick(wizard_i.next_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: not wizard_i.busy and wizard_i.page_index == index, timeout=30_000)

        next_page(PAGE_MAPPING)
        next_page(PAGE_PREVIEW)
        preview = wizard_i.preview_page
        assert "28" in preview.count_labels["baru"].text()
        assert "2" in preview.count_labels["tidak_valid"].text()
        _shot(wizard_i, "06_impor_pratinjau")
        qtbot.mouseClick(preview.create_all_button, Qt.MouseButton.LeftButton)
        next_page(PAGE_RESULT)
        seen["wizard"] = wizard_i
        return bool(wizard_i.committed)

    monkeypatch.setattr(import_wizard_module, "run_import_wizard", run_wizard)
    qtbot.mouseClick(beranda.import_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    wizard_i = seen["wizard"]
    assert wizard_i.committed and wizard_i.result.created == 28
    assert "tersimpan" in wizard_i.result_page.summary_label.text()
    # the result says what to do with the 2 skipped rows and saves them from right there
    result_page = wizard_i.result_page
    assert "2 baris tidak valid belum masuk" in result_page.summary_label.text()
    assert result_page.save_errors_button.isVisibleTo(result_page)
    errors_file = tmp_path / "baris_galat.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(errors_file), "")))
    qtbot.mouseClick(result_page.save_errors_button, Qt.MouseButton.LeftButton)
    assert errors_file.exists() and "2 baris galat disimpan" in result_page.status_label.text()
    _shot(wizard_i, "07_impor_hasil")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Pegawai)) == 28
    _settle(window, qtbot)
    qtbot.waitUntil(lambda: not beranda.empty_banner.isVisibleTo(beranda), timeout=5000)  # type: ignore[attr-defined]
    assert beranda.cards["aktif"].value.text() != "0"  # type: ignore[attr-defined]
    _shot(window, "07b_beranda_terisi")
    window.navigate("pegawai")
    _settle(window, qtbot)

    # --- 6. the list (refreshed by the import): count, search, filter
    assert pegawai_page.model.total == 28
    assert pegawai_page.count_label.text().startswith("28 pegawai")
    name_row = ps.get_pegawai(db, operator, pegawai_page.model.row_at(0).id)
    word = str(name_row.values["nama"]).split()[0].lower()
    pegawai_page.search.setText(word)
    pegawai_page.apply_filter(background=False)
    assert 1 <= pegawai_page.model.total < 28
    pegawai_page.search.setText("tidak-ada-yang-begini")
    pegawai_page.apply_filter(background=False)
    assert pegawai_page.count_label.text() == "Tidak ada pegawai yang cocok"
    pegawai_page.reset_filters()
    _settle(window, qtbot)
    assert pegawai_page.model.total == 28
    _shot(window, "08_pegawai_terisi")

    # --- 7. open a pegawai: a wrong NIP is refused next to the field, a right one saves
    target = pegawai_page.model.row_at(0)
    dialog_p = PegawaiDialog(ctx, target.id)
    qtbot.addWidget(dialog_p)
    dialog_p.show()
    good_nip = dialog_p.form.nip.text()
    dialog_p.form.nip.clear()
    qtbot.keyClicks(dialog_p.form.nip, good_nip[:-2])
    assert not dialog_p.save()
    assert "18 digit" in dialog_p.form.error_text("nip")
    assert dialog_p.form.nip_info.text() == ""  # said once, not twice
    _shot(dialog_p, "09_pegawai_nip_salah")
    dialog_p.form.nip.clear()
    qtbot.keyClicks(dialog_p.form.nip, good_nip)
    assert dialog_p.form.error_text("nip") == "" and "NIP valid" in dialog_p.form.nip_info.text()
    dialog_p.form.fields["telepon"].clear()
    qtbot.keyClicks(dialog_p.form.fields["telepon"], "081200001111")
    assert dialog_p.save()
    assert ps.get_pegawai(db, operator, target.id).values["telepon"] == "081200001111"

    # SKP and riwayat jabatan rows
    skp = RiwayatRowDialog(ctx, "skp", target.id, None, None)
    qtbot.addWidget(skp)
    assert not skp.save()
    assert "wajib diisi" in skp.form.error_text("tahun")
    qtbot.keyClicks(skp.form.fields["tahun"], "2024")
    skp.form.fields["skala"].set_value("PREDIKAT")  # type: ignore[attr-defined]
    skp.form.fields["predikat"].set_value("BAIK")  # type: ignore[attr-defined]
    assert skp.save(), {n: skp.form.error_text(n) for n in skp.form.errors}
    jab = RiwayatRowDialog(ctx, "jabatan", target.id, None, None)
    qtbot.addWidget(jab)
    qtbot.keyClicks(jab.form.fields["jabatan_nama"], "Analis Kepegawaian Ahli Pertama")
    qtbot.keyClicks(jab.form.fields["unit_nama"], "Bidang Mutasi")
    qtbot.keyClicks(jab.form.fields["tmt_jabatan"], "01-03-2020")
    assert jab.save(), jab.general_error.text()
    detail = ps.get_pegawai(db, operator, target.id)
    assert any(r.values["tahun"] == 2024 for r in detail.riwayat["skp"])
    assert any(r.values["jabatan_nama"] == "Analis Kepegawaian Ahli Pertama" for r in detail.riwayat["jabatan"])

    # leaving with unsaved changes asks first; Batal keeps the form open
    qtbot.keyClicks(dialog_p.form.fields["nama"], " X")
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog_p, Qt.Key.Key_Escape)
    assert asked and "belum disimpan" in asked[0] and dialog_p.isVisible()
    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    dialog_p.reject()
    assert not dialog_p.isVisible()
    assert ps.get_pegawai(db, operator, target.id).values["nama"] == detail.values["nama"]

    # --- 8. Organisasi & Formasi: add a unit, rename it, move it, set kebutuhan
    window.navigate("organisasi")
    _settle(window, qtbot)
    org_page: Any = window.current_page()
    opds = [u for u in org.list_units(db, operator) if u.parent_id is None]
    assert len(opds) >= 2

    def fill_new(d: FormDialog) -> None:
        d.form.fields["nama"].setText("Seksi Uji Coba")  # type: ignore[attr-defined]

    org_page.select_unit(opds[0].id)
    _drive_form_dialog(monkeypatch, fill_new)
    org_page.add_unit(top=False)
    new_id = org_page.current_unit_id()
    assert org_page.units[new_id].nama == "Seksi Uji Coba" and org_page.units[new_id].parent_id == opds[0].id

    def fill_rename(d: FormDialog) -> None:
        d.form.fields["nama"].setText("Seksi Pengembangan")  # type: ignore[attr-defined]

    _drive_form_dialog(monkeypatch, fill_rename)
    org_page.edit_unit()
    assert org_page.units[new_id].nama == "Seksi Pengembangan"

    def fill_move(d: FormDialog) -> None:
        d.form.fields["parent_id"].set_value(opds[1].id)  # type: ignore[attr-defined]

    _drive_form_dialog(monkeypatch, fill_move)
    org_page.move_unit()
    assert org_page.units[new_id].parent_id == opds[1].id
    jabatan = org.list_jabatan(db, operator)[0]
    org.save_formasi(db, operator, unit_id=new_id, jabatan_id=jabatan.id, kebutuhan=1)
    org_page.select_unit(new_id)
    org_page.reload_formasi()
    org_page.formasi_view.selectRow(0)

    def fill_kebutuhan(d: FormDialog) -> None:
        d.form.fields["kebutuhan"].setText("tiga")  # type: ignore[attr-defined]
        assert not d.save() and "bilangan bulat" in d.form.error_text("kebutuhan")
        d.form.fields["kebutuhan"].setText("3")  # type: ignore[attr-defined]

    _drive_form_dialog(monkeypatch, fill_kebutuhan)
    org_page.edit_formasi()
    assert [f.kebutuhan for f in org.list_formasi(db, operator, new_id)] == [3]
    _shot(window, "10_organisasi")

    # --- 9. the administrator: reset a password, the audit trail, a backup
    siti = next(u for u in accounts_service.list_users(db, admin.actor) if u.username == "operator.siti")
    reset = ResetPasswordDialog(db, admin.actor, siti)
    qtbot.addWidget(reset)
    qtbot.keyClicks(reset.password, OPERATOR_PW + "-baru")
    qtbot.keyClicks(reset.repeat, OPERATOR_PW + "-lain")
    assert not reset.save() and "tidak sama" in reset.message.text()
    reset.repeat.clear()
    qtbot.keyClicks(reset.repeat, OPERATOR_PW + "-baru")
    assert reset.save()
    assert accounts_service.login(db, "operator.siti", OPERATOR_PW + "-baru").harus_ganti_password
    admin_window = _window(admin_ctx, qtbot)
    admin_window.navigate("pengaturan")
    _settle(admin_window, qtbot)
    _shot(admin_window, "11_pengaturan")
    audit = AuditPage(db, admin.actor)
    qtbot.addWidget(audit)
    audit.resize(1050, 600)
    audit.show()
    actions = {audit.model.row_at(r).aksi for r in range(audit.model.rowCount())}
    assert "LOGIN_GAGAL" in actions  # the wrong password of this morning is in the trail
    _shot(audit, "12_audit")
    backup = BackupPage(db, admin.actor, tasks)
    qtbot.addWidget(backup)
    backup.show()
    assert backup.empty_hint.isVisibleTo(backup) and "Belum ada cadangan" in backup.empty_hint.text()
    target_file = tmp_path / "cadangan" / "hari-pertama.db"
    target_file.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target_file), "")))
    backup.encrypt.setChecked(False)
    backup.make_backup()
    qtbot.waitUntil(lambda: target_file.exists() and "Cadangan dibuat" in backup.message.text(), timeout=15_000)
    _shot(backup, "13_cadangan")
    admin_window.close()

    # --- 10. a Pembaca: no write buttons, exports masked
    dialog = UserDialog(db, admin.actor, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "pembaca.budi")
    qtbot.keyClicks(dialog.nama, "Budi Pembaca")
    qtbot.keyClicks(dialog.password, READER_PW)
    qtbot.keyClicks(dialog.repeat, READER_PW)
    dialog.role_checks[Peran.PEMBACA].setChecked(True)
    assert dialog.save()
    reader_sesi = _login(db, qtbot, "pembaca.budi", READER_PW).sesi
    assert reader_sesi is not None
    reader_ctx = AppContext(db=db, actor=reader_sesi.actor, tasks=tasks)
    reader_window = _window(reader_ctx, qtbot)
    reader_beranda: Any = reader_window.current_page()
    assert not reader_beranda.import_button.isVisibleTo(reader_beranda)
    assert not reader_window.import_action.isVisible()  # Berkas › Impor is not offered at all
    reader_window.navigate("pegawai")
    _settle(reader_window, qtbot)
    reader_list: Any = reader_window.current_page()
    assert not reader_window.actions_by_command["new"].isEnabled()  # "Baru" greyed, not a silent no-op
    texts = {b.text() for b in reader_list.findChildren(type(reader_list.reset_button)) if b.isVisibleTo(reader_list)}
    assert "Tambah pegawai" not in texts and "Ekspor tampilan…" in texts
    reader_dialog = PegawaiDialog(reader_ctx, target.id)
    qtbot.addWidget(reader_dialog)
    assert not reader_dialog.save_button.isVisibleTo(reader_dialog)
    assert not reader_dialog.riwayat_tabs["skp"].add_button.isVisibleTo(reader_dialog)
    _shot(reader_window, "14_pembaca_pegawai")
    export_file = tmp_path / "pegawai-pembaca.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(export_file), "")))
    said = _answer(monkeypatch, QMessageBox.StandardButton.Ok)
    reader_list.export_current_view()
    qtbot.waitUntil(lambda: bool(said), timeout=15_000)
    assert "Ekspor selesai" in said[0], said
    cells = [str(c) for row in load_workbook(export_file, read_only=True).active.iter_rows(values_only=True)
             for c in row if c is not None]
    assert any("disamarkan" in c for c in cells)
    assert "081200001111" not in cells  # the telephone typed above is private data
    reader_window.close()
    window.close()



def test_saving_the_form_does_not_turn_unknown_nik_into_a_change(empty_ctx: AppContext, qtbot: Any) -> None:
    """A clerk who only types a phone number must not see 'nik, nip_lama' changed in the audit trail."""
    from datetime import date

    from mutasi_desktop.services import audit_service

    values = ps.empty_values()
    values.update(nip="199002142015031002", nama="Bima Sakti", tanggal_lahir=date(1990, 2, 14), jenis_kelamin="L")
    created = ps.create_pegawai(empty_ctx.db, empty_ctx.actor, values)
    dialog = PegawaiDialog(empty_ctx, created.id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.form.fields["telepon"], "0812")
    assert dialog.save()
    with empty_ctx.db.session() as s:
        row = s.get(Pegawai, created.id)
        assert row is not None and row.nik is None and row.nip_lama is None
    latest = audit_service.list_entries(empty_ctx.db, empty_ctx.actor)[0]
    assert latest.perubahan is not None and set(latest.perubahan["kolom"]) == {"telepon"}


def test_empty_history_tab_says_so_and_edit_needs_a_chosen_row(empty_ctx: AppContext, qtbot: Any) -> None:
    from datetime import date

    values = ps.empty_values()
    values.update(nip="199002142015031002", nama="Bima Sakti", tanggal_lahir=date(1990, 2, 14), jenis_kelamin="L")
    created = ps.create_pegawai(empty_ctx.db, empty_ctx.actor, values)
    dialog = PegawaiDialog(empty_ctx, created.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "· ·" not in dialog.header.text()  # no golongan/jabatan/unit yet: no empty separators
    tab = dialog.riwayat_tabs["skp"]
    assert not tab.empty_hint.isHidden() and "Belum ada data SKP" in tab.empty_hint.text()
    assert "Tambah" in tab.empty_hint.text()
    assert not tab.edit_button.isEnabled() and not tab.delete_button.isEnabled()
    ps.save_riwayat(empty_ctx.db, empty_ctx.actor, "skp", created.id,
                    {"tahun": 2024, "skala": "PREDIKAT", "predikat": "BAIK"})
    dialog.load()
    assert tab.empty_hint.isHidden()
    tab.table.selectRow(0)
    assert tab.edit_button.isEnabled() and tab.delete_button.isEnabled()


def test_empty_beranda_for_a_reader_says_who_fills_the_data(empty_ctx: AppContext, qtbot: Any) -> None:
    from dataclasses import replace

    from mutasi_desktop.domain.roles import Actor
    from mutasi_desktop.ui.beranda.beranda_page import BerandaPage

    reader = replace(empty_ctx, actor=Actor(username="baca", nama="Pembaca", peran=frozenset({Peran.PEMBACA})),
                     tasks=None)
    page = BerandaPage(reader)
    qtbot.addWidget(page)
    assert page.empty_banner.isVisibleTo(page) and "Operator" in page.empty_label.text()
    assert not page.import_button.isVisibleTo(page)


def test_export_onto_a_file_open_in_excel_says_so_in_indonesian(empty_ctx: AppContext, qtbot: Any,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    from mutasi_desktop.ui.pegawai import pegawai_page as page_module
    from mutasi_desktop.ui.pegawai.pegawai_page import PegawaiPage

    target = tmp_path / "pegawai.xlsx"

    def locked_writer(*_a: Any, **_k: Any) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(page_module, "find_export_writer", lambda: locked_writer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    said = _answer(monkeypatch, QMessageBox.StandardButton.Ok)
    page = PegawaiPage(empty_ctx)
    qtbot.addWidget(page)
    page.export_current_view()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said[0].startswith("Ekspor gagal") and "dibuka di Excel" in said[0] and "pegawai.xlsx" in said[0]
    assert "Permission denied" not in said[0]


def test_enter_saves_and_escape_cancels_a_unit_form(qtbot: Any) -> None:
    from mutasi_desktop.ui.widgets.form_fields import TextField

    saved: list[dict[str, Any]] = []
    dialog = FormDialog("Tambah OPD", lambda v: saved.append(v) or v)
    qtbot.addWidget(dialog)
    dialog.form.add_field("nama", "Nama unit", TextField(), required=True)
    dialog.show()
    qtbot.keyClicks(dialog.form.fields["nama"], "Dinas Baru")
    qtbot.keyClick(dialog.form.fields["nama"], Qt.Key.Key_Return)
    assert saved and saved[0]["nama"] == "Dinas Baru" and not dialog.isVisible()
    again = FormDialog("Tambah OPD", lambda v: saved.append(v) or v)
    qtbot.addWidget(again)
    again.form.add_field("nama", "Nama unit", TextField(), required=True)
    again.show()
    qtbot.keyClick(again.form.fields["nama"], Qt.Key.Key_Escape)
    assert not again.isVisible() and len(saved) == 1


def test_dialogs_fit_the_screen(qapp: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    from mutasi_desktop.ui.widgets.screen_fit import MARGIN_H, MARGIN_W, fitted_size

    available = QGuiApplication.primaryScreen().availableGeometry()
    width, height = fitted_size(5000, 5000)
    assert (width, height) == (available.width() - MARGIN_W, available.height() - MARGIN_H)
    assert fitted_size(300, 200) == (300, 200)  # small dialogs keep their size


def test_enter_after_the_user_name_moves_to_the_password_without_a_failed_attempt(db: Database, qtbot: Any) -> None:
    from mutasi_desktop.db.models import AuditLog
    from tests.db.security_helpers import setup_office

    setup_office(db)
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.aksi == "LOGIN_GAGAL"))
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.sesi is None and not dialog.message.isVisible()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.aksi == "LOGIN_GAGAL")) == before
