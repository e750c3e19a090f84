"""Sizes that fit the clerk's screen: a 1366x768 laptop leaves about 1366x728 above the taskbar,
so a 740 px tall dialog would hide its Simpan button below the screen edge."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN_W = 40
MARGIN_H = 70  # title bar and a little air


def fitted_size(width: int, height: int, widget: QWidget | None = None) -> tuple[int, int]:
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:
        return width, height
    available = screen.availableGeometry()
    return min(width, max(available.width() - MARGIN_W, 600)), min(height, max(available.height() - MARGIN_H, 400))


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    widget.resize(*fitted_size(width, height, widget))
