"""Searchable unit/jabatan combos: what the field shows is what gets saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from mutasi_desktop.ui.widgets.form_fields import make_input

UNITS = [(1, "Dinas Pendidikan"), (2, "    SD Negeri 9 Pasirlaya"), (3, "    SMP Negeri 1 Sukamaju"),
         (4, "        Tata Usaha SMP Negeri 1 Sukamaju")]


def _combo(qtbot: Any) -> Any:
    combo = make_input("unit", choices=UNITS)
    qtbot.addWidget(combo)
    combo.show()
    combo.set_value(3)
    return combo


def _type(qtbot: Any, combo: Any, text: str, key: Qt.Key | None = Qt.Key.Key_Return) -> None:
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), text)
    if key is not None:
        qtbot.keyClick(combo.lineEdit(), key)


def test_typing_a_sub_units_name_chooses_it(qtbot: Any) -> None:
    combo = _combo(qtbot)
    edits: list[int] = []
    combo.activated.connect(edits.append)  # the form's "edited" signal
    _type(qtbot, combo, "SD Negeri 9 Pasirlaya")  # indented in the list: "starts with" never matched it
    assert combo.value() == 2 and combo.currentText().strip() == "SD Negeri 9 Pasirlaya"
    assert edits  # the form sees the change (Simpan becomes available)
    _type(qtbot, combo, "tata usaha")  # a part of one name is enough
    assert combo.value() == 4


def test_text_naming_no_single_unit_goes_back_to_the_chosen_one(qtbot: Any) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "Negeri")  # three units contain it
    assert combo.value() == 3 and combo.currentText() == UNITS[2][1]
    _type(qtbot, combo, "Puskesmas Sukamaju")  # none
    assert combo.value() == 3 and combo.currentText() == UNITS[2][1]


def test_saving_with_the_cursor_still_in_the_field_takes_the_typed_unit(qtbot: Any) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "SD Negeri 9 Pasirlaya", key=None)  # Ctrl+S without leaving the field
    assert combo.value() == 2
    _type(qtbot, combo, "", key=None)  # emptied: the "—" entry (no unit)
    combo.lineEdit().clear()
    assert combo.value() is None
