"""The main window's sections. Each feature registers its page here with one line.

A page factory takes the AppContext and returns a QWidget. Sections whose feature has not
landed yet are listed with ``factory=None`` and shown as "belum tersedia" (never pretending).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from mutasi_desktop.ui.app_context import AppContext

PageFactory = Callable[["AppContext"], "QWidget"]


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # passed through QCoreApplication.translate("Navigasi", ...) by the window
    factory_path: str | None  # "module:callable", imported lazily when the page is first opened


PAGES: list[PageSpec] = [
    PageSpec("beranda", "Beranda", "mutasi_desktop.ui.beranda.beranda_page:create_page"),
    PageSpec("pegawai", "Pegawai", "mutasi_desktop.ui.pegawai.pegawai_page:create_page"),
    PageSpec("organisasi", "Organisasi & Formasi", "mutasi_desktop.ui.organisasi.organisasi_page:create_page"),
    PageSpec("kebutuhan", "Analisis Kebutuhan", "mutasi_desktop.ui.seleksi.kebutuhan_page:create_page"),
    PageSpec("usul", "Usul Mutasi", "mutasi_desktop.ui.usul.usul_page:create_page"),
    PageSpec("sk", "Surat Keputusan", "mutasi_desktop.ui.sk.sk_page:create_page"),
    PageSpec("laporan", "Laporan", "mutasi_desktop.ui.sk.laporan_page:create_page"),
    PageSpec("pertukaran", "Pertukaran Paket", "mutasi_desktop.ui.server.exchange_page:create_page"),
    PageSpec("pengaturan", "Pengaturan", "mutasi_desktop.ui.security.settings_page:create_page"),
]


def set_page_factory(key: str, factory_path: str) -> None:
    """Used by tests; features edit PAGES above directly."""
    for i, spec in enumerate(PAGES):
        if spec.key == key:
            PAGES[i] = PageSpec(spec.key, spec.title, factory_path)
            return
    raise KeyError(key)
