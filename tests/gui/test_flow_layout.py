"""FlowLayout: a row of buttons that wraps instead of widening its pane."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from mutasi_desktop.ui.widgets.flow_layout import FlowLayout


def _row(qtbot: Any, texts: list[str]) -> tuple[QWidget, FlowLayout, list[QPushButton]]:
    host = QWidget()
    qtbot.addWidget(host)
    layout = FlowLayout(host, spacing=4)
    buttons = [QPushButton(t) for t in texts]
    for b in buttons:
        layout.addWidget(b)
    return host, layout, buttons


def test_wraps_when_narrow_and_asks_only_for_its_widest_button(qtbot: Any) -> None:
    host, layout, buttons = _row(qtbot, ["Cetak…", "Simpan sebagai…", "Buka folder", "Sesuai lebar"])
    widest = max(b.sizeHint().width() for b in buttons)
    one_line = sum(b.sizeHint().width() for b in buttons) + 3 * 4
    assert layout.minimumSize().width() == widest
    assert layout.sizeHint().width() == one_line
    height = buttons[0].sizeHint().height()
    assert layout.heightForWidth(one_line) == height
    assert layout.heightForWidth(widest) == 4 * height + 3 * 4  # one button a line

    host.resize(widest + 10, layout.heightForWidth(widest + 10))
    host.show()
    qtbot.wait(10)
    tops = sorted({b.geometry().top() for b in buttons})
    assert len(tops) > 1  # wrapped
    for b in buttons:
        assert b.width() == b.sizeHint().width() and b.geometry().right() < host.width()


def test_hidden_buttons_take_no_place(qtbot: Any) -> None:
    host, layout, buttons = _row(qtbot, ["Tetapkan SK…", "Ubah draf…", "Hapus draf"])
    full = layout.sizeHint().width()
    buttons[1].hide()
    assert layout.sizeHint().width() == full - buttons[1].sizeHint().width() - 4
    host.show()
    host.resize(full, 40)
    qtbot.wait(10)
    assert buttons[2].geometry().left() == buttons[0].geometry().right() + 1 + 4
