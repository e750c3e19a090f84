"""One usul: summary, the buttons the current user may press, rule check, checklist, timeline."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.domain.usul_states import Aksi, StatusUsul, Transisi, available_actions
from mutasi_desktop.services import usul_service
from mutasi_desktop.services.usul_apply import mark_sk_ditetapkan, record_pelaksanaan, reverse_pelaksanaan
from mutasi_desktop.services.usul_dto import UsulDetail
from mutasi_desktop.services.usul_surat import cetak_surat_pemberitahuan, renderer_tersedia
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.usul.action_dialog import ActionDialog, ActionSpec
from mutasi_desktop.ui.usul.checklist_editor import ChecklistEditor
from mutasi_desktop.ui.usul.usul_models import HASIL_COLOR, hasil_label, rule_model, transisi_model
from mutasi_desktop.ui.widgets.errors import pesan_galat

LANGKAH_LABEL = {kode: label for kode, (label, _n, _t) in usul_service.LANGKAH.items()}
# States whose last note is the reason the clerk needs to read first.
NOTE_STATES = frozenset({StatusUsul.BERKAS_TIDAK_LENGKAP, StatusUsul.TIDAK_MEMENUHI_SYARAT, StatusUsul.DITOLAK,
                         StatusUsul.DIBATALKAN, StatusUsul.DIKOREKSI})



def _table(model: Any, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    # Wrapped reasons: each row as tall as its text at the current column width, never clipped.
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class UsulDetailPanel(QWidget):
    """Emits ``changed(usul_id)`` after any action so the list refreshes its row."""

    changed = Signal(int)
    edit_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.usul: UsulDetail | None = None
        self.title = QLabel(self.tr("Pilih satu usul di daftar"))
        self.title.setObjectName("usulJudul")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.info = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, text in (("pegawai", self.tr("Pegawai")), ("jenis", self.tr("Jenis / alasan")),
                          ("asal", self.tr("Asal")), ("tujuan", self.tr("Tujuan")), ("tmt", self.tr("TMT rencana")),
                          ("kelompok", self.tr("Kelompok")), ("surat", self.tr("Surat antar instansi"))):
            label = QLabel()
            label.setWordWrap(True)
            self.labels[key] = label
            self.info.addRow(text, label)
        # The pegawai's name links to their record on the Pegawai page (only inside the main window).
        self.labels["pegawai"].setObjectName("usulPegawai")
        self.labels["pegawai"].setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                       | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.labels["pegawai"].linkActivated.connect(lambda _href: self.open_pegawai())

        # Why the usul came back or stopped: the clerk must not have to dig in the Riwayat tab.
        self.last_note = QLabel()
        self.last_note.setObjectName("usulCatatanTerakhir")
        self.last_note.setWordWrap(True)
        self.last_note.setStyleSheet("background: #fff4e5; border: 1px solid #f0b86e; padding: 4px;")
        self.last_note.hide()
        self.actions_row = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        self.check_button = QPushButton(self.tr("Periksa syarat"))
        self.check_button.setObjectName("usulPeriksa")
        self.check_button.clicked.connect(self.run_check)
        self.edit_button = QPushButton(self.tr("Ubah…"))
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.usul))
        self.langkah_button = QPushButton(self.tr("Catat surat…"))
        self.langkah_button.setToolTip(self.tr("Catat nomor dan tanggal surat: persetujuan instansi asal/penerima "
                                               "dan pertek BKN (antar instansi), persetujuan Mendagri"))
        self.langkah_button.clicked.connect(self.record_letter)
        self.surat_button = QPushButton(self.tr("Surat pemberitahuan…"))
        self.surat_button.setObjectName("usulSurat")
        self.surat_button.clicked.connect(self.print_letter)
        tools = QHBoxLayout()
        for b in (self.check_button, self.edit_button, self.langkah_button, self.surat_button):
            tools.addWidget(b)
        tools.addStretch(1)

        self.rules = rule_model(parent=self)
        self.rule_view = _table(self.rules, "usulCekTable")
        header = self.rule_view.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 105), (1, 170)):
            header.resizeSection(col, width)
        self.rules.modelReset.connect(self.rule_view.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self.rule_view.resizeRowsToContents())
        self.rule_summary = QLabel()
        self.rule_summary.setObjectName("usulCekRingkas")
        self.rule_summary.setWordWrap(True)
        rules_tab = QWidget()
        rules_layout = QVBoxLayout(rules_tab)
        rules_layout.addWidget(self.rule_summary)
        rules_layout.addWidget(self.rule_view, 1)
        self.checklist = ChecklistEditor(ctx)
        self.checklist.changed.connect(self.reload)
        self.timeline = transisi_model(parent=self)
        self.timeline_view = _table(self.timeline, "usulRiwayatTable")
        timeline_header = self.timeline_view.horizontalHeader()
        for col, width in ((0, 112), (1, 125), (2, 60), (3, 140)):  # leave room for Catatan
            timeline_header.resizeSection(col, width)
        timeline_header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.timeline.modelReset.connect(self.timeline_view.resizeRowsToContents)
        self.tabs = QTabWidget()
        self.tabs.addTab(rules_tab, self.tr("Pemeriksaan syarat"))
        self.tabs.addTab(self.checklist, self.tr("Persyaratan berkas"))
        self.tabs.addTab(self.timeline_view, self.tr("Riwayat"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.info)
        layout.addWidget(self.last_note)
        layout.addLayout(self.actions_row)
        layout.addLayout(tools)
        layout.addWidget(self.tabs, 1)
        self.show_usul(None)

    # ----------------------------------------------------------------- display
    def load(self, usul_id: int | None) -> None:
        if usul_id is None:
            self.show_usul(None)
            return
        try:
            self.show_usul(usul_service.get_usul(self.ctx.db, usul_id, by=self.ctx.actor))
        except DomainError as exc:
            self.show_usul(None)
            self.title.setText(exc.message)

    def reload(self) -> None:
        if self.usul is not None:
            self.load(self.usul.id)
            self.changed.emit(self.usul.id)

    def show_usul(self, usul: UsulDetail | None) -> None:
        self.usul = usul
        for b in self.action_buttons.values():
            self.actions_row.removeWidget(b)
            b.hide()  # deleteLater waits for the event loop; a stale button must not paint meanwhile
            b.deleteLater()
        self.action_buttons.clear()
        enabled = usul is not None
        for b in (self.check_button, self.surat_button):
            b.setEnabled(enabled)
        if usul is None:
            self.title.setText(self.tr("Pilih satu usul di daftar"))
            for label in self.labels.values():
                label.clear()
            self.rules.set_rows([])
            self.timeline.set_rows([])
            self.checklist.set_usul(None)
            self.rule_summary.clear()
            self.last_note.hide()
            self.edit_button.setEnabled(False)
            self.langkah_button.setEnabled(False)
            self._update_letter_button()
            return
        self.title.setText(f"{usul.nomor} — {usul.status_label}")
        siapa = self.labels["pegawai"]
        if self.ctx.navigate is not None:
            siapa.setTextFormat(Qt.TextFormat.RichText)
            siapa.setText(f'<a href="pegawai">{html.escape(usul.nama)}</a> '
                          f"(NIP {usul.nip}, {html.escape(usul.status_kepegawaian)})")
            siapa.setToolTip(self.tr("Buka data pegawai ini di halaman Pegawai"))
        else:
            siapa.setTextFormat(Qt.TextFormat.PlainText)
            siapa.setText(f"{usul.nama} (NIP {usul.nip}, {usul.status_kepegawaian})")
        self.labels["jenis"].setText(f"{usul.jenis_label}; {usul.alasan_label}"
                                     + (f" — {usul.alasan_keterangan}" if usul.alasan_keterangan else ""))
        asal_instansi = usul.asal_instansi_nama if usul.antar_instansi else ""
        self.labels["asal"].setText(" — ".join(x for x in (usul.asal_jabatan_nama, usul.asal_unit_nama,
                                                            asal_instansi) if x))
        self.labels["tujuan"].setText(" — ".join(x for x in (usul.tujuan_jabatan_nama, usul.tujuan_unit_nama,
                                                              usul.tujuan_instansi_nama) if x))
        tmt = format_tanggal(usul.tmt_rencana) if usul.tmt_rencana else "-"
        if usul.tmt_pelaksanaan:
            tmt += self.tr("; dilaksanakan %1").replace("%1", format_tanggal(usul.tmt_pelaksanaan))
        self.labels["tmt"].setText(tmt)
        self.labels["kelompok"].setText(usul.batch_nomor or "-")
        letters = [(LANGKAH_LABEL["PERSETUJUAN_ASAL"], usul.persetujuan_asal_nomor, usul.persetujuan_asal_tanggal),
                   (LANGKAH_LABEL["PERSETUJUAN_TUJUAN"], usul.persetujuan_tujuan_nomor,
                    usul.persetujuan_tujuan_tanggal),
                   (LANGKAH_LABEL["PERTEK"], usul.pertek_nomor, usul.pertek_tanggal),
                   (LANGKAH_LABEL["PERSETUJUAN_MENDAGRI"], usul.persetujuan_mendagri_nomor,
                    usul.persetujuan_mendagri_tanggal)]
        self.labels["surat"].setText("; ".join(
            f"{label} {nomor} ({format_tanggal(tgl) if tgl else '-'})" for label, nomor, tgl in letters if nomor
        ) or "-")
        status = StatusUsul(usul.status)
        self._show_last_note(usul, status)
        for step in available_actions(status, self.ctx.actor):
            # "SK ditetapkan" reads like a state on a button; here it records an SK issued outside this app.
            text = self.tr("Catat SK dari luar…") if step.aksi is Aksi.TETAPKAN_SK else step.aksi.label
            button = QPushButton(text)
            button.setToolTip(step.aksi.label)
            button.setObjectName(f"aksi_{step.aksi.value}")
            button.clicked.connect(lambda _c=False, s=step: self.do_action(s))
            self.actions_row.addWidget(button)
            self.action_buttons[step.aksi.value] = button
        self.edit_button.setEnabled(status.is_editable and self.ctx.actor.can(Izin.KELOLA_USUL))
        can_letter = self.ctx.actor.can(Izin.KELOLA_USUL) or self.ctx.actor.can(Izin.VERIFIKASI_USUL)
        self.langkah_button.setEnabled(can_letter and not status.is_final and status is not StatusUsul.DRAF)
        self.rules.set_rows(list(usul.hasil_cek.hasil) if usul.hasil_cek else [])
        self._show_rule_summary()
        self.timeline.set_rows(list(usul.transisi))
        self.checklist.set_usul(usul)
        self._update_letter_button()

    def _show_last_note(self, usul: UsulDetail, status: StatusUsul) -> None:
        last = usul.transisi[-1] if usul.transisi else None
        if status not in NOTE_STATES or last is None or last.ke_status != status.value or not last.catatan:
            self.last_note.hide()
            return
        self.last_note.setText(self.tr("%1 oleh %2 (%3): %4").replace("%1", status.label).replace(
            "%2", last.oleh).replace("%3", last.waktu_lokal_text).replace("%4", last.catatan))
        self.last_note.show()

    def _show_rule_summary(self) -> None:
        usul = self.usul
        if usul is None or usul.hasil_cek is None:
            self.rule_summary.setText(self.tr("Belum diperiksa. Tekan \u201cPeriksa syarat\u201d."))
            self.rule_summary.setStyleSheet("")
            return
        cek = usul.hasil_cek
        when = cek.waktu.strftime("%d-%m-%Y %H.%M") if cek.waktu else ""
        self.rule_summary.setText(self.tr("Kesimpulan: %1 (diperiksa %2, tahap %3)").replace(
            "%1", hasil_label(cek.ringkasan)).replace("%2", when).replace("%3", cek.tahap.lower()))
        self.rule_summary.setStyleSheet(f"color: {HASIL_COLOR[cek.ringkasan].name()}; font-weight: bold;")

    def _update_letter_button(self) -> None:
        closed = self.usul is not None and self.usul.status in ("DIBATALKAN", "DITOLAK", "TIDAK_MEMENUHI_SYARAT")
        # The letter says the plan still awaits a decision: wrong once the SK is set.
        decided = self.usul is not None and self.usul.status in ("SK_DITETAPKAN", "DILAKSANAKAN", "DIKOREKSI")
        if not renderer_tersedia():
            self.surat_button.setEnabled(False)
            self.surat_button.setToolTip(self.tr("Pencetak surat belum tersedia pada versi ini"))
        elif not self.ctx.actor.can(Izin.CETAK_SK):
            self.surat_button.setEnabled(False)
            self.surat_button.setToolTip(self.tr("Peran Anda tidak berwenang mencetak surat"))
        elif closed:
            self.surat_button.setEnabled(False)
            self.surat_button.setToolTip(self.tr("Usul ini sudah ditutup; tidak ada rencana mutasi untuk diberitahukan"))
        elif decided:
            self.surat_button.setEnabled(False)
            self.surat_button.setToolTip(self.tr("SK sudah ditetapkan; berikan petikan SK kepada pegawai "
                                                 "(halaman Surat Keputusan)"))
        else:
            self.surat_button.setToolTip(self.tr("Surat kepada pegawai tentang rencana mutasi dan alasannya"))

    # ----------------------------------------------------------------- commands
    def _attempt(self, fn: Callable[[], object], title: str) -> bool:
        try:
            fn()
        except DomainError as exc:
            QMessageBox.warning(self, title, exc.message)
            self.reload()  # a refused approval stores nothing, but the state may have moved meanwhile
            return False
        self.reload()
        return True

    def open_pegawai(self) -> None:
        """Show this usul's pegawai on the Pegawai page (their form opens there)."""
        if self.usul is not None:
            self.ctx.go("pegawai", {"pegawai_id": self.usul.pegawai_id})

    def run_check(self) -> None:
        usul = self.usul
        if usul is None:
            return
        self._attempt(lambda: usul_service.check_usul(self.ctx.db, usul.id, by=self.ctx.actor),
                      self.tr("Periksa syarat"))
        self.tabs.setCurrentIndex(0)

    def spec_for(self, step: Transisi) -> ActionSpec:
        aksi = step.aksi
        judul = f"{aksi.label} — {self.usul.nomor if self.usul else ''}"
        if aksi is Aksi.TETAPKAN_SK:
            return ActionSpec(judul, self.tr("Untuk SK yang dibuat di aplikasi ini, gunakan halaman Surat "
                                             "Keputusan. Di sini dicatat SK yang terbit di luar (mis. Keputusan "
                                             "Gubernur)."), nomor_label=self.tr("Nomor SK"), tanggal_label=self.tr("Tanggal SK"))
        if aksi is Aksi.LAKSANAKAN:
            return ActionSpec(judul, self.tr("Tanggal pegawai mulai melaksanakan tugas (SPMT). Riwayat jabatan "
                                             "dan jabatan sekarang akan diperbarui."),
                              tanggal_label=self.tr("TMT pelaksanaan"), tanggal_awal=date.today())
        if aksi is Aksi.KOREKSI:
            return ActionSpec(judul, self.tr("Mutasi yang keliru dibatalkan dengan SK koreksi; riwayat tidak "
                                             "dihapus."), nomor_label=self.tr("Nomor SK koreksi"),
                              tanggal_label=self.tr("Tanggal SK koreksi"), catatan_wajib=True, catatan_label=self.tr("Alasan"))
        keterangan = {
            Aksi.AJUKAN: self.tr("Usul dikirim ke verifikator. Setelah diajukan, usul tidak dapat diubah kecuali "
                                 "dikembalikan sebagai Berkas Tidak Lengkap."),
            Aksi.VERIFIKASI: self.tr("Berkas dan syarat dinyatakan lengkap; usul diteruskan kepada pejabat untuk "
                                     "disetujui."),
            Aksi.BERKAS_TIDAK_LENGKAP: self.tr("Usul dikembalikan kepada pengusul untuk dilengkapi. Tulis berkas "
                                               "apa yang kurang; pengusul membaca alasan ini."),
            Aksi.TIDAK_MEMENUHI_SYARAT: self.tr("Usul dihentikan karena tidak memenuhi syarat. Keputusan ini "
                                                "tidak dapat dibatalkan."),
            Aksi.SETUJUI: self.tr("Usul disetujui dan dapat dimuat dalam SK di halaman Surat Keputusan."),
            Aksi.TOLAK: self.tr("Usul ditolak. Keputusan ini tidak dapat dibatalkan."),
            Aksi.BATALKAN: self.tr("Usul dibatalkan dan tidak dapat diproses lagi. Riwayatnya tetap tersimpan."),
        }.get(aksi, "")
        return ActionSpec(judul, keterangan, catatan_wajib=step.catatan_wajib,
                          catatan_label=self.tr("Alasan") if step.catatan_wajib else self.tr("Catatan"))

    def ask(self, spec: ActionSpec) -> dict[str, Any] | None:
        dialog = ActionDialog(spec, self)
        if dialog.exec() != ActionDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def do_action(self, step: Transisi) -> None:
        usul = self.usul
        if usul is None:
            return
        values = self.ask(self.spec_for(step))
        if values is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        aksi = step.aksi
        if aksi is Aksi.TETAPKAN_SK:
            def fn() -> object:
                return mark_sk_ditetapkan(db, [usul.id], nomor_sk=values["nomor"], tanggal_sk=values["tanggal"],
                                          by=actor, catatan=values["catatan"])
        elif aksi is Aksi.LAKSANAKAN:
            def fn() -> object:
                return record_pelaksanaan(db, usul.id, values["tanggal"], by=actor, catatan=values["catatan"])
        elif aksi is Aksi.KOREKSI:
            def fn() -> object:
                return reverse_pelaksanaan(db, usul.id, nomor_sk=values["nomor"], tanggal_sk=values["tanggal"],
                                           alasan=values["catatan"], by=actor)
        else:
            def fn() -> object:
                return usul_service.transition(db, usul.id, aksi, by=actor, catatan=values["catatan"],
                                               version=usul.version)
        self._attempt(fn, aksi.label)

    def record_letter(self) -> None:
        usul = self.usul
        if usul is None:
            return
        from PySide6.QtWidgets import QInputDialog

        # Letters between instansi (persetujuan PPK, pertek BKN) only concern mutasi between instansi;
        # a move inside the kabupaten can only need the Mendagri approval.
        labels = [label for kode, label in LANGKAH_LABEL.items()
                  if usul.antar_instansi or kode == "PERSETUJUAN_MENDAGRI"]
        choice, ok = QInputDialog.getItem(self, self.tr("Catat surat"), self.tr("Surat yang dicatat"), labels, 0,
                                          False)
        if not ok:
            return
        kode = next(k for k, v in LANGKAH_LABEL.items() if v == choice)
        values = self.ask(ActionSpec(choice, nomor_label=self.tr("Nomor surat"), tanggal_label=self.tr("Tanggal surat"),
                                     tanggal_awal=date.today()))
        if values is None:
            return
        self._attempt(lambda: usul_service.record_langkah(self.ctx.db, usul.id, kode, nomor=values["nomor"],
                                                          tanggal=values["tanggal"], by=self.ctx.actor,
                                                          catatan=values["catatan"]), choice)

    def print_letter(self) -> None:
        usul = self.usul
        if usul is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan surat pemberitahuan"),
                                              f"pemberitahuan-{usul.nomor}.pdf", self.tr("PDF (*.pdf)"))
        if not path:
            return
        try:
            out = cetak_surat_pemberitahuan(self.ctx.db, usul.id, Path(path), by=self.ctx.actor)
        except (DomainError, OSError) as exc:  # OSError: the PDF is still open in a viewer
            QMessageBox.warning(self, self.tr("Surat pemberitahuan"), pesan_galat(exc))
            return
        QMessageBox.information(self, self.tr("Surat pemberitahuan"), self.tr("Tersimpan di %1").replace(
            "%1", str(out)))
