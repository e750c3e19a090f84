"""The usul form: who moves, where to, why and when. The service validates; errors show here."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.eligibility import summarize
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi, ArahMutasi, JenisMutasi
from mutasi_desktop.services import usul_service
from mutasi_desktop.services.pegawai_query import PegawaiFilter, fetch_pegawai
from mutasi_desktop.services.usul_batch import list_batches
from mutasi_desktop.services.usul_dto import UsulDetail
from mutasi_desktop.services.usul_query import formasi_options
from mutasi_desktop.services.usul_service import UsulInput
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.usul.usul_models import HASIL_COLOR, hasil_label, rule_model
from mutasi_desktop.ui.widgets.form_fields import ERROR_STYLE, CodeCombo, DateField

FIELD_LABELS = {
    "pegawai_id": "Pegawai", "jenis_mutasi": "Jenis mutasi", "alasan": "Alasan",
    "tujuan_formasi_id": "Formasi tujuan", "tujuan_instansi_nama": "Instansi tujuan",
    "asal_instansi_nama": "Instansi asal", "tmt_rencana": "TMT rencana", "batch_id": "Kelompok",
}  # fmt: skip


def field_error(field: str | None, message: str) -> str:
    """``"Formasi tujuan: …"``, unless the message already starts with that field's name."""
    where = FIELD_LABELS.get(field or "", "")
    if not where or message.lower().startswith(where.lower()):
        return message
    return f"{where}: {message}"


class SearchLineEdit(QLineEdit):
    """Enter searches and stops there: it must not also press the dialog's default button (Simpan)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class UsulFormDialog(QDialog):
    """Create (``usul=None``) or change a Draf / Berkas Tidak Lengkap usul."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, usul: UsulDetail | None = None, *, pegawai_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.usul = usul
        self.setWindowTitle(self.tr("Usul mutasi baru") if usul is None else self.tr("Ubah usul %1").replace(
            "%1", usul.nomor))
        self.setMinimumWidth(760)

        self.cari = SearchLineEdit()
        self.cari.setObjectName("usulCariPegawai")
        self.cari.setPlaceholderText(self.tr("Ketik NIP atau nama lalu tekan Enter"))
        self.cari.returnPressed.connect(self.search_pegawai)
        self.cari_button = QPushButton(self.tr("Cari"))
        self.cari_button.clicked.connect(self.search_pegawai)
        self.pegawai = CodeCombo([], empty_label=self.tr("— pilih pegawai —"))
        self.pegawai.setObjectName("usulPegawai")
        # Long labels (name, jabatan, unit) must not stretch the dialog past a laptop screen.
        self.pegawai.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pegawai.setMinimumContentsLength(40)
        self.jenis = CodeCombo([(j.value, j.label) for j in JenisMutasi])
        self.jenis.setObjectName("usulJenis")
        self.alasan = CodeCombo([(a.value, a.label) for a in AlasanMutasi])
        self.alasan.setObjectName("usulAlasan")
        self.alasan_keterangan = QLineEdit()
        self.formasi = CodeCombo([], empty_label=self.tr("— pilih formasi tujuan —"))
        self.formasi.setObjectName("usulFormasi")
        self.formasi.setEditable(True)
        self.formasi.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.formasi.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.formasi.setMinimumContentsLength(40)
        self.formasi.setToolTip(self.tr("Ketik sebagian nama jabatan atau unit untuk mencari"))
        self.hanya_lowong = QCheckBox(self.tr("Hanya formasi yang masih lowong"))
        self.hanya_lowong.setObjectName("usulHanyaLowong")
        self.hanya_lowong.toggled.connect(lambda _on: self._load_formasi())
        completer = self.formasi.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.tujuan_instansi = QLineEdit()
        self.tujuan_instansi.setObjectName("usulTujuanInstansi")
        self.tujuan_jabatan = QLineEdit()
        self.tujuan_unit = QLineEdit()
        self.asal_instansi = QLineEdit()
        self.asal_instansi.setObjectName("usulAsalInstansi")
        self.tmt = DateField()
        self.tmt.setObjectName("usulTmt")
        self.batch = CodeCombo([], empty_label=self.tr("— tanpa kelompok —"))
        self.catatan = QPlainTextEdit()
        self.catatan.setObjectName("usulCatatan")
        self.catatan.setFixedHeight(60)
        self.catatan.setTabChangesFocus(True)  # Tab moves on, as in every other field

        search_row = QHBoxLayout()
        search_row.addWidget(self.cari, 1)
        search_row.addWidget(self.cari_button)
        form = QFormLayout()
        self.form = form
        if usul is None:
            form.addRow(self.tr("Cari pegawai"), search_row)
            form.addRow(self.tr("Pegawai *"), self.pegawai)
        else:
            form.addRow(self.tr("Pegawai"), QLabel(f"{usul.nama} — NIP {usul.nip}"))
        form.addRow(self.tr("Jenis mutasi *"), self.jenis)
        form.addRow(self.tr("Alasan *"), self.alasan)
        form.addRow(self.tr("Keterangan alasan"), self.alasan_keterangan)
        formasi_box = QWidget()
        formasi_row = QVBoxLayout(formasi_box)
        formasi_row.setContentsMargins(0, 0, 0, 0)
        formasi_row.addWidget(self.formasi)
        formasi_row.addWidget(self.hanya_lowong)
        self.formasi_box = formasi_box
        form.addRow(self.tr("Formasi tujuan *"), formasi_box)
        form.addRow(self.tr("Instansi tujuan *"), self.tujuan_instansi)
        form.addRow(self.tr("Jabatan di instansi tujuan"), self.tujuan_jabatan)
        form.addRow(self.tr("Unit di instansi tujuan"), self.tujuan_unit)
        form.addRow(self.tr("Instansi asal *"), self.asal_instansi)
        form.addRow(self.tr("TMT rencana"), self.tmt)
        form.addRow(self.tr("Kelompok (satu SK)"), self.batch)
        form.addRow(self.tr("Catatan"), self.catatan)

        self.error = QLabel()
        self.error.setObjectName("usulFormError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan draf"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.cancel)
        # Rule-check panel: what the regulations say about the values on the form, before saving.
        self.check_button = QPushButton(self.tr("Periksa syarat"))
        self.check_button.setObjectName("usulFormPeriksa")
        self.check_button.clicked.connect(self.preview)
        self.check_summary = QLabel(self.tr("Syarat belum diperiksa."))
        self.rules = rule_model(parent=self)
        self.rule_view = QTableView()
        self.rule_view.setObjectName("usulFormCek")
        self.rule_view.setModel(self.rules)
        self.rule_view.verticalHeader().hide()
        self.rule_view.setWordWrap(True)
        self.rule_view.setMinimumHeight(220)
        header = self.rule_view.horizontalHeader()
        header.resizeSection(0, 110)
        header.resizeSection(1, 190)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rules.modelReset.connect(self.rule_view.resizeRowsToContents)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(check_row)
        layout.addWidget(self.rule_view, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.jenis.currentIndexChanged.connect(lambda _i: self._update_visibility())
        self._load_choices()
        if usul is not None:
            self._fill(usul)
        elif pegawai_id is not None:
            self._preselect_pegawai(pegawai_id)
        self._update_visibility()
        self._pristine = self._snapshot()
        self._checked_values: tuple[Any, ...] | None = None  # the values the last "Periksa syarat" saw

    # ----------------------------------------------------------------- closing
    def _snapshot(self) -> tuple[Any, ...]:
        return (self.pegawai.value(), self.jenis.value(), self.alasan.value(), self.alasan_keterangan.text(),
                self.formasi.value(), self.tujuan_instansi.text(), self.tujuan_jabatan.text(),
                self.tujuan_unit.text(), self.asal_instansi.text(), self.tmt.text(), self.batch.value(),
                self.catatan.toPlainText())

    def confirm_discard(self) -> bool:
        """True when nothing was typed, or the clerk agrees to throw it away."""
        if self._snapshot() == self._pristine:
            return True
        answer = QMessageBox.question(self, self.windowTitle(),
                                      self.tr("Isian usul belum disimpan. Tutup dan buang perubahan?"))
        return answer == QMessageBox.StandardButton.Yes

    # Only the clerk's own Batal / Escape / window close ask; a programmatic reject() or close()
    # (the app quitting, tests tearing down) never blocks on a question.
    def cancel(self) -> None:
        if self.confirm_discard():
            self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and not self.confirm_discard():
            event.ignore()
            return
        super().closeEvent(event)

    # ----------------------------------------------------------------- loading
    def _load_formasi(self) -> None:
        keep = self.formasi.value()
        options = formasi_options(self.ctx.db, by=self.ctx.actor, hanya_lowong=self.hanya_lowong.isChecked())
        self.formasi.set_items([(o.formasi_id, o.label) for o in options],
                               empty_label=self.tr("— pilih formasi tujuan (%1 pilihan) —").replace(
                                   "%1", f"{len(options):,}".replace(",", ".")))
        if keep is not None and self.formasi.findData(keep) >= 0:
            self.formasi.set_value(keep)

    def _load_choices(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self._load_formasi()
        batches = list_batches(db, by=actor)
        self.batch.set_items([(b.id, f"{b.nomor} — {b.judul}") for b in batches],
                             empty_label=self.tr("— tanpa kelompok —"))

    def search_pegawai(self) -> None:
        text = self.cari.text().strip()
        if not text:
            return
        page = fetch_pegawai(self.ctx.db, self.ctx.actor, PegawaiFilter(teks=text, hanya_aktif=True), limit=50)
        self.pegawai.set_items([(p.id, f"{p.nip} — {p.nama} ({p.jabatan}, {p.unit})") for p in page.rows],
                               empty_label=self.tr("— %1 pegawai ditemukan —").replace("%1", str(len(page.rows))))
        if page.rows:
            self.pegawai.setCurrentIndex(1)

    def _preselect_pegawai(self, pegawai_id: int) -> None:
        from mutasi_desktop.services.pegawai_service import get_pegawai

        try:
            p = get_pegawai(self.ctx.db, self.ctx.actor, pegawai_id)
        except DomainError:
            return
        self.pegawai.set_items([(pegawai_id, f"{p.values['nip']} — {p.nama_lengkap}")], empty_label=None)

    def _fill(self, usul: UsulDetail) -> None:
        self.jenis.set_value(usul.jenis_mutasi)
        self.alasan.set_value(usul.alasan)
        self.alasan_keterangan.setText(usul.alasan_keterangan)
        self.formasi.set_value(usul.tujuan_formasi_id)
        self.tujuan_instansi.setText(usul.tujuan_instansi_nama)
        self.tujuan_jabatan.setText(usul.tujuan_jabatan_nama if usul.tujuan_formasi_id is None else "")
        self.tujuan_unit.setText(usul.tujuan_unit_nama if usul.tujuan_formasi_id is None else "")
        self.asal_instansi.setText(usul.asal_instansi_nama)
        self.tmt.set_value(usul.tmt_rencana)
        self.batch.set_value(usul.batch_id)
        self.catatan.setPlainText(usul.catatan)

    def _arah(self) -> ArahMutasi:
        try:
            return JenisMutasi(self.jenis.value()).arah
        except ValueError:
            return ArahMutasi.INTERNAL

    def _update_visibility(self) -> None:
        arah = self._arah()
        keluar = arah is ArahMutasi.KELUAR
        for widget, visible in ((self.formasi_box, not keluar), (self.tujuan_instansi, keluar),
                                (self.tujuan_jabatan, keluar), (self.tujuan_unit, keluar),
                                (self.asal_instansi, arah is ArahMutasi.MASUK)):
            widget.setVisible(visible)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(visible)

    # ----------------------------------------------------------------- saving
    def input(self) -> UsulInput:
        pegawai_id = self.usul.pegawai_id if self.usul is not None else self.pegawai.value()
        tmt: Any = self.tmt.value()
        if tmt is not None and not isinstance(tmt, date):
            raise DomainError(f"TMT rencana '{tmt}' bukan tanggal yang benar (hh-bb-tttt)", field="tmt_rencana")
        if pegawai_id is None:
            raise DomainError("Pilih pegawai yang diusulkan", field="pegawai_id")
        keluar = self._arah() is ArahMutasi.KELUAR
        return UsulInput(
            pegawai_id=int(pegawai_id), jenis_mutasi=str(self.jenis.value()), alasan=str(self.alasan.value()),
            tmt_rencana=tmt, tujuan_formasi_id=None if keluar else self.formasi.value(),
            tujuan_instansi_nama=self.tujuan_instansi.text() if keluar else "",
            tujuan_jabatan_nama=self.tujuan_jabatan.text() if keluar else "",
            tujuan_unit_nama=self.tujuan_unit.text() if keluar else "",
            asal_instansi_nama=self.asal_instansi.text(), alasan_keterangan=self.alasan_keterangan.text(),
            catatan=self.catatan.toPlainText(), batch_id=self.batch.value(),
        )  # fmt: skip

    def preview(self) -> None:
        """Run the rules on the values as typed; nothing is saved."""
        try:
            results = usul_service.preview_check(self.ctx.db, self.input(), by=self.ctx.actor,
                                                 usul_id=self.usul.id if self.usul else None)
        except DomainError as exc:
            self.error.setText(field_error(exc.field, exc.message))
            self.error.show()
            return
        self.error.hide()
        self._checked_values = self._snapshot()
        self.rules.set_rows(results)
        verdict = summarize(results)
        self.check_summary.setText(self.tr("Kesimpulan: %1").replace("%1", hasil_label(verdict)))
        self.check_summary.setStyleSheet(f"color: {HASIL_COLOR[verdict].name()}; font-weight: bold;")

    def save(self) -> bool:
        try:
            data = self.input()
            if self.usul is None:
                detail = usul_service.create_usul(self.ctx.db, data, by=self.ctx.actor)
            else:
                detail = usul_service.update_usul(self.ctx.db, self.usul.id, data, version=self.usul.version,
                                                  by=self.ctx.actor)
        except DomainError as exc:
            self.error.setText(field_error(exc.field, exc.message))
            self.error.show()
            return False
        if self._checked_values == self._snapshot():
            # The clerk already read the rule check for exactly these values: keep it with the usul
            # rather than showing "Belum diperiksa" right after.
            with contextlib.suppress(DomainError):  # saved all the same; the panel can check again
                usul_service.check_usul(self.ctx.db, detail.id, by=self.ctx.actor)
        self.saved.emit(detail.id)
        self.accept()
        return True
