"""Backups: make one (optionally encrypted), restore one, and the automatic daily backup."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin
from mutasi_desktop.services import backup_service
from mutasi_desktop.services.backup_service import BackupInfo, BackupSettings, InstansiBerbeda, RestoreResult
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel
from mutasi_desktop.ui.security.background import run_in_background
from mutasi_desktop.ui.security.password_dialog import password_field
from mutasi_desktop.ui.widgets.errors import pesan_galat
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, n // 1024)} KB"


def backup_columns() -> list[Column]:
    return [
        Column("Berkas", lambda b: b.path.name),
        Column("Waktu", lambda b: b.dibuat.strftime("%d-%m-%Y %H:%M") if b.dibuat else "",
               sort_key=lambda b: b.dibuat or datetime.min),
        Column("Ukuran", lambda b: _size(b.ukuran), sort_key=lambda b: b.ukuran, align_right=True),
        Column("Terenkripsi", lambda b: "Ya" if b.terenkripsi else "Tidak"),
        Column("Instansi", lambda b: b.instansi_nama),
    ]


class BackupPasswordDialog(QDialog):
    """Asks a backup password (twice when making a backup)."""

    def __init__(self, *, confirm: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confirm = confirm
        self.setWindowTitle(self.tr("Kata sandi cadangan"))
        intro = QLabel(self.tr("Kata sandi ini diperlukan untuk memulihkan cadangan. Tanpa kata sandi, isi cadangan "
                               "tidak dapat dibaca siapa pun – simpan dengan aman.") if confirm
                       else self.tr("Cadangan ini terenkripsi. Masukkan kata sandinya."))
        intro.setWordWrap(True)
        self.password = password_field("password")
        self.repeat = password_field("ulang")
        form = QFormLayout()
        form.addRow(self.tr("Kata sandi"), self.password)
        if confirm:
            form.addRow(self.tr("Ulangi"), self.repeat)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def check(self) -> None:
        if self.confirm and len(self.password.text()) < backup_service.MIN_BACKUP_PASSWORD:
            self._show(self.tr("Kata sandi cadangan minimal %1 karakter.")
                       .replace("%1", str(backup_service.MIN_BACKUP_PASSWORD)))
        elif self.confirm and self.password.text() != self.repeat.text():
            self._show(self.tr("Kata sandi dan ulangannya tidak sama."))
        else:
            self.accept()

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class BackupPage(QWidget):
    def __init__(self, db: Database, actor: Actor, tasks: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.tasks = db, actor, tasks

        manual = QGroupBox(self.tr("Cadangan manual"))
        self.encrypt = QCheckBox(self.tr("Enkripsi dengan kata sandi (untuk dibawa dengan flashdisk)"))
        self.backup_button = QPushButton(self.tr("Buat cadangan…"))
        self.backup_button.clicked.connect(self.make_backup)
        self.restore_button = QPushButton(self.tr("Pulihkan dari cadangan…"))
        self.restore_button.clicked.connect(self.restore)
        self.restore_button.setEnabled(actor.can(Izin.PULIHKAN))
        note = QLabel(self.tr("Cadangan dibuat sebagai salinan utuh yang konsisten, juga saat aplikasi dipakai. "
                              "Sebelum pemulihan, isi basis data saat ini selalu disimpan sebagai cadangan."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #4a5568;")
        manual_layout = QVBoxLayout(manual)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.encrypt)
        row.addStretch(1)
        row.addWidget(self.restore_button)
        manual_layout.addLayout(row)
        manual_layout.addWidget(note)

        auto = QGroupBox(self.tr("Cadangan otomatis harian"))
        self.auto_enabled = QCheckBox(self.tr("Buat cadangan otomatis sekali sehari saat aplikasi dibuka"))
        self.folder = QLineEdit()
        self.folder.setObjectName("folder")
        self.folder.setPlaceholderText(self.tr("bawaan: folder 'backups' di samping basis data"))
        browse = QPushButton(self.tr("Pilih…"))
        browse.clicked.connect(self.choose_folder)
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setSuffix(self.tr(" cadangan"))
        save = QPushButton(self.tr("Simpan pengaturan"))
        save.clicked.connect(self.save_settings)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout(auto)
        form.addRow(self.auto_enabled)
        form.addRow(self.tr("Folder"), folder_row)
        form.addRow(self.tr("Simpan paling banyak"), self.keep)
        form.addRow("", save)

        self.model = RecordTableModel(backup_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.empty_hint = QLabel()  # an empty list says why and what to do
        self.empty_hint.setObjectName("backupEmptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #4a5568;")
        self.empty_hint.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(manual)
        layout.addWidget(auto)
        layout.addWidget(QLabel(self.tr("Cadangan di folder otomatis")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.message)
        self.load_settings()

    # --- settings
    def load_settings(self) -> None:
        settings = backup_service.get_backup_settings(self.db)
        self.auto_enabled.setChecked(settings.otomatis)
        self.folder.setText(settings.folder)
        self.keep.setValue(settings.simpan)
        self.refresh_list()

    def refresh_list(self) -> None:
        try:
            folder = backup_service.auto_backup_folder(self.db)
        except DomainError as exc:
            self.message.setText(exc.message)
            return
        self.model.set_rows(backup_service.list_backups(folder))
        self.empty_hint.setText(self.tr("Belum ada cadangan di %1. Cadangan otomatis dibuat sekali sehari saat "
                                        "aplikasi dibuka; klik \"Buat cadangan…\" untuk membuat sekarang.")
                                .replace("%1", str(folder)))
        self.empty_hint.setVisible(self.model.rowCount() == 0)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder cadangan otomatis"), self.folder.text())
        if path:
            self.folder.setText(path)

    def save_settings(self) -> None:
        try:
            backup_service.set_backup_settings(
                self.db, self.actor, BackupSettings(self.auto_enabled.isChecked(), self.folder.text(), self.keep.value()))
        except DomainError as exc:
            self._message(exc.message, error=True)
            return
        self._message(self.tr("Pengaturan cadangan disimpan."))
        self.refresh_list()

    def _message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    # --- manual backup
    def make_backup(self) -> None:
        password: str | None = None
        if self.encrypt.isChecked():
            dialog = BackupPasswordDialog(confirm=True, parent=self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            password = dialog.password.text()
        suffix = backup_service.ENCRYPTED_SUFFIX if password else ".db"
        suggested = f"mutasi-cadangan-{datetime.now():%Y%m%d-%H%M}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan cadangan"), suggested,
                                              self.tr("Cadangan Mutasi (*%1)").replace("%1", suffix))
        if path:
            self.backup_to(Path(path), password)

    def backup_to(self, target: Path, password: str | None) -> None:
        run_in_background(
            self.tasks, self,
            lambda task: backup_service.create_backup(
                self.db, self.actor, target, password=password,
                progress=(lambda d, t: task.progress(d, t)) if task is not None else None),
            success=lambda info: self._backup_done(info),
            failure=lambda exc: self._message(pesan_galat(exc), error=True),
            title=self.tr("Membuat cadangan"),
        )

    def _backup_done(self, info: BackupInfo) -> None:
        self._message(self.tr("Cadangan dibuat: %1 (%2).").replace("%1", str(info.path)).replace("%2", _size(info.ukuran)))
        self.refresh_list()

    # --- restore
    def restore(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih berkas cadangan"), "",
                                              self.tr("Cadangan Mutasi (*.db *.mbak)"))
        if path:
            self.restore_from(Path(path))

    def restore_from(self, source: Path, *, password: str | None = None, paksa: bool = False,
                     confirmed: bool = False) -> None:
        try:
            info = backup_service.inspect_backup(source)
            backup_service.refuse_newer(info.revisi)  # before asking for a password
        except DomainError as exc:
            self._message(exc.message, error=True)
            return
        if info.terenkripsi and password is None:
            dialog = BackupPasswordDialog(confirm=False, parent=self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            password = dialog.password.text()
        if not confirmed:
            when = info.dibuat.strftime("%d-%m-%Y %H:%M") if info.dibuat else "?"
            answer = QMessageBox.question(
                self, self.tr("Pulihkan basis data"),
                self.tr("Ganti seluruh isi basis data dengan cadangan ini?\n\nBerkas: %1\nDibuat: %2\nInstansi: %3\n\n"
                        "Isi saat ini disimpan dahulu sebagai cadangan.")
                .replace("%1", source.name).replace("%2", when).replace("%3", info.instansi_nama or "-"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)  # Enter must not replace the whole database
            if answer != QMessageBox.StandardButton.Yes:
                return

        def failed(exc: BaseException) -> None:
            if isinstance(exc, InstansiBerbeda) and not paksa:
                again = QMessageBox.warning(
                    self, self.tr("Instansi berbeda"), exc.message + "\n\n" + self.tr("Tetap pulihkan?"),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
                if again == QMessageBox.StandardButton.Yes:
                    self.restore_from(source, password=password, paksa=True, confirmed=True)
                return
            self._message(pesan_galat(exc), error=True)

        run_in_background(
            self.tasks, self,
            lambda _t: backup_service.restore_backup(self.db, self.actor, source, password=password, paksa=paksa),
            success=self._restored, failure=failed, title=self.tr("Memulihkan basis data"),
        )

    def _restored(self, result: RestoreResult) -> None:
        previous = result.cadangan_sebelumnya.name if result.cadangan_sebelumnya else "-"
        self._message(self.tr("Basis data dipulihkan. Isi sebelumnya disimpan sebagai %1.").replace("%1", previous))
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Pemulihan selesai"))
        box.setText(self.tr("Basis data telah dipulihkan. Aplikasi akan ditutup; buka kembali untuk memakai data "
                            "yang dipulihkan."))
        box.setInformativeText(self.tr("Isi sebelumnya disimpan sebagai %1.").replace("%1", previous))
        box.exec()
        app = QApplication.instance()
        if app is not None and not getattr(self, "stay_open_after_restore", False):
            app.quit()
