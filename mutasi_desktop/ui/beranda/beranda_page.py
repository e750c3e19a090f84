"""Beranda (dashboard): counts at a glance, two charts, and the two lists a clerk checks daily.

Everything loads in the background; each card, bar and list leads to the filtered list behind it.
QtCharts is imported only when the first data arrive, so it does not slow down start-up.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.dates import nama_bulan
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.domain.usul_states import OPEN_STATES
from mutasi_desktop.services.dashboard_service import BUP_BULAN, LAMA_JABATAN_TAHUN, Beranda, load_beranda
from mutasi_desktop.services.pegawai_query import PegawaiFilter
from mutasi_desktop.services.pegawai_query import PegawaiRow as _Row
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.labels import angka, kedudukan_labels, label, tanggal
from mutasi_desktop.ui.record_table_model import ROW_ROLE, Column, RecordTableModel

CARD_STYLE = """
QFrame#card { background: white; border: 1px solid #d5dde8; border-radius: 6px; }
QFrame#card:hover { border: 1px solid #2c5282; }
QLabel#cardValue { font-size: 20pt; font-weight: 600; color: #1f3a5f; }
QLabel#cardTitle { color: #4a5568; }
"""
# Usual abbreviations of OPD names, so chart labels fit.
_ABBREVIATIONS = (("Badan ", "Bdn. "), ("Dinas ", "Dinas "), ("Kecamatan ", "Kec. "), ("Sekretariat ", "Setda "),
                  ("Kependudukan dan Pencatatan Sipil", "Dukcapil"), ("Pemberdayaan ", "Pemb. "),
                  ("Pengembangan ", "Pengemb. "), ("Sumber Daya Manusia", "SDM"), (" dan ", " & "))


class Card(QFrame):
    """A big number with a caption; clicking it opens what it counts."""

    clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.value = QLabel("…")
        self.value.setObjectName("cardValue")
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.value)
        layout.addWidget(self.title)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class BerandaPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: Beranda | None = None
        self.setStyleSheet(CARD_STYLE)
        self.status = QLabel(self.tr("Memuat ringkasan…"))

        self.cards: dict[str, Card] = {}
        cards = QGridLayout()
        specs = (
            ("aktif", self.tr("Pegawai aktif"), lambda: self._pegawai(PegawaiFilter(hanya_aktif=True),
                                                                       self.tr("Pegawai aktif"))),
            ("pns", self.tr("PNS"), lambda: self._pegawai(PegawaiFilter(status_kepegawaian="PNS", hanya_aktif=True),
                                                          self.tr("PNS aktif"))),
            ("pppk", self.tr("PPPK"), lambda: self._pegawai(PegawaiFilter(status_kepegawaian="PPPK", hanya_aktif=True),
                                                            self.tr("PPPK aktif"))),
            ("cpns", self.tr("CPNS"), lambda: self._pegawai(PegawaiFilter(status_kepegawaian="CPNS", hanya_aktif=True),
                                                            self.tr("CPNS"))),
            ("lowongan", self.tr("Lowongan formasi"), lambda: self.ctx.go("organisasi")),
            ("usul", self.tr("Usul mutasi dalam proses"), lambda: self.ctx.go("usul")),
            ("sk", self.tr("SK ditetapkan tahun ini"), lambda: self.ctx.go("sk")),
        )
        for i, (key, title, action) in enumerate(specs):
            card = Card(title)
            card.clicked.connect(action)
            self.cards[key] = card
            cards.addWidget(card, 0, i)

        self.charts = QHBoxLayout()
        self.chart_holder = QWidget()
        self.chart_holder.setLayout(self.charts)
        self.chart_holder.setMinimumHeight(280)

        self.bup_title = QLabel()
        self.lama_title = QLabel()
        self.bup_model = self._list_model(pensiun=True)
        self.lama_model = self._list_model(pensiun=False)
        self.bup_view = self._list_view(self.bup_model)
        self.lama_view = self._list_view(self.lama_model)
        self.bup_view.setObjectName("bupList")
        self.lama_view.setObjectName("lamaList")
        bup_all = QPushButton(self.tr("Lihat semua"))
        bup_all.clicked.connect(self.show_all_bup)
        lama_all = QPushButton(self.tr("Lihat semua"))
        lama_all.clicked.connect(self.show_all_lama)
        lists = QHBoxLayout()
        for title, view, button in ((self.bup_title, self.bup_view, bup_all), (self.lama_title, self.lama_view, lama_all)):
            box = QVBoxLayout()
            head = QHBoxLayout()
            head.addWidget(title, 1)
            head.addWidget(button)
            box.addLayout(head)
            box.addWidget(view)
            lists.addLayout(box)

        # An empty database (first day): say so and offer the import instead of a wall of zeros.
        self.empty_banner = QFrame()
        self.empty_banner.setObjectName("berandaKosong")
        self.empty_banner.setStyleSheet("#berandaKosong { background: #fffbea; border: 1px solid #f6e05e;"
                                        " border-radius: 6px; }")
        self.empty_label = QLabel(self.tr(
            "<b>Belum ada data pegawai.</b> Mulailah dengan mengimpor ekspor data ASN dari SIASN "
            "(berkas Excel/CSV) lewat <i>Berkas › Impor dari Excel…</i>, atau tambahkan pegawai satu per satu "
            "di halaman Pegawai."))
        if not ctx.actor.can(Izin.IMPOR):  # a Pembaca/Administrator cannot import: say who can
            self.empty_label.setText(self.tr("<b>Belum ada data pegawai.</b> Data pegawai diisi oleh pengguna "
                                             "dengan peran Operator (impor ekspor SIASN atau tambah satu per satu)."))
            if ctx.actor.can(Izin.KELOLA_PENGGUNA):  # the first administrator right after the setup wizard
                self.empty_label.setText(self.tr(
                    "<b>Belum ada data pegawai.</b> Langkah berikutnya: buat akun dengan peran Operator di "
                    "<i>Pengaturan › Pengguna</i>, lalu masuk sebagai Operator untuk mengimpor ekspor SIASN."))
        self.empty_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Impor data pegawai…"))
        self.import_button.setObjectName("berandaImpor")
        self.import_button.clicked.connect(self._open_import)
        self.import_button.setVisible(ctx.actor.can(Izin.IMPOR) and "open_import" in ctx.extras)
        banner = QHBoxLayout(self.empty_banner)
        banner.addWidget(self.empty_label, 1)
        banner.addWidget(self.import_button)
        self.empty_banner.hide()

        content = QWidget()
        layout = QVBoxLayout(content)
        heading = QLabel(self.tr("<h2>Beranda</h2>"))
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.status)
        layout.addLayout(top)
        layout.addWidget(self.empty_banner)
        layout.addLayout(cards)
        layout.addWidget(self.chart_holder)
        layout.addLayout(lists, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    # ----------------------------------------------------------------- lists
    def _list_model(self, *, pensiun: bool) -> RecordTableModel:
        last = (Column(self.tr("Pensiun"), lambda p: tanggal(p.tanggal_pensiun), sort_key=lambda p: p.tanggal_pensiun)
                if pensiun else
                Column(self.tr("TMT jabatan"), lambda p: tanggal(p.tmt_jabatan), sort_key=lambda p: p.tmt_jabatan))
        return RecordTableModel([
            Column(self.tr("Nama"), lambda p: p.nama_lengkap, tooltip=lambda p: p.nip),
            Column(self.tr("Jabatan"), lambda p: p.jabatan, tooltip=lambda p: p.unit),
            last,
        ], parent=self)

    def _list_view(self, model: RecordTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(24)
        view.setMinimumHeight(220)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        view.activated.connect(lambda index: self._open_pegawai(index.data(ROW_ROLE)))
        return view

    def _open_pegawai(self, row: _Row | None) -> None:
        if row is None:
            return
        from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog

        PegawaiDialog(self.ctx, row.id, parent=self).exec()

    def _pegawai(self, flt: PegawaiFilter, judul: str) -> None:
        self.ctx.go("pegawai", {"filter": flt, "judul": judul})

    def show_all_bup(self) -> None:
        if self.data is not None:
            self._pegawai(self.data.filter_bup, self.tr("Mencapai BUP dalam %1 bulan").replace("%1", str(BUP_BULAN)))

    def show_all_lama(self) -> None:
        if self.data is not None:
            self._pegawai(self.data.filter_lama,
                          self.tr("Lebih dari %1 tahun di jabatan yang sama").replace("%1", str(LAMA_JABATAN_TAHUN)))

    # ----------------------------------------------------------------- loading
    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self.status.setText(self.tr("Memuat ringkasan…"))
        if self.ctx.tasks is None:
            self.show_data(load_beranda(db, actor))
            return
        self.ctx.tasks.run(lambda _task: load_beranda(db, actor), success=self.show_data,
                           failure=lambda exc: self.status.setText(
                               self.tr("Ringkasan gagal dimuat: %1").replace("%1", str(getattr(exc, "message", exc)))),
                           name="beranda")

    def _open_import(self) -> None:
        opener = self.ctx.extras.get("open_import")
        if opener is not None:
            opener()

    def show_data(self, data: Beranda) -> None:
        self.data = data
        self.empty_banner.setVisible(not data.pegawai_per_kedudukan and not data.pegawai_per_status)
        self.status.setText(self.tr("Per %1").replace("%1", tanggal(data.pada)))
        per_status = data.pegawai_per_status
        self.cards["aktif"].value.setText(angka(data.total_pegawai_aktif))
        kedudukan = kedudukan_labels()
        self.cards["aktif"].setToolTip("\n".join(
            f"{label(kedudukan, code)}: {angka(n)}" for code, n in sorted(data.pegawai_per_kedudukan.items())))
        for key, code in (("pns", "PNS"), ("pppk", "PPPK"), ("cpns", "CPNS")):
            self.cards[key].value.setText(angka(per_status.get(code, 0)))
        self.cards["lowongan"].value.setText(angka(data.total_lowongan))
        self.cards["lowongan"].setToolTip(self.tr("Kebutuhan %1 formasi").replace("%1", angka(data.total_kebutuhan)))
        self.cards["usul"].value.setText(angka(sum(data.usul_per_status.get(s, 0) for s in OPEN_STATES)))
        self.cards["sk"].value.setText(angka(data.sk_tahun_ini))
        self.bup_title.setText(self.tr("<b>Mencapai BUP dalam %1 bulan</b> (%2)").replace("%1", str(BUP_BULAN))
                               .replace("%2", angka(data.mendekati_bup_total)))
        self.lama_title.setText(self.tr("<b>Lebih dari %1 tahun di jabatan yang sama</b> (%2)")
                                .replace("%1", str(LAMA_JABATAN_TAHUN)).replace("%2", angka(data.lama_jabatan_total)))
        self.bup_model.set_rows(data.mendekati_bup)
        self.lama_model.set_rows(data.lama_jabatan)
        self._build_charts(data)

    def _build_charts(self, data: Beranda) -> None:
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSeries,
            QBarSet,
            QChart,
            QChartView,
            QHorizontalBarSeries,
            QValueAxis,
        )
        from PySide6.QtGui import QColor, QFont, QPainter

        while self.charts.count():
            item = self.charts.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

        top = [o for o in data.lowongan_per_opd if o.lowongan > 0][:10]
        top.reverse()  # the largest at the top of a horizontal bar chart
        vacancy = QBarSet(self.tr("Lowongan"))
        vacancy.setColor(QColor("#dd6b20"))
        for o in top:
            vacancy.append(o.lowongan)
        series = QHorizontalBarSeries()
        series.append(vacancy)
        chart = QChart()
        chart.addSeries(series)
        chart.setTitle(self.tr("Lowongan per OPD (10 terbanyak)") if top else
                       self.tr("Lowongan per OPD: belum ada formasi yang kurang"))
        chart.legend().hide()
        names = [self._short(o.singkatan or o.nama) for o in top]
        axis_y = QBarCategoryAxis()
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 7.0))
        axis_y.setLabelsFont(small)
        axis_y.setTruncateLabels(False)
        axis_y.append(names)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        axis_x.setLabelFormat("%d")
        axis_x.setRange(0, max([o.lowongan for o in top] + [1]) * 1.15)
        if not top:  # no bars: whole numbers 0..4 instead of "0 0 0 0 1"
            axis_x.setRange(0, 4)
            axis_x.setTickCount(5)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        series.clicked.connect(lambda index, _set, units=[o.unit_id for o in top]: self.ctx.go(
            "organisasi", {"unit_id": units[index]}))
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setObjectName("chartLowongan")
        self.charts.addWidget(view, 3)

        months = QBarSet(self.tr("Mutasi"))
        months.setColor(QColor("#2c5282"))
        labels = []
        for key, count in data.mutasi_per_bulan:
            _year, month = key.split("-")
            labels.append(nama_bulan(int(month))[:3])  # the years go in the title: "Jan'26" overlapped "Feb"
            months.append(count)
        span = ""
        if data.mutasi_per_bulan:
            (y0, m0), (y1, m1) = (data.mutasi_per_bulan[0][0].split("-"), data.mutasi_per_bulan[-1][0].split("-"))
            span = f"{nama_bulan(int(m0))[:3]} {y0}–{nama_bulan(int(m1))[:3]} {y1}"
        bars = QBarSeries()
        bars.append(months)
        chart2 = QChart()
        chart2.addSeries(bars)
        chart2.setTitle(self.tr("Mutasi per bulan, %1").replace("%1", span or self.tr("12 bulan terakhir")))
        if not any(c for _k, c in data.mutasi_per_bulan):
            chart2.setTitle(self.tr("Mutasi per bulan: belum ada"))
        chart2.legend().hide()
        axis_months = QBarCategoryAxis()
        axis_months.setLabelsFont(small)
        axis_months.setTruncateLabels(False)
        axis_months.append(labels)
        chart2.addAxis(axis_months, Qt.AlignmentFlag.AlignBottom)
        bars.attachAxis(axis_months)
        axis_count = QValueAxis()
        axis_count.setLabelFormat("%d")
        axis_count.setRange(0, max([c for _k, c in data.mutasi_per_bulan] + [4]) + 1)
        chart2.addAxis(axis_count, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(axis_count)
        bars.clicked.connect(lambda _index, _set: self.ctx.go("usul"))
        view2 = QChartView(chart2)
        view2.setRenderHint(QPainter.RenderHint.Antialiasing)
        view2.setObjectName("chartMutasi")
        self.charts.addWidget(view2, 2)

    @staticmethod
    def _short(name: str, width: int = 26) -> str:
        for long, short in _ABBREVIATIONS:
            name = name.replace(long, short)
        return name if len(name) <= width else name[: width - 1] + "…"

    def apply_navigation(self, payload: dict[str, Any]) -> None:
        del payload
        self.refresh()


def create_page(ctx: AppContext) -> QWidget:
    return BerandaPage(ctx)
