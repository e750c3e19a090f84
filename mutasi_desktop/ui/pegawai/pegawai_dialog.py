"""Pegawai detail and form: data utama plus one tab per history table and the usul mutasi.

Typing a NIP decodes it at once: the birth date and sex are filled when empty and cross-checked
when already typed. Saving sends the version that was loaded; another clerk's change in between
is reported by name. Closing with unsaved changes asks first.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.services import pegawai_service
from mutasi_desktop.services.dto.validasi import ValidasiGagal
from mutasi_desktop.services.pegawai_query import KEDUDUKAN_KODE, STATUS_KEPEGAWAIAN_KODE
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.labels import kedudukan_labels, label, status_labels, tanggal, usul_status_labels
from mutasi_desktop.ui.pegawai.lookups import Lookups
from mutasi_desktop.ui.pegawai.riwayat_widgets import RiwayatTab, riwayat_titles
from mutasi_desktop.ui.record_table_model import ROW_ROLE, Column, RecordTableModel
from mutasi_desktop.ui.widgets.form_fields import (
    ERROR_STYLE,
    OK_STYLE,
    WARNING_STYLE,
    CodeCombo,
    DateField,
    TextArea,
    TextField,
    ValidatedForm,
    make_input,
)
from mutasi_desktop.ui.widgets.screen_fit import resize_to_fit


class PegawaiForm(ValidatedForm):
    """The data utama fields (view). The dialog reacts to them."""

    def __init__(self, lookups: Lookups | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        look = lookups.choices if lookups else None
        status, kedudukan = status_labels(), kedudukan_labels()
        self.add_section(self.tr("Identitas"))
        self.nip = self.add_field("nip", self.tr("NIP / NI PPPK"), TextField(), required=True)
        self.nip.setMaxLength(24)
        self.nip_info = QLabel()
        self.nip_info.setObjectName("nipInfo")
        self.nip_info.setWordWrap(True)
        self.nip_info.setMinimumWidth(420)
        self.form.addRow("", self.nip_info)
        self.add_field("nama", self.tr("Nama (tanpa gelar)"), TextField(), required=True)
        self.add_field("gelar_depan", self.tr("Gelar depan"), TextField())
        self.add_field("gelar_belakang", self.tr("Gelar belakang"), TextField())
        self.add_field("tempat_lahir", self.tr("Tempat lahir"), TextField())
        self.tanggal_lahir = self.add_field("tanggal_lahir", self.tr("Tanggal lahir"), DateField(), required=True)
        self.jenis_kelamin = self.add_field(
            "jenis_kelamin", self.tr("Jenis kelamin"),
            CodeCombo([("L", self.tr("Laki-laki")), ("P", self.tr("Perempuan"))], empty_label="—"), required=True)
        agama = {1: self.tr("Islam"), 2: self.tr("Kristen"), 3: self.tr("Katolik"), 4: self.tr("Hindu"),
                 5: self.tr("Buddha"), 6: self.tr("Konghucu"), 7: self.tr("Kepercayaan")}
        self.add_field("agama_id", self.tr("Agama"), CodeCombo(list(agama.items()), empty_label="—"))
        self.add_field("status_kawin", self.tr("Status perkawinan"), TextField())
        self.add_field("nik", self.tr("NIK"), TextField())
        self.add_field("nip_lama", self.tr("NIP lama (9 digit)"), TextField())
        self.add_section(self.tr("Kepegawaian"))
        self.status = self.add_field("status_kepegawaian", self.tr("Status kepegawaian"),
                                     CodeCombo([(c, status.get(c, c)) for c in STATUS_KEPEGAWAIAN_KODE]), required=True)
        self.add_field("kedudukan", self.tr("Kedudukan"),
                       CodeCombo([(c, kedudukan.get(c, c)) for c in KEDUDUKAN_KODE]), required=True)
        self.add_field("golongan_id", self.tr("Golongan"), make_input("golongan", lookup=look))
        self.add_field("tmt_golongan", self.tr("TMT golongan"), DateField())
        self.add_field("jabatan_id", self.tr("Jabatan"), make_input("jabatan", lookup=look))
        self.add_field("unit_id", self.tr("Unit kerja"), make_input("unit", lookup=look))
        self.add_field("tmt_jabatan", self.tr("TMT jabatan"), DateField())
        self.add_field("tmt_cpns", self.tr("TMT CPNS"), DateField())
        self.add_field("tmt_pns", self.tr("TMT PNS"), DateField())
        self.pensiun = QLabel()
        self.form.addRow(self.tr("Pensiun (BUP)"), self.pensiun)
        self.add_section(self.tr("Pendidikan terakhir"))
        self.add_field("pendidikan_tingkat", self.tr("Tingkat"), make_input("tingkat", lookup=look))
        self.add_field("pendidikan_jurusan", self.tr("Jurusan"), TextField())
        self.add_field("pendidikan_tahun_lulus", self.tr("Tahun lulus"), make_input("int"))
        self.add_section(self.tr("Kontak dan catatan"))
        self.add_field("telepon", self.tr("Telepon"), TextField())
        self.add_field("email", self.tr("Surel"), TextField())
        self.add_field("alamat", self.tr("Alamat"), TextArea())
        self.add_field("catatan", self.tr("Catatan"), TextArea())


class PegawaiDialog(QDialog):
    """Open one pegawai (``pegawai_id``) or a blank form for a new one (``None``)."""

    changed = Signal()  # something was saved or deleted: lists should reload

    def __init__(self, ctx: AppContext, pegawai_id: int | None, *, lookups: Lookups | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pegawai_id = pegawai_id
        self.lookups = lookups or Lookups.load(ctx.db, ctx.actor)
        self.detail: pegawai_service.PegawaiDetail | None = None
        self.dirty = False
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.header = QLabel()
        self.header.setObjectName("pegawaiHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.form = PegawaiForm(self.lookups)
        self.form.edited.connect(self._mark_dirty)
        self.form.nip.textEdited.connect(self._nip_typed)
        self.general_error = QLabel()
        self.general_error.setObjectName("generalError")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)

        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, self.tr("Data utama"))
        titles = riwayat_titles()
        self.riwayat_tabs: dict[str, RiwayatTab] = {}
        for kind in ("jabatan", "pangkat", "pendidikan", "skp", "hukuman", "diklat"):
            tab = RiwayatTab(ctx, kind, self.lookups)
            tab.changed.connect(self._riwayat_changed)
            self.riwayat_tabs[kind] = tab
            self.tabs.addTab(tab, titles[kind])
        self.aspirasi_list = self._aspirasi_widget()
        self.tabs.addTab(self.aspirasi_list, titles["aspirasi"])
        status = usul_status_labels()
        self.usul_model = RecordTableModel([
            Column(self.tr("Nomor"), lambda u: u.nomor),
            Column(self.tr("Jenis"), lambda u: u.jenis_mutasi),
            Column(self.tr("Asal"), lambda u: u.asal),
            Column(self.tr("Tujuan"), lambda u: u.tujuan),
            Column(self.tr("Status"), lambda u: label(status, u.status)),
            Column(self.tr("TMT"), lambda u: tanggal(u.tmt), sort_key=lambda u: u.tmt or ""),
        ], parent=self)
        usul_view = QTableView()
        usul_view.setModel(self.usul_model)
        usul_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        usul_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        usul_view.verticalHeader().hide()
        usul_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        usul_view.horizontalHeader().setStretchLastSection(True)
        usul_view.setToolTip(self.tr("Klik dua kali untuk membuka usul di halaman Usul Mutasi"))
        usul_view.activated.connect(lambda index: self._open_usul(index.data(ROW_ROLE)))
        self.new_usul_button = QPushButton(self.tr("Buat usul mutasi…"))
        self.new_usul_button.clicked.connect(self._new_usul)
        self.new_usul_button.setVisible(ctx.actor.can(Izin.KELOLA_USUL) and ctx.navigate is not None)
        usul_tab = QWidget()
        usul_layout = QVBoxLayout(usul_tab)
        usul_layout.addWidget(usul_view)
        usul_buttons = QHBoxLayout()
        usul_buttons.addStretch(1)
        usul_buttons.addWidget(self.new_usul_button)
        usul_layout.addLayout(usul_buttons)
        self.tabs.addTab(usul_tab, self.tr("Riwayat mutasi"))

        self.save_button = QPushButton(self.tr("Simpan"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("Hapus pegawai"))
        self.delete_button.clicked.connect(self.delete)
        close_button = QPushButton(self.tr("Tutup"))
        close_button.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.can_edit = ctx.actor.can(Izin.KELOLA_PEGAWAI)
        # A Pembaca could type into the fields and was then asked "Simpan sekarang?" on closing,
        # only to be refused: the form is read-only for a role that cannot save it.
        self.form.set_read_only(not self.can_edit)
        self.save_button.setVisible(self.can_edit)
        self.delete_button.setVisible(self.can_edit)
        for tab in self.riwayat_tabs.values():
            for button in (tab.add_button, tab.edit_button, tab.delete_button):
                button.setVisible(self.can_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        resize_to_fit(self, 1020, 740)  # never taller than a 768 px laptop screen
        self.load()

    def _aspirasi_widget(self) -> QWidget:
        """The selection feature's aspirasi editor (units in order of preference, kesediaan); the
        generic history tab when that feature is not installed."""
        try:
            from mutasi_desktop.ui.seleksi.aspirasi_list import AspirasiListWidget
        except ImportError:
            tab = RiwayatTab(self.ctx, "aspirasi", self.lookups)
            tab.changed.connect(self._riwayat_changed)
            self.riwayat_tabs["aspirasi"] = tab
            return tab
        widget = AspirasiListWidget(
            self.ctx, lambda: (self.lookups.unit_items(), self.lookups.jabatan_items()), parent=self)
        widget.changed.connect(self.changed.emit)
        return widget

    # ----------------------------------------------------------------- loading
    def load(self) -> None:
        if self.pegawai_id is None:
            self.detail = None
            self.form.set_values(pegawai_service.empty_values())
            self.setWindowTitle(self.tr("Pegawai baru"))
            self.header.setText(self.tr("<h3>Pegawai baru</h3>"))
            self.form.pensiun.setText(self.tr("dihitung saat disimpan"))
            self.delete_button.setEnabled(False)
            for tab in self.riwayat_tabs.values():
                tab.set_records(None, ())
            self._set_aspirasi_pegawai(None)
            self.tabs.setTabEnabled(self.tabs.count() - 1, False)
        else:
            detail = pegawai_service.get_pegawai(self.ctx.db, self.ctx.actor, self.pegawai_id)
            self.detail = detail
            self.form.set_values(dict(detail.values))
            self.setWindowTitle(self.tr("Pegawai — %1").replace("%1", detail.nama_lengkap))
            parts = [detail.values["nip"], detail.golongan, detail.jabatan, detail.unit]  # no "· · ·" for blanks
            self.header.setText(f"<h3>{detail.nama_lengkap}</h3>" + " · ".join(str(p) for p in parts if p))
            self.form.pensiun.setText(tanggal(detail.tanggal_pensiun))
            self.delete_button.setEnabled(True)
            for kind, tab in self.riwayat_tabs.items():
                tab.set_records(detail.id, detail.riwayat[kind])
            self._set_aspirasi_pegawai(detail.id)
            self.usul_model.set_rows(detail.usul)
            self.tabs.setTabEnabled(self.tabs.count() - 1, True)
            if detail.di_luar_opd and self.can_edit:  # Batas OPD: a pegawai of another OPD is read-only
                self.can_edit = False
                self.form.set_read_only(True)
                for button in (self.save_button, self.delete_button):
                    button.setVisible(False)
                for tab in self.riwayat_tabs.values():
                    for button in (tab.add_button, tab.edit_button, tab.delete_button):
                        button.setVisible(False)
                self.aspirasi_list.setEnabled(False)
        self._show_nip_info()
        self._set_dirty(False)
        self._general(self.detail.di_luar_opd if self.detail is not None else "")

    def _set_aspirasi_pegawai(self, pegawai_id: int | None) -> None:
        setter = getattr(self.aspirasi_list, "set_pegawai", None)
        if setter is not None:
            setter(pegawai_id)
            self.aspirasi_list.setEnabled(pegawai_id is not None)

    # ----------------------------------------------------------------- NIP
    def _nip_typed(self, _text: str) -> None:
        preview = pegawai_service.preview_nip(self.form.nip.text())
        if preview.valid:
            if self.form.tanggal_lahir.value() is None and preview.tanggal_lahir is not None:
                self.form.tanggal_lahir.set_value(preview.tanggal_lahir)
            if self.form.jenis_kelamin.value() is None and preview.jenis_kelamin:
                self.form.jenis_kelamin.set_value(preview.jenis_kelamin)
            if preview.kemungkinan_pppk and self.pegawai_id is None:
                self.form.status.set_value("PPPK")
        stale = self.form.errors.get("nip")  # the live line below replaces the last save's message
        if stale is not None:
            stale.clear()
            stale.hide()
        self._show_nip_info()

    def _show_nip_info(self) -> None:
        text = self.form.nip.text().strip()
        info = self.form.nip_info
        if not text:
            info.clear()
            return
        lahir = self.form.tanggal_lahir.value()
        preview = pegawai_service.preview_nip(
            text, tanggal_lahir=lahir if not isinstance(lahir, str) else None,
            jenis_kelamin=self.form.jenis_kelamin.value(), status_kepegawaian=self.form.status.value(),
        )
        if not preview.valid:
            info.setStyleSheet(ERROR_STYLE)
            info.setText(preview.message)
        elif preview.warnings:
            info.setStyleSheet(WARNING_STYLE)
            info.setText("⚠ " + "\n⚠ ".join(preview.warnings))
        else:
            info.setStyleSheet(OK_STYLE)
            sex = self.tr("laki-laki") if preview.jenis_kelamin == "L" else self.tr("perempuan")
            info.setText(self.tr("NIP valid: lahir %1, %2").replace("%1", tanggal(preview.tanggal_lahir))
                         .replace("%2", sex))

    # ----------------------------------------------------------------- saving
    def _mark_dirty(self) -> None:
        self._set_dirty(True)
        self._show_nip_info()

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty or self.pegawai_id is None)

    def _general(self, message: str) -> None:
        self.general_error.setText(message)
        self.general_error.setVisible(bool(message))

    def save(self) -> bool:
        if not self.can_edit:  # Ctrl+S of a read-only form
            return False
        values = self.form.values()
        try:
            if self.pegawai_id is None:
                result = pegawai_service.create_pegawai(self.ctx.db, self.ctx.actor, values)
                self.pegawai_id = result.id
            else:
                assert self.detail is not None
                result = pegawai_service.update_pegawai(self.ctx.db, self.ctx.actor, self.pegawai_id, values,
                                                        expected_version=self.detail.version)
        except ValidasiGagal as exc:
            rest = self.form.show_errors(exc.errors)
            if self.form.error_text("nip") == self.form.nip_info.text():
                self.form.nip_info.clear()  # one message under the NIP, not the same one twice
            self._general(self.tr("Data belum disimpan. Periksa isian yang ditandai merah.")
                          + ("\n" + "\n".join(rest) if rest else ""))
            self.tabs.setCurrentIndex(0)
            return False
        except DomainError as exc:
            self.form.clear_errors()
            self._general(exc.message)
            return False
        self.load()
        self.changed.emit()
        if result.warnings:
            self._general("")
            self.general_error.setStyleSheet(WARNING_STYLE)
            self.general_error.setText(self.tr("Tersimpan, dengan catatan:") + "\n" + "\n".join(result.warnings))
            self.general_error.show()
        return True

    def delete(self) -> None:
        if self.detail is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Hapus pegawai"),
            self.tr("Hapus %1 beserta seluruh riwayatnya? Tindakan ini tidak dapat dibatalkan.")
            .replace("%1", self.detail.nama_lengkap),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            pegawai_service.delete_pegawai(self.ctx.db, self.ctx.actor, self.detail.id,
                                           expected_version=self.detail.version)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Tidak dapat dihapus"), exc.message)
            return
        self.changed.emit()
        self._set_dirty(False)
        self.accept()

    def _riwayat_changed(self) -> None:
        dirty = self.dirty
        values = self.form.values() if dirty else None
        assert self.pegawai_id is not None
        detail = pegawai_service.get_pegawai(self.ctx.db, self.ctx.actor, self.pegawai_id)
        opened = self.detail
        for kind, tab in self.riwayat_tabs.items():
            tab.set_records(detail.id, detail.riwayat[kind])
        if values is not None and opened is not None:
            # Keep what the clerk is typing on the first tab, and the version it was typed on: had
            # someone else saved this pegawai meanwhile, Simpan must report it, not overwrite it.
            self.detail = replace(detail, version=opened.version, values=opened.values)
            self.form.set_values(values)
            self._set_dirty(True)
        else:  # nothing typed: show the data utama of the version that Simpan will build on
            self.detail = detail
            self.form.set_values(dict(detail.values))
            self._set_dirty(False)
        self.changed.emit()

    # ----------------------------------------------------------------- usul mutasi
    def _leave_to(self, payload: dict[str, Any]) -> None:
        """Close this form (asking about unsaved changes) and show the Usul Mutasi page."""
        if not self.confirm_discard():
            return
        self._set_dirty(False)
        self.accept()
        self.ctx.go("usul", payload)

    def _open_usul(self, usul: Any) -> None:
        if usul is not None:
            self._leave_to({"usul_id": usul.id})

    def _new_usul(self) -> None:
        if self.pegawai_id is not None:
            self._leave_to({"pegawai_id": self.pegawai_id})

    # ----------------------------------------------------------------- closing
    def confirm_discard(self) -> bool:
        """True when the dialog may close (saved, discarded, or nothing changed)."""
        if not self.dirty or not self.isVisible() or not self.can_edit:  # a hidden form has nobody to ask
            return True
        answer = QMessageBox.question(
            self, self.tr("Perubahan belum disimpan"),
            self.tr("Ada perubahan yang belum disimpan. Simpan sekarang?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_discard():
            event.accept()
        else:
            event.ignore()

    def reject(self) -> None:
        if self.confirm_discard():
            self._set_dirty(False)
            super().reject()

    def open_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def current_values(self) -> dict[str, Any]:
        return self.form.values()
