"""The office's document settings: kop and paper, decree texts, signers, numbering.

Everything here is data stored by ``office_settings_service``; "Pratinjau contoh" renders a
synthetic decree with the values on screen (saved or not) so the clerk sees the effect first.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.documents.pdf.sample import sample_sk
from mutasi_desktop.documents.pdf.sk_data import KOP_DINAS, KOP_JABATAN, Halaman, Kop
from mutasi_desktop.documents.pdf.sk_pdf import render_sk
from mutasi_desktop.domain.document_texts import DEFAULT_TEXTS, PLACEHOLDERS
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.services import office_settings_service as oss
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.sk.pdf_preview import PdfPreview
from mutasi_desktop.ui.widgets.errors import pesan_galat

TEXT_LABELS = {
    "tentang": "Perihal (TENTANG)",
    "menimbang": "Menimbang (satu butir per paragraf)",
    "mengingat": "Mengingat (satu butir per paragraf)",
    "memperhatikan": "Memperhatikan",
    "memperhatikan_pertek": "Memperhatikan: pertimbangan teknis BKN",
    "diktum_banyak": "Diktum pertama (pegawai dalam Lampiran)",
    "diktum_satu_pembuka": "Diktum pertama, satu pegawai: pembuka",
    "diktum_satu_penutup": "Diktum pertama, satu pegawai: penutup",
    "diktum_lanjutan": "Diktum berikutnya (satu diktum per paragraf)",
    "diktum_pencabutan": "Diktum pencabutan (SK koreksi)",
    "penutup_petikan": "Penutup petikan",
    "tembusan_judul": "Judul tembusan",
    "tembusan": "Tembusan (satu tujuan per paragraf)",
    "spmt_isi": "SPMT: isi",
    "spmt_penutup": "SPMT: penutup",
    "pemberitahuan_isi": "Surat pemberitahuan: isi",
    "pemberitahuan_penutup": "Surat pemberitahuan: penutup",
    "nota_pengantar": "Nota dinas: pengantar",
    "nota_saran": "Nota dinas: saran",
}


def _lines(widget: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in widget.toPlainText().splitlines() if line.strip())


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


class _FormScroll(QScrollArea):
    def sizeHint(self) -> QSize:
        # Room for the vertical scroll bar a tall form shows, so it does not scroll sideways too.
        return super().sizeHint() + QSize(self.verticalScrollBar().sizeHint().width(), 0)


def _scrolling(form: QWidget) -> QScrollArea:
    area = _FormScroll()
    area.setWidget(form)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class DocumentSettingsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editable = ctx.actor.can(Izin.KELOLA_PENGATURAN)
        self._tmp = Path(tempfile.mkdtemp(prefix="mutasi-pengaturan-"))
        self.tabs = QTabWidget()
        # Each form scrolls inside its tab: on a 1024x768 or 900 px screen the pane beside the
        # preview is smaller than the form, which then overlapped or cut its rows.
        self.tabs.addTab(_scrolling(self._kop_tab()), self.tr("Kop dan kertas"))
        self.tabs.addTab(_scrolling(self._text_tab()), self.tr("Teks keputusan"))
        self.tabs.addTab(_scrolling(self._signer_tab()), self.tr("Penandatangan"))
        self.tabs.addTab(_scrolling(self._number_tab()), self.tr("Penomoran"))
        self.preview = PdfPreview()
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 0)  # the form keeps its width while there is room; the preview takes the rest
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        if not self.editable:
            for b in self.findChildren(QPushButton):
                if b.objectName().startswith("simpan"):
                    b.setEnabled(False)
        self.load()

    # ---------------------------------------------------------------- kop and paper
    def _kop_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.kop_jenis = QComboBox()
        self.kop_jenis.addItem(self.tr("Kop jabatan (lambang Garuda, BUPATI …)"), KOP_JABATAN)
        self.kop_jenis.addItem(self.tr("Kop dinas (logo daerah, nama badan, alamat)"), KOP_DINAS)
        self.kop_baris = QPlainTextEdit()
        self.kop_baris.setPlaceholderText(self.tr("kosong: PEMERINTAH <DAERAH> / <NAMA BKPSDM>"))
        self.kop_baris.setMaximumHeight(60)
        self.kop_alamat = QPlainTextEdit()
        self.kop_alamat.setPlaceholderText(self.tr("kosong: alamat, telepon, pos-el dari data instansi"))
        self.kop_alamat.setMaximumHeight(60)
        self.lambang = QLineEdit()
        self.logo = QLineEdit()
        self.kertas = QComboBox()
        self.kertas.addItem(self.tr("F4 / folio (215 × 330 mm)"), "F4")
        self.kertas.addItem(self.tr("A4 (210 × 297 mm)"), "A4")
        self.margins = [QDoubleSpinBox() for _ in range(4)]
        for spin in self.margins:
            spin.setRange(5, 60)
            spin.setSuffix(" mm")
            spin.setDecimals(1)
        self.font_size = QDoubleSpinBox()
        self.font_size.setRange(8, 16)
        self.font_size.setSuffix(" pt")
        self.spasi = QDoubleSpinBox()
        self.spasi.setRange(1.0, 2.0)
        self.spasi.setSingleStep(0.15)
        self.mendatar = QCheckBox(self.tr("Lampiran mendatar (landscape)"))
        self.ordinal = QComboBox()
        self.ordinal.addItem("KESATU, KEDUA, …", "KESATU")
        self.ordinal.addItem("PERTAMA, KEDUA, …", "PERTAMA")
        self.jenis_asn = QLineEdit()
        self.signer = QComboBox()
        self.pengesah = QComboBox()
        self.paraf_on = QCheckBox(self.tr("Cetak kotak paraf koordinasi"))
        self.paraf = QPlainTextEdit()
        self.paraf.setMaximumHeight(60)
        self.paraf.setPlaceholderText(self.tr("satu jabatan per baris"))

        def browse(target: QLineEdit) -> None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilih gambar"), "", "Gambar (*.png *.jpg *.jpeg)")
            if path:
                target.setText(path)

        for label, edit in ((self.tr("Berkas lambang Garuda"), self.lambang), (self.tr("Berkas logo daerah"), self.logo)):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            button = QPushButton(self.tr("Pilih…"))
            button.clicked.connect(lambda _=False, e=edit: browse(e))
            row.addWidget(button)
            form.addRow(label, row)
        form.insertRow(0, self.tr("Jenis kop"), self.kop_jenis)
        form.insertRow(1, self.tr("Baris kop dinas"), self.kop_baris)
        form.insertRow(2, self.tr("Alamat kop dinas"), self.kop_alamat)
        form.addRow(self.tr("Kertas"), self.kertas)
        # Two by two: four spin boxes with their units do not fit one row of the settings column.
        margin_row = QGridLayout()
        for i, (label, spin) in enumerate(zip((self.tr("atas"), self.tr("bawah"), self.tr("kiri"), self.tr("kanan")),
                                              self.margins, strict=True)):
            margin_row.addWidget(QLabel(label), i // 2, (i % 2) * 2)
            margin_row.addWidget(spin, i // 2, (i % 2) * 2 + 1)
        form.addRow(self.tr("Margin"), margin_row)
        form.addRow(self.tr("Huruf (Liberation Sans)"), self.font_size)
        form.addRow(self.tr("Spasi baris"), self.spasi)
        form.addRow("", self.mendatar)
        form.addRow(self.tr("Sebutan diktum"), self.ordinal)
        form.addRow(self.tr("Sebutan pegawai"), self.jenis_asn)
        form.addRow(self.tr("Penandatangan bawaan"), self.signer)
        form.addRow(self.tr("Pengesah petikan"), self.pengesah)
        form.addRow("", self.paraf_on)
        form.addRow(self.tr("Paraf koordinasi"), self.paraf)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Simpan pengaturan"))
        self.save_button.setObjectName("simpanPengaturanDokumen")
        self.sample_button = QPushButton(self.tr("Pratinjau contoh"))
        self.sample_button.setObjectName("pratinjauContoh")
        self.save_button.clicked.connect(self.save_settings)
        self.sample_button.clicked.connect(self.show_sample)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        return w

    def current_settings(self) -> oss.PengaturanDokumen:
        return oss.PengaturanDokumen(
            kop_jenis=self.kop_jenis.currentData(), kop_dinas_baris=_lines(self.kop_baris),
            kop_alamat=_lines(self.kop_alamat), lambang_path=self.lambang.text().strip(),
            logo_path=self.logo.text().strip(), kertas=self.kertas.currentData(),
            margin_atas=self.margins[0].value(), margin_bawah=self.margins[1].value(),
            margin_kiri=self.margins[2].value(), margin_kanan=self.margins[3].value(),
            ukuran_font=self.font_size.value(), spasi=round(self.spasi.value(), 2),
            lampiran_mendatar=self.mendatar.isChecked(), gaya_ordinal=self.ordinal.currentData(),
            jenis_asn=self.jenis_asn.text().strip() or "Pegawai Negeri Sipil",
            penandatangan_id=self.signer.currentData(), pengesah_petikan_id=self.pengesah.currentData(),
            nomor_template_id=self._settings.nomor_template_id, paraf=_lines(self.paraf),
            tampilkan_paraf=self.paraf_on.isChecked(),
        )  # fmt: skip

    def load(self) -> None:
        ctx = self.ctx
        self._settings = p = oss.get_pengaturan_dokumen(ctx.db, by=ctx.actor)
        self.kop_jenis.setCurrentIndex(max(0, self.kop_jenis.findData(p.kop_jenis)))
        self.kop_baris.setPlainText("\n".join(p.kop_dinas_baris))
        self.kop_alamat.setPlainText("\n".join(p.kop_alamat))
        self.lambang.setText(p.lambang_path)
        self.logo.setText(p.logo_path)
        self.kertas.setCurrentIndex(max(0, self.kertas.findData(p.kertas)))
        for spin, value in zip(self.margins, (p.margin_atas, p.margin_bawah, p.margin_kiri, p.margin_kanan),
                               strict=True):
            spin.setValue(value)
        self.font_size.setValue(p.ukuran_font)
        self.spasi.setValue(p.spasi)
        self.mendatar.setChecked(p.lampiran_mendatar)
        self.ordinal.setCurrentIndex(max(0, self.ordinal.findData(p.gaya_ordinal)))
        self.jenis_asn.setText(p.jenis_asn)
        signers = oss.daftar_penandatangan(ctx.db, by=ctx.actor)
        for combo, chosen in ((self.signer, p.penandatangan_id), (self.pengesah, p.pengesah_petikan_id)):
            combo.clear()
            combo.addItem(self.tr("(otomatis)"), None)
            for s in signers:
                combo.addItem(s.label, s.id)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        self.paraf_on.setChecked(p.tampilkan_paraf)
        self.paraf.setPlainText("\n".join(p.paraf))
        self.signer_model_reload(signers)
        self.load_texts()
        self.load_templates()

    def save_settings(self) -> bool:
        try:
            oss.simpan_pengaturan_dokumen(self.ctx.db, self.current_settings(), by=self.ctx.actor)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Pengaturan dokumen"), exc.message)
            return False
        self._settings = self.current_settings()
        return True

    def show_sample(self) -> Path | None:
        """Render a synthetic decree with the settings on screen into the preview."""
        p = self.current_settings()
        halaman = Halaman(kertas=p.kertas, margin_atas=p.margin_atas, margin_bawah=p.margin_bawah,
                          margin_kiri=p.margin_kiri, margin_kanan=p.margin_kanan, ukuran_font=p.ukuran_font,
                          spasi=p.spasi, lampiran_mendatar=p.lampiran_mendatar)
        data = sample_sk(3, halaman=halaman)
        if p.kop_jenis == KOP_DINAS:
            kop = Kop(jenis=KOP_DINAS, baris=p.kop_dinas_baris or ("PEMERINTAH KABUPATEN SUKAMAJU",
                                                                   "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM"),
                      alamat=p.kop_alamat, gambar_path=p.logo_path or None)
        else:
            kop = replace(data.kop, gambar_path=p.lambang_path or None)
        data = replace(data, kop=kop, gaya_ordinal=p.gaya_ordinal, paraf=p.paraf if p.tampilkan_paraf else ())
        target = self._tmp / f"contoh_{date.today():%Y%m%d}_{id(data)}.pdf"
        try:
            render_sk(data, target)
        except Exception as exc:
            QMessageBox.warning(self, self.tr("Pratinjau contoh"), pesan_galat(exc))
            return None
        self.preview.show_file(target, self.tr("Contoh (data sintetis)"))
        return target

    # ---------------------------------------------------------------- texts
    def _text_tab(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        self.text_key = QComboBox()
        self.text_key.setObjectName("pilihTeks")
        for key in DEFAULT_TEXTS:
            self.text_key.addItem(self.tr(TEXT_LABELS.get(key, key)), key)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("editorTeks")
        hint = ", ".join("{" + k + "}" for k in PLACEHOLDERS)
        help_label = QLabel(self.tr("Penanda yang dapat dipakai: %1. Butir daftar dipisahkan satu baris kosong.")
                            .replace("%1", hint))
        help_label.setWordWrap(True)
        self.text_key.currentIndexChanged.connect(self._show_text)
        self.text_edit.textChanged.connect(self._keep_text)
        row = QHBoxLayout()
        self.reset_text = QPushButton(self.tr("Kembalikan teks bawaan"))
        self.save_texts_button = QPushButton(self.tr("Simpan teks"))
        self.save_texts_button.setObjectName("simpanTeks")
        self.reset_text.clicked.connect(self._reset_text)
        self.save_texts_button.clicked.connect(self.save_texts)
        row.addWidget(self.reset_text)
        row.addWidget(self.save_texts_button)
        row.addStretch(1)
        layout.addWidget(self.text_key)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(help_label)
        layout.addLayout(row)
        return w

    def load_texts(self) -> None:
        self._texts: dict[str, Any] = oss.get_teks_dokumen(self.ctx.db, by=self.ctx.actor)
        self._show_text()

    def _show_text(self) -> None:
        key = self.text_key.currentData()
        value = self._texts.get(key, DEFAULT_TEXTS.get(key, ""))
        self._loading = True
        self.text_edit.setPlainText("\n\n".join(value) if isinstance(value, list) else str(value))
        self._loading = False

    def _keep_text(self) -> None:
        if getattr(self, "_loading", False):
            return
        key = self.text_key.currentData()
        text = self.text_edit.toPlainText()
        self._texts[key] = _paragraphs(text) if isinstance(DEFAULT_TEXTS[key], list) else " ".join(text.split())

    def _reset_text(self) -> None:
        # Replaced through the editor's cursor so Ctrl+Z brings the office's own wording back
        # (setPlainText also wiped the undo history: one misclick lost a carefully typed text).
        key = self.text_key.currentData()
        value = DEFAULT_TEXTS[key]
        cursor = self.text_edit.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText("\n\n".join(value) if isinstance(value, list) else str(value))
        self._texts[key] = value

    def save_texts(self) -> bool:
        try:
            self._texts = oss.simpan_teks_dokumen(self.ctx.db, dict(self._texts), by=self.ctx.actor)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Teks keputusan"), exc.message)
            return False
        self._show_text()
        return True

    # ---------------------------------------------------------------- signers
    def _signer_tab(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        self.signer_list = QComboBox()
        self.signer_list.setObjectName("daftarPenandatangan")
        self.s_nama, self.s_jabatan, self.s_atas_nama = QLineEdit(), QLineEdit(), QLineEdit()
        self.s_nip, self.s_pangkat = QLineEdit(), QLineEdit()
        self.s_cara = QComboBox()
        for code, label in oss.CARA_TTD.items():
            self.s_cara.addItem(self.tr(label), code)
        self.s_aktif = QCheckBox(self.tr("Aktif"))
        form = QFormLayout()
        form.addRow(self.tr("Penandatangan"), self.signer_list)
        form.addRow(self.tr("Nama (dengan gelar)"), self.s_nama)
        form.addRow(self.tr("Jabatan"), self.s_jabatan)
        form.addRow(self.tr("Cara tanda tangan"), self.s_cara)
        form.addRow(self.tr("Atas nama (a.n.)"), self.s_atas_nama)
        form.addRow(self.tr("NIP"), self.s_nip)
        form.addRow(self.tr("Pangkat"), self.s_pangkat)
        form.addRow("", self.s_aktif)
        row = QHBoxLayout()
        new = QPushButton(self.tr("Penandatangan baru"))
        save = QPushButton(self.tr("Simpan penandatangan"))
        save.setObjectName("simpanPenandatangan")
        new.clicked.connect(lambda: self.signer_list.setCurrentIndex(0))
        save.clicked.connect(self.save_signer)
        row.addWidget(new)
        row.addWidget(save)
        row.addStretch(1)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addStretch(1)
        self.signer_list.currentIndexChanged.connect(self._show_signer)
        return w

    def signer_model_reload(self, signers: list[oss.PenandatanganInfo]) -> None:
        self._signers = {s.id: s for s in signers}
        self.signer_list.blockSignals(True)
        self.signer_list.clear()
        self.signer_list.addItem(self.tr("(baru)"), None)
        for s in signers:
            self.signer_list.addItem(s.label, s.id)
        self.signer_list.blockSignals(False)
        self._show_signer()

    def _show_signer(self) -> None:
        s = self._signers.get(self.signer_list.currentData()) or oss.PenandatanganInfo(id=None, nama="", jabatan="")
        self.s_nama.setText(s.nama)
        self.s_jabatan.setText(s.jabatan)
        self.s_cara.setCurrentIndex(max(0, self.s_cara.findData(s.cara_tanda_tangan)))
        self.s_atas_nama.setText(s.atas_nama)
        self.s_nip.setText(s.nip)
        self.s_pangkat.setText(s.pangkat)
        self.s_aktif.setChecked(s.aktif)

    def save_signer(self) -> bool:
        current = self._signers.get(self.signer_list.currentData())
        info = oss.PenandatanganInfo(
            id=current.id if current else None, nama=self.s_nama.text(), jabatan=self.s_jabatan.text(),
            cara_tanda_tangan=self.s_cara.currentData(), atas_nama=self.s_atas_nama.text(), nip=self.s_nip.text(),
            pangkat=self.s_pangkat.text(), aktif=self.s_aktif.isChecked(), version=current.version if current else None,
        )  # fmt: skip
        try:
            saved = oss.simpan_penandatangan(self.ctx.db, info, by=self.ctx.actor)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Penandatangan"), exc.message)
            return False
        self.load()
        self.signer_list.setCurrentIndex(max(0, self.signer_list.findData(saved.id)))
        return True

    # ---------------------------------------------------------------- numbering
    def _number_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.template = QComboBox()
        self.pola, self.kode, self.unit = QLineEdit(), QLineEdit(), QLineEdit()
        self.lebar = QSpinBox()
        self.lebar.setRange(0, 8)
        self.contoh = QLabel("")
        self.contoh.setObjectName("contohNomor")
        for edit in (self.pola, self.kode, self.unit):
            edit.textChanged.connect(self._update_contoh)
        self.lebar.valueChanged.connect(self._update_contoh)
        self.template.currentIndexChanged.connect(self._show_template)
        form.addRow(self.tr("Pola nomor"), self.template)
        form.addRow(self.tr("Pola"), self.pola)
        form.addRow(self.tr("Kode klasifikasi"), self.kode)
        form.addRow(self.tr("Kode unit"), self.unit)
        form.addRow(self.tr("Lebar nomor urut (0 = apa adanya)"), self.lebar)
        form.addRow(self.tr("Contoh"), self.contoh)
        self.penanda_help = QLabel(self.tr("Penanda: {kode} {urut} {unit} {bulan_romawi} {tahun}. Nomor urut dihitung "
                                           "per tahun dan tidak pernah dipakai ulang."))
        self.penanda_help.setWordWrap(True)  # the settings column is narrow on a 1366 px screen
        form.addRow(self.penanda_help)
        save = QPushButton(self.tr("Simpan pola nomor"))
        save.setObjectName("simpanPolaNomor")
        save.clicked.connect(self.save_template)
        form.addRow(save)
        return w

    def load_templates(self) -> None:
        self._templates = {t.id: t for t in oss.daftar_nomor_template(self.ctx.db, by=self.ctx.actor)}
        self.template.blockSignals(True)
        self.template.clear()
        for t in self._templates.values():
            self.template.addItem(t.nama, t.id)
        self.template.addItem(self.tr("(pola baru)"), None)
        self.template.blockSignals(False)
        self._show_template()

    def _show_template(self) -> None:
        t = self._templates.get(self.template.currentData()) or oss.NomorTemplateInfo(id=None, nama="SK Mutasi")
        self.pola.setText(t.pola)
        self.kode.setText(t.kode_klasifikasi)
        self.unit.setText(t.kode_unit)
        self.lebar.setValue(t.lebar_urut)
        self._update_contoh()

    def _template_info(self) -> oss.NomorTemplateInfo:
        current = self._templates.get(self.template.currentData())
        name = current.nama if current else self.tr("Pola %1").replace("%1", str(len(self._templates) + 1))
        return oss.NomorTemplateInfo(id=current.id if current else None, nama=name, pola=self.pola.text(),
                                     kode_klasifikasi=self.kode.text(), kode_unit=self.unit.text(),
                                     lebar_urut=self.lebar.value())

    def _update_contoh(self) -> None:
        try:
            self.contoh.setText(self._template_info().contoh())
        except DomainError as exc:
            self.contoh.setText(f"<span style='color:#b00020'>{exc.message}</span>")

    def save_template(self) -> bool:
        try:
            oss.simpan_nomor_template(self.ctx.db, self._template_info(), by=self.ctx.actor)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Pola nomor"), exc.message)
            return False
        self.load_templates()
        return True
