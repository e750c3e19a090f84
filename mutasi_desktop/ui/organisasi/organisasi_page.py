"""Organisasi & Formasi: the unit kerja tree, formasi of the chosen unit with its holders, and
the jabatan catalogue."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Izin
from mutasi_desktop.services import organisasi_service as org
from mutasi_desktop.services.dto.validasi import ValidasiGagal
from mutasi_desktop.services.organisasi_service import FormasiRow, JabatanRow, UnitNode
from mutasi_desktop.services.pegawai_query import PegawaiFilter, fetch_pegawai
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.labels import angka, choice_labels, jenis_jabatan_labels, jenis_unit_labels, label
from mutasi_desktop.ui.pegawai.lookups import Lookups, tree_order
from mutasi_desktop.ui.record_table_model import ROW_ROLE, SORT_ROLE, Column, RecordTableModel
from mutasi_desktop.ui.ui_settings import restore_splitter, save_splitter
from mutasi_desktop.ui.widgets.form_dialog import FormDialog
from mutasi_desktop.ui.widgets.form_fields import CodeCombo, TextField, make_input

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 10
KURANG = QColor("#c53030")
LEBIH = QColor("#b7791f")


def _table(model: Any) -> QTableView:
    view = QTableView()
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _selected(view: QTableView) -> Any:
    index = view.currentIndex()
    return index.data(ROW_ROLE) if index.isValid() else None


class OrganisasiPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.units: dict[int, UnitNode] = {}
        self.can_edit = ctx.actor.can(Izin.KELOLA_ORGANISASI)
        self.lookups: Lookups | None = None
        jenis = jenis_jabatan_labels()

        # --- unit tree
        self.tree_model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("unitTree")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._rebuilding = False  # clearing the tree moved the current row once per unit: 40 formasi reloads
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._rebuilding or self._unit_selected())
        self.show_closed = QCheckBox(self.tr("Tampilkan unit yang ditutup"))
        self.show_closed.toggled.connect(lambda _on: self.reload_units())
        tree_buttons = QGridLayout()
        for i, (text, slot) in enumerate(((self.tr("Tambah OPD"), lambda: self.add_unit(top=True)),
                                          (self.tr("Tambah sub-unit"), lambda: self.add_unit(top=False)),
                                          (self.tr("Ubah nama"), self.edit_unit),
                                          (self.tr("Pindahkan…"), self.move_unit),
                                          (self.tr("Tutup unit"), self.close_or_reopen_unit))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setVisible(self.can_edit)
            tree_buttons.addWidget(button, i // 3, i % 3)
        self.close_button = button  # the last one; reads "Buka kembali" when a closed unit is chosen
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree)
        left_layout.addWidget(self.show_closed)
        left_layout.addLayout(tree_buttons)

        # --- formasi of the selected unit
        self.unit_title = QLabel()
        self.unit_title.setTextFormat(Qt.TextFormat.RichText)
        self.unit_title.setWordWrap(True)
        self.include_sub = QCheckBox(self.tr("Termasuk sub-unit"))
        self.include_sub.toggled.connect(lambda _on: self.reload_formasi())
        self.formasi_model = RecordTableModel([
            Column(self.tr("Unit kerja"), lambda f: f.unit_nama),
            Column(self.tr("Jabatan"), lambda f: f.jabatan_nama, tooltip=lambda f: f.jabatan_nama),
            Column(self.tr("Jenis"), lambda f: label(jenis, f.jenis_jabatan)),
            Column(self.tr("Kebutuhan"), lambda f: str(f.kebutuhan), sort_key=lambda f: f.kebutuhan, align_right=True),
            Column(self.tr("Terisi"), lambda f: str(f.terisi), sort_key=lambda f: f.terisi, align_right=True),
            Column(self.tr("Selisih"), self._selisih_text, sort_key=lambda f: f.selisih,
                   foreground=lambda f: KURANG if f.selisih < 0 else LEBIH if f.selisih > 0 else None),
        ], parent=self)
        self.formasi_view = _table(self.formasi_model)
        self.formasi_view.setObjectName("formasiTable")
        formasi_header = self.formasi_view.horizontalHeader()
        formasi_header.setStretchLastSection(False)
        for column, width in enumerate((200, 260, 155, 80, 55, 75)):
            formasi_header.resizeSection(column, width)
        formasi_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.formasi_view.selectionModel().currentChanged.connect(lambda *_: self.reload_holders())
        self.formasi_summary = QLabel()
        self.formasi_summary.setWordWrap(True)
        formasi_buttons = QHBoxLayout()
        # On a narrow window the summary sits on its own line above the buttons so neither is cut.
        formasi_buttons.addStretch(1)
        for text, slot in ((self.tr("Tambah formasi"), self.add_formasi), (self.tr("Ubah kebutuhan"), self.edit_formasi),
                           (self.tr("Hapus formasi"), self.delete_formasi)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setVisible(self.can_edit)
            formasi_buttons.addWidget(button)
        self.holders_title = QLabel()
        self.holders_title.setWordWrap(True)
        self.holders_model = RecordTableModel([
            Column(self.tr("NIP"), lambda p: p.nip),
            Column(self.tr("Nama"), lambda p: p.nama_lengkap),
            Column(self.tr("Gol."), lambda p: p.golongan, sort_key=lambda p: p.golongan_id or 0),
            Column(self.tr("Kedudukan"), lambda p: label(choice_labels(), p.kedudukan)),
        ], parent=self)
        self.holders_view = _table(self.holders_model)
        self.holders_view.setObjectName("holdersTable")
        self.holders_view.horizontalHeader().resizeSection(0, 160)
        self.holders_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.holders_view.activated.connect(lambda _i: self.open_holder())
        open_list = QPushButton(self.tr("Buka di daftar pegawai"))
        open_list.clicked.connect(self.holders_in_list)
        holders_box = QWidget()
        hl = QVBoxLayout(holders_box)
        hl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.holders_title, 1)
        head.addWidget(open_list)
        hl.addLayout(head)
        hl.addWidget(self.holders_view)
        formasi_top = QWidget()
        fl = QVBoxLayout(formasi_top)
        fl.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.unit_title, 1)
        title_row.addWidget(self.include_sub)
        fl.addLayout(title_row)
        fl.addWidget(self.formasi_view)
        fl.addWidget(self.formasi_summary)
        fl.addLayout(formasi_buttons)
        self.formasi_splitter = QSplitter(Qt.Orientation.Vertical)
        self.formasi_splitter.addWidget(formasi_top)
        self.formasi_splitter.addWidget(holders_box)
        self.formasi_splitter.setSizes([420, 220])

        # --- jabatan catalogue
        self.jabatan_model = RecordTableModel([
            Column(self.tr("Nama jabatan"), lambda j: j.nama),
            Column(self.tr("Jenis"), lambda j: label(jenis, j.jenis)),
            Column(self.tr("Jenjang"), lambda j: j.jenjang or ""),
            Column(self.tr("Eselon"), lambda j: j.eselon or ""),
            Column(self.tr("Kelas"), lambda j: str(j.kelas_jabatan or ""), sort_key=lambda j: j.kelas_jabatan or 0,
                   align_right=True),
            Column(self.tr("Aktif"), lambda j: self.tr("Ya") if j.aktif else self.tr("Tidak")),
        ], parent=self)
        self.jabatan_view = _table(self.jabatan_model)
        self.jabatan_view.setObjectName("jabatanTable")
        self.jabatan_view.horizontalHeader().resizeSection(0, 360)
        self.jabatan_view.horizontalHeader().resizeSection(1, 170)
        self.jabatan_view.activated.connect(lambda _i: self.edit_jabatan())
        self.jabatan_search = QLineEdit()
        self.jabatan_search.setPlaceholderText(self.tr("Saring nama jabatan…"))
        self.jabatan_search.setClearButtonEnabled(True)
        self.jabatan_search.textChanged.connect(self.jabatan_view.model().setFilterFixedString)
        jabatan_tab = QWidget()
        jl = QVBoxLayout(jabatan_tab)
        jl.addWidget(self.jabatan_search)
        jl.addWidget(self.jabatan_view)
        # The catalogue serves every OPD: a clerk limited to some OPD sees the buttons disabled, with why.
        self.catalogue_refusal = org.catalogue_refusal(ctx.db, ctx.actor) if self.can_edit else None
        self.can_edit_catalogue = self.can_edit and self.catalogue_refusal is None
        jabatan_buttons = QHBoxLayout()
        self.catalogue_note = QLabel(self.tr("Katalog jabatan hanya dapat diubah oleh akun tanpa batas OPD."))
        self.catalogue_note.setObjectName("catalogueNote")
        self.catalogue_note.setWordWrap(True)
        self.catalogue_note.setVisible(self.catalogue_refusal is not None)
        jabatan_buttons.addWidget(self.catalogue_note, 1)
        jabatan_buttons.addStretch(0 if self.catalogue_refusal is not None else 1)
        self.jabatan_buttons: list[QPushButton] = []
        for text, slot in ((self.tr("Tambah jabatan"), self.add_jabatan), (self.tr("Ubah"), self.edit_jabatan),
                           (self.tr("Hapus"), self.delete_jabatan)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setVisible(self.can_edit)
            button.setEnabled(self.can_edit_catalogue)
            if self.catalogue_refusal is not None:
                button.setToolTip(self.catalogue_refusal)
            jabatan_buttons.addWidget(button)
            self.jabatan_buttons.append(button)
        jl.addLayout(jabatan_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.formasi_splitter, self.tr("Formasi"))
        self.tabs.addTab(jabatan_tab, self.tr("Katalog jabatan"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([290, 910])
        restore_splitter("organisasi", self.splitter)
        restore_splitter("organisasi_formasi", self.formasi_splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.refresh()

    def _selisih_text(self, f: FormasiRow) -> str:
        if f.selisih < 0:
            return self.tr("kurang %1").replace("%1", str(-f.selisih))
        if f.selisih > 0:
            return self.tr("lebih %1").replace("%1", str(f.selisih))
        return self.tr("pas")

    # ----------------------------------------------------------------- loading
    def refresh(self) -> None:
        self.lookups = Lookups.load(self.ctx.db, self.ctx.actor)
        self.jabatan_model.set_rows(self.lookups.jabatan)
        self.reload_units()

    def reload_units(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.current_unit_id()
        units = tree_order(org.list_units(self.ctx.db, self.ctx.actor, include_closed=self.show_closed.isChecked()))
        self.units = {u.id: u for u in units}
        self._rebuilding = True
        try:
            self._fill_tree(units, current)
        finally:
            self._rebuilding = False
        self._unit_selected()

    def _fill_tree(self, units: list[UnitNode], current: int | None) -> None:
        self.tree_model.clear()
        self.tree_model.setHorizontalHeaderLabels([self.tr("Unit kerja"), self.tr("Pegawai")])
        items: dict[int, QStandardItem] = {}
        closed = self.tr(" (ditutup)")
        # An OPD's count includes its sub-units (the schools under Dinas Pendidikan): the direct
        # count alone showed "2" beside an OPD of a hundred pegawai.
        total: dict[int, int] = {}
        for u in units:
            for ancestor in u.path.strip("/").split("/"):
                if ancestor.isdigit():
                    total[int(ancestor)] = total.get(int(ancestor), 0) + u.pegawai_langsung
        for u in units:
            name = QStandardItem(u.nama + ("" if u.aktif else closed))
            name.setData(u.id, UNIT_ID_ROLE)
            name.setToolTip(u.nama)
            if not u.aktif:
                name.setForeground(QColor("#888888"))
            count = QStandardItem(angka(total.get(u.id, 0)) if total.get(u.id) else "")
            count.setToolTip(self.tr("%1 pegawai aktif di unit ini dan sub-unitnya; %2 langsung di unit ini")
                             .replace("%1", angka(total.get(u.id, 0))).replace("%2", angka(u.pegawai_langsung)))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            parent = items.get(u.parent_id) if u.parent_id is not None else None
            (parent or self.tree_model.invisibleRootItem()).appendRow([name, count])
            items[u.id] = name
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        target = items.get(current) if current is not None else None
        if target is None and self.tree_model.rowCount():
            target = self.tree_model.item(0, 0)
        if target is not None:
            self.tree.setCurrentIndex(target.index())
            self.tree.scrollTo(target.index())

    def current_unit_id(self) -> int | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(UNIT_ID_ROLE)
        return int(value) if value is not None else None

    def select_unit(self, unit_id: int) -> None:
        matches = self.tree_model.match(self.tree_model.index(0, 0), UNIT_ID_ROLE, unit_id, 1,
                                        Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly)
        if matches:
            self.tree.setCurrentIndex(matches[0])

    def _unit_selected(self) -> None:
        unit = self.units.get(self.current_unit_id() or -1)
        self.close_button.setText(self.tr("Buka kembali") if unit is not None and not unit.aktif
                                  else self.tr("Tutup unit"))
        if unit is not None:
            self.unit_title.setText(f"<b>{unit.nama}</b>")
        elif not self.units:  # first day: say how the tree gets filled
            self.unit_title.setText(self.tr(
                "Belum ada unit kerja. Klik <b>Tambah OPD</b>, atau impor data pegawai lewat "
                "Berkas › Impor dari Excel… (unit kerja dan jabatan dibuat dari berkasnya).") if self.can_edit
                else self.tr("Belum ada unit kerja."))
        else:
            self.unit_title.setText(self.tr("Pilih unit kerja di sebelah kiri untuk melihat formasinya."))
        self.reload_formasi()

    def reload_formasi(self) -> None:
        unit_id = self.current_unit_id()
        rows = () if unit_id is None else org.list_formasi(self.ctx.db, self.ctx.actor, unit_id,
                                                            include_sub_units=self.include_sub.isChecked())
        self.formasi_model.set_rows(rows)
        self.formasi_view.setColumnHidden(0, not self.include_sub.isChecked())
        if rows:
            self.formasi_view.selectRow(0)
        kebutuhan = sum(f.kebutuhan for f in rows)
        terisi = sum(f.terisi for f in rows)
        kurang = sum(-f.selisih for f in rows if f.selisih < 0)
        self.formasi_summary.setText(
            self.tr("Kebutuhan %1 · terisi %2 · kurang %3").replace("%1", angka(kebutuhan))
            .replace("%2", angka(terisi)).replace("%3", angka(kurang))
        )
        self.reload_holders()

    def _holder_filter(self, f: FormasiRow) -> PegawaiFilter:
        return PegawaiFilter(unit_id=f.unit_id, unit_persis=True, jabatan_id=f.jabatan_id, hanya_aktif=True)

    def reload_holders(self) -> None:
        f = _selected(self.formasi_view)
        if f is None:
            self.holders_model.set_rows(())
            self.holders_title.setText(self.tr("Pilih formasi untuk melihat pemangkunya."))
            return
        page = fetch_pegawai(self.ctx.db, self.ctx.actor, self._holder_filter(f), limit=500)
        self.holders_model.set_rows(page.rows)
        self.holders_title.setText(self.tr("Pemangku %1 di %2").replace("%1", f.jabatan_nama)
                                   .replace("%2", f.unit_nama))

    def open_holder(self) -> None:
        row = _selected(self.holders_view)
        if row is None:
            return
        from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog

        dialog = PegawaiDialog(self.ctx, row.id, lookups=self.lookups, parent=self)
        dialog.changed.connect(self.reload_formasi)
        dialog.exec()

    def holders_in_list(self) -> None:
        f = _selected(self.formasi_view)
        if f is not None:
            judul = self.tr("Pemangku %1 di %2").replace("%1", f.jabatan_nama).replace("%2", f.unit_nama)
            self.ctx.go("pegawai", {"filter": self._holder_filter(f), "judul": judul})

    # ----------------------------------------------------------------- units
    def _warn(self, exc: DomainError) -> None:
        QMessageBox.warning(self, self.tr("Tidak dapat dilakukan"), exc.message)

    def _unit_form(self, dialog: FormDialog, unit: UnitNode | None) -> None:
        kinds = jenis_unit_labels()
        jenis_items = [(j, kinds.get(j, j)) for j in org.JENIS_UNIT]
        dialog.form.add_field("nama", self.tr("Nama unit"), TextField(), required=True)
        dialog.form.add_field("jenis", self.tr("Jenis"), CodeCombo(jenis_items), required=True)
        dialog.form.add_field("singkatan", self.tr("Singkatan"), TextField())
        dialog.form.add_field("kode", self.tr("Kode"), TextField())
        dialog.form.add_field("lokasi", self.tr("Lokasi"), TextField())
        if unit is not None:
            dialog.form.set_values({"nama": unit.nama, "jenis": unit.jenis, "singkatan": unit.singkatan,
                                    "kode": unit.kode, "lokasi": unit.lokasi})

    def add_unit(self, *, top: bool) -> None:
        parent_id = None if top else self.current_unit_id()
        if not top and parent_id is None:
            return
        title = self.tr("Tambah OPD") if top else self.tr("Tambah sub-unit di %1").replace(
            "%1", self.units[parent_id].nama if parent_id else "")
        dialog = FormDialog(title, lambda v: org.add_unit(self.ctx.db, self.ctx.actor, parent_id=parent_id, values=v),
                            self)
        self._unit_form(dialog, None)
        dialog.form.fields["jenis"].set_value("OPD" if top else "BIDANG")  # type: ignore[attr-defined]
        if dialog.exec():
            self.reload_units(select_id=dialog.result_value.id)

    def edit_unit(self) -> None:
        unit = self.units.get(self.current_unit_id() or -1)
        if unit is None:
            return
        dialog = FormDialog(self.tr("Ubah unit kerja"), lambda v: org.update_unit(
            self.ctx.db, self.ctx.actor, unit.id, v, expected_version=unit.version), self)
        self._unit_form(dialog, unit)
        if dialog.exec():
            self.reload_units(select_id=unit.id)

    def move_unit(self) -> None:
        unit = self.units.get(self.current_unit_id() or -1)
        if unit is None:
            return
        items = [(u.id, f"{'    ' * u.level}{u.nama}") for u in self.units.values()
                 if u.aktif and not u.path.startswith(unit.path)]
        dialog = FormDialog(self.tr("Pindahkan %1").replace("%1", unit.nama), lambda v: org.move_unit(
            self.ctx.db, self.ctx.actor, unit.id, new_parent_id=v["parent_id"], expected_version=unit.version), self)
        combo = CodeCombo(items, empty_label=self.tr("(tingkat teratas — menjadi OPD)"))
        combo.setEditable(True)
        # Typed text must not become a new entry: its empty value would make the unit an OPD.
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # The longest unit name had squeezed the label "Pindahkan ke bawah" to nothing.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(40)
        dialog.setMinimumWidth(640)
        dialog.form.add_field("parent_id", self.tr("Pindahkan ke bawah"), combo)
        combo.set_value(unit.parent_id)
        if dialog.exec():
            self.reload_units(select_id=unit.id)

    def close_or_reopen_unit(self) -> None:
        unit = self.units.get(self.current_unit_id() or -1)
        if unit is not None and not unit.aktif:
            self.reopen_unit()
        else:
            self.close_unit()

    def reopen_unit(self) -> None:
        """The undo of a closing made by mistake (a closed unit could never be used again)."""
        unit = self.units.get(self.current_unit_id() or -1)
        if unit is None or unit.aktif:
            return
        try:
            org.reopen_unit(self.ctx.db, self.ctx.actor, unit.id, expected_version=unit.version)
        except DomainError as exc:
            self._warn(exc)
            return
        self.reload_units(select_id=unit.id)

    def close_unit(self) -> None:
        unit = self.units.get(self.current_unit_id() or -1)
        if unit is None or not unit.aktif:
            return
        answer = QMessageBox.question(
            self, self.tr("Tutup unit"),
            self.tr("Tutup %1 beserta seluruh sub-unitnya? Unit yang ditutup tidak dapat dipilih lagi "
                    "untuk penempatan (dapat dibuka kembali lewat \u201cTampilkan unit yang ditutup\u201d)."
                    ).replace("%1", unit.nama),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            org.close_unit(self.ctx.db, self.ctx.actor, unit.id, expected_version=unit.version)
        except DomainError as exc:
            self._warn(exc)
            return
        self.reload_units()

    # ----------------------------------------------------------------- formasi
    def add_formasi(self) -> None:
        unit_id = self.current_unit_id()
        if unit_id is None or self.lookups is None:
            return
        dialog = FormDialog(self.tr("Tambah formasi di %1").replace("%1", self.units[unit_id].nama), lambda v: org.save_formasi(
            self.ctx.db, self.ctx.actor, unit_id=unit_id, jabatan_id=v["jabatan_id"] or -1,
            kebutuhan=self._kebutuhan(v), catatan=v["catatan"]), self)
        dialog.form.add_field("jabatan_id", self.tr("Jabatan"), make_input("jabatan", lookup=self.lookups.choices),
                              required=True)
        self._kebutuhan_fields(dialog)
        if dialog.exec():
            self.reload_formasi()

    def _kebutuhan(self, values: dict[str, Any]) -> int:
        text = str(values.get("kebutuhan") or "").strip()
        if not text.isdigit():
            raise ValidasiGagal({"kebutuhan": self.tr("Kebutuhan harus bilangan bulat 0 atau lebih")})
        return int(text)

    def _kebutuhan_fields(self, dialog: FormDialog) -> None:
        kebutuhan = TextField()
        kebutuhan.setMaximumWidth(100)
        dialog.form.add_field("kebutuhan", self.tr("Kebutuhan (ABK)"), kebutuhan, required=True)
        dialog.form.add_field("catatan", self.tr("Catatan"), make_input("longtext"))

    def edit_formasi(self) -> None:
        f = _selected(self.formasi_view)
        if f is None:
            return

        def save(v: dict[str, Any]) -> Any:
            return org.save_formasi(self.ctx.db, self.ctx.actor, unit_id=f.unit_id, jabatan_id=f.jabatan_id,
                                    kebutuhan=self._kebutuhan(v), catatan=v["catatan"], formasi_id=f.id,
                                    expected_version=f.version if f.id else None)

        dialog = FormDialog(self.tr("Kebutuhan %1").replace("%1", f.jabatan_nama), save, self)
        self._kebutuhan_fields(dialog)
        dialog.form.set_values({"kebutuhan": f.kebutuhan, "catatan": f.catatan})
        if dialog.exec():
            self.reload_formasi()

    def delete_formasi(self) -> None:
        f = _selected(self.formasi_view)
        if f is None or f.id is None:
            return
        answer = QMessageBox.question(self, self.tr("Hapus formasi"),
                                      self.tr("Hapus formasi %1 di %2?").replace("%1", f.jabatan_nama)
                                      .replace("%2", f.unit_nama),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            org.delete_formasi(self.ctx.db, self.ctx.actor, f.id, expected_version=f.version)
        except DomainError as exc:
            self._warn(exc)
            return
        self.reload_formasi()

    # ----------------------------------------------------------------- jabatan
    def _jabatan_dialog(self, jabatan: JabatanRow | None) -> FormDialog:
        dialog = FormDialog(
            self.tr("Ubah jabatan") if jabatan else self.tr("Tambah jabatan"),
            lambda v: org.save_jabatan(self.ctx.db, self.ctx.actor, v, jabatan_id=jabatan.id if jabatan else None,
                                       expected_version=jabatan.version if jabatan else None),
            self,
        )
        form = dialog.form
        form.add_field("nama", self.tr("Nama jabatan"), TextField(), required=True)
        form.add_field("jenis", self.tr("Jenis jabatan"), CodeCombo(list(jenis_jabatan_labels().items())), required=True)
        form.add_field("kode", self.tr("Kode"), TextField())
        form.add_field("jenjang", self.tr("Jenjang"), TextField())
        form.add_field("eselon", self.tr("Eselon (kode, mis. 32)"), TextField())
        form.add_field("kelas_jabatan", self.tr("Kelas jabatan"), make_input("int"))
        form.add_field("golongan_min_id", self.tr("Golongan minimal"), make_input("golongan", lookup=self.lookups.choices
                                                                                    if self.lookups else None))
        form.add_field("pendidikan_min", self.tr("Pendidikan minimal"), make_input("tingkat", lookup=self.lookups.choices
                                                                                     if self.lookups else None))
        form.add_field("kompetensi", self.tr("Kompetensi (pisahkan dengan ;)"), make_input("longtext"))
        form.add_field("aktif", self.tr("Aktif"), make_input("bool"))
        if jabatan is not None:
            form.set_values({"nama": jabatan.nama, "jenis": jabatan.jenis, "kode": jabatan.kode,
                             "jenjang": jabatan.jenjang, "eselon": jabatan.eselon,
                             "kelas_jabatan": jabatan.kelas_jabatan, "golongan_min_id": jabatan.golongan_min_id,
                             "pendidikan_min": jabatan.pendidikan_min, "kompetensi": jabatan.kompetensi,
                             "aktif": jabatan.aktif})
        else:
            form.set_values({"aktif": True, "jenis": "PELAKSANA"})
        return dialog

    def add_jabatan(self) -> None:
        if not self.can_edit_catalogue:
            return
        if self._jabatan_dialog(None).exec():
            self.refresh()

    def edit_jabatan(self) -> None:
        if not self.can_edit_catalogue:  # a double click / Enter of a role that may not edit opened the form
            return
        jabatan = _selected(self.jabatan_view)
        if jabatan is not None and self._jabatan_dialog(jabatan).exec():
            self.refresh()

    def delete_jabatan(self) -> None:
        jabatan = _selected(self.jabatan_view)
        if jabatan is None or not self.can_edit_catalogue:
            return
        answer = QMessageBox.question(self, self.tr("Hapus jabatan"),
                                      self.tr("Hapus %1 dari katalog?").replace("%1", jabatan.nama),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            org.delete_jabatan(self.ctx.db, self.ctx.actor, jabatan.id, expected_version=jabatan.version)
        except DomainError as exc:
            self._warn(exc)
            return
        self.refresh()

    # ----------------------------------------------------------------- window commands
    def apply_navigation(self, payload: dict[str, Any]) -> None:
        unit_id = payload.get("unit_id")
        if isinstance(unit_id, int):
            self.tabs.setCurrentIndex(0)
            self.select_unit(unit_id)

    @property
    def can_create(self) -> bool:
        return self.can_edit

    def create_new(self) -> None:
        if not self.can_edit:
            return
        if self.tabs.currentIndex() == 1:
            self.add_jabatan()
        else:
            self.add_formasi()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.jabatan_search.setFocus()

    def save_ui_state(self) -> None:
        save_splitter("organisasi", self.splitter)
        save_splitter("organisasi_formasi", self.formasi_splitter)


def create_page(ctx: AppContext) -> QWidget:
    return OrganisasiPage(ctx)
