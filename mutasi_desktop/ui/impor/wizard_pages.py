"""The four pages of the import wizard (views: layout plus the small logic of their own widgets).

The wizard (:mod:`mutasi_desktop.ui.impor.import_wizard`) moves between them and runs the
services; a page never touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.column_mapping import FieldSpec, normalize_header
from mutasi_desktop.services.import_common import BUAT, FileInspection, UnknownRef
from mutasi_desktop.ui.impor.import_kinds import KIND_KEYS, PlanSummary, preview_lines
from mutasi_desktop.ui.impor.preview_table_model import COL_KETERANGAN, PreviewTableModel

ERROR_STYLE = "color: #9b1c1c; background: #fde2e1; border: 1px solid #f5b5b0; border-radius: 4px; padding: 6px;"
INFO_STYLE = "color: #1f3a5f; background: #e3efff; border: 1px solid #b6cff5; border-radius: 4px; padding: 6px;"
OK_STYLE = "color: #1d5b2c; background: #e6f6ea; border: 1px solid #a9dcb5; border-radius: 4px; padding: 6px;"


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_message(label: QLabel, text: str, style: str = ERROR_STYLE) -> None:
    label.setText(text)
    label.setStyleSheet(style)
    label.setVisible(bool(text))


# ------------------------------------------------------------------------------------ file


class FilePage(QWidget):
    """Kind of data, the file, and the template download."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox()
        labels = {
            "pegawai": self.tr("Data pegawai (ekspor SIASN, templat aplikasi, atau lembar lain)"),
            "skp": self.tr("Riwayat SKP"),
            "riwayat_jabatan": self.tr("Riwayat jabatan"),
            "abk": self.tr("Kebutuhan formasi hasil ABK"),
            "aspirasi": self.tr("Aspirasi pegawai"),
        }
        for key in KIND_KEYS:
            self.kind_combo.addItem(labels[key], key)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Pilih berkas .xlsx, .xls, .ods atau .csv"))
        self.browse_button = QPushButton(self.tr("Pilih berkas…"))
        self.template_button = QPushButton(self.tr("Unduh templat…"))
        self.template_button.setToolTip(self.tr("Simpan workbook kosong dengan judul kolom yang dikenali aplikasi"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)

        form = QFormLayout()
        form.addRow(self.tr("Jenis data:"), self.kind_combo)
        form.addRow(self.tr("Berkas:"), file_row)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_button)
        template_row.addStretch(1)
        form.addRow("", template_row)

        hint = QLabel(self.tr(
            "Berkas ekspor SIASN (\"Export Data ASN\") dikenali langsung: urutan kolom bebas, baris judul di atas "
            "tabel dilewati. Untuk format lain, kolom dapat dipetakan pada langkah berikutnya. Belum ada data yang "
            "disimpan sampai Anda menekan \"Impor sekarang\" setelah pratinjau."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #4a5568;")
        self.error_label = _message_label()
        self.info_label = _message_label()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(hint)
        layout.addWidget(self.info_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    @property
    def kind_key(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, key: str) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(key)))


# --------------------------------------------------------------------------------- mapping


def _sample_text(value: Any) -> str:
    """A cell as the clerk typed it: 5.0 -> 5, dates as dd-mm-yyyy."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, date | datetime):
        return value.strftime("%d-%m-%Y")
    return str(value)


_IGNORE = ""


class MappingPage(QWidget):
    """One row per column of the file: its header, a sample value and the field it feeds."""

    COL_LETTER, COL_HEADER, COL_SAMPLE, COL_FIELD, COL_MATCH = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info_label = _message_label()
        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumContentsLength(20)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Kolom"), self.tr("Judul di berkas"), self.tr("Contoh isi"), self.tr("Dipetakan ke"),
             self.tr("Kecocokan")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_LETTER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.COL_SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_FIELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.COL_MATCH, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(self.COL_HEADER, 220)
        self.table.setColumnWidth(self.COL_FIELD, 240)
        self.profile_combo = QComboBox()
        self.profile_combo.setMinimumContentsLength(18)
        self.apply_profile_button = QPushButton(self.tr("Terapkan profil"))
        self.save_profile_button = QPushButton(self.tr("Simpan sebagai profil…"))
        self.error_label = _message_label()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Lembar kerja:")))
        top.addWidget(self.sheet_combo)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Profil pemetaan:")))
        top.addWidget(self.profile_combo)
        top.addWidget(self.apply_profile_button)
        top.addWidget(self.save_profile_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.info_label)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        self._fields: tuple[FieldSpec, ...] = ()
        self._headers: tuple[str, ...] = ()

    # -- filling ------------------------------------------------------------------------
    def set_inspection(self, inspection: FileInspection, fields: Sequence[FieldSpec]) -> None:
        from mutasi_desktop.documents.excel.reader import column_letter

        self._fields = tuple(fields)
        self._headers = inspection.headers
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(inspection.sheet_names))
        self.sheet_combo.setCurrentText(inspection.sheet_name)
        self.sheet_combo.setEnabled(len(inspection.sheet_names) > 1)
        self.sheet_combo.blockSignals(False)
        suggestions = {s.column: s for s in inspection.suggestions}
        rows = [c for c, h in enumerate(inspection.headers) if h]
        self.table.setRowCount(len(rows))
        for r, column in enumerate(rows):
            sample = next((_sample_text(row[column]) for row in inspection.sample
                           if column < len(row) and row[column] not in (None, "")), "")
            self._set_text(r, self.COL_LETTER, column_letter(column), column)
            self._set_text(r, self.COL_HEADER, inspection.headers[column])
            self._set_text(r, self.COL_SAMPLE, sample[:80])
            combo = self._field_combo()
            suggestion = suggestions.get(column)
            key = suggestion.field_key if suggestion is not None else None
            combo.setCurrentIndex(max(0, combo.findData(key or _IGNORE)))
            combo.currentIndexChanged.connect(self.validate)
            self.table.setCellWidget(r, self.COL_FIELD, combo)
            if suggestion is not None and key and suggestion.score >= 1.0:
                match = self.tr("tepat")
            elif suggestion is not None and key:
                match = self.tr("saran %1%").replace("%1", str(round(suggestion.score * 100)))
            else:
                match = "—"
            self._set_text(r, self.COL_MATCH, match)
        if inspection.recognised:
            show_message(self.info_label, self.tr(
                "Format dikenali: judul kolom ada di baris %1 lembar \"%2\". Periksa pemetaan di bawah, lalu tekan "
                "Lanjut.").replace("%1", str(inspection.header_row)).replace("%2", inspection.sheet_name), OK_STYLE)
        else:
            show_message(self.info_label, self.tr(
                "Format belum dikenali. Judul kolom diambil dari baris %1; pilih untuk setiap kolom data apa "
                "isinya (kolom bertanda * wajib).").replace("%1", str(inspection.header_row)), INFO_STYLE)
        self.validate()

    def _set_text(self, row: int, column: int, text: str, data: Any = None) -> None:
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        if data is not None:
            item.setData(Qt.ItemDataRole.UserRole, data)
        self.table.setItem(row, column, item)

    def _field_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.addItem(self.tr("(abaikan kolom ini)"), _IGNORE)
        for spec in self._fields:
            combo.addItem(f"{spec.label} *" if spec.required else spec.label, spec.key)
        return combo

    def set_profiles(self, profiles: Sequence[Any]) -> None:
        self.profile_combo.clear()
        self.profile_combo.addItem(self.tr("(pilih profil)"), None)
        for profile in profiles:
            self.profile_combo.addItem(profile.nama, profile)
        self.apply_profile_button.setEnabled(bool(profiles))

    # -- reading ------------------------------------------------------------------------
    def combo_at(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, self.COL_FIELD)
        assert isinstance(widget, QComboBox)
        return widget

    def mapping(self) -> dict[int, str | None]:
        """Column index -> field key (None = ignored)."""
        out: dict[int, str | None] = {}
        for r in range(self.table.rowCount()):
            item = self.table.item(r, self.COL_LETTER)
            column = int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else r
            out[column] = self.combo_at(r).currentData() or None
        return out

    def set_field(self, header: str, key: str | None) -> bool:
        """Map the column titled ``header`` to ``key`` (tests and profiles)."""
        wanted = normalize_header(header)
        for r in range(self.table.rowCount()):
            item = self.table.item(r, self.COL_HEADER)
            if item is not None and normalize_header(item.text()) == wanted:
                combo = self.combo_at(r)
                combo.setCurrentIndex(max(0, combo.findData(key or _IGNORE)))
                return True
        return False

    def apply_profile(self, pemetaan: Mapping[str, str]) -> int:
        """Set every column named in a saved profile; returns how many were set."""
        applied = 0
        for r in range(self.table.rowCount()):
            item = self.table.item(r, self.COL_HEADER)
            norm = normalize_header(item.text()) if item is not None else ""
            if norm in pemetaan:
                combo = self.combo_at(r)
                combo.setCurrentIndex(max(0, combo.findData(pemetaan[norm] or _IGNORE)))
                applied += 1
        self.validate()
        return applied

    @property
    def headers(self) -> tuple[str, ...]:
        return self._headers

    def problems(self) -> list[str]:
        """Why the mapping cannot be used yet (empty when it can)."""
        chosen: dict[str, list[str]] = {}
        for r in range(self.table.rowCount()):
            key = self.combo_at(r).currentData()
            if key:
                letter = self.table.item(r, self.COL_LETTER)
                chosen.setdefault(key, []).append(letter.text() if letter is not None else str(r))
        labels = {spec.key: spec.label for spec in self._fields}
        out: list[str] = []
        missing = [spec.label for spec in self._fields if spec.required and spec.key not in chosen]
        if missing:
            out.append(self.tr("Kolom wajib belum dipetakan: %1.").replace("%1", ", ".join(missing)))
        for key, letters in chosen.items():
            if len(letters) > 1:
                out.append(self.tr("Kolom %1 sama-sama dipetakan ke %2; pilih satu saja.")
                           .replace("%1", ", ".join(letters)).replace("%2", labels.get(key, key)))
        return out

    def validate(self) -> bool:
        problems = self.problems()
        show_message(self.error_label, "\n".join(problems))
        return not problems


# --------------------------------------------------------------------------------- preview


class PreviewPage(QWidget):
    """Counts, the problem/change table, unknown names with a decision each, strict mode."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_labels: dict[str, QLabel] = {}
        counts_row = QHBoxLayout()
        for key, text, colour in (
            ("baru", self.tr("Baru"), "#e6f6ea"), ("berubah", self.tr("Berubah"), "#e3efff"),
            ("sama", self.tr("Tetap"), "#edf2f7"), ("tidak_valid", self.tr("Tidak valid"), "#fde2e1"),
            ("peringatan", self.tr("Peringatan"), "#fff4d6"), ("tertunda", self.tr("Tertunda"), "#edf2f7"),
        ):
            box = QLabel()
            box.setObjectName(f"count_{key}")
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.setStyleSheet(f"background: {colour}; border: 1px solid #cbd5e0; border-radius: 4px; padding: 6px 10px;")
            box.setProperty("caption", text)
            self.count_labels[key] = box
            counts_row.addWidget(box)
        counts_row.addStretch(1)

        self.filter_combo = QComboBox()
        self.filter_combo.addItem(self.tr("Galat dan peringatan"), "masalah")
        self.filter_combo.addItem(self.tr("Perubahan (lama → baru)"), "ubah")
        self.filter_combo.addItem(self.tr("Baris baru"), "baru")
        self.filter_combo.addItem(self.tr("Semua"), "semua")
        self.save_errors_button = QPushButton(self.tr("Simpan baris galat (.xlsx)…"))
        self.model = PreviewTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        self.empty_label = QLabel()
        self.empty_label.setStyleSheet("color: #4a5568;")

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Tampilkan:")))
        filter_row.addWidget(self.filter_combo)
        filter_row.addWidget(self.empty_label, 1)
        filter_row.addWidget(self.save_errors_button)
        table_layout.addLayout(filter_row)
        table_layout.addWidget(self.view, 1)

        self.unknown_box = QGroupBox(self.tr("Unit kerja dan jabatan yang belum ada di basis data"))
        self.unknown_table = QTableWidget(0, 4)
        self.unknown_table.setHorizontalHeaderLabels(
            [self.tr("Jenis"), self.tr("Nama di berkas"), self.tr("Jumlah baris"), self.tr("Tindakan")])
        self.unknown_table.verticalHeader().hide()
        self.unknown_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.unknown_table.verticalHeader().setDefaultSectionSize(30)
        self.unknown_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unknown_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        uh = self.unknown_table.horizontalHeader()
        uh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        uh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        uh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        uh.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.unknown_table.setColumnWidth(3, 340)
        self.create_all_button = QPushButton(self.tr("Buat semua yang belum ada"))
        self.leave_all_button = QPushButton(self.tr("Biarkan semua kosong"))
        unknown_hint = QLabel(self.tr(
            "Pilih untuk setiap nama: petakan ke data yang sudah ada (ketik untuk mencari), buat baru, atau biarkan "
            "kosong (kolom itu tidak diisi)."))
        unknown_hint.setWordWrap(True)
        unknown_hint.setStyleSheet("color: #4a5568;")
        buttons = QHBoxLayout()
        buttons.addWidget(unknown_hint, 1)
        buttons.addWidget(self.create_all_button)
        buttons.addWidget(self.leave_all_button)
        ub = QVBoxLayout(self.unknown_box)
        ub.addLayout(buttons)
        ub.addWidget(self.unknown_table)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(self.unknown_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        self.strict_check = QCheckBox(self.tr("Mode ketat: jangan impor apa pun bila ada baris tidak valid"))
        self.status_label = _message_label()
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        layout = QVBoxLayout(self)
        layout.addLayout(counts_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(line)
        layout.addWidget(self.strict_check)
        layout.addWidget(self.status_label)

        self._plan: Any = None
        self.may_create = True  # False for a clerk limited to some OPD (see set_may_create)
        self.filter_combo.currentIndexChanged.connect(self.refresh_lines)
        self.create_all_button.clicked.connect(lambda: self.set_all_decisions(BUAT))
        self.leave_all_button.clicked.connect(lambda: self.set_all_decisions(None))

    def set_plan(self, plan: Any, summary: PlanSummary, units: Sequence[tuple[int, str]],
                 jabatan: Sequence[tuple[int, str]]) -> None:
        self._plan = plan
        values = {"baru": summary.baru, "berubah": summary.berubah, "sama": summary.sama,
                  "tidak_valid": summary.tidak_valid, "peringatan": summary.peringatan, "tertunda": summary.tertunda}
        for key, label in self.count_labels.items():
            label.setText(f"<b style='font-size:14pt'>{values[key]:,}</b><br>{label.property('caption')}"
                          .replace(",", "."))
            label.setVisible(key != "tertunda" or values[key] > 0)
        self.save_errors_button.setEnabled(summary.bad_rows > 0)
        # Open on what needs attention: problems if any, else the changes, else the new rows.
        wanted = "masalah" if summary.tidak_valid or summary.peringatan else "ubah" if summary.berubah else "baru"
        self.filter_combo.blockSignals(True)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(wanted)))
        self.filter_combo.blockSignals(False)
        self.refresh_lines()
        self._fill_unknown(list(plan.unknown_units), list(plan.unknown_jabatan), units, jabatan)
        show_message(self.status_label, "")

    def refresh_lines(self) -> None:
        if self._plan is None:
            return
        lines = preview_lines(self._plan, show=str(self.filter_combo.currentData()))
        self.model.set_lines(lines)
        self.view.resizeColumnsToContents()
        width = self.view.columnWidth(COL_KETERANGAN)
        self.view.setColumnWidth(COL_KETERANGAN, min(width, 600))
        self.empty_label.setText("" if lines else self.tr("Tidak ada baris untuk ditampilkan."))

    def _fill_unknown(self, unknown_units: list[UnknownRef], unknown_jabatan: list[UnknownRef],
                      units: Sequence[tuple[int, str]], jabatan: Sequence[tuple[int, str]]) -> None:
        refs = unknown_units + unknown_jabatan
        self.unknown_box.setVisible(bool(refs))
        self.unknown_table.setRowCount(len(refs))
        for r, ref in enumerate(refs):
            jenis = self.tr("Unit kerja") if ref.jenis == "unit" else self.tr("Jabatan")
            name = ref.nama
            if ref.induk and ref.induk != ref.nama:
                name += "  (" + self.tr("OPD: %1").replace("%1", ref.induk) + ")"
            if ref.ambigu:
                name += "  — " + self.tr("nama ini dipakai beberapa unit")
            items = [QTableWidgetItem(jenis), QTableWidgetItem(name),
                     QTableWidgetItem(f"{ref.baris:,}".replace(",", "."))]
            items[0].setData(Qt.ItemDataRole.UserRole, (ref.jenis, ref.nama))
            items[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items[1].setToolTip(self.tr("Pertama kali pada baris %1").replace("%1", str(ref.baris_pertama)))
            for c, item in enumerate(items):
                self.unknown_table.setItem(r, c, item)
            self.unknown_table.setCellWidget(r, 3, self._decision_combo(ref, units if ref.jenis == "unit" else jabatan))

    def set_may_create(self, may_create: bool, reason: str = "") -> None:
        """A clerk limited to some OPD may not add units or jabatan by import (the service
        refuses): no "Buat baru" choice, and the button says why it is off."""
        self.may_create = may_create
        self.create_all_button.setEnabled(may_create)
        self.create_all_button.setToolTip("" if may_create else reason)

    def _decision_combo(self, ref: UnknownRef, choices: Sequence[tuple[int, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItem(self.tr("Biarkan kosong"), None)
        if self.may_create:
            combo.addItem(self.tr("Buat baru"), BUAT)
        suggested = set()
        for ident, nama, score in ref.saran:
            combo.addItem(self.tr("Mirip (%1%): %2").replace("%1", str(round(score * 100))).replace("%2", nama), ident)
            suggested.add(ident)
        for ident, label in choices:
            if ident not in suggested:
                combo.addItem(label, ident)
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        # Several units share the name: the first one holding it is the likely answer, but the
        # clerk still sees it as a choice rather than a silent pick.
        combo.setCurrentIndex((2 if self.may_create else 1) if ref.ambigu and ref.saran else 0)
        combo.currentIndexChanged.connect(lambda _i, c=combo: _show_start(c))
        _show_start(combo)
        return combo

    def decision_combo(self, row: int) -> QComboBox:
        widget = self.unknown_table.cellWidget(row, 3)
        assert isinstance(widget, QComboBox)
        return widget

    def set_all_decisions(self, decision: Any) -> None:
        for r in range(self.unknown_table.rowCount()):
            combo = self.decision_combo(r)
            combo.setCurrentIndex(max(0, combo.findData(decision) if decision is not None else 0))
            _show_start(combo)

    def decisions(self) -> list[tuple[str, str, int | str | None]]:
        out: list[tuple[str, str, int | str | None]] = []
        for r in range(self.unknown_table.rowCount()):
            item = self.unknown_table.item(r, 0)
            if item is None:
                continue
            jenis, nama = item.data(Qt.ItemDataRole.UserRole)
            out.append((jenis, nama, self.decision_combo(r).currentData()))
        return out


def _show_start(combo: QComboBox) -> None:
    """An editable combo shows the end of a long name; the start is what identifies it."""
    edit = combo.lineEdit()
    if edit is not None:
        edit.setCursorPosition(0)


# ---------------------------------------------------------------------------------- result


class ResultPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.save_errors_button = QPushButton(self.tr("Simpan baris galat (.xlsx)…"))
        self.save_errors_button.hide()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.save_errors_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
