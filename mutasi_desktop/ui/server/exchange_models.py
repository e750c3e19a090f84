"""Item models of the exchange screens: the preview summary, the changed records, the conflicts
with the clerk's decisions, and the side-by-side comparison of one record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.reference_codes import label as code_label
from mutasi_desktop.services.exchange import AksiRekam, Pilihan, Pratinjau, RekamPratinjau
from mutasi_desktop.services.exchange.records import BY_NAME
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel

ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_NO_PARENT = QModelIndex()
DIFF_BRUSH = QBrush(QColor("#fff3cd"))


def tr(text: str) -> str:
    return QCoreApplication.translate("Pertukaran", text)


def pilihan_label(pilihan: Pilihan | None) -> str:
    if pilihan is None:
        return tr("Belum diputuskan")
    return tr("Pertahankan data kita") if pilihan is Pilihan.KITA else tr("Ambil data mereka")


@dataclass(frozen=True)
class BarisRingkasan:
    entitas: str
    label: str
    baru: int
    ubah: int
    sama: int
    lokal: int
    konflik: int


def ringkasan_rows(preview: Pratinjau) -> list[BarisRingkasan]:
    rows = []
    for name, counts in preview.ringkasan.items():
        label = BY_NAME[name].label if name in BY_NAME else name
        rows.append(BarisRingkasan(name, label, counts.get("BARU", 0), counts.get("UBAH", 0), counts.get("SAMA", 0),
                                   counts.get("LOKAL", 0), counts.get("KONFLIK", 0)))
    return rows


def summary_model(parent: Any = None) -> RecordTableModel:
    def count(attr: str) -> Column:
        return Column(tr({"baru": "Baru", "ubah": "Diperbarui", "sama": "Sudah sama", "lokal": "Data kita lebih baru",
                          "konflik": "Konflik"}[attr]),
                      lambda r, a=attr: str(getattr(r, a)), lambda r, a=attr: getattr(r, a), align_right=True)

    return RecordTableModel(
        [Column(tr("Jenis data"), lambda r: r.label, lambda r: r.label), count("baru"), count("ubah"), count("sama"),
         count("lokal"), count("konflik")],
        parent=parent,
    )


def changes_model(parent: Any = None) -> RecordTableModel:
    return RecordTableModel(
        [
            Column(tr("Jenis data"), lambda r: r.entitas_label, lambda r: r.entitas_label),
            Column(tr("Data"), lambda r: r.label, lambda r: r.label),
            Column(tr("Tindakan"), lambda r: r.aksi.label, lambda r: r.aksi.value),
            Column(tr("Kolom berbeda"), lambda r: ", ".join(map(column_label, r.kolom)), lambda r: len(r.kolom)),
        ],
        parent=parent,
    )


class ConflictModel(QAbstractTableModel):
    """Conflicting records with the decision taken for each (``decisions`` maps uuid → Pilihan)."""

    HEADERS = ("Jenis data", "Data", "Kolom berbeda", "Diubah di sini", "Diubah di sana", "Putusan")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RekamPratinjau] = []
        self.decisions: dict[str, Pilihan] = {}

    def set_conflicts(self, rows: Sequence[RekamPratinjau]) -> None:
        self.beginResetModel()
        self._rows = [r for r in rows if r.aksi is AksiRekam.KONFLIK]
        self.decisions = {}
        self.endResetModel()

    def row_at(self, row: int) -> RekamPratinjau | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def decide(self, rows: Sequence[int], pilihan: Pilihan) -> None:
        for row in rows:
            record = self.row_at(row)
            if record is not None:
                self.decisions[record.uuid] = pilihan
                index = self.index(row, len(self.HEADERS) - 1)
                self.dataChanged.emit(index, index)

    def decide_all(self, pilihan: Pilihan) -> None:
        self.decide(range(len(self._rows)), pilihan)

    @property
    def undecided(self) -> int:
        return sum(1 for r in self._rows if r.uuid not in self.decisions)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def _cell(self, record: RekamPratinjau, column: int) -> str:
        if column == 0:
            return record.entitas_label
        if column == 1:
            return record.label
        if column == 2:
            return ", ".join(map(column_label, record.kolom))
        if column == 3:
            return _who_when(record.kita_oleh, record.kita_pada)
        if column == 4:
            return _who_when(record.mereka_oleh, record.mereka_pada)
        return pilihan_label(self.decisions.get(record.uuid))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._cell(record, index.column())
        if role == ROW_ROLE:
            return record
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 5 and record.uuid not in self.decisions:
            return QBrush(QColor("#c53030"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return tr(self.HEADERS[section])
        return None


def waktu_lokal(pada: str | None) -> str:
    """A package's naive-UTC ISO timestamp in this computer's time, as '28-11-2026 16:05' (the raw
    value read 09:05 in a WIB office)."""
    if not pada:
        return ""
    try:
        moment = datetime.fromisoformat(pada)
    except ValueError:
        return pada.replace("T", " ")[:16]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d-%m-%Y %H:%M")


def _who_when(oleh: str | None, pada: str | None) -> str:
    return " ".join(p for p in (oleh or "", waktu_lokal(pada)) if p)


@dataclass(frozen=True)
class BarisBanding:
    kolom: str
    kita: str
    mereka: str
    beda: bool


def column_label(key: str) -> str:
    """'unit_pilihan_1_id' → 'Unit pilihan 1': the clerk reads names, not column ids."""
    return key.removesuffix("_id").replace("_", " ").capitalize()


def value_text(key: str, value: Any, names: Mapping[str, str]) -> str:
    """A stored value as the clerk knows it: a unit's name, not its uuid; III/b, not 32."""
    if value is None:
        return ""
    if isinstance(value, str) and value in names:
        return names[value]
    try:
        if key in ("golongan_id", "golongan_min_id") and isinstance(value, int):
            return golongan_by_id(value).kode
        if key == "agama_id":
            return code_label("agama", value)
    except DomainError:
        pass
    return str(value)


def comparison_rows(record: RekamPratinjau | None, names: Mapping[str, str] | None = None) -> list[BarisBanding]:
    """One line per column: our value beside theirs; differing columns first."""
    if record is None:
        return []
    names = names or {}
    mine = record.milik_kita or {}
    theirs = record.milik_mereka
    rows = []
    for key in sorted(set(mine) | set(theirs)):
        a, b = mine.get(key), theirs.get(key)
        rows.append(BarisBanding(column_label(key), value_text(key, a, names), value_text(key, b, names),
                                 record.milik_kita is not None and a != b))
    rows.sort(key=lambda r: (not r.beda, r.kolom))
    return rows


class ComparisonModel(RecordTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(tr("Kolom"), lambda r: r.kolom, lambda r: r.kolom),
                Column(tr("Data kita"), lambda r: r.kita, lambda r: r.kita),
                Column(tr("Data mereka"), lambda r: r.mereka, lambda r: r.mereka),
            ],
            parent=parent,
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self.row_at(index.row())
            return DIFF_BRUSH if row is not None and row.beda else None
        return super().data(index, role)
