"""The main window: sidebar navigation, lazily created pages, menu, toolbar and status bar.

Pages are listed in :mod:`mutasi_desktop.ui.navigation` and imported only when first opened,
so start-up loads nothing a page needs. A page may offer any of these optional methods, which
the window's actions and shortcuts dispatch to:

``focus_search()`` (Ctrl+F), ``create_new()`` (Ctrl+N), ``save()`` (Ctrl+S), ``print_page()``
(Ctrl+P), ``refresh()`` (F5), ``apply_navigation(payload)`` (another page sent us here),
``can_leave() -> bool`` (unsaved changes), ``save_ui_state()`` (before the window closes).
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from mutasi_desktop import APP_NAME, __version__
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.ui import navigation
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.placeholder_page import PageErrorPage, UnavailablePage
from mutasi_desktop.ui.ui_settings import restore_splitter, save_splitter, ui_settings
from mutasi_desktop.ui.widgets.errors import pesan_galat
from mutasi_desktop.ui.widgets.screen_fit import resize_to_fit

log = logging.getLogger(__name__)

# Page method behind each window action (see the module docstring).
PAGE_COMMANDS = {
    "find": "focus_search",
    "new": "create_new",
    "save": "save",
    "print": "print_page",
    "refresh": "refresh",
}

SIDEBAR_STYLE = """
QListWidget#sidebar { background: #1f3a5f; color: #e8eef6; border: none; outline: 0; }
QListWidget#sidebar::item { padding: 9px 14px; border-left: 3px solid transparent; }
QListWidget#sidebar::item:selected { background: #2c5282; color: white; border-left: 3px solid #f6ad55; }
QListWidget#sidebar::item:hover:!selected { background: #294a73; }
"""


def page_title(key: str) -> str:
    """Translated title of a navigation entry (the literal list keeps lupdate able to see them)."""
    titles = {
        "beranda": QCoreApplication.translate("Navigasi", "Beranda"),
        "pegawai": QCoreApplication.translate("Navigasi", "Pegawai"),
        "organisasi": QCoreApplication.translate("Navigasi", "Organisasi & Formasi"),
        "kebutuhan": QCoreApplication.translate("Navigasi", "Analisis Kebutuhan"),
        "usul": QCoreApplication.translate("Navigasi", "Usul Mutasi"),
        "sk": QCoreApplication.translate("Navigasi", "Surat Keputusan"),
        "laporan": QCoreApplication.translate("Navigasi", "Laporan"),
        "pertukaran": QCoreApplication.translate("Navigasi", "Pertukaran Paket"),
        "pengaturan": QCoreApplication.translate("Navigasi", "Pengaturan"),
    }
    if key in titles:
        return titles[key]
    spec = next((s for s in navigation.PAGES if s.key == key), None)
    return spec.title if spec else key


def load_factory(factory_path: str) -> Any:
    module_name, _, attr = factory_path.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr)


class MainWindow(QMainWindow):
    """Sidebar + stacked pages. Owns no business logic: pages call services themselves."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.navigate = self.navigate
        ctx.extras["open_import"] = self.open_import_wizard  # e.g. Beranda's empty-database hint
        self.setWindowTitle(self.tr("Mutasi Desktop"))
        self.setMinimumSize(QSize(900, 600))
        self._specs = list(navigation.PAGES)
        self._pages: dict[str, QWidget] = {}
        self._page_index: dict[str, int] = {}

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet(SIDEBAR_STYLE)
        font = self.sidebar.font()
        font.setPointSizeF(font.pointSizeF() + 1)
        self.sidebar.setFont(font)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for spec in self._specs:
            item = QListWidgetItem(page_title(spec.key))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            if spec.factory_path is None:
                item.setToolTip(self.tr("Belum tersedia pada versi ini"))
            self.sidebar.addItem(item)
        widest = max(self.sidebar.fontMetrics().horizontalAdvance(page_title(s.key)) for s in self._specs)
        self.sidebar.setMinimumWidth(widest + 44)  # item padding, selection border, frame
        self.stack = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([self.sidebar.minimumWidth(), 1000])
        self.setCentralWidget(self.splitter)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()

        self.sidebar.currentRowChanged.connect(self._on_row_changed)
        self._restore_geometry()
        # The first page is built right after the window first paints: the frame appears at once
        # and the page (which imports its services and starts its queries) fills in a moment later.
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(0)
        self.sidebar.blockSignals(False)
        self.sidebar.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.sidebar.viewport():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._show_first_page)
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------------- actions and menus
    def _action(self, text: str, shortcut: QKeySequence | str | None, slot: Any,
                icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.actions_by_command: dict[str, QAction] = {
            "find": self._action(self.tr("&Cari"), QKeySequence.StandardKey.Find,
                                 lambda: self.dispatch("find"), sp.SP_FileDialogContentsView),
            "new": self._action(self.tr("&Baru"), QKeySequence.StandardKey.New,
                                lambda: self.dispatch("new"), sp.SP_FileIcon),
            "save": self._action(self.tr("&Simpan"), QKeySequence.StandardKey.Save,
                                 lambda: self.dispatch("save"), sp.SP_DialogSaveButton),
            "print": self._action(self.tr("Ce&tak"), QKeySequence.StandardKey.Print,
                                  lambda: self.dispatch("print"), sp.SP_FileDialogDetailedView),
            "refresh": self._action(self.tr("&Muat ulang"), QKeySequence.StandardKey.Refresh,
                                    lambda: self.dispatch("refresh"), sp.SP_BrowserReload),
        }
        self.actions_by_command["find"].setToolTip(self.tr("Cari pada halaman ini (Ctrl+F)"))
        self.actions_by_command["new"].setToolTip(self.tr("Buat data baru (Ctrl+N)"))
        self.actions_by_command["save"].setToolTip(self.tr("Simpan (Ctrl+S)"))
        self.actions_by_command["print"].setToolTip(self.tr("Cetak (Ctrl+P)"))
        self.quit_action = self._action(self.tr("&Keluar"), QKeySequence.StandardKey.Quit, self.close)
        self.about_action = self._action(self.tr("&Tentang Mutasi Desktop"), None, self.show_about)
        self.page_actions: list[QAction] = []
        for i, spec in enumerate(self._specs):
            shortcut = f"Ctrl+{i + 1}" if i < 9 else None
            action = self._action(page_title(spec.key), shortcut, lambda _=False, k=spec.key: self.navigate(k))
            self.page_actions.append(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Berkas"))
        file_menu.addAction(self.actions_by_command["new"])
        file_menu.addAction(self.actions_by_command["save"])
        file_menu.addAction(self.actions_by_command["print"])
        file_menu.addSeparator()
        # Import wizard (issue 7, owned by ui/impor): one action, the page refreshes afterwards.
        self.import_action = self._action(self.tr("&Impor dari Excel…"), None, self.open_import_wizard)
        file_menu.addAction(self.import_action)
        # Only roles that may import see it (a Pembaca would walk the whole wizard to be refused at the end).
        self.import_action.setVisible(self.ctx.actor.can(Izin.IMPOR))
        # Backup and restore live in Pengaturan › Cadangan; the File menu is where a clerk looks first.
        self.backup_action = self._action(self.tr("&Cadangan dan pemulihan…"), None,
                                          lambda: self.navigate("pengaturan", {"tab": "Cadangan"}))
        file_menu.addAction(self.backup_action)
        self.backup_action.setVisible(self.ctx.actor.can(Izin.CADANGKAN))
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Sunting"))
        edit_menu.addAction(self.actions_by_command["find"])
        edit_menu.addAction(self.actions_by_command["refresh"])
        go_menu = bar.addMenu(self.tr("&Buka"))
        for action in self.page_actions:
            go_menu.addAction(action)
        help_menu = bar.addMenu(self.tr("Ba&ntuan"))
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Bilah alat"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(16, 16))
        for command in ("new", "save", "find", "print", "refresh"):
            toolbar.addAction(self.actions_by_command[command])
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        db = self.ctx.db
        location = str(db.path) if db.path is not None else db.url.split("@")[-1]
        self.db_label = QLabel(self.tr("Basis data: %1").replace("%1", location))
        self.db_label.setToolTip(location)
        self.user_label = QLabel(self.tr("Pengguna: %1").replace("%1", self.ctx.actor.nama))
        status.addWidget(self.db_label, 1)
        status.addPermanentWidget(self.user_label)

    # ----------------------------------------------------------------- pages
    @property
    def current_key(self) -> str:
        row = self.sidebar.currentRow()
        return self._specs[row].key if 0 <= row < len(self._specs) else ""

    def current_page(self) -> QWidget | None:
        return self._pages.get(self.current_key)

    def page(self, key: str) -> QWidget:
        """The page widget for ``key``, created on first use."""
        if key not in self._pages:
            spec = next(s for s in self._specs if s.key == key)
            widget = self._create_page(spec)
            self._pages[key] = widget
            self._page_index[key] = self.stack.addWidget(widget)
        return self._pages[key]

    def _create_page(self, spec: navigation.PageSpec) -> QWidget:
        title = page_title(spec.key)
        if spec.factory_path is None:
            return UnavailablePage(title)
        try:
            factory = load_factory(spec.factory_path)
            return factory(self.ctx)
        except Exception as exc:  # a broken page must not take the window down
            log.exception("page %s failed to load", spec.key)
            # Said in Indonesian, with "Coba lagi": the page was kept broken for the whole session
            # after one network blip on a PostgreSQL server.
            return PageErrorPage(title, pesan_galat(exc), retry=lambda: self._retry_page(spec.key))

    def _retry_page(self, key: str) -> None:
        """Build a page that failed to load again, in the same place of the stack."""
        old = self._pages.pop(key, None)
        if old is None:
            return
        spec = next(s for s in self._specs if s.key == key)
        widget = self._create_page(spec)
        index = self.stack.indexOf(old)
        self.stack.insertWidget(index, widget)
        self.stack.removeWidget(old)
        old.deleteLater()
        self._pages[key] = widget
        self._page_index[key] = self.stack.indexOf(widget)
        if self.current_key == key:
            self.stack.setCurrentWidget(widget)
            self._update_actions()

    def navigate(self, key: str, payload: dict[str, Any] | None = None) -> None:
        """Show page ``key`` and pass it ``payload`` (e.g. a filter for the pegawai list)."""
        row = next((i for i, s in enumerate(self._specs) if s.key == key), -1)
        if row < 0:
            raise KeyError(key)
        self.sidebar.setCurrentRow(row)
        if payload is not None:
            page = self.page(key)
            apply = getattr(page, "apply_navigation", None)
            if apply is not None:
                apply(payload)

    def _show_first_page(self) -> None:
        if not self._pages:
            self._on_row_changed(self.sidebar.currentRow())

    def _on_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self._specs):
            return
        key = self._specs[row].key
        self.page(key)
        self.stack.setCurrentIndex(self._page_index[key])
        self.setWindowTitle(f"{page_title(key)} — {APP_NAME}")
        self._update_actions()

    def _update_actions(self) -> None:
        page = self.current_page()
        for command, method in PAGE_COMMANDS.items():
            enabled = page is not None and hasattr(page, method)
            if command == "new" and enabled:  # a page may say its role cannot create (Pembaca): "Baru" greys out
                enabled = bool(getattr(page, "can_create", True))
            self.actions_by_command[command].setEnabled(enabled)

    def dispatch(self, command: str) -> bool:
        """Send a window command (Ctrl+F, Ctrl+N, ...) to the current page if it supports it."""
        page = self.current_page()
        method = getattr(page, PAGE_COMMANDS[command], None) if page is not None else None
        if method is None:
            self.statusBar().showMessage(self.tr("Perintah ini tidak tersedia di halaman ini."), 3000)
            return False
        method()
        return True

    def open_import_wizard(self) -> None:
        """Berkas > Impor dari Excel…: the wizard of ui/impor; refresh the page if data changed."""
        from mutasi_desktop.ui.impor.import_wizard import run_import_wizard

        if run_import_wizard(self.ctx, self):
            # Every page already built shows the new data, not only the current one (Organisasi opened
            # before the import would otherwise still say "belum ada unit kerja").
            for page in list(self._pages.values()):
                if hasattr(page, "refresh"):
                    page.refresh()

    # ----------------------------------------------------------------- about, state
    def show_about(self) -> None:
        db = self.ctx.db
        location = str(db.path) if db.path is not None else db.url
        text = self.tr(
            "<h3>Mutasi Desktop %1</h3>"
            "<p>Pengelolaan mutasi ASN secara luring untuk BKD/BKPSDM.</p>"
            "<p><b>Basis data:</b> %2</p>"
            "<p>Semua data contoh bersifat sintetis.</p>"
        )
        QMessageBox.about(self, self.tr("Tentang Mutasi Desktop"),
                          text.replace("%1", __version__).replace("%2", location))

    def _restore_geometry(self) -> None:
        settings = ui_settings()
        geometry = settings.value("mainWindow/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            resize_to_fit(self, 1280, 800)
        state = settings.value("mainWindow/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        restore_splitter("main", self.splitter)

    def save_ui_state(self) -> None:
        settings = ui_settings()
        settings.setValue("mainWindow/geometry", self.saveGeometry())
        settings.setValue("mainWindow/state", self.saveState())
        settings.sync()
        save_splitter("main", self.splitter)
        for page in self._pages.values():
            saver = getattr(page, "save_ui_state", None)
            if saver is not None:
                saver()

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self._pages.values():
            can_leave = getattr(page, "can_leave", None)
            if can_leave is not None and not can_leave():
                event.ignore()
                return
        self.save_ui_state()
        if self.ctx.tasks is not None:
            self.ctx.tasks.shutdown()
        event.accept()
