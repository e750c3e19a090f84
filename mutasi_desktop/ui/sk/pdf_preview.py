"""A PDF shown inside the application (QtPdf), with print, save as and open folder.

The preview never renders anything itself: a controller hands it a finished file. Printing
draws each page through QPdfDocument.render at the printer's resolution.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.ui.widgets.errors import pesan_galat
from mutasi_desktop.ui.widgets.flow_layout import FlowLayout


class PdfPreview(QWidget):
    """Shows one PDF file. ``on_printed(path)`` is called after a print job was sent (audit)."""

    def __init__(self, parent: QWidget | None = None, *, on_printed: Callable[[Path], None] | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._on_printed = on_printed
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pratinjauPdf")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.title = QLabel()
        # A title wider than the pane is cut there (its full text stays in the tooltip).
        self.title.setMinimumWidth(60)
        self.pages = QLabel("")
        self.print_button = QPushButton(self.tr("Cetak…"))
        self.save_button = QPushButton(self.tr("Simpan sebagai…"))
        self.folder_button = QPushButton(self.tr("Buka folder"))
        self.fit_button = QPushButton(self.tr("Sesuai lebar"))
        self.zoom_in = QPushButton("+")
        self.zoom_out = QPushButton("−")
        for b in (self.zoom_in, self.zoom_out):
            b.setFixedWidth(32)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.folder_button.clicked.connect(self.open_folder)
        self.fit_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))

        # The title and the buttons wrap onto more lines in a narrow pane (a 900 px screen) instead
        # of making the preview, and the panes beside it, wider than the window.
        bar = FlowLayout()
        for w in (self.title, self.pages, self.zoom_out, self.zoom_in, self.fit_button, self.print_button,
                  self.save_button, self.folder_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        # Until a document is there the page area says why it is empty (not a bare grey pane).
        self.hint = QLabel(self.tr("Belum ada dokumen untuk dipratinjau"))
        self.hint.setObjectName("pratinjauKosong")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555; font-size: 13px; padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.view)
        layout.addWidget(self.stack, 1)
        self.title.hide()  # shown with a document
        self._update_buttons()

    @property
    def path(self) -> Path | None:
        return self._path

    def show_file(self, path: Path, title: str = "") -> None:
        self.document.close()
        self._path = Path(path)
        self.document.load(str(path))
        self.title.setText(title or self._path.name)
        self.title.setToolTip(title or self._path.name)
        self.title.show()
        self.stack.setCurrentWidget(self.view)
        self.pages.setText(self.tr("%n halaman", "", self.document.pageCount()))
        self._update_buttons()

    def clear(self, message: str = "") -> None:
        self.document.close()
        self._path = None
        text = message or self.tr("Belum ada dokumen untuk dipratinjau")
        self.title.clear()  # the page area says it in full; the narrow toolbar would cut it
        self.title.setToolTip("")
        self.title.hide()  # no empty gap before the buttons
        self.hint.setText(text)
        self.stack.setCurrentWidget(self.hint)
        self.pages.setText("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        loaded = self._path is not None
        for b in (self.print_button, self.save_button, self.folder_button, self.fit_button, self.zoom_in,
                  self.zoom_out):
            b.setEnabled(loaded)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    def save_as(self) -> None:
        if self._path is None:
            return
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan PDF"), self._path.name, "PDF (*.pdf)")
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            shutil.copyfile(self._path, target)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Simpan PDF"), pesan_galat(exc))

    def open_folder(self) -> None:
        if self._path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._path.parent)))

    def print_document(self) -> None:
        if self._path is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._path.name)
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Cetak dokumen"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        print_pdf(self.document, printer)
        if self._on_printed is not None:
            self._on_printed(self._path)


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Render the chosen page range of ``document`` onto ``printer``, one page per sheet, at the
    printer's resolution and scaled to fit the printable area (keeping the aspect ratio)."""
    count = document.pageCount()
    first = max(1, printer.fromPage() or 1)
    last = min(count, printer.toPage() or count)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("Pencetak tidak dapat dibuka")
    try:
        dpi = printer.resolution()
        for number in range(first, last + 1):
            size_pt = document.pagePointSize(number - 1)
            # The landscape lampiran pages are turned on the sheet rather than shrunk.
            wide = size_pt.width() > size_pt.height()
            printer.setPageOrientation(QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait)
            if number > first:
                printer.newPage()
            pixels = QSize(int(size_pt.width() / 72 * dpi), int(size_pt.height() / 72 * dpi))
            image = document.render(number - 1, pixels)
            area = painter.viewport()
            fitted = pixels.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(0, 0, fitted.width(), fitted.height()), image)
    finally:
        painter.end()
