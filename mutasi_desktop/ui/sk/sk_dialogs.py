"""Dialogs of the SK page: a new SK from approved usul, editing a draft, setting an SK."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.services import sk_service
from mutasi_desktop.services.office_settings_service import daftar_penandatangan
from mutasi_desktop.services.usul_batch import list_batches
from mutasi_desktop.ui.app_context import AppContext


def _buttons(ok_text: str, parent: QDialog) -> QDialogButtonBox:
    """OK/Batal with Indonesian texts (Qt's own would read "OK"/"Cancel" without a translation)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(parent.tr("Batal"))
    buttons.accepted.connect(parent.accept)
    buttons.rejected.connect(parent.reject)
    return buttons


class NewSkDialog(QDialog):
    """Choose approved usul (and the signer) for a new draft SK."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("SK baru dari usul yang disetujui"))
        self.resize(900, 520)
        self.ctx = ctx
        self.usul = QListWidget()
        self.usul.setObjectName("daftarUsulSiap")
        siap = sk_service.daftar_usul_siap_sk(ctx.db, by=ctx.actor)
        # One SK per kelompok is the usual case: choosing a kelompok ticks exactly its usul.
        self.kelompok = QComboBox()
        self.kelompok.setObjectName("pilihKelompokSk")
        self.kelompok.addItem(self.tr("Semua usul yang disetujui"), None)
        in_batch = {u.batch_id for u in siap if u.batch_id is not None}
        for b in list_batches(ctx.db, by=ctx.actor):
            if b.id in in_batch:
                self.kelompok.addItem(f"{b.nomor} — {b.judul}", b.id)
        self.kelompok.currentIndexChanged.connect(lambda _i: self._tick_batch())
        for u in siap:
            item = QListWidgetItem(f"{u.nomor}  {u.nama} ({u.nip})\n    {u.asal}  →  {u.tujuan}")
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, u.batch_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.usul.addItem(item)
        self.tentang = QLineEdit()
        self.tentang.setPlaceholderText(self.tr("kosongkan untuk memakai teks bawaan"))
        self.signer = QComboBox()
        self.signer.addItem(self.tr("(penandatangan bawaan)"), None)
        for p in daftar_penandatangan(ctx.db, by=ctx.actor, aktif_saja=True):
            self.signer.addItem(p.label, p.id)
        self.tmt = QDateEdit(QDate.currentDate())
        self.tmt.setCalendarPopup(True)
        self.tmt.setDisplayFormat("dd-MM-yyyy")
        self.pakai_tmt = QComboBox()
        self.pakai_tmt.addItems([self.tr("TMT dari usul"), self.tr("TMT ditentukan:")])
        self.tmt.setEnabled(False)  # only a chosen TMT uses the date
        self.pakai_tmt.currentIndexChanged.connect(lambda i: self.tmt.setEnabled(i == 1))
        tmt_row = QHBoxLayout()
        tmt_row.addWidget(self.pakai_tmt)
        tmt_row.addWidget(self.tmt)
        form = QFormLayout()
        form.addRow(self.tr("Tentang"), self.tentang)
        form.addRow(self.tr("Penandatangan"), self.signer)
        form.addRow(self.tr("TMT"), tmt_row)
        buttons = _buttons(self.tr("Buat draf SK"), self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.usul.itemChanged.connect(lambda _item: self._update_count())
        layout = QVBoxLayout(self)
        count = self.usul.count()
        heading = self.tr("Usul disetujui yang belum dimuat dalam SK: %1").replace("%1", str(count))
        if count == 0:
            heading += "\n" + self.tr("Belum ada. Usul harus disetujui pejabat (halaman Usul Mutasi) sebelum dimuat "
                                       "dalam SK.")
        top = QHBoxLayout()
        top.addWidget(QLabel(heading), 1)
        top.addWidget(QLabel(self.tr("Kelompok:")))
        top.addWidget(self.kelompok)
        layout.addLayout(top)
        layout.addWidget(self.usul, 1)
        self.chosen_label = QLabel()
        layout.addWidget(self.chosen_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._update_count()

    def _tick_batch(self) -> None:
        batch_id = self.kelompok.currentData()
        for i in range(self.usul.count()):
            item = self.usul.item(i)
            chosen = batch_id is None or item.data(Qt.ItemDataRole.UserRole + 1) == batch_id
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)

    def _update_count(self) -> None:
        n = len(self.chosen_ids())
        self.chosen_label.setText(self.tr("Dipilih untuk SK ini: %1 usul").replace("%1", str(n)))
        self.ok_button.setEnabled(n > 0)

    def chosen_ids(self) -> list[int]:
        return [int(self.usul.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.usul.count())
                if self.usul.item(i).checkState() == Qt.CheckState.Checked]

    def chosen_tmt(self) -> date | None:
        return self.tmt.date().toPython() if self.pakai_tmt.currentIndex() == 1 else None  # type: ignore[no-any-return]


class SetSkDialog(QDialog):
    """Date and place of setting (Ditetapkan di / pada tanggal)."""

    def __init__(self, nomor_hint: str, parent: QWidget | None = None, *, tmt: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tetapkan SK"))
        self.tanggal = QDateEdit(QDate.currentDate())
        self.tanggal.setCalendarPopup(True)
        self.tanggal.setDisplayFormat("dd-MM-yyyy")
        self.tmt = QDateEdit(QDate(tmt) if tmt else QDate.currentDate())
        self.tmt.setCalendarPopup(True)
        self.tmt.setDisplayFormat("dd-MM-yyyy")
        self.tempat = QLineEdit()
        self.tempat.setPlaceholderText(self.tr("kosongkan: ibu kota daerah"))
        form = QFormLayout(self)
        intro = QLabel(self.tr("SK akan diberi nomor %1 dan isinya dibekukan; setelah itu SK hanya dapat "
                               "diganti dengan SK koreksi.").replace("%1", nomor_hint))
        intro.setWordWrap(True)
        intro.setObjectName("keteranganTetapkan")
        form.addRow(intro)
        form.addRow(self.tr("Ditetapkan pada tanggal"), self.tanggal)
        form.addRow(self.tr("Ditetapkan di"), self.tempat)
        form.addRow(self.tr("Terhitung mulai tanggal"), self.tmt)
        form.addRow(_buttons(self.tr("Tetapkan dan beri nomor"), self))
        # Wide enough for the place hint and the SK number in the intro (at its natural ~300 px the
        # hint read "kosongkan: ibu k…" and the number wrapped over four lines).
        self.setMinimumWidth(480)

    def value(self) -> tuple[date, str]:
        return self.tanggal.date().toPython(), self.tempat.text().strip()  # type: ignore[return-value]

    def tmt_value(self) -> date:
        return self.tmt.date().toPython()  # type: ignore[no-any-return]


class EditDraftDialog(QDialog):
    """Change a draft's perihal and signer before it is set."""

    def __init__(self, ctx: AppContext, sk: sk_service.SkRingkas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ubah draf SK"))
        self.tentang = QLineEdit(sk.tentang)
        self.tentang.setPlaceholderText(self.tr("kosongkan untuk memakai teks bawaan"))
        self.signer = QComboBox()
        for p in daftar_penandatangan(ctx.db, by=ctx.actor, aktif_saja=True):
            self.signer.addItem(p.label, p.id)
            if p.nama == sk.penandatangan:
                self.signer.setCurrentIndex(self.signer.count() - 1)
        form = QFormLayout(self)
        form.addRow(self.tr("Tentang"), self.tentang)
        form.addRow(self.tr("Penandatangan"), self.signer)
        form.addRow(_buttons(self.tr("Simpan"), self))
