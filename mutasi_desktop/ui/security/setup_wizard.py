"""First start: the instansi profile and the first Administrator, saved together at the end."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mutasi_desktop import APP_NAME
from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services import accounts_service
from mutasi_desktop.services.accounts_service import InstansiProfil, Sesi
from mutasi_desktop.ui.security.password_dialog import password_field
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE


def _line(name: str, placeholder: str = "", max_length: int = 200) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setMaxLength(max_length)
    return field


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("message")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class InstansiPage(QWizardPage):
    def __init__(self, existing: InstansiProfil | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Profil instansi"))
        self.setSubTitle(self.tr("Data ini tampil pada kop surat keputusan dan dapat diubah kemudian di Pengaturan."))
        self.nama_daerah = _line("nama_daerah", self.tr("mis. Kabupaten Sukamaju"), 120)
        self.jenis = QComboBox()
        self.jenis.setObjectName("jenis")
        for code, label in (("KABUPATEN", self.tr("Kabupaten")), ("KOTA", self.tr("Kota")),
                            ("PROVINSI", self.tr("Provinsi"))):
            self.jenis.addItem(label, code)
        self.provinsi = _line("provinsi", self.tr("mis. Jawa Barat"), 120)
        self.ibu_kota = _line("ibu_kota", "", 120)
        self.kode = _line("kode", self.tr("kode wilayah/instansi, mis. 3299"), 20)
        self.nama_bkpsdm = _line("nama_bkpsdm", self.tr("Badan Kepegawaian dan Pengembangan SDM"))
        self.kepala_daerah = _line("kepala_daerah", self.tr("nama bupati/wali kota/gubernur"))
        self.alamat = QPlainTextEdit()
        self.alamat.setObjectName("alamat")
        self.alamat.setFixedHeight(56)
        self.message = _error_label()
        form = QFormLayout()
        form.addRow(self.tr("Nama daerah *"), self.nama_daerah)
        form.addRow(self.tr("Jenis"), self.jenis)
        form.addRow(self.tr("Provinsi"), self.provinsi)
        form.addRow(self.tr("Ibu kota"), self.ibu_kota)
        form.addRow(self.tr("Kode instansi"), self.kode)
        form.addRow(self.tr("Nama BKD/BKPSDM"), self.nama_bkpsdm)
        form.addRow(self.tr("Kepala daerah"), self.kepala_daerah)
        form.addRow(self.tr("Alamat kantor"), self.alamat)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.nama_daerah.textChanged.connect(self.message.hide)
        if existing is not None:
            self.nama_daerah.setText(existing.nama_daerah)
            self.jenis.setCurrentIndex(max(0, self.jenis.findData(existing.jenis)))
            self.provinsi.setText(existing.provinsi)
            self.ibu_kota.setText(existing.ibu_kota)
            self.kode.setText(existing.kode)
            self.nama_bkpsdm.setText(existing.nama_bkpsdm)
            self.kepala_daerah.setText(existing.kepala_daerah_nama)
            self.alamat.setPlainText(existing.alamat)

    def profil(self) -> InstansiProfil:
        return InstansiProfil(
            nama_daerah=self.nama_daerah.text(), jenis=str(self.jenis.currentData()), provinsi=self.provinsi.text(),
            ibu_kota=self.ibu_kota.text(), alamat=self.alamat.toPlainText(), kode=self.kode.text(),
            nama_bkpsdm=self.nama_bkpsdm.text(), kepala_daerah_nama=self.kepala_daerah.text(),
        )

    def validatePage(self) -> bool:
        if not self.nama_daerah.text().strip():
            self.message.setText(self.tr("Nama daerah wajib diisi (misalnya 'Kabupaten Sukamaju')."))
            self.message.show()
            return False
        self.message.hide()
        return True


class AdminPage(QWizardPage):
    def __init__(self, min_length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Administrator pertama"))
        self.setSubTitle(self.tr("Akun ini mengelola pengguna lain, pengaturan, dan cadangan. Simpan kata sandinya "
                                 "dengan aman: tanpa administrator, akun lain tidak dapat diatur ulang."))
        self.nama = _line("nama", self.tr("nama lengkap"))
        self.nip = _line("nip", self.tr("opsional"), 18)
        self.username = _line("username", self.tr("mis. admin.bkpsdm"), 64)
        self.password = password_field("password")
        self.repeat = password_field("ulang")
        hint = QLabel(self.tr("Kata sandi minimal %1 karakter.").replace("%1", str(min_length)))
        hint.setStyleSheet("color: #4a5568;")
        self.message = _error_label()
        form = QFormLayout()
        form.addRow(self.tr("Nama lengkap *"), self.nama)
        form.addRow(self.tr("NIP"), self.nip)
        form.addRow(self.tr("Nama pengguna *"), self.username)
        form.addRow(self.tr("Kata sandi *"), self.password)
        form.addRow(self.tr("Ulangi kata sandi *"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        for field in (self.nama, self.nip, self.username, self.password, self.repeat):
            field.textEdited.connect(lambda _t: self.message.hide())  # an old complaint goes once the clerk edits

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class SetupWizard(QWizard):
    """Runs once, on a database without users. ``sesi`` is the signed-in administrator afterwards."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.sesi: Sesi | None = None
        self.setWindowTitle(self.tr("Penyiapan awal – %1").replace("%1", APP_NAME))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        policy = accounts_service.get_policy(db)
        self.instansi_page = InstansiPage(accounts_service.current_instansi(db))
        self.admin_page = AdminPage(policy.min_length)
        self.addPage(self.instansi_page)
        self.addPage(self.admin_page)
        self.setMinimumSize(620, 480)

    def validateCurrentPage(self) -> bool:
        # Everything is saved in one transaction when the last page is confirmed.
        if self.currentPage() is self.admin_page:
            return self._finish()
        return super().validateCurrentPage()

    def _finish(self) -> bool:
        page = self.admin_page
        if page.password.text() != page.repeat.text():
            page.show_message(self.tr("Kata sandi dan ulangannya tidak sama."))
            return False
        try:
            self.sesi = accounts_service.complete_setup(
                self.db, instansi=self.instansi_page.profil(), username=page.username.text(),
                nama=page.nama.text(), password=page.password.text(), nip=page.nip.text() or None,
            )
        except DomainError as exc:
            if exc.field in ("nama_daerah", "jenis"):
                self.back()
                self.instansi_page.message.setText(exc.message)
                self.instansi_page.message.show()
            else:
                page.show_message(exc.message)
            return False
        return True
