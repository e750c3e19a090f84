"""The import wizard: choose the file -> map the columns -> preview (dry run) -> commit.

Reading, planning and committing run on the task runner with a progress bar and a Batal
button. Cancelling sets a flag the service's progress callback turns into
:class:`~mutasi_desktop.services.import_common.ImportDibatalkan`; the commit checks it one last
time inside its transaction, so a cancelled import writes nothing. If the commit had already
finished when Batal was pressed, the wizard says so instead of claiming a cancel.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.column_mapping import profile_from_mapping
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services.import_common import ImportDibatalkan, reference_choices
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.impor.import_kinds import ImportKind, decisions_from, import_kind, summarize
from mutasi_desktop.ui.impor.wizard_pages import (
    ERROR_STYLE,
    INFO_STYLE,
    OK_STYLE,
    FilePage,
    MappingPage,
    PreviewPage,
    ResultPage,
    show_message,
)
from mutasi_desktop.ui.tasks import TaskContext, TaskRunner
from mutasi_desktop.ui.widgets.screen_fit import resize_to_fit

log = logging.getLogger(__name__)

PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_RESULT = range(4)
SPREADSHEET_FILTER = "Spreadsheet (*.xlsx *.xls *.ods *.csv);;Semua berkas (*)"


class ImportWizard(QDialog):
    """Controller of the four pages. ``committed`` tells the caller to refresh its view."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, kind: str = "pegawai") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tasks: TaskRunner = ctx.tasks if ctx.tasks is not None else TaskRunner(self)
        self.setWindowTitle(self.tr("Impor dari Excel/CSV"))
        resize_to_fit(self, 1000, 680)
        self.committed = False
        self.kind: ImportKind | None = None
        self.inspection: Any = None
        self.plan: Any = None
        self.result: Any = None
        self._cancel = threading.Event()
        self._busy = False
        self._cancel_note: QLabel | None = None

        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 13pt; font-weight: bold; color: #1f3a5f;")
        self.step_label = QLabel()
        self.step_label.setStyleSheet("color: #4a5568;")
        self.file_page = FilePage()
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        if ctx.actor.batas_opd:
            self.preview_page.set_may_create(False, self.tr(
                "Akun Anda dibatasi pada OPD tertentu: unit kerja dan jabatan baru hanya dapat dibuat oleh akun "
                "tanpa batas OPD. Petakan ke data yang sudah ada atau biarkan kosong."))
        self.result_page = ResultPage()
        self.stack = QStackedWidget()
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            self.stack.addWidget(page)

        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(True)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton(self.tr("Batal"))
        self.progress_row = QWidget()
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.progress_bar, 1)
        progress_layout.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.back_button = QPushButton(self.tr("< Kembali"))
        self.next_button = QPushButton(self.tr("Lanjut >"))
        self.next_button.setDefault(True)
        # The same button reads "Lanjut >" and "Impor sekarang": size it for the longer text.
        self.next_button.setMinimumWidth(
            self.next_button.fontMetrics().horizontalAdvance(self.tr("Impor sekarang")) + 32)
        self.close_button = QPushButton(self.tr("Tutup"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.progress_row)
        layout.addLayout(buttons)

        self.file_page.set_kind(kind)
        self.file_page.browse_button.clicked.connect(self._browse)
        self.file_page.template_button.clicked.connect(self._ask_template_path)
        self.mapping_page.sheet_combo.currentTextChanged.connect(self._sheet_changed)
        self.mapping_page.apply_profile_button.clicked.connect(self._apply_selected_profile)
        self.mapping_page.save_profile_button.clicked.connect(self._ask_profile_name)
        self.preview_page.save_errors_button.clicked.connect(self._ask_errors_path)
        self.result_page.save_errors_button.clicked.connect(self._ask_errors_path)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self._close_clicked)
        self.cancel_button.clicked.connect(self.cancel_task)
        self._show_page(PAGE_FILE)

    # ------------------------------------------------------------------ navigation
    def _show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        titles = {
            PAGE_FILE: self.tr("Pilih berkas"),
            PAGE_MAPPING: self.tr("Pemetaan kolom"),
            PAGE_PREVIEW: self.tr("Pratinjau (belum ada yang disimpan)"),
            PAGE_RESULT: self.tr("Hasil impor"),
        }
        self.title_label.setText(titles[index])
        self.step_label.setText(self.tr("Langkah %1 dari 4").replace("%1", str(index + 1)))
        self._update_buttons()

    @property
    def page_index(self) -> int:
        return self.stack.currentIndex()

    def _update_buttons(self) -> None:
        index = self.page_index
        busy = self._busy
        self.back_button.setVisible(index in (PAGE_MAPPING, PAGE_PREVIEW))
        self.back_button.setEnabled(not busy)
        self.next_button.setVisible(index != PAGE_RESULT)
        self.next_button.setEnabled(not busy)
        self.next_button.setText(self.tr("Impor sekarang") if index == PAGE_PREVIEW else self.tr("Lanjut >"))
        self.close_button.setText(self.tr("Selesai") if index == PAGE_RESULT else self.tr("Tutup"))
        self.close_button.setEnabled(not busy)
        for page in (self.file_page, self.mapping_page, self.preview_page):
            page.setEnabled(not busy)

    def go_back(self) -> None:
        if self._busy:
            return
        self._show_page(max(PAGE_FILE, self.page_index - 1))

    def go_next(self) -> None:
        if self._busy:
            return
        if self.page_index == PAGE_FILE:
            self.inspect()
        elif self.page_index == PAGE_MAPPING:
            self.start_plan()
        elif self.page_index == PAGE_PREVIEW:
            self.start_commit()

    def _close_clicked(self) -> None:
        if self.committed:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        if self._busy:
            self.cancel_task()
            return
        super().reject()

    # ------------------------------------------------------------------ background tasks
    def _run(self, work: Callable[[Callable[[int, int, str], None]], Any], *, label: str,
             success: Callable[[Any], None], failure: Callable[[BaseException], None],
             finished_counts: bool = False) -> None:
        """Run ``work(progress)`` in the background. A step cancelled after its work finished
        is reported as cancelled, except a commit (``finished_counts``): its data is saved."""
        cancel = self._cancel = threading.Event()
        self._busy = True
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(label)
        self.cancel_button.setEnabled(True)
        self.progress_row.show()
        self._update_buttons()

        def job(task: TaskContext) -> Any:
            def progress(done: int, total: int, text: str) -> None:
                if cancel.is_set():
                    raise ImportDibatalkan("Impor dibatalkan; tidak ada data yang disimpan.")
                task.progress(done, total, text)

            return work(progress)

        def done() -> None:
            self._busy = False
            self.progress_row.hide()
            self._update_buttons()

        def on_success(result: Any) -> None:
            done()
            if cancel.is_set() and not finished_counts:
                failure(ImportDibatalkan("Dibatalkan."))
                return
            success(result)

        def on_failure(exc: BaseException) -> None:
            done()
            if not isinstance(exc, DomainError):
                log.error("import task failed: %r", exc, exc_info=exc)
            failure(exc)

        self.tasks.run(job, success=on_success, failure=on_failure, progress=self._progress, name=label)

    def _progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
        if text and not self._cancel.is_set():
            self.progress_label.setText(text)

    def cancel_task(self) -> None:
        """Ask the running step to stop; the wizard stays until the worker confirms."""
        if not self._busy:
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(self.tr("Membatalkan…"))

    @property
    def busy(self) -> bool:
        return self._busy

    def _error_text(self, exc: BaseException) -> str:
        if isinstance(exc, ImportDibatalkan):
            return self.tr("Dibatalkan. Tidak ada data yang disimpan.")
        if isinstance(exc, DomainError):
            return exc.message
        return self.tr("Terjadi kesalahan yang tidak terduga: %1").replace("%1", str(exc) or type(exc).__name__)

    # ------------------------------------------------------------------ step 1: file
    def choose_file(self, path: str | Path) -> None:
        self.file_page.path_edit.setText(str(path))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Pilih berkas yang akan diimpor"), "",
                                                    SPREADSHEET_FILTER)
        if path:
            self.choose_file(path)

    def _ask_template_path(self) -> None:
        name = f"templat_impor_{self.file_page.kind_key}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Simpan templat"), name, "Excel (*.xlsx)")
        if path:
            self.download_template(path)

    def download_template(self, path: str | Path) -> None:
        """Write the template workbook of the chosen kind (small: on the GUI thread)."""
        kind = import_kind(self.file_page.kind_key)
        try:
            kind.write_template(path)
        except (OSError, DomainError) as exc:
            show_message(self.file_page.error_label, self.tr("Templat tidak dapat disimpan: %1")
                         .replace("%1", getattr(exc, "message", None) or str(exc)))
            return
        show_message(self.file_page.error_label, "")
        show_message(self.file_page.info_label, self.tr("Templat disimpan ke %1").replace("%1", str(path)), OK_STYLE)

    def inspect(self) -> None:
        page = self.file_page
        show_message(page.info_label, "")
        path = page.path_edit.text().strip()
        if not path:
            show_message(page.error_label, self.tr("Pilih berkas yang akan diimpor terlebih dahulu."))
            return
        if not Path(path).is_file():
            show_message(page.error_label, self.tr("Berkas '%1' tidak ditemukan.").replace("%1", path))
            return
        show_message(page.error_label, "")
        self.kind = kind = import_kind(page.kind_key)
        self.plan = None
        db, actor = self.ctx.db, self.ctx.actor

        def work(_progress: Callable[[int, int, str], None]) -> Any:
            return kind.inspect(path), kind.profiles(db, actor)

        def success(result: Any) -> None:
            self.inspection, profiles = result
            self.mapping_page.set_inspection(self.inspection, kind.fields)
            self.mapping_page.set_profiles(profiles)
            self._show_page(PAGE_MAPPING)

        def failure(exc: BaseException) -> None:
            show_message(page.error_label, self._error_text(exc))

        self._run(work, label=self.tr("Membaca berkas…"), success=success, failure=failure)

    # ------------------------------------------------------------------ step 2: mapping
    def _sheet_changed(self, sheet: str) -> None:
        if not sheet or self.kind is None or self._busy:
            return
        kind, path = self.kind, self.file_page.path_edit.text().strip()

        def success(inspection: Any) -> None:
            self.inspection = inspection
            self.mapping_page.set_inspection(inspection, kind.fields)

        def failure(exc: BaseException) -> None:
            show_message(self.mapping_page.error_label, self._error_text(exc))

        self._run(lambda _p: kind.inspect(path, sheet=sheet), label=self.tr("Membaca lembar kerja…"),
                  success=success, failure=failure)

    def current_profile(self) -> dict[str, str]:
        return profile_from_mapping(self.mapping_page.headers, self.mapping_page.mapping())

    def _apply_selected_profile(self) -> None:
        profile = self.mapping_page.profile_combo.currentData()
        if profile is None:
            return
        count = self.mapping_page.apply_profile(profile.pemetaan)
        show_message(self.mapping_page.info_label, self.tr("Profil \"%1\" diterapkan pada %2 kolom.")
                     .replace("%1", profile.nama).replace("%2", str(count)), INFO_STYLE)

    def _ask_profile_name(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Simpan profil pemetaan"),
                                        self.tr("Nama profil (mis. \"Rekap Dinas Kesehatan\"):"))
        if ok:
            self.save_profile_as(name)

    def save_profile_as(self, name: str) -> bool:
        assert self.kind is not None
        try:
            saved = self.kind.save_profile(self.ctx.db, self.ctx.actor, name, self.current_profile())
            profiles = self.kind.profiles(self.ctx.db, self.ctx.actor)
        except DomainError as exc:
            show_message(self.mapping_page.error_label, exc.message)
            return False
        self.mapping_page.set_profiles(profiles)
        combo = self.mapping_page.profile_combo
        combo.setCurrentIndex(max(0, combo.findText(saved.nama)))
        show_message(self.mapping_page.info_label, self.tr("Profil \"%1\" disimpan.").replace("%1", saved.nama),
                     OK_STYLE)
        return True

    def start_plan(self) -> None:
        if not self.mapping_page.validate() or self.kind is None:
            return
        kind, path = self.kind, self.file_page.path_edit.text().strip()
        profile = self.current_profile()
        sheet = self.inspection.sheet_name if self.inspection is not None else None
        db, actor = self.ctx.db, self.ctx.actor

        def work(progress: Callable[[int, int, str], None]) -> Any:
            plan = kind.plan(db, actor, path, profile=profile, sheet=sheet, progress=progress)
            units, jabatan = reference_choices(db, actor)
            return plan, units, jabatan

        def success(result: Any) -> None:
            self.plan, units, jabatan = result
            self.preview_page.set_plan(self.plan, summarize(self.plan), units, jabatan)
            self._show_page(PAGE_PREVIEW)

        def failure(exc: BaseException) -> None:
            show_message(self.mapping_page.error_label, self._error_text(exc))

        self._run(work, label=self.tr("Memeriksa data…"), success=success, failure=failure)

    # ------------------------------------------------------------------ step 3: preview
    def _ask_errors_path(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Simpan baris galat"), "baris_galat.xlsx",
                                                    "Excel (*.xlsx)")
        if path:
            self.save_errors(path)

    def save_errors(self, path: str | Path) -> int:
        try:
            count = int(self.plan.save_errors(path))
        except (OSError, DomainError) as exc:
            show_message(self.preview_page.status_label, self.tr("Berkas galat tidak dapat disimpan: %1")
                         .replace("%1", getattr(exc, "message", None) or str(exc)))
            return 0
        saved = self.tr("%1 baris galat disimpan ke %2. Perbaiki lalu impor ulang berkas itu.") \
            .replace("%1", str(count)).replace("%2", str(path))
        show_message(self.preview_page.status_label, saved, OK_STYLE)
        show_message(self.result_page.status_label, saved, OK_STYLE)
        return count

    def start_commit(self) -> None:
        if self.plan is None or self.kind is None:
            return
        kind, plan = self.kind, self.plan
        strict = self.preview_page.strict_check.isChecked()
        unit_decisions, jabatan_decisions = decisions_from(self.preview_page.decisions())
        db, actor = self.ctx.db, self.ctx.actor

        def work(progress: Callable[[int, int, str], None]) -> Any:
            return kind.commit(db, actor, plan, strict=strict, unit_decisions=unit_decisions,
                               jabatan_decisions=jabatan_decisions, progress=progress)

        def success(result: Any) -> None:
            self.result = result
            self.committed = bool(result.committed)
            self._show_result(result, late_cancel=self._cancel.is_set())

        def failure(exc: BaseException) -> None:
            show_message(self.preview_page.status_label, self._error_text(exc),
                         INFO_STYLE if isinstance(exc, ImportDibatalkan) else ERROR_STYLE)

        self._run(work, label=self.tr("Menyimpan…"), success=success, failure=failure, finished_counts=True)

    # ------------------------------------------------------------------ step 4: result
    def _show_result(self, result: Any, *, late_cancel: bool = False) -> None:
        if not result.committed:
            text = (f"<p style='color:#9b1c1c'><b>{self.tr('Tidak ada data yang disimpan.')}</b></p>"
                    f"<p>{result.message}</p>")
        else:
            lines = [
                (self.tr("Data baru"), result.created), (self.tr("Data diperbarui"), result.updated),
                (self.tr("Tidak berubah"), result.unchanged), (self.tr("Baris tidak valid (dilewati)"), result.invalid),
                (self.tr("Unit kerja dibuat"), result.units_created),
                (self.tr("Jabatan dibuat"), result.jabatan_created),
            ]
            skipped = getattr(result, "skipped", 0)
            if skipped:
                lines.append((self.tr("Tertunda (unit/jabatan belum dipetakan)"), skipped))
            rows = "".join(f"<tr><td>{label}</td><td align='right'><b>{value:,}</b></td></tr>".replace(",", ".")
                           for label, value in lines)
            done = self.tr("Impor selesai dan tersimpan dalam satu transaksi.")
            text = f"<p style='color:#1d5b2c'><b>{done}</b></p><table cellspacing='6'>{rows}</table>"
            if result.invalid:  # the clerk's next step for the rows that did not go in
                fix = self.tr("%1 baris tidak valid belum masuk. Simpan daftarnya dengan tombol di bawah, perbaiki "
                              "baris itu di berkas Excel, lalu impor lagi berkas yang sama: baris yang sudah masuk "
                              "tidak akan tergandakan.").replace("%1", str(result.invalid))
                text += f"<p>{fix}</p>"
            if late_cancel:
                late = self.tr("Batal ditekan setelah penyimpanan selesai; data sudah tersimpan.")
                text += f"<p>{late}</p>"
        self.result_page.summary_label.setText(text)
        self.result_page.save_errors_button.setVisible(bool(result.committed and result.invalid))
        self._show_page(PAGE_RESULT)


def run_import_wizard(ctx: AppContext, parent: QWidget | None = None, *, kind: str = "pegawai") -> bool:
    """Show the wizard modally; True when something was imported (the caller refreshes)."""
    wizard = ImportWizard(ctx, parent, kind=kind)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    wizard.exec()
    committed = wizard.committed
    wizard.deleteLater()
    return committed
