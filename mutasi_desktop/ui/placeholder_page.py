"""The honest page shown for a section whose feature has not been built yet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class UnavailablePage(QWidget):
    """Says plainly that the section is not available in this version."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unavailablePage")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading.setTextFormat(Qt.TextFormat.RichText)
        body = QLabel(
            self.tr(
                "Bagian ini belum tersedia pada versi aplikasi ini.\n"
                "Data yang sudah ada tetap aman; fitur ini akan hadir pada pembaruan berikutnya."
            )
        )
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(2)


class PageErrorPage(QWidget):
    """Shown when a page failed to load, with the reason, instead of crashing the window."""

    def __init__(self, title: str, reason: str, parent: QWidget | None = None, *,
                 retry: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(self.tr("Halaman ini gagal dimuat: %1").replace("%1", reason))
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(heading)
        layout.addWidget(body)
        self.retry_button: QPushButton | None = None
        if retry is not None:
            self.retry_button = QPushButton(self.tr("Coba lagi"))
            self.retry_button.clicked.connect(lambda: retry())
            layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
