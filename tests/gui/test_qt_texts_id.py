from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from mutasi_desktop.ui.qt_texts_id import install


def test_standard_buttons_speak_indonesian(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    translator = install(qapp)
    try:
        box = QMessageBox(QMessageBox.Icon.Question, "Konfirmasi", "Buang perubahan?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        qtbot.addWidget(box)
        texts = {b.text().replace("&", "") for b in box.buttons()}
        assert texts == {"Ya", "Tidak"}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(buttons)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Batal"
        # Everything else keeps its own text (an empty answer would blank every label of the app).
        assert QCoreApplication.translate("Navigasi", "Beranda") == "Beranda"
        assert QCoreApplication.translate("QMessageBox", "Teks yang tidak dikenal") == "Teks yang tidak dikenal"
    finally:
        qapp.removeTranslator(translator)


def test_main_window_keeps_its_texts_with_the_translator_installed(qapp, qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QListWidget

    from mutasi_desktop.ui.main_window import MainWindow

    translator = install(qapp)
    try:
        window = MainWindow(demo_ctx)
        qtbot.addWidget(window)
        sidebar = window.findChild(QListWidget, "sidebar")
        texts = [sidebar.item(i).text() for i in range(sidebar.count())]
        assert "Beranda" in texts and all(texts)
    finally:
        qapp.removeTranslator(translator)


def test_right_click_menus_and_qt_file_dialog_speak_indonesian(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSpinBox

    translator = install(qapp)
    try:
        # A clerk right-clicks a NIP to copy it: the menu must not read "Copy / Paste / Select All".
        for editor in (QLineEdit("199002142015031002"), QPlainTextEdit("catatan")):
            qtbot.addWidget(editor)
            menu = editor.createStandardContextMenu()
            texts = [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()]
            assert {"Salin", "Tempel", "Pilih Semua", "Urungkan"} <= set(texts), texts
            assert not {"Copy", "Paste", "Select All", "Undo"} & set(texts)
        spin = QSpinBox()
        qtbot.addWidget(spin)
        assert QCoreApplication.translate("QAbstractSpinBox", "&Step up") == "&Naikkan"
        dialog = QFileDialog(None, "Simpan ekspor")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(dialog)
        labels = {label.text() for label in dialog.findChildren(QLabel)}
        assert {"&Lihat di:", "&Nama berkas:", "&Jenis berkas:"} <= labels, labels
        assert "&Simpan" in {b.text() for b in dialog.findChildren(QPushButton)}
        # Re-exporting to the same file asks in Indonesian before overwriting.
        assert QCoreApplication.translate("QFileDialog", "%1 already exists.\nDo you want to replace it?").startswith(
            "%1 sudah ada.")
    finally:
        qapp.removeTranslator(translator)


def test_calendar_pop_ups_name_months_in_indonesian(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate, QLocale
    from PySide6.QtWidgets import QDateEdit

    from mutasi_desktop.ui.qt_texts_id import use_indonesian_locale

    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))  # an English Windows
    try:
        use_indonesian_locale()
        edit = QDateEdit(QDate(2026, 1, 5))  # as on the Tetapkan SK dialog
        edit.setCalendarPopup(True)
        qtbot.addWidget(edit)
        calendar = edit.calendarWidget()
        assert calendar.locale().monthName(1) == "Januari"
        assert calendar.locale().dayName(1) == "Senin"
    finally:
        QLocale.setDefault(previous)
    # The application sets it at start-up, also on a machine whose language is English.
    child = ("from PySide6.QtCore import QLocale; from mutasi_desktop.ui.app import make_application; "
             "make_application(); print(QLocale().monthName(8))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    out = subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, text=True, timeout=60,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "Agustus"
