"""AspirasiDialog: record or change one pegawai's aspirasi (reusable from the pegawai detail)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.services.aspirasi_service import (
    ALASAN,
    KESEDIAAN,
    MAKS_PILIHAN,
    SUMBER,
    AspirasiInput,
    AspirasiView,
    create_aspirasi,
    update_aspirasi,
)
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.widgets.form_fields import CodeCombo

ERROR_STYLE = "color: #c53030;"
_KESEDIAAN_TEKS = {"BERSEDIA": "Bersedia", "BERSYARAT": "Bersedia dengan syarat", "TIDAK_BERSEDIA": "Tidak bersedia"}


def _qdate(d: date | None) -> QDate:
    d = d or date.today()
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _keep_choice(combo: QComboBox, value: int, name: str, suffix: str) -> None:
    if combo.findData(value) < 0:
        combo.addItem(name + suffix, value)
    combo.setCurrentIndex(combo.findData(value))


class AspirasiDialog(QDialog):
    """Form over :class:`AspirasiInput`. ``units``/``jabatan``: (id, label) choices.

    Saving calls the aspirasi service; its Indonesian message stays in the dialog, next to the
    field it names, and the dialog stays open.
    """

    def __init__(
        self,
        ctx: AppContext,
        *,
        pegawai_id: int,
        units: list[tuple[int, str]],
        jabatan: list[tuple[int, str]],
        existing: AspirasiView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pegawai_id = pegawai_id
        self.existing = existing
        self.result_view: AspirasiView | None = None
        self.setWindowTitle(self.tr("Ubah aspirasi pegawai") if existing else self.tr("Catat aspirasi pegawai"))

        self.tanggal = QDateEdit(_qdate(existing.tanggal if existing else None))
        self.tanggal.setCalendarPopup(True)
        self.tanggal.setDisplayFormat("dd-MM-yyyy")
        self.ada_batas = QCheckBox(self.tr("Berlaku sampai"))
        self.berlaku = QDateEdit(_qdate(existing.berlaku_sampai if existing and existing.berlaku_sampai else None))
        self.berlaku.setCalendarPopup(True)
        self.berlaku.setDisplayFormat("dd-MM-yyyy")
        self.ada_batas.setChecked(bool(existing and existing.berlaku_sampai))
        self.berlaku.setEnabled(self.ada_batas.isChecked())
        self.ada_batas.toggled.connect(self.berlaku.setEnabled)
        self.unit_combos: list[CodeCombo] = []
        chosen = list(existing.unit_pilihan) if existing else []
        for k in range(MAKS_PILIHAN):
            combo = CodeCombo(units, empty_label=self.tr("(tidak ada)"))
            combo.setObjectName(f"unit_pilihan_{k + 1}")
            # Hundreds of indented units: type any part of a name to find a school or a seksi.
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(40)
            if k < len(chosen):
                # A choice no longer offered (its unit was closed since) stays visible and chosen:
                # saving says so instead of quietly dropping it.
                _keep_choice(combo, *chosen[k], self.tr(" (sudah ditutup)"))
            self.unit_combos.append(combo)
        self.lokasi = QLineEdit("; ".join(existing.lokasi_pilihan) if existing else "")
        self.lokasi.setPlaceholderText(self.tr("mis. Kecamatan Cibening; Sukamaju (urut pilihan, pisahkan dengan ;)"))
        self.jabatan = CodeCombo(jabatan, empty_label=self.tr("(tidak ada)"))
        self.jabatan.setEditable(True)
        self.jabatan.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Long jabatan names had squeezed the label "Jabatan yang diminati" to "Jabatan yang dimin".
        self.jabatan.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.jabatan.setMinimumContentsLength(40)
        if existing and existing.jabatan_pilihan_id:
            _keep_choice(self.jabatan, existing.jabatan_pilihan_id, existing.jabatan_pilihan_nama,
                         self.tr(" (tidak aktif)"))
        self.alasan = QComboBox()
        self.alasan.addItem(self.tr("(tidak disebutkan)"), "")
        for kode, label in ALASAN.items():
            self.alasan.addItem(label, kode)
        if existing:
            self.alasan.setCurrentIndex(max(self.alasan.findData(existing.alasan), 0))
        self.keterangan = QPlainTextEdit(existing.alasan_keterangan if existing else "")
        self.keterangan.setMaximumHeight(60)
        self.kesediaan = QComboBox()
        for kode in KESEDIAAN:
            self.kesediaan.addItem(_KESEDIAAN_TEKS.get(kode, kode), kode)
        if existing:
            self.kesediaan.setCurrentIndex(max(self.kesediaan.findData(existing.kesediaan), 0))
        self.syarat = QLineEdit(existing.syarat if existing else "")
        self.sumber = QComboBox()
        for kode, label in SUMBER.items():
            self.sumber.addItem(label, kode)
        if existing:
            self.sumber.setCurrentIndex(max(self.sumber.findData(existing.sumber), 0))
        self.kesediaan.currentIndexChanged.connect(self._sync)

        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Tanggal"), self.tanggal)
        row = QHBoxLayout()
        row.addWidget(self.ada_batas)
        row.addWidget(self.berlaku)
        form.addRow("", row)
        for k, combo in enumerate(self.unit_combos, start=1):
            form.addRow(self.tr("Unit pilihan %1").replace("%1", str(k)), combo)
        form.addRow(self.tr("Lokasi pilihan"), self.lokasi)
        form.addRow(self.tr("Jabatan yang diminati"), self.jabatan)
        form.addRow(self.tr("Alasan"), self.alasan)
        form.addRow(self.tr("Keterangan alasan"), self.keterangan)
        form.addRow(self.tr("Kesediaan dimutasi"), self.kesediaan)
        form.addRow(self.tr("Syarat"), self.syarat)
        form.addRow(self.tr("Sumber"), self.sumber)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)
        self._sync()

    def _sync(self) -> None:
        self.syarat.setEnabled(self.kesediaan.currentData() == "BERSYARAT")

    def values(self) -> AspirasiInput:
        units = tuple(c.value() for c in self.unit_combos if c.value() is not None)
        lokasi = tuple(x.strip() for x in self.lokasi.text().split(";") if x.strip())
        return AspirasiInput(
            pegawai_id=self.pegawai_id, tanggal=_pydate(self.tanggal.date()),
            berlaku_sampai=_pydate(self.berlaku.date()) if self.ada_batas.isChecked() else None,
            unit_pilihan_ids=units, lokasi_pilihan=lokasi, jabatan_pilihan_id=self.jabatan.value(),
            alasan=self.alasan.currentData() or "", alasan_keterangan=self.keterangan.toPlainText(),
            kesediaan=self.kesediaan.currentData(),
            syarat=self.syarat.text() if self.kesediaan.currentData() == "BERSYARAT" else "",
            sumber=self.sumber.currentData(),
        )  # fmt: skip

    def save(self) -> bool:
        data = self.values()
        try:
            if self.existing is None:
                self.result_view = create_aspirasi(self.ctx.db, self.ctx.actor, data)
            else:
                self.result_view = update_aspirasi(self.ctx.db, self.ctx.actor, self.existing.id, data,
                                                   version=self.existing.version)  # fmt: skip
        except DomainError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self._mark(exc.field)
            return False
        self.accept()
        return True

    def _mark(self, field: str | None) -> None:
        widgets: dict[str, Any] = {"syarat": self.syarat, "berlaku_sampai": self.berlaku, "lokasi_pilihan": self.lokasi,
                                   "jabatan_pilihan": self.jabatan, "kesediaan": self.kesediaan, "alasan": self.alasan}  # fmt: skip
        for k, combo in enumerate(self.unit_combos, start=1):
            widgets[f"unit_pilihan_{k}"] = combo
        widgets["unit_pilihan"] = self.unit_combos[0]
        for w in widgets.values():
            w.setStyleSheet("")
        if field in widgets:
            widgets[field].setStyleSheet("border: 1px solid #c53030;")
            widgets[field].setFocus()
