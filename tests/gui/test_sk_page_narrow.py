"""The SK page on a small screen: at 900 and 1024 px wide nothing is cut, squeezed or overlapped."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QScrollArea, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "db"))
from sk_world import make_approved_usul

from mutasi_desktop.services import sk_service
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.sk.sk_page import SkPage

SHOTS = Path("/tmp/mutasi-sk-screens")


def _effective_min_width(w: QWidget) -> int:
    # An explicit minimum (setMinimumWidth/setFixedWidth) is what Qt's layouts honour; else the hint.
    if w.minimumWidth() > 0:
        return w.minimumWidth()
    return min(w.minimumSizeHint().width(), w.maximumWidth())


def _inside_scroll_area(w: QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and not isinstance(w, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _problems(page: QWidget) -> list[str]:
    """Visible controls narrower than they need, and buttons lying over one another."""
    found = []
    controls = [w for w in page.findChildren(QWidget) if w.isVisible()
                and isinstance(w, (QAbstractButton, QLabel, QComboBox, QLineEdit))]
    for w in controls:
        if isinstance(w, QLabel) and w.wordWrap():
            continue
        if w.width() < _effective_min_width(w):
            found.append(f"terpotong: {type(w).__name__} {getattr(w, 'text', lambda: '')()!r} "
                         f"{w.width()} < {_effective_min_width(w)}")
    buttons = [(b, QRect(b.mapTo(page, b.rect().topLeft()), b.size())) for b in controls
               if isinstance(b, QAbstractButton) and not _inside_scroll_area(b)]
    for (a, ra), (b, rb) in itertools.combinations(buttons, 2):
        if ra.intersects(rb):
            found.append(f"bertumpuk: {a.text()!r} dan {b.text()!r}")
    return found


def _every_tab(page: SkPage, qtbot: Any, name: str) -> list[str]:
    found = []
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        inner = getattr(page.tabs.currentWidget(), "tabs", None)
        for sub in range(inner.count() if inner is not None else 1):
            if inner is not None:
                inner.setCurrentIndex(sub)
            qtbot.wait(30)
            found += [f"{page.tabs.tabText(index)}/{sub}: {p}" for p in _problems(page)]
            SHOTS.mkdir(exist_ok=True)
            page.window().grab().save(str(SHOTS / f"{name}_tab{index}_{sub}.png"))
    page.tabs.setCurrentIndex(0)
    return found


@pytest.mark.parametrize("width", [900, 1024])
def test_sk_page_fits_a_narrow_window(demo_ctx: AppContext, qtbot: Any, width: int) -> None:
    draft = sk_service.buat_sk(demo_ctx.db, by=demo_ctx.actor, usul_ids=make_approved_usul(demo_ctx.db, 3, prefix="N"))
    page = SkPage(demo_ctx)
    qtbot.addWidget(page)
    page.resize(width, 700)
    page.show()
    assert page.list_tab.select_sk(draft.id)
    qtbot.waitUntil(lambda: page.list_tab.preview.path is not None, timeout=20_000)
    qtbot.wait(50)
    assert page.minimumSizeHint().width() <= 900
    assert page.width() == width  # the page did not force itself wider than the window
    found = _every_tab(page, qtbot, f"sk_{width}")
    demo_ctx.tasks.wait_idle()  # back on the list, the draft is drawn again
    qtbot.wait(50)
    assert found == []


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768), (900, 600)])
def test_sk_page_inside_the_main_window_of_a_laptop_screen(main_window: Any, qtbot: Any,
                                                          size: tuple[int, int]) -> None:
    main_window.resize(*size)
    main_window.navigate("sk")
    qtbot.wait(50)
    assert main_window.width() == size[0]
    page = main_window.current_page()
    assert isinstance(page, SkPage)
    page.list_tab.table.selectRow(0)  # a set SK of the demo office, with its preview and title
    qtbot.waitUntil(lambda: page.list_tab.preview.path is not None, timeout=20_000)
    found = _every_tab(page, qtbot, f"jendela_{size[0]}")
    main_window.ctx.tasks.wait_idle()
    assert found == []
