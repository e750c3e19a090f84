"""Pertukaran Paket: this office's identity and partners, sending a package, receiving one.

Receiving shows the preview first (what will be created or updated, per kind of data), then the
conflicts: each record changed on both sides is listed with our version beside theirs, and the
clerk keeps ours or takes theirs per record before "Impor" is enabled. Slow work (export,
verification, import) runs in the background through ``ctx.tasks``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QTabWidget,
    QWidget,
)

from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.server.exchange_widgets import tr
from mutasi_desktop.ui.server.export_tab import ExportTab
from mutasi_desktop.ui.server.identity_tab import IdentityTab
from mutasi_desktop.ui.server.import_tab import ImportTab


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
