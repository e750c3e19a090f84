"""Surat Keputusan page: the SK list, the selected SK with its pegawai and actions, the preview;
the verification screen; the office's document settings."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.documents.pdf.sk_pdf import render_sk
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.domain.verification_code import format_code
from mutasi_desktop.services import sk_print_service, sk_service
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.record_table_model import ROW_ROLE
from mutasi_desktop.ui.security.background import run_in_background
from mutasi_desktop.ui.sk.pdf_preview import PdfPreview
from mutasi_desktop.ui.sk.sk_dialogs import EditDraftDialog, NewSkDialog, SetSkDialog
from mutasi_desktop.ui.sk.sk_models import pegawai_sk_model, sk_model
from mutasi_desktop.ui.sk.table_view import sorted_table
from mutasi_desktop.ui.sk.verification_tab import VerifikasiTab
from mutasi_desktop.ui.widgets.errors import pesan_galat
from mutasi_desktop.ui.widgets.flow_layout import FlowLayout


class SkListTab(QWidget):
    """The list, the detail of the selected SK with its actions, and the preview."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._tmp = Path(tempfile.mkdtemp(prefix="mutasi-sk-"))
        self.current: sk_service.SkDetail | None = None
        self._renders = 0
        self.setting_sk = False  # Tetapkan SK is running in the background
        self._prefetched: sk_service.SkDetail | None = None  # the detail that background work already read

        self.status = QComboBox()
        self.status.setObjectName("filterStatusSk")
        self.status.addItem(self.tr("Semua status"), None)
        for code, label in sk_service.STATUS_LABEL.items():
            self.status.addItem(label, code)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari nomor atau perihal…"))
        self.new_button = QPushButton(self.tr("SK baru…"))
        self.new_button.setObjectName("tombolSkBaru")
        self.new_button.setVisible(ctx.actor.can(Izin.KELOLA_USUL) or ctx.actor.can(Izin.TETAPKAN_SK))
        self.status.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_sk)

        self.model = sk_model([])
        self.table = sorted_table(self.model, "tabelSk")
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # drafts first, then the newest
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())

        self.heading = QLabel(self.tr("Pilih SK pada daftar"))
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.people_model = pegawai_sk_model([])
        self.people = sorted_table(self.people_model, "tabelPegawaiSk")

        self.set_button = QPushButton(self.tr("Tetapkan SK…"))
        self.set_button.setObjectName("tombolTetapkan")
        self.petikan_button = QPushButton(self.tr("Cetak semua petikan…"))
        self.petikan_button.setObjectName("tombolPetikan")
        self.docx_button = QPushButton(self.tr("Ekspor .docx…"))
        self.replace_button = QPushButton(self.tr("Buat SK pengganti"))
        self.delete_button = QPushButton(self.tr("Hapus draf"))
        self.edit_button = QPushButton(self.tr("Ubah draf…"))
        self.edit_button.clicked.connect(self.edit_draft)
        self.set_button.clicked.connect(self.set_sk)
        self.petikan_button.clicked.connect(self.print_petikan)
        self.docx_button.clicked.connect(self.export_docx)
        self.replace_button.clicked.connect(self.replace_sk)
        self.delete_button.clicked.connect(self.delete_draft)
        self.spmt_button = QPushButton(self.tr("SPMT pegawai terpilih"))
        self.notice_button = QPushButton(self.tr("Surat pemberitahuan"))
        self.nota_button = QPushButton(self.tr("Nota dinas usul"))
        self.spmt_button.clicked.connect(lambda: self.show_letter("spmt"))
        self.notice_button.clicked.connect(lambda: self.show_letter("pemberitahuan"))
        self.nota_button.clicked.connect(lambda: self.show_letter("nota"))
        self.people.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())

        self.preview = PdfPreview(on_printed=self._printed)

        top = QHBoxLayout()
        top.addWidget(self.status)
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        # The buttons wrap onto as many lines as the pane needs: in one fixed row, every button a
        # Pejabat sees clipped their texts ("ak semua petika"), in fixed rows the pane could not
        # shrink below their width on a 900 px screen.
        actions = FlowLayout()
        for b in (self.set_button, self.edit_button, self.delete_button, self.petikan_button, self.docx_button,
                  self.replace_button):
            actions.addWidget(b)
        letters = FlowLayout()
        self.letters_label = QLabel(self.tr("Surat:"))
        letters.addWidget(self.letters_label)
        for b in (self.nota_button, self.notice_button, self.spmt_button):
            letters.addWidget(b)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 3)
        left_layout.addWidget(self.heading)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.people, 2)
        left_layout.addLayout(letters)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_actions()
        self.reload()

    # ---------------------------------------------------------------- list
    def reload(self) -> None:
        keep = self.current.sk.id if self.current else None
        rows = sk_service.daftar_sk(self.ctx.db, by=self.ctx.actor, status=self.status.currentData(),
                                    cari=self.search.text())
        self.model.set_rows(rows)
        if keep is not None:
            self.select_sk(keep)

    def select_sk(self, sk_id: int) -> bool:
        proxy = self.table.model()
        for row in range(proxy.rowCount()):
            if proxy.index(row, 0).data(ROW_ROLE).id == sk_id:
                self.table.selectRow(row)
                self.table.setCurrentIndex(proxy.index(row, 0))
                return True
        return False

    def _selected(self) -> None:
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        if row is None:
            self.current = None
            self.people_model.set_rows([])
            self.heading.setText(self.tr("Pilih SK pada daftar"))
            self.preview.clear()
            self._update_actions()
            return
        try:
            prefetched = self._prefetched
            self.current = (prefetched if prefetched is not None and prefetched.sk.id == row.id
                            else sk_service.detail_sk(self.ctx.db, row.id, by=self.ctx.actor))
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Surat Keputusan"), exc.message)
            return
        self._show_detail(self.current)
        self._render_preview(row.id)

    def _show_detail(self, d: sk_service.SkDetail) -> None:
        sk = d.sk
        lines = [f"<b>{sk.nomor or self.tr('Draf SK #%1').replace('%1', str(sk.id))}</b> — {sk.status_label}"]
        if sk.tentang:
            lines.append(sk.tentang)
        if sk.tanggal_penetapan:
            lines.append(self.tr("Ditetapkan %1; kode verifikasi %2").replace("%1", format_tanggal(sk.tanggal_penetapan))
                         .replace("%2", format_code(sk.kode_verifikasi)))
        if sk.menggantikan_nomor:
            lines.append(self.tr("Menggantikan SK %1").replace("%1", sk.menggantikan_nomor))
        if sk.digantikan_oleh_nomor:
            lines.append(self.tr("Digantikan oleh SK %1").replace("%1", sk.digantikan_oleh_nomor))
        if d.integritas_ok is False:
            lines.append("<span style='color:#b00020'>" + self.tr("Isi SK tidak cocok dengan sidiknya!") + "</span>")
        self.heading.setText("<br/>".join(lines))
        self.people_model.set_rows(list(d.pegawai))
        self._update_actions()

    def _update_actions(self) -> None:
        sk = self.current.sk if self.current else None
        can = self.ctx.actor.can
        draft = sk is not None and sk.status == sk_service.DRAF
        self.set_button.setVisible(can(Izin.TETAPKAN_SK))
        self.set_button.setEnabled(draft)
        # Buttons a role may never use are hidden, not shown greyed out without a reason.
        for b in (self.petikan_button, self.docx_button, self.nota_button, self.notice_button, self.spmt_button):
            b.setVisible(can(Izin.CETAK_SK))
        self.letters_label.setVisible(can(Izin.CETAK_SK))
        self.petikan_button.setEnabled(sk is not None and sk.status != sk_service.DRAF and can(Izin.CETAK_SK))
        self.docx_button.setEnabled(sk is not None and can(Izin.CETAK_SK))
        self.replace_button.setVisible(can(Izin.TETAPKAN_SK) or can(Izin.KELOLA_USUL))
        self.replace_button.setEnabled(sk is not None and sk.status == sk_service.DITETAPKAN)
        self.delete_button.setVisible(can(Izin.TETAPKAN_SK) or can(Izin.KELOLA_USUL))
        self.delete_button.setEnabled(draft)
        self.edit_button.setVisible(can(Izin.TETAPKAN_SK) or can(Izin.KELOLA_USUL))
        self.edit_button.setEnabled(draft)
        self.preview.print_button.setVisible(can(Izin.CETAK_SK))
        person = self.selected_person()
        self.nota_button.setEnabled(draft and can(Izin.CETAK_SK))
        self.notice_button.setEnabled(draft and person is not None and can(Izin.CETAK_SK))
        self.spmt_button.setEnabled(sk is not None and sk.status == sk_service.DITETAPKAN and person is not None
                                    and can(Izin.CETAK_SK))
        self.new_button.setEnabled(not self.setting_sk)
        if self.setting_sk:  # no second Tetapkan, edit or delete while an SK is being set
            for b in (self.set_button, self.edit_button, self.delete_button, self.replace_button,
                      self.notice_button, self.nota_button):
                b.setEnabled(False)

    def selected_person(self) -> sk_service.SkPegawaiInfo | None:
        index = self.people.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def show_letter(self, kind: str) -> Path | None:
        """Fill a letter from the database into the preview (printed or saved from there)."""
        from mutasi_desktop.services import letter_service

        if self.current is None:
            return None
        person = self.selected_person()
        target = self._new_file(f"{kind}_{self.current.sk.id}")
        try:
            if kind == "nota":
                letter_service.cetak_nota_usul(self.ctx.db, self.current.sk.id, target, by=self.ctx.actor)
                title = self.tr("Nota dinas usul mutasi")
            elif person is None:
                return None
            elif kind == "spmt":
                letter_service.cetak_spmt(self.ctx.db, person.usul_id, target, by=self.ctx.actor)
                title = self.tr("SPMT %1").replace("%1", person.nama)
            else:
                letter_service.cetak_pemberitahuan(self.ctx.db, person.usul_id, target, by=self.ctx.actor)
                title = self.tr("Pemberitahuan %1").replace("%1", person.nama)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Surat"), exc.message)
            return None
        self.preview.show_file(target, title)
        return target

    def _render_preview(self, sk_id: int) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        target = self._new_file(f"sk_{sk_id}")
        self.preview.clear(self.tr("Menyiapkan pratinjau…"))

        def work(_task: Any) -> Path:
            return render_sk(sk_service.sk_data(db, sk_id, by=actor), target)

        def done(path: Path) -> None:
            if self.current is not None and self.current.sk.id == sk_id:
                self.preview.show_file(path, self.current.sk.nomor or self.tr("Draf SK"))

        def failed(exc: BaseException) -> None:
            self.preview.clear(self.tr("Pratinjau gagal: %1").replace("%1", pesan_galat(exc)))

        run_in_background(self.ctx.tasks, self, work, success=done, failure=failed, title="pratinjau SK", quiet=True)

    def _new_file(self, stem: str) -> Path:
        # A new file for every render: the preview may still hold the previous one open (Windows
        # refuses to overwrite an open file) and a quick second click must not clobber a file in use.
        self._renders += 1
        return self._tmp / f"{stem}_{self._renders}.pdf"

    def _printed(self, path: Path) -> None:
        if self.current is not None:
            sk_service.catat_cetak(self.ctx.db, self.current.sk.id, by=self.ctx.actor, apa="SK (pencetak)",
                                   berkas=str(path))

    # ---------------------------------------------------------------- actions
    def new_sk(self) -> None:
        dialog = NewSkDialog(self.ctx, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            sk = sk_service.buat_sk(self.ctx.db, by=self.ctx.actor, usul_ids=dialog.chosen_ids(),
                                    tentang=dialog.tentang.text(), penandatangan_id=dialog.signer.currentData(),
                                    tmt=dialog.chosen_tmt())
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("SK baru"), exc.message)
            return
        self.status.setCurrentIndex(0)
        self.reload()
        self.select_sk(sk.id)

    def set_sk(self) -> None:
        if self.current is None:
            return
        # The number it would get today (another clerk setting an SK first moves it on).
        try:
            hint = self.tr("berikutnya, saat ini %1,").replace("%1", sk_service.perkiraan_nomor(
                self.ctx.db, self.current.sk.id, tanggal=date.today(), by=self.ctx.actor))
        except DomainError:
            hint = self.tr("berikutnya dari pola penomoran kantor")
        dialog = SetSkDialog(hint, self, tmt=self.current.sk.tmt)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        tanggal, tempat = dialog.value()
        self.start_setting(tanggal=tanggal, tempat=tempat, tmt=dialog.tmt_value())

    def start_setting(self, *, tanggal: date, tempat: str, tmt: date | None) -> None:
        """Set (number and freeze) the selected draft off the GUI thread: a big SK takes seconds.

        The SK's action buttons stay disabled until it is done; then the list shows the set SK.
        """
        assert self.current is not None
        db, actor = self.ctx.db, self.ctx.actor
        sk_id, version = self.current.sk.id, self.current.sk.version
        self.setting_sk = True
        self._update_actions()

        def work(_task: Any) -> sk_service.SkDetail:
            sk = sk_service.tetapkan_sk(db, sk_id, tanggal=tanggal, tempat=tempat, by=actor, version=version,
                                        tmt=tmt)
            # Read here too: the detail of a big SK takes a noticeable while to load.
            return sk_service.detail_sk(db, sk.id, by=actor)

        def done(detail: sk_service.SkDetail) -> None:
            self.setting_sk = False
            self._update_actions()
            QMessageBox.information(self, self.tr("Tetapkan SK"),
                                    self.tr("SK ditetapkan dengan nomor %1.").replace("%1", detail.sk.nomor))
            self._prefetched = detail
            self.reload()
            self.select_sk(detail.sk.id)
            self._prefetched = None

        def failed(exc: BaseException) -> None:
            self.setting_sk = False
            self._update_actions()
            QMessageBox.warning(self, self.tr("Tetapkan SK"), pesan_galat(exc))

        # Not cancellable (run_in_background never is): the SK is numbered and frozen in one
        # transaction, all or nothing.
        run_in_background(self.ctx.tasks, self, work, success=done, failure=failed, title=self.tr("Tetapkan SK"),
                          label=self.tr("Memberi nomor dan membekukan isi SK…"))

    def print_petikan(self) -> None:
        if self.current is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder untuk petikan"))
        if folder:
            self.start_petikan(Path(folder))

    def start_petikan(self, folder: Path) -> Any:
        """Render every petikan into ``folder`` off the GUI thread, with progress and Batal."""
        assert self.current is not None
        db, actor, sk_id = self.ctx.db, self.ctx.actor, self.current.sk.id
        label = self.tr("Petikan %1 dari %2")  # translated here: the worker must not touch widgets

        def work(task: Any) -> sk_print_service.HasilCetakPetikan:
            return sk_print_service.cetak_petikan(
                db, sk_id, folder, by=actor, workers=2, gabung=True,
                progress=lambda d, t: task.progress(d, t, label.replace("%1", str(d)).replace("%2", str(t))),
                cancelled=lambda: task.cancelled,
            )

        def done(result: sk_print_service.HasilCetakPetikan) -> None:
            self.last_petikan = result
            if result.gabungan is not None:
                self.preview.show_file(result.gabungan, self.tr("Semua petikan"))
            QMessageBox.information(self, self.tr("Petikan"), self.tr("%1 petikan disimpan di %2. Berkas gabungan "
                                    "siap dicetak sekaligus dari pratinjau.").replace("%1", str(len(result.berkas)))
                                    .replace("%2", str(folder)))

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, self.tr("Petikan"), pesan_galat(exc))

        if self.ctx.tasks is None:  # small tests: one worker, no progress
            run_in_background(None, self, lambda _t: sk_print_service.cetak_petikan(db, sk_id, folder, by=actor,
                              workers=1, gabung=True), success=done, failure=failed, title="")  # fmt: skip
            return None
        return self.ctx.tasks.run_with_progress(self, work, title=self.tr("Cetak petikan"),
                                                label=self.tr("Menyiapkan petikan…"), success=done, failure=failed)

    def export_docx(self) -> None:
        if self.current is None:
            return
        name = sk_print_service.nama_berkas(self.current.sk.nomor or f"draf_sk_{self.current.sk.id}") + ".docx"
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor .docx"), name, "Word (*.docx)")
        if not target:
            return
        try:
            sk_print_service.ekspor_docx(self.ctx.db, self.current.sk.id, Path(target), by=self.ctx.actor)
        except (DomainError, OSError) as exc:  # OSError: the .docx is still open in Word
            QMessageBox.warning(self, self.tr("Ekspor .docx"), pesan_galat(exc))

    def replace_sk(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(self, self.tr("SK pengganti"), self.tr(
            "Buat draf SK koreksi yang menggantikan SK %1? SK lama tetap berlaku sampai SK pengganti ditetapkan.")
            .replace("%1", self.current.sk.nomor))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            sk = sk_service.buat_sk_pengganti(self.ctx.db, self.current.sk.id, by=self.ctx.actor)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("SK pengganti"), exc.message)
            return
        self.status.setCurrentIndex(0)
        self.reload()
        self.select_sk(sk.id)

    def edit_draft(self, dialog: EditDraftDialog | None = None) -> None:
        if self.current is None:
            return
        sk = self.current.sk
        dialog = dialog or EditDraftDialog(self.ctx, sk, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            sk_service.ubah_draf(self.ctx.db, sk.id, by=self.ctx.actor, tentang=dialog.tentang.text(),
                                 penandatangan_id=dialog.signer.currentData(), version=sk.version)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Ubah draf SK"), exc.message)
            return
        self.reload()
        self._selected()

    def delete_draft(self) -> None:
        if self.current is None:
            return
        if QMessageBox.question(self, self.tr("Hapus draf"), self.tr("Hapus draf SK ini? Usulnya dapat dimuat "
                                "dalam SK lain.")) != QMessageBox.StandardButton.Yes:
            return
        try:
            sk_service.hapus_draf(self.ctx.db, self.current.sk.id, by=self.ctx.actor)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Hapus draf"), exc.message)
            return
        self.current = None
        self.reload()


class SkPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from mutasi_desktop.ui.sk.document_settings import DocumentSettingsTab

        self.tabs = QTabWidget()
        self.list_tab = SkListTab(ctx)
        self.verify_tab = VerifikasiTab(ctx)
        self.tabs.addTab(self.list_tab, self.tr("Daftar SK"))
        self.tabs.addTab(self.verify_tab, self.tr("Verifikasi Dokumen"))
        self.settings_tab: QWidget | None = None
        if ctx.actor.can(Izin.KELOLA_PENGATURAN) or ctx.actor.can(Izin.TETAPKAN_SK):
            self.settings_tab = DocumentSettingsTab(ctx)
            self.tabs.addTab(self.settings_tab, self.tr("Pengaturan Dokumen"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.can_create = ctx.actor.can(Izin.KELOLA_USUL) or ctx.actor.can(Izin.TETAPKAN_SK)
        self._last_tab: QWidget | None = self.list_tab
        self.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, index: int) -> None:
        # Back from Pengaturan Dokumen: a draft is drawn again with the kop, paper, signer and
        # texts just saved (its preview kept showing the old layout).
        came_from, self._last_tab = self._last_tab, self.tabs.widget(index)
        current = self.list_tab.current
        if (self._last_tab is self.list_tab and came_from is self.settings_tab and current is not None
                and current.sk.status == "DRAF"):
            self.list_tab._render_preview(current.sk.id)

    # Window commands: Ctrl+F, F5 and Ctrl+N reach the SK list (they were greyed out on this page).
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.list_tab)
        self.list_tab.search.setFocus()
        self.list_tab.search.selectAll()

    def refresh(self) -> None:
        self.list_tab.reload()

    def create_new(self) -> None:
        if self.can_create:
            self.tabs.setCurrentWidget(self.list_tab)
            self.list_tab.new_sk()


def create_page(ctx: AppContext) -> QWidget:
    return SkPage(ctx)
