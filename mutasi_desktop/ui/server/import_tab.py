"""Terima paket: verify a package, preview what it changes, resolve conflicts side by side, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.services.exchange import (
    HasilImpor,
    Pilihan,
    Pratinjau,
    impor_paket,
    pratinjau_paket,
)
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.server.exchange_models import (
    ComparisonModel,
    ConflictModel,
    changes_model,
    comparison_rows,
    ringkasan_rows,
    summary_model,
    waktu_lokal,
)
from mutasi_desktop.ui.server.exchange_widgets import (
    PACKAGE_FILTER,
    ExchangeTab,
    StatusLine,
    error_message,
    make_table,
    tr,
)


class ImportTab(ExchangeTab):
    """Check a package, show what it changes and the conflicts side by side, then import it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.preview: Pratinjau | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(tr("berkas paket (.mpk)"))
        browse = QPushButton(tr("Pilih…"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(tr("kata sandi (bila ada)"))
        self.check_button = QPushButton(tr("Periksa paket"))
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        top.addWidget(self.password_edit)
        top.addWidget(self.check_button)
        layout.addLayout(top)
        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        layout.addWidget(self.header_label)

        self.summary = summary_model(self)
        self.summary_view = make_table(self.summary)
        self.summary_view.setMaximumHeight(160)
        self.summary_view.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(self.summary_view)

        self.tabs = QTabWidget()
        self.changes = changes_model(self)
        self.changes_view = make_table(self.changes)
        self.tabs.addTab(self.changes_view, tr("Perubahan"))
        conflict_page = QWidget()
        cl = QVBoxLayout(conflict_page)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.conflicts = ConflictModel(self)
        self.conflict_view = make_table(self.conflicts)
        splitter.addWidget(self.conflict_view)
        self.comparison = ComparisonModel(self)
        self.comparison_view = make_table(self.comparison)
        splitter.addWidget(self.comparison_view)
        splitter.setSizes([500, 500])
        cl.addWidget(splitter, 1)
        decide = QHBoxLayout()
        self.keep_button = QPushButton(tr("Pertahankan data kita"))
        self.take_button = QPushButton(tr("Ambil data mereka"))
        self.keep_all_button = QPushButton(tr("Semua: data kita"))
        self.take_all_button = QPushButton(tr("Semua: data mereka"))
        for button in (self.keep_button, self.take_button, self.keep_all_button, self.take_all_button):
            decide.addWidget(button)
        decide.addStretch(1)
        cl.addLayout(decide)
        self.tabs.addTab(conflict_page, tr("Konflik"))
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.import_button = QPushButton(tr("Impor"))
        self.import_button.setEnabled(False)
        bottom.addWidget(self.import_button)
        self.status = StatusLine()
        bottom.addWidget(self.status, 1)
        layout.addLayout(bottom)

        browse.clicked.connect(self._browse)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.do_import)
        self.conflict_view.selectionModel().currentRowChanged.connect(self._show_comparison)
        self.keep_button.clicked.connect(lambda: self._decide(Pilihan.KITA))
        self.take_button.clicked.connect(lambda: self._decide(Pilihan.MEREKA))
        self.keep_all_button.clicked.connect(lambda: self._decide_all(Pilihan.KITA))
        self.take_all_button.clicked.connect(lambda: self._decide_all(Pilihan.MEREKA))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Buka paket"), self.path_edit.text(), PACKAGE_FILTER)
        if path:
            self.path_edit.setText(path)

    def _sandi(self) -> str | None:
        return self.password_edit.text() or None

    def check(self) -> None:
        path = Path(self.path_edit.text().strip()).expanduser()
        if not self.path_edit.text().strip():
            self.status.show_error(tr("Pilih berkas paket."))
            return
        self.check_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.status.show_ok(tr("Memeriksa tanda tangan dan isi paket…"))

        def failed(exc: BaseException) -> None:
            self.check_button.setEnabled(True)
            self.show_preview(None)
            self.status.show_error(error_message(exc))

        def done(preview: Pratinjau) -> None:
            self.check_button.setEnabled(True)
            self.show_preview(preview)

        sandi = self._sandi()
        self.run(lambda: pratinjau_paket(self.ctx.db, self.ctx.actor, path, sandi=sandi, keys_dir=self.keys_dir),
                 done, failed,
                 "periksa-paket")

    def show_preview(self, preview: Pratinjau | None) -> None:
        self.preview = preview
        self.summary.set_rows(ringkasan_rows(preview) if preview else [])
        self.changes.set_rows(list(preview.rekam) if preview else [])
        self.conflicts.set_conflicts(preview.konflik if preview else ())
        self.comparison.set_rows([])
        if preview is None:
            self.header_label.clear()
            self._update_import_button()
            return
        lines = [tr("Paket #{n} dari {kode} ({nama}), dibuat {dibuat}. Tanda tangan sah.").format(
            n=preview.urutan, kode=preview.dari_kode, nama=preview.dari_nama,
            dibuat=waktu_lokal(preview.dibuat))]
        if preview.sudah_diimpor:
            lines.append(tr("Paket ini sudah pernah diimpor; mengimpornya lagi tidak mengubah apa pun."))
        lines.extend(preview.peringatan)
        self.header_label.setText("\n".join(lines))
        self.tabs.setTabText(1, tr("Konflik ({n})").format(n=len(preview.konflik)))
        if preview.konflik:
            self.tabs.setCurrentIndex(1)
            self.conflict_view.selectRow(0)
        if preview.sudah_diimpor:  # Impor stays greyed: do not invite the clerk to press it
            self.status.show_ok(tr("Paket ini sudah diimpor sebelumnya; tidak ada yang perlu diimpor lagi."))
        else:
            self.status.show_ok(tr("Periksa perubahan di bawah, lalu tekan Impor."))
        self._update_import_button()

    def _show_comparison(self, current: Any, _previous: Any = None) -> None:
        names = self.preview.nama_rujukan if self.preview is not None else {}
        self.comparison.set_rows(comparison_rows(self.conflicts.row_at(current.row()), names))

    def _selected_conflict_rows(self) -> list[int]:
        return sorted({i.row() for i in self.conflict_view.selectionModel().selectedRows()})

    def _decide(self, pilihan: Pilihan) -> None:
        self.conflicts.decide(self._selected_conflict_rows(), pilihan)
        self._update_import_button()

    def _decide_all(self, pilihan: Pilihan) -> None:
        self.conflicts.decide_all(pilihan)
        self._update_import_button()

    def _update_import_button(self) -> None:
        preview = self.preview
        ready = preview is not None and not preview.sudah_diimpor and self.conflicts.undecided == 0
        self.import_button.setEnabled(ready)
        if preview is not None and self.conflicts.undecided:
            self.import_button.setToolTip(tr("Putuskan dulu {n} konflik.").format(n=self.conflicts.undecided))
        else:
            self.import_button.setToolTip("")

    def do_import(self) -> None:
        if self.preview is None:
            return
        path = self.preview.path
        keputusan = dict(self.conflicts.decisions)
        self.import_button.setEnabled(False)
        self.status.show_ok(tr("Mengimpor…"))

        def done(hasil: HasilImpor) -> None:
            self.status.show_ok(hasil.pesan)
            self.preview = None
            self.check_button.setEnabled(True)

        def failed(exc: BaseException) -> None:
            self.status.show_error(error_message(exc))
            self._update_import_button()

        sandi = self._sandi()
        self.run(lambda: impor_paket(self.ctx.db, self.ctx.actor, path, sandi=sandi, keputusan=keputusan,
                                     keys_dir=self.keys_dir),
                 done, failed, "impor-paket")
