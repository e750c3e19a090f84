"""The audit viewer: filters, the entries, the before/after values, chain check and Excel export."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.audit_service import AKSI_LABEL, AuditEntry, AuditFilter, ChainReport
from mutasi_desktop.ui.labels import ENTITAS_LABEL, kolom_dari_label, kolom_label
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel
from mutasi_desktop.ui.security.background import run_in_background
from mutasi_desktop.ui.widgets.errors import pesan_galat
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE, OK_STYLE

PAGE_SIZE = 500
_NO_DATE = QDate(2000, 1, 1)


def audit_columns() -> list[Column]:
    return [
        Column("No.", lambda e: str(e.id), sort_key=lambda e: e.id, align_right=True),
        Column("Waktu", lambda e: e.waktu_lokal.strftime("%d-%m-%Y %H:%M:%S"), sort_key=lambda e: e.waktu),
        Column("Pengguna", lambda e: e.pengguna),
        Column("Aksi", lambda e: e.aksi_label, tooltip=lambda e: e.aksi),
        Column("Entitas", lambda e: ENTITAS_LABEL.get(e.entitas, e.entitas), tooltip=lambda e: e.entitas),
        Column("ID", lambda e: e.entitas_id or "", tooltip=lambda e: e.entitas_id or ""),
        # Worded like the detail ("Ubah Pegawai: TMT jabatan"); the stored text stays the tooltip.
        Column("Ringkasan", ringkasan_label, tooltip=lambda e: e.ringkasan),
    ]


def ringkasan_label(entry: AuditEntry) -> str:
    """The summary with table and column names as the clerk says them.

    Only the summaries the row-level hook writes ("Ubah pegawai: golongan_id, tmt_jabatan") are
    reworded; a summary a service wrote itself is already in words and is shown as stored.
    """
    changes: Any = entry.perubahan
    columns = changes.get("kolom") if isinstance(changes, dict) else None
    table, entitas = entry.entitas, ENTITAS_LABEL.get(entry.entitas, entry.entitas)
    if entry.ringkasan == f"Tambah {table}":
        return f"Tambah {entitas}"
    if entry.ringkasan == f"Hapus {table}":
        return f"Hapus {entitas}"
    if isinstance(columns, dict) and entry.ringkasan == f"Ubah {table}: {', '.join(sorted(columns))}":
        return f"Ubah {entitas}: {', '.join(kolom_label(c) for c in sorted(columns))}"
    return entry.ringkasan


def change_lines(entry: AuditEntry) -> list[tuple[str, str | None]]:
    """The detail's lines, each with the raw column name it shows (``None`` for other lines).

    Columns read as labels ("TMT jabatan"); the raw name stays at hand for support staff.
    """
    changes: Any = entry.perubahan or {}
    columns = changes.get("kolom") if isinstance(changes, dict) else None
    lines: list[tuple[str, str | None]] = [
        (f"Entri #{entry.id} · {entry.waktu_lokal:%d-%m-%Y %H:%M:%S} · {entry.pengguna} · {entry.aksi_label}", None),
        (ringkasan_label(entry), None), ("", None)]
    if isinstance(columns, dict):
        for key, value in columns.items():
            if isinstance(value, dict):
                name = kolom_label(key)
                before, after = value.get("lama"), value.get("baru")
                if "lama" in value and "baru" in value:
                    lines.append((f"{name}: {before!r} → {after!r}", key))
                elif "baru" in value:
                    lines.append((f"{name}: {after!r}", key))
                else:
                    lines.append((f"{name}: {before!r} (dihapus)", key))
        rest = {k: v for k, v in changes.items() if k != "kolom"}
        if rest:
            lines.append(("", None))
            lines.extend((line, None) for line in json.dumps(rest, ensure_ascii=False, indent=2).splitlines())
    elif changes:
        lines.extend((line, None) for line in json.dumps(changes, ensure_ascii=False, indent=2).splitlines())
    lines.append(("", None))
    lines.append((f"hash: {entry.hash}", None))
    return lines


def describe_changes(entry: AuditEntry) -> str:
    """Before/after values as readable lines (``Kolom: lama → baru``)."""
    return "\n".join(text for text, _ in change_lines(entry))


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setMinimumDate(_NO_DATE)
    edit.setSpecialValueText("—")  # the minimum date shows as "—" and means "no limit"
    edit.setDate(_NO_DATE)
    return edit


class AuditPage(QWidget):
    def __init__(self, db: Database, actor: Actor, tasks: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.tasks = db, actor, tasks
        self.dari = _date_edit("dari")
        self.sampai = _date_edit("sampai")
        self.pengguna = QComboBox()
        self.pengguna.setObjectName("pengguna")
        self.aksi = QComboBox()
        self.aksi.setObjectName("aksi")
        self.entitas = QComboBox()
        self.entitas.setObjectName("entitas")
        self.teks = QLineEdit()
        self.teks.setObjectName("teks")
        self.teks.setPlaceholderText(self.tr("cari dalam ringkasan atau ID"))
        self.teks.returnPressed.connect(self.refresh)
        apply_button = QPushButton(self.tr("Terapkan"))
        apply_button.clicked.connect(self.refresh)
        reset_button = QPushButton(self.tr("Hapus saringan"))
        reset_button.clicked.connect(self.clear_filters)
        filters = QFormLayout()
        row1 = QHBoxLayout()
        row1.addWidget(QLabel(self.tr("Dari")))
        row1.addWidget(self.dari)
        row1.addWidget(QLabel(self.tr("sampai")))
        row1.addWidget(self.sampai)
        row1.addWidget(QLabel(self.tr("Pengguna")))
        row1.addWidget(self.pengguna, 1)
        row1.addWidget(QLabel(self.tr("Aksi")))
        row1.addWidget(self.aksi, 1)
        row1.addWidget(QLabel(self.tr("Entitas")))
        row1.addWidget(self.entitas, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.teks, 1)
        row2.addWidget(apply_button)
        row2.addWidget(reset_button)
        filters.addRow(row1)
        filters.addRow(row2)

        self.model = RecordTableModel(audit_columns(), parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)  # setting keys can be long
        header.resizeSection(5, 70)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)  # Ringkasan takes what is left
        self.table.setWordWrap(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("detail")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("Pilih satu entri untuk melihat nilai sebelum dan sesudah."))
        self._detail_columns: list[str | None] = []  # the raw column name of each line, for its tooltip
        self.detail.viewport().installEventFilter(self)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([780, 300])

        self.count_label = QLabel()
        self.chain_label = QLabel()
        self.chain_label.setObjectName("chain")
        self.chain_label.setWordWrap(True)
        self.more_button = QPushButton(self.tr("Muat lebih banyak"))
        self.more_button.clicked.connect(self.load_more)
        self.verify_button = QPushButton(self.tr("Periksa keutuhan rantai"))
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(self.tr("Ekspor ke Excel…"))
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(actor.can(Izin.EKSPOR))
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.more_button)
        bottom.addStretch(1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.chain_label)
        layout.addLayout(bottom)
        self._load_choices()
        self.refresh()
        # The screen checks the chain on opening, so tampering shows without anyone asking.
        self.verify(quiet=True)

    # --- filters
    def _load_choices(self) -> None:
        choices = audit_service.filter_choices(self.db, self.actor)
        for combo, values, labels in ((self.pengguna, choices.pengguna, {}), (self.aksi, choices.aksi, AKSI_LABEL),
                                      (self.entitas, choices.entitas, ENTITAS_LABEL)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(semua)"), "")
            for value in values:
                combo.addItem(labels.get(value, value), value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    @staticmethod
    def _date(edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == _NO_DATE else date(value.year(), value.month(), value.day())

    def current_filter(self) -> AuditFilter:
        return AuditFilter(dari=self._date(self.dari), sampai=self._date(self.sampai),
                           pengguna=str(self.pengguna.currentData() or ""), aksi=str(self.aksi.currentData() or ""),
                           entitas=str(self.entitas.currentData() or ""), teks=self.teks.text(),
                           teks_lain=kolom_dari_label(self.teks.text()))

    def clear_filters(self) -> None:
        for edit in (self.dari, self.sampai):
            edit.setDate(_NO_DATE)
        for combo in (self.pengguna, self.aksi, self.entitas):
            combo.setCurrentIndex(0)
        self.teks.clear()
        self.refresh()

    # --- data
    def refresh(self) -> None:
        flt = self.current_filter()
        try:
            rows = audit_service.list_entries(self.db, self.actor, flt, limit=PAGE_SIZE)
            self.total = audit_service.count_entries(self.db, self.actor, flt)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Jejak audit"), exc.message)
            return
        self.model.set_rows(rows)
        self._update_count()
        self.detail.clear()

    def load_more(self) -> None:
        rows = audit_service.list_entries(self.db, self.actor, self.current_filter(), limit=PAGE_SIZE,
                                          offset=self.model.rowCount())
        self.model.set_rows(self.model.rows + rows)
        self._update_count()

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        self.count_label.setText(self.tr("Menampilkan %1 dari %2 entri").replace("%1", str(shown))
                                 .replace("%2", str(self.total)))
        self.more_button.setVisible(shown < self.total)

    def _show_detail(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        entry = self.model.row_at(rows[0].row()) if rows else None
        lines = change_lines(entry) if entry is not None else []
        self._detail_columns = [column for _, column in lines]
        self.detail.setPlainText("\n".join(text for text, _ in lines))

    def column_name_at(self, pos: QPoint) -> str | None:
        """The raw column name of the detail line at ``pos`` (viewport coordinates), if it shows one."""
        line = self.detail.cursorForPosition(pos).blockNumber()
        return self._detail_columns[line] if 0 <= line < len(self._detail_columns) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Support staff hover a line to see the database's name of the column it shows.
        if watched is self.detail.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            column = self.column_name_at(event.pos())
            if column:
                QToolTip.showText(event.globalPos(), column, self.detail)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    # --- actions
    def verify(self, *, quiet: bool = False) -> None:
        self.verify_button.setEnabled(False)
        self.chain_label.setText(self.tr("Memeriksa rantai hash…"))

        def done(report: ChainReport) -> None:
            self.verify_button.setEnabled(True)
            self.show_chain_report(report)

        def failed(exc: BaseException) -> None:
            self.verify_button.setEnabled(True)
            self.chain_label.setStyleSheet(ERROR_STYLE)
            self.chain_label.setText(str(getattr(exc, "message", exc)))

        run_in_background(self.tasks, self, lambda _t: audit_service.verify_chain(self.db, self.actor),
                          success=done, failure=failed, title=self.tr("Memeriksa jejak audit"), quiet=quiet)

    def show_chain_report(self, report: ChainReport) -> None:
        self.chain_label.setStyleSheet(OK_STYLE if report.ok else ERROR_STYLE)
        text = report.pesan
        if report.ok:
            text += " " + self.tr("Catat hash terakhir di luar aplikasi untuk mendeteksi penghapusan entri terbaru: "
                                  "%1").replace("%1", report.hash_terakhir[:16] + "…")
        self.chain_label.setText(text)

    def export(self) -> None:
        name = f"jejak-audit-{date.today():%Y%m%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor jejak audit"), name, "Excel (*.xlsx)")
        if not path:
            return
        target = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")
        flt = self.current_filter()
        run_in_background(
            self.tasks, self, lambda _t: audit_service.export_xlsx(self.db, self.actor, flt, target),
            success=lambda n: QMessageBox.information(
                self, self.tr("Ekspor selesai"),
                self.tr("%1 entri diekspor ke %2.").replace("%1", str(n)).replace("%2", target.name)),
            failure=lambda exc: QMessageBox.warning(self, self.tr("Ekspor gagal"), pesan_galat(exc)),
            title=self.tr("Mengekspor jejak audit"),
        )
