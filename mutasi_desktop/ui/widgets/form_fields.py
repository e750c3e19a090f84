"""Form inputs that can be empty, and a form that shows each validation message under its field.

Values go to the services as typed Python values (``date``, ``int``, code strings) or raw text;
the services validate and answer with ``ValidasiGagal.errors`` (field name -> message), which
:class:`ValidatedForm` puts next to the right widget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.dates import format_tanggal_angka, parse_tanggal
from mutasi_desktop.domain.errors import DomainError

ERROR_STYLE = "color: #c53030;"
WARNING_STYLE = "color: #b7791f;"
OK_STYLE = "color: #2f855a;"


def calendar_icon(color: QColor) -> QIcon:
    """A small calendar glyph. QStyle has no calendar among its standard icons and icon themes
    exist only on Linux desktops, so it is drawn here (in the palette's text colour)."""
    size = 64  # drawn large, scaled down crisply for any screen scale
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, 5)
    painter.setPen(pen)
    painter.drawRoundedRect(QRectF(6, 10, 52, 48), 6, 6)
    painter.fillRect(QRectF(6, 10, 52, 13), color)
    painter.drawLine(19, 3, 19, 15)
    painter.drawLine(45, 3, 45, 15)
    for row in range(2):
        for col in range(3):
            painter.fillRect(QRectF(14 + col * 14, 30 + row * 12, 8, 7), color)
    painter.end()
    return QIcon(pixmap)


class CalendarPopup(QFrame):
    """The month calendar a :class:`DateField` drops down: Indonesian names, weeks from Monday.

    Enter, a click or a double click picks the day; Escape (or a click elsewhere) closes it.
    """

    picked = Signal(QDate)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("kalenderTanggal")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumDate(QDate(1900, 1, 1))
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        today = QPushButton(QCoreApplication.translate("Formulir", "Hari ini"))
        today.setToolTip(QCoreApplication.translate("Formulir", "Isi dengan tanggal hari ini"))
        today.clicked.connect(lambda: self._pick(QDate.currentDate()))
        clear = QPushButton(QCoreApplication.translate("Formulir", "Kosongkan"))
        clear.setToolTip(QCoreApplication.translate("Formulir", "Hapus tanggal (isian boleh kosong)"))
        clear.clicked.connect(self._clear)
        for button in (today, clear):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows and Enter stay with the calendar
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(today)
        buttons.addStretch(1)
        buttons.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.calendar)
        layout.addLayout(buttons)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.close()
            return
        super().keyPressEvent(event)

    def _pick(self, day: QDate) -> None:
        self.close()
        self.picked.emit(day)

    def _clear(self) -> None:
        self.close()
        self.cleared.emit()


class DateField(QLineEdit):
    """A date typed as 17-10-1978 (or 1978-10-17, 17/10/1978); empty means no date.

    Typing stays the fast way; the calendar button at the end (or Alt+Down / F4) drops down a
    month calendar that fills the field as dd-mm-yyyy. A pick is reported through ``textEdited``
    and ``editingFinished`` exactly like typing, so forms see it as the clerk's edit.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(QCoreApplication.translate("Formulir", "hh-bb-tttt"))
        self.setMaxLength(20)
        self.setMaximumWidth(130)  # the calendar button sits inside; dd-mm-yyyy still fits
        self.calendar_action = self.addAction(calendar_icon(self.palette().color(QPalette.ColorRole.Text)),
                                              QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip(QCoreApplication.translate("Formulir", "Pilih tanggal dari kalender"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.popup: CalendarPopup | None = None

    def value(self) -> Any:
        """The date, None when empty, or the raw text when it cannot be read (the service says why)."""
        text = self.text().strip()
        if not text:
            return None
        try:
            return parse_tanggal(text)
        except DomainError:
            return text

    def set_value(self, value: date | None) -> None:
        self.setText(format_tanggal_angka(value) if value is not None else "")

    # ----------------------------------------------------------------- calendar
    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or (event.key() == Qt.Key.Key_F4 and not event.modifiers()):
            event.accept()
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        """Drop the calendar down under the field, on the typed date (today when there is none)."""
        if self.isReadOnly() or not self.isEnabled():
            return
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
            self.popup.cleared.connect(lambda: self._fill(""))
        current = self.value()
        day = QDate(current) if isinstance(current, date) else QDate.currentDate()
        self.popup.calendar.setSelectedDate(day)
        self.popup.adjustSize()
        self.popup.move(self._popup_position(self.popup.sizeHint()))
        self.popup.show()
        self.popup.calendar.setFocus()

    def _popup_position(self, size: QSize) -> QPoint:
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is None:
            return below
        x = min(max(below.x(), screen.left()), screen.right() - size.width())
        y = below.y() if below.y() + size.height() <= screen.bottom() else self.mapToGlobal(QPoint(0, 0)).y() - size.height()
        return QPoint(x, max(y, screen.top()))

    def _picked(self, day: QDate) -> None:
        self._fill(format_tanggal_angka(date(day.year(), day.month(), day.day())))

    def _fill(self, text: str) -> None:
        self.setFocus()
        if text != self.text():
            self.setText(text)
            self.textEdited.emit(text)
        self.editingFinished.emit()


class CodeCombo(QComboBox):
    """A combo box of (code, label) pairs; an optional empty first entry means "none"."""

    def __init__(self, items: Sequence[tuple[Any, str]], *, empty_label: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_items(items, empty_label=empty_label)

    def set_items(self, items: Sequence[tuple[Any, str]], *, empty_label: str | None = None) -> None:
        current = self.value() if self.count() else None
        self.blockSignals(True)
        self.clear()
        if empty_label is not None:
            self.addItem(empty_label, None)
        for code, text in items:
            self.addItem(text, code)
        self.blockSignals(False)
        if current is not None:
            self.set_value(current)

    def setEditable(self, editable: bool) -> None:
        """Editable = type to find: any part of a name finds it (sub-units are indented, so
        "starts with" missed them), and typed text always ends on an entry (see :meth:`_match_typed`)."""
        super().setEditable(editable)
        if editable and self.lineEdit() is not None:
            completer = self.completer()
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.lineEdit().editingFinished.connect(self._match_typed)

    def _match_typed(self) -> None:
        """The typed text picks the entry it names (ignoring case and the tree indent); text naming no
        single entry goes back to the chosen one. Before, the field could show the unit typed while
        keeping (and saving) the previous one."""
        if not self.isEditable():
            return
        typed = " ".join(self.currentText().split()).casefold()
        current = self.currentIndex()
        names = [" ".join(self.itemText(i).split()).casefold() for i in range(self.count())]
        if current >= 0 and names[current] == typed:
            if self.currentText() != self.itemText(current):
                self.setEditText(self.itemText(current))
            return
        if not typed:
            found = [i for i in range(self.count()) if self.itemData(i) is None]
        else:
            found = [i for i, name in enumerate(names) if name == typed]
            if not found:
                found = [i for i, name in enumerate(names) if typed in name]
        if len(found) == 1 or (typed and found and names[found[0]] == typed):
            self.setCurrentIndex(found[0])
            self.activated.emit(found[0])  # forms track edits through ``activated``
        else:
            self.setEditText(self.itemText(current) if current >= 0 else "")

    def value(self) -> Any:
        self._match_typed()  # Ctrl+S while the cursor is still in the field
        return self.currentData()

    def set_value(self, code: Any) -> None:
        index = self.findData(code) if code is not None else (0 if self.itemData(0) is None else -1)
        if index < 0 and code is not None:
            self.addItem(str(code), code)  # a code the list does not know: keep it visible
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


class TextArea(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumHeight(70)
        self.setTabChangesFocus(True)

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: str | None) -> None:
        self.setPlainText(value or "")


class TextField(QLineEdit):
    def value(self) -> str:
        return self.text()

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))


class CheckField(QCheckBox):
    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: Any) -> None:
        self.setChecked(bool(value))


def changed_signal(widget: QWidget) -> Any:
    """The signal that fires when the user edits ``widget``."""
    if isinstance(widget, QLineEdit):
        return widget.textEdited
    if isinstance(widget, QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.activated
    if isinstance(widget, QCheckBox):
        return widget.toggled
    raise TypeError(type(widget))


class ValidatedForm(QWidget):
    """A QFormLayout whose rows each carry an error label under the input."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._loading = False

    def add_field(self, name: str, label: str, widget: QWidget, *, required: bool = False) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        self.form.addRow(f"{label}{' *' if required else ''}", holder)
        self.fields[name] = widget
        self.errors[name] = error
        changed_signal(widget).connect(self._on_edit)
        return widget

    def set_read_only(self, read_only: bool) -> None:
        """For a role that may only look: texts stay readable and selectable, choices are fixed."""
        for widget in self.fields.values():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)
            else:
                widget.setEnabled(not read_only)

    def add_section(self, title: str) -> None:
        heading = QLabel(f"<b>{title}</b>")
        heading.setContentsMargins(0, 8, 0, 0)
        self.form.addRow(heading)

    def _on_edit(self, *_args: Any) -> None:
        if not self._loading:
            self.edited.emit()

    def values(self) -> dict[str, Any]:
        return {name: widget.value() for name, widget in self.fields.items()}  # type: ignore[attr-defined]

    def set_values(self, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            for name, widget in self.fields.items():
                if name in values:
                    widget.set_value(values[name])  # type: ignore[attr-defined]
        finally:
            self._loading = False
        self.clear_errors()

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Put each message under its field; returns messages for fields this form does not have."""
        self.clear_errors()
        unplaced: list[str] = []
        first: QWidget | None = None
        for name, message in errors.items():
            label = self.errors.get(name)
            if label is None:
                unplaced.append(message)
                continue
            label.setText(message)
            label.show()
            first = first or self.fields[name]
        if first is not None:
            first.setFocus()
        return unplaced

    def error_text(self, name: str) -> str:
        label = self.errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()


def make_input(kind: str, *, choices: Sequence[tuple[Any, str]] = (), empty_label: str | None = "—",
               lookup: Callable[[str], Sequence[tuple[Any, str]]] | None = None) -> QWidget:
    """An input widget for a FieldSpec kind ("text", "date", "choice", "unit", ...)."""
    if kind == "date":
        return DateField()
    if kind == "longtext":
        return TextArea()
    if kind == "bool":
        return CheckField()
    if kind in ("choice", "golongan", "tingkat", "unit", "jabatan"):
        items = list(choices) if choices else (list(lookup(kind)) if lookup else [])
        combo = CodeCombo(items, empty_label=empty_label)
        # Long unit/jabatan names must not widen the whole form beyond the window.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # A short list of choices shows its longest label whole (SKP "Nilai angka (PP 46/2011)" was cut).
        longest = max((len(text) for _code, text in items), default=0) + 2
        combo.setMinimumContentsLength({"unit": 40, "jabatan": 40, "golongan": 28, "tingkat": 24}.get(
            kind, max(12, min(longest, 40))))
        if kind in ("unit", "jabatan"):
            combo.setEditable(True)  # type to find among hundreds of entries
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMaxVisibleItems(20)
        return combo
    field = TextField()
    if kind in ("int", "float"):
        field.setMaximumWidth(120)
    return field
