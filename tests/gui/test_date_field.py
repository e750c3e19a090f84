"""DateField: typed dd-mm-yyyy stays; a calendar drops down from the button, Alt+Down or F4."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QTableView, QToolButton, QWidget
from qt_wait import wait_for

from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog
from mutasi_desktop.ui.widgets.form_fields import DateField, ValidatedForm

SHOTS = Path("/tmp/mutasi-date-field")


def _form(qtbot: Any) -> tuple[ValidatedForm, DateField, list[str]]:
    form = ValidatedForm()
    qtbot.addWidget(form)
    field = form.add_field("tmt", "TMT", DateField())
    assert isinstance(field, DateField)
    edits: list[str] = []
    form.edited.connect(lambda: edits.append(field.text()))
    form.show()
    field.setFocus()
    return form, field, edits


def _calendar_view(field: DateField) -> QTableView:
    assert field.popup is not None
    view = field.popup.calendar.findChild(QTableView)
    assert view is not None
    return view


def test_the_calendar_button_sits_in_the_field_with_an_indonesian_tooltip(qtbot: Any) -> None:
    _, field, _edits = _form(qtbot)
    buttons = [b for b in field.findChildren(QToolButton) if b.defaultAction() is field.calendar_action]
    assert len(buttons) == 1 and buttons[0].isVisible()
    assert field.calendar_action.toolTip() == "Pilih tanggal dari kalender"
    assert field.popup is None
    buttons[0].click()
    assert field.popup is not None and field.popup.isVisible()
    calendar = field.popup.calendar
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    assert calendar.locale().language() == QLocale.Language.Indonesian
    assert calendar.selectedDate() == QDate.currentDate()  # empty field: the calendar starts on today
    # The popup lies under the field, not over what the clerk typed.
    assert field.popup.geometry().top() >= field.mapToGlobal(field.rect().bottomLeft()).y()


def test_clicking_a_day_fills_the_field_as_the_clerk_would_type_it(qtbot: Any) -> None:
    form, field, edits = _form(qtbot)
    field.set_value(date(2024, 3, 10))
    field.open_calendar()
    assert field.popup.calendar.selectedDate() == QDate(2024, 3, 10)  # type: ignore[union-attr]
    SHOTS.mkdir(exist_ok=True)
    field.popup.grab().save(str(SHOTS / "kalender.png"))  # type: ignore[union-attr]
    field.popup.calendar.clicked.emit(QDate(2024, 3, 21))  # type: ignore[union-attr]
    assert not field.popup.isVisible()  # type: ignore[union-attr]
    assert field.text() == "21-03-2024"
    assert field.value() == date(2024, 3, 21)
    assert form.values() == {"tmt": date(2024, 3, 21)}
    assert edits == ["21-03-2024"], "a picked date counts as an edit (unsaved-changes prompt, live checks)"


def test_alt_down_opens_arrows_move_enter_picks(qtbot: Any) -> None:
    _, field, edits = _form(qtbot)
    field.set_value(date(2025, 1, 31))
    QTest.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.popup is not None and field.popup.isVisible()
    view = _calendar_view(field)
    QTest.keyClick(view, Qt.Key.Key_Right)  # 31 Januari -> 1 Februari
    QTest.keyClick(view, Qt.Key.Key_Down)  # a week later
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert not field.popup.isVisible()
    assert field.value() == date(2025, 2, 8) and field.text() == "08-02-2025"
    assert edits == ["08-02-2025"]


def test_f4_opens_and_escape_closes_without_changing_the_value(qtbot: Any) -> None:
    _, field, edits = _form(qtbot)
    QTest.keyClicks(field, "17-08-1945")
    edits.clear()
    QTest.keyClick(field, Qt.Key.Key_F4)
    assert field.popup is not None and field.popup.isVisible()
    QTest.keyClick(_calendar_view(field), Qt.Key.Key_Right)
    QTest.keyClick(_calendar_view(field), Qt.Key.Key_Escape)
    assert wait_for(lambda: not field.popup.isVisible(), 2)  # type: ignore[union-attr]
    assert field.value() == date(1945, 8, 17) and edits == []


def test_empty_stays_allowed_and_the_popup_can_clear_a_date(qtbot: Any) -> None:
    form, field, edits = _form(qtbot)
    assert field.value() is None
    field.set_value(date(2020, 5, 5))
    field.open_calendar()
    clear = next(b for b in field.popup.findChildren(QAbstractButton) if b.text() == "Kosongkan")  # type: ignore[union-attr]
    clear.click()
    assert field.text() == "" and field.value() is None and form.values() == {"tmt": None}
    assert edits == [""]


def test_read_only_field_does_not_open_the_calendar(qtbot: Any) -> None:
    _, field, _edits = _form(qtbot)
    field.setReadOnly(True)
    QTest.keyClick(field, Qt.Key.Key_F4)
    assert field.popup is None


def test_typed_text_is_still_checked_with_the_indonesian_message(demo_ctx: AppContext, qtbot: Any) -> None:
    dialog = PegawaiDialog(demo_ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.form.tanggal_lahir
    QTest.keyClicks(field, "31-02-1990")
    assert field.value() == "31-02-1990"  # unreadable text goes to the service as typed
    assert dialog.save() is False
    message = dialog.form.error_text("tanggal_lahir")
    assert "31-02-1990" in message and "tanggal" in message.lower(), message
    # The same field through the calendar: the message goes once the date is valid.
    field.open_calendar()
    field.popup.calendar.clicked.emit(QDate(1990, 2, 14))  # type: ignore[union-attr]
    assert field.value() == date(1990, 2, 14) and dialog.dirty
    dialog.resize(1020, 740)
    field.open_calendar()
    SHOTS.mkdir(exist_ok=True)
    _grab_with_popup(dialog, field).save(str(SHOTS / "pegawai_tanggal_lahir.png"))
    field.popup.close()  # type: ignore[union-attr]
    dialog.dirty = False


def _grab_with_popup(window: QWidget, field: DateField) -> Any:
    """The window with the popup drawn where the clerk sees it (a grab shows one window only)."""
    from PySide6.QtGui import QPainter

    image = window.grab()
    assert field.popup is not None
    painter = QPainter(image)
    painter.drawPixmap(window.mapFromGlobal(field.popup.pos()), field.popup.grab())
    painter.end()
    return image
