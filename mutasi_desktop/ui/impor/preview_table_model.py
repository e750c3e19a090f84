"""The preview table of the import wizard: one line per problem, changed field or new row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from mutasi_desktop.ui.impor.import_kinds import (
    LINE_BARU,
    LINE_GALAT,
    LINE_PERINGATAN,
    LINE_UBAH,
    PreviewLine,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
LINE_ROLE = Qt.ItemDataRole.UserRole + 2

COL_BARIS, COL_STATUS, COL_DATA, COL_KOLOM, COL_KETERANGAN = range(5)
_NO_PARENT = QModelIndex()
_BACKGROUND = {
    LINE_GALAT: QColor("#fde2e1"),
    LINE_PERINGATAN: QColor("#fff4d6"),
    LINE_UBAH: QColor("#e3efff"),
    LINE_BARU: QColor("#e6f6ea"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("PratinjauImpor", text)


def status_label(status: str) -> str:
    labels = {
        "BARU": _tr("Baru"),
        "BERUBAH": _tr("Berubah"),
        "SAMA": _tr("Tetap"),
        "TIDAK_VALID": _tr("Tidak valid"),
        "TERTUNDA": _tr("Tertunda"),
    }
    return labels.get(status, status)


def kind_label(kind: str) -> str:
    labels = {LINE_GALAT: _tr("Galat"), LINE_PERINGATAN: _tr("Peringatan"), LINE_UBAH: _tr("Perubahan"),
              LINE_BARU: _tr("Baru")}
    return labels.get(kind, kind)


class PreviewTableModel(QAbstractTableModel):
    """Rows are :class:`PreviewLine`; errors red, warnings amber, changes blue, new rows green."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[PreviewLine] = []
        self._headers = [_tr("Baris"), _tr("Status"), _tr("Data"), _tr("Kolom"), _tr("Keterangan")]

    def set_lines(self, lines: Sequence[PreviewLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line_at(self, row: int) -> PreviewLine | None:
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_BARIS:
                return str(line.row) if line.row else "-"
            if column == COL_STATUS:
                return kind_label(line.kind) if line.kind in (LINE_GALAT, LINE_PERINGATAN) else status_label(line.status)
            if column == COL_DATA:
                return line.subject
            if column == COL_KOLOM:
                return line.column
            if column == COL_KETERANGAN:
                return line.message
            return None
        if role == SORT_ROLE:
            if column == COL_BARIS:
                return line.row
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_BACKGROUND[line.kind]) if line.kind in _BACKGROUND else None
        if role == Qt.ItemDataRole.ForegroundRole and line.kind == LINE_GALAT and column == COL_STATUS:
            return QBrush(QColor("#9b1c1c"))
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_KETERANGAN:
            return line.message
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_BARIS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == LINE_ROLE:
            return line
        return None
