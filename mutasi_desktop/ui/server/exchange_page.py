"""Pertukaran Paket: this office's identity and partners, sending a package, receiving one.

Receiving shows the preview first (what will be created or updated, per kind of data), then the
conflicts: each record changed on both sides is listed with our version beside theirs, and the
clerk keeps ours or takes theirs per record before "Impor" is enabled. Slow work (export,
verification, import) runs in the background through ``ctx.tasks``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.services.exchange import (
    HasilEkspor,
    HasilImpor,
    Pilihan,
    Pratinjau,
    atur_cakupan,
    atur_kepercayaan,
    buat_identitas,
    catat_dasar_bersama,
    daftar_mitra,
    ekspor_paket,
    impor_paket,
    lihat_identitas,
    pratinjau_paket,
    tambah_mitra,
)
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel
from mutasi_desktop.ui.server.exchange_models import (
    ComparisonModel,
    ConflictModel,
    changes_model,
    comparison_rows,
    ringkasan_rows,
    summary_model,
)
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE, OK_STYLE

PACKAGE_FILTER = "Paket pertukaran (*.mpk);;Semua berkas (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Pertukaran", text)


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class _Status(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_ok(self, text: str) -> None:
        self.setStyleSheet(OK_STYLE)
        self.setText(text)

    def show_error(self, text: str) -> None:
        self.setStyleSheet(ERROR_STYLE)
        self.setText(text)


def _message(exc: BaseException) -> str:
    return exc.message if isinstance(exc, DomainError) else tr("Terjadi kesalahan: ") + str(exc)


class _Base(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Where the office's private key lives; None = the data folder's keys/ (tests point elsewhere).
        self.keys_dir: Path | None = ctx.extras.get("keys_dir")

    def run(self, fn: Callable[[], Any], success: Callable[[Any], None], failure: Callable[[BaseException], None],
            name: str) -> None:
        """In the background when a task runner is present, else at once (first start, tests)."""
        runner = getattr(self.ctx.tasks, "run", None)
        if runner is None:
            try:
                result = fn()
            except Exception as exc:
                failure(exc)
            else:
                success(result)
            return
        runner(lambda _task: fn(), success=success, failure=failure, name=name)


class IdentityTab(_Base):
    """This office's kode and public key; the trusted partner offices."""

    changed_callbacks: list[Callable[[], None]]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.changed_callbacks = []
        layout = QVBoxLayout(self)
        own = QGroupBox(tr("Identitas kantor ini"))
        form = QFormLayout(own)
        self.kode_edit = QLineEdit()
        self.kode_edit.setPlaceholderText("UPT-SMP1")
        self.nama_edit = QLineEdit()
        self.key_edit = QLineEdit()
        self.key_edit.setReadOnly(True)
        self.fingerprint_label = QLabel()
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        self.copy_button = QPushButton(tr("Salin"))
        key_row.addWidget(self.copy_button)
        self.create_button = QPushButton(tr("Buat identitas dan kunci"))
        form.addRow(tr("Kode kantor"), self.kode_edit)
        form.addRow(tr("Nama kantor"), self.nama_edit)
        form.addRow(tr("Kunci publik"), key_row)
        form.addRow(tr("Sidik jari"), self.fingerprint_label)
        form.addRow("", self.create_button)
        layout.addWidget(own)

        partners = QGroupBox(tr("Kantor mitra tepercaya"))
        pl = QVBoxLayout(partners)
        self.partner_model = RecordTableModel([
            Column(tr("Kode"), lambda m: m.kode, lambda m: m.kode),
            Column(tr("Nama"), lambda m: m.nama, lambda m: m.nama),
            Column(tr("Status"), lambda m: tr("dipercaya") if m.dipercaya else tr("tidak dipercaya"),
                   lambda m: m.dipercaya),
            Column(tr("Paket diterima"), lambda m: f"#{m.paket_terakhir_diterima}",
                   lambda m: m.paket_terakhir_diterima, align_right=True),
            Column(tr("Paket dikirim"), lambda m: f"#{m.paket_terakhir_dikirim}",
                   lambda m: m.paket_terakhir_dikirim, align_right=True),
            Column(tr("Cakupan"), lambda m: m.cakupan_nama or tr("Seluruh daerah"), lambda m: m.cakupan_nama),
            Column(tr("Sidik jari"), lambda m: m.sidik_jari, lambda m: m.sidik_jari),
        ], parent=self)
        self.partner_view = _table(self.partner_model)
        pl.addWidget(self.partner_view)
        add = QFormLayout()
        self.partner_kode = QLineEdit()
        self.partner_nama = QLineEdit()
        self.partner_key = QLineEdit()
        self.partner_key.setPlaceholderText("MK1.…")
        add.addRow(tr("Kode mitra"), self.partner_kode)
        add.addRow(tr("Nama mitra"), self.partner_nama)
        add.addRow(tr("Kunci publik mitra"), self.partner_key)
        self.copy_check = QCheckBox(tr("Basis data kantor itu salinan basis data ini (catat data saat ini sebagai "
                                       "dasar bersama; lakukan di kedua kantor sebelum ada perubahan)"))
        add.addRow("", self.copy_check)
        pl.addLayout(add)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("Percayai kantor ini"))
        self.revoke_button = QPushButton(tr("Cabut kepercayaan"))
        self.scope_combo = QComboBox()
        self.scope_combo.setToolTip(tr("Kantor mitra terpilih hanya menerima pegawai unit ini beserta sub-unitnya"))
        self.scope_button = QPushButton(tr("Atur cakupan"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.revoke_button)
        buttons.addSpacing(24)
        buttons.addWidget(QLabel(tr("Cakupan data:")))
        buttons.addWidget(self.scope_combo)
        buttons.addWidget(self.scope_button)
        buttons.addStretch(1)
        pl.addLayout(buttons)
        layout.addWidget(partners, 1)
        self.status = _Status()
        layout.addWidget(self.status)

        self.create_button.clicked.connect(self.create_identity)
        self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(self.key_edit.text()))
        self.add_button.clicked.connect(self.add_partner)
        self.revoke_button.clicked.connect(self.revoke_partner)
        self.scope_button.clicked.connect(self.set_scope)
        self._fill_scope_choices()
        self.refresh()

    def _fill_scope_choices(self) -> None:
        from sqlalchemy import select

        from mutasi_desktop.db.models import UnitKerja

        self.scope_combo.addItem(tr("Seluruh daerah"), None)
        with self.ctx.db.session() as s:  # the OPD list: short, read once
            for ident, nama in s.execute(select(UnitKerja.id, UnitKerja.nama).where(UnitKerja.parent_id.is_(None))
                                         .order_by(UnitKerja.urutan, UnitKerja.nama)):
                self.scope_combo.addItem(nama, ident)

    def _selected_partner(self) -> Any:
        rows = self.partner_view.selectionModel().selectedRows()
        return self.partner_model.row_at(rows[0].row()) if rows else None

    def set_scope(self) -> None:
        mitra = self._selected_partner()
        if mitra is None:
            self.status.show_error(tr("Pilih kantor mitra yang cakupannya akan diatur."))
            return
        try:
            changed = atur_cakupan(self.ctx.db, self.ctx.actor, kode=mitra.kode, unit_id=self.scope_combo.currentData())
        except DomainError as exc:
            self.status.show_error(exc.message)
            return
        self.status.show_ok(tr("Paket untuk {kode} mencakup {cakupan}.").format(
            kode=changed.kode, cakupan=changed.cakupan_nama or tr("seluruh daerah")))
        self.refresh()

    def refresh(self) -> None:
        identitas = lihat_identitas(self.ctx.db, self.ctx.actor, keys_dir=self.keys_dir)
        has = identitas is not None
        if identitas is not None:
            self.kode_edit.setText(identitas.kode)
            self.nama_edit.setText(identitas.nama)
            self.key_edit.setText(identitas.kunci_publik)
            self.fingerprint_label.setText(identitas.sidik_jari)
            if not identitas.kunci_tersedia:
                self.status.show_error(tr("Kunci privat kantor tidak ada di komputer ini: ")
                                       + str(identitas.berkas_kunci))
        self.kode_edit.setReadOnly(has)
        self.nama_edit.setReadOnly(has)
        self.create_button.setVisible(not has)
        self.copy_button.setEnabled(has)
        self.partner_model.set_rows(daftar_mitra(self.ctx.db, self.ctx.actor))
        for callback in self.changed_callbacks:
            callback()

    def create_identity(self) -> None:
        try:
            buat_identitas(self.ctx.db, self.ctx.actor, kode=self.kode_edit.text(), nama=self.nama_edit.text(),
                           keys_dir=self.keys_dir)
        except DomainError as exc:
            self.status.show_error(exc.message)
            return
        self.status.show_ok(tr("Identitas dibuat. Berikan kunci publik ini kepada kantor mitra."))
        self.refresh()

    def add_partner(self) -> None:
        try:
            mitra = tambah_mitra(self.ctx.db, self.ctx.actor, kode=self.partner_kode.text(),
                                 nama=self.partner_nama.text(), kunci_publik=self.partner_key.text())
            if self.copy_check.isChecked():
                catat_dasar_bersama(self.ctx.db, self.ctx.actor, kode=mitra.kode)
        except DomainError as exc:
            self.status.show_error(exc.message)
            return
        self.status.show_ok(tr("Kantor {kode} dipercaya. Cocokkan sidik jari {sidik} dengan kantor itu.")
                            .format(kode=mitra.kode, sidik=mitra.sidik_jari))
        for edit in (self.partner_kode, self.partner_nama, self.partner_key):
            edit.clear()
        self.copy_check.setChecked(False)
        self.refresh()

    def revoke_partner(self) -> None:
        mitra = self._selected_partner()
        if mitra is None:
            self.status.show_error(tr("Pilih kantor mitra yang akan dicabut kepercayaannya."))
            return
        atur_kepercayaan(self.ctx.db, self.ctx.actor, kode=mitra.kode, dipercaya=False)
        self.status.show_ok(tr("Kantor {kode} tidak lagi dipercaya.").format(kode=mitra.kode))
        self.refresh()


class ExportTab(_Base):
    """Make a package for one partner office."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.partner_combo = QComboBox()
        self.path_edit = QLineEdit()
        browse = QPushButton(tr("Pilih…"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form.addRow(tr("Kirim ke"), self.partner_combo)
        form.addRow(tr("Simpan paket sebagai"), path_row)
        layout.addLayout(form)
        enc = QGroupBox(tr("Enkripsi"))
        el = QVBoxLayout(enc)
        self.enc_none = QRadioButton(tr("Tanpa enkripsi (paket tetap ditandatangani)"))
        self.enc_password = QRadioButton(tr("Dengan kata sandi (sampaikan sandinya lewat jalur lain)"))
        self.enc_key = QRadioButton(tr("Untuk kunci kantor tujuan (hanya kantor itu yang dapat membuka)"))
        group = QButtonGroup(self)
        for button in (self.enc_none, self.enc_password, self.enc_key):
            group.addButton(button)
            el.addWidget(button)
        self.enc_key.setChecked(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(tr("kata sandi paket"))
        el.addWidget(self.password_edit)
        layout.addWidget(enc)
        self.all_check = QCheckBox(tr("Kirim semua data lagi (bila paket sebelumnya hilang)"))
        layout.addWidget(self.all_check)
        self.export_button = QPushButton(tr("Buat paket"))
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.status = _Status()
        layout.addWidget(self.status)
        layout.addStretch(1)
        browse.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.export)
        self.refresh()

    def refresh(self) -> None:
        current = self.partner_combo.currentData()
        self.partner_combo.clear()
        for mitra in daftar_mitra(self.ctx.db, self.ctx.actor):
            if mitra.dipercaya:
                self.partner_combo.addItem(f"{mitra.kode} — {mitra.nama}", mitra.kode)
        index = self.partner_combo.findData(current)
        if index >= 0:
            self.partner_combo.setCurrentIndex(index)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Simpan paket"), self.path_edit.text(), PACKAGE_FILTER)
        if path:
            self.path_edit.setText(path)

    def export(self) -> None:
        kode = self.partner_combo.currentData()
        if not kode:
            self.status.show_error(tr("Belum ada kantor mitra tepercaya. Tambahkan di tab Identitas & mitra."))
            return
        if not self.path_edit.text().strip():
            self.status.show_error(tr("Pilih nama berkas paket."))
            return
        path = Path(self.path_edit.text().strip()).expanduser()
        sandi = self.password_edit.text() if self.enc_password.isChecked() else None
        if self.enc_password.isChecked() and not sandi:
            self.status.show_error(tr("Isi kata sandi paket."))
            return
        self.export_button.setEnabled(False)
        self.status.show_ok(tr("Membuat paket…"))

        def done(hasil: HasilEkspor) -> None:
            self.export_button.setEnabled(True)
            detail = ", ".join(f"{k} {v}" for k, v in sorted(hasil.jumlah.items())) or tr("tidak ada perubahan")
            self.status.show_ok(tr("Paket #{n} untuk {ke} dibuat: {path} ({detail}).").format(
                n=hasil.urutan, ke=hasil.ke, path=hasil.path, detail=detail))

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.status.show_error(_message(exc))

        self.run(lambda: ekspor_paket(self.ctx.db, self.ctx.actor, ke=kode, path=path, sandi=sandi,
                                      enkripsi_kunci=self.enc_key.isChecked(), semua=self.all_check.isChecked(),
                                      keys_dir=self.keys_dir),
                 done, failed, "ekspor-paket")


class ImportTab(_Base):
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
        self.summary_view = _table(self.summary)
        self.summary_view.setMaximumHeight(160)
        self.summary_view.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(self.summary_view)

        self.tabs = QTabWidget()
        self.changes = changes_model(self)
        self.changes_view = _table(self.changes)
        self.tabs.addTab(self.changes_view, tr("Perubahan"))
        conflict_page = QWidget()
        cl = QVBoxLayout(conflict_page)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.conflicts = ConflictModel(self)
        self.conflict_view = _table(self.conflicts)
        splitter.addWidget(self.conflict_view)
        self.comparison = ComparisonModel(self)
        self.comparison_view = _table(self.comparison)
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
        self.status = _Status()
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
            self.status.show_error(_message(exc))

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
            dibuat=preview.dibuat[:16].replace("T", " "))]
        if preview.sudah_diimpor:
            lines.append(tr("Paket ini sudah pernah diimpor; mengimpornya lagi tidak mengubah apa pun."))
        lines.extend(preview.peringatan)
        self.header_label.setText("\n".join(lines))
        self.tabs.setTabText(1, tr("Konflik ({n})").format(n=len(preview.konflik)))
        if preview.konflik:
            self.tabs.setCurrentIndex(1)
            self.conflict_view.selectRow(0)
        self.status.show_ok(tr("Periksa perubahan di bawah, lalu tekan Impor."))
        self._update_import_button()

    def _show_comparison(self, current: Any, _previous: Any = None) -> None:
        self.comparison.set_rows(comparison_rows(self.conflicts.row_at(current.row())))

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
            self.status.show_error(_message(exc))
            self._update_import_button()

        sandi = self._sandi()
        self.run(lambda: impor_paket(self.ctx.db, self.ctx.actor, path, sandi=sandi, keputusan=keputusan,
                                     keys_dir=self.keys_dir),
                 done, failed, "impor-paket")


class ExchangePage(QTabWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.identity_tab = IdentityTab(ctx)
        self.export_tab = ExportTab(ctx)
        self.import_tab = ImportTab(ctx)
        self.identity_tab.changed_callbacks.append(self.export_tab.refresh)
        self.addTab(self.identity_tab, tr("Identitas && mitra"))
        self.addTab(self.export_tab, tr("Kirim paket"))
        self.addTab(self.import_tab, tr("Terima paket"))
        self.currentChanged.connect(self._refresh_tab)

    def _refresh_tab(self, index: int) -> None:
        widget = self.widget(index)
        if widget in (self.identity_tab, self.export_tab):
            widget.refresh()


def create_page(ctx: AppContext) -> QWidget:
    if not ctx.actor.can(Izin.PERTUKARAN):
        label = QLabel(tr("Pertukaran paket hanya untuk Operator dan Administrator."))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label
    return ExchangePage(ctx)
