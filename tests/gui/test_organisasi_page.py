"""Organisasi & Formasi screen: tree, formasi with derived terisi, forms with messages by the fields."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mutasi_desktop.services import organisasi_service as org
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.organisasi.organisasi_page import OrganisasiPage
from mutasi_desktop.ui.widgets.form_dialog import FormDialog
from mutasi_desktop.ui.widgets.form_fields import CodeCombo, TextField


def test_tree_lists_every_open_unit_and_selecting_loads_its_formasi(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = OrganisasiPage(demo_ctx)
    qtbot.addWidget(page)
    units = org.list_units(demo_ctx.db, demo_ctx.actor, include_closed=False)

    def count(item_parent) -> int:  # type: ignore[no-untyped-def]
        model = page.tree_model
        total = 0
        for r in range(model.rowCount(item_parent)):
            index = model.index(r, 0, item_parent)
            total += 1 + count(index)
        return total

    from PySide6.QtCore import QModelIndex

    assert count(QModelIndex()) == len(units)
    target = next(u for u in units if u.parent_id is not None)
    page.select_unit(target.id)
    assert page.current_unit_id() == target.id
    expected = org.list_formasi(demo_ctx.db, demo_ctx.actor, target.id)
    assert page.formasi_model.rowCount() == len(expected)
    page.include_sub.setChecked(True)
    assert page.formasi_model.rowCount() >= len(expected)


def test_unit_form_shows_errors_by_the_fields_and_saves(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = FormDialog("Tambah OPD", lambda v: org.add_unit(demo_ctx.db, demo_ctx.actor, parent_id=None, values=v))
    qtbot.addWidget(dialog)
    dialog.form.add_field("nama", "Nama unit", TextField(), required=True)
    dialog.form.add_field("jenis", "Jenis", CodeCombo([("OPD", "OPD"), ("BIDANG", "Bidang")]), required=True)
    assert dialog.save() is False
    assert "wajib diisi" in dialog.form.error_text("nama")
    qtbot.keyClicks(dialog.form.fields["nama"], "Dinas Uji Coba")
    assert dialog.save() is True
    assert dialog.result_value.nama == "Dinas Uji Coba" and dialog.result_value.level == 0


def test_formasi_kebutuhan_must_be_a_whole_number(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = OrganisasiPage(demo_ctx)
    qtbot.addWidget(page)
    dialog = FormDialog("Kebutuhan", lambda v: page._kebutuhan(v))
    qtbot.addWidget(dialog)
    page._kebutuhan_fields(dialog)
    qtbot.keyClicks(dialog.form.fields["kebutuhan"], "dua")
    assert dialog.save() is False
    assert "bilangan bulat" in dialog.form.error_text("kebutuhan")


def test_move_dialog_shows_its_label_and_typed_text_never_turns_the_unit_into_an_opd(
        demo_ctx: AppContext, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    page = OrganisasiPage(demo_ctx)
    qtbot.addWidget(page)
    sub = next(u for u in org.list_units(demo_ctx.db, demo_ctx.actor, include_closed=False) if u.level == 2)
    page.select_unit(sub.id)
    seen: dict[str, object] = {}

    def fake_exec(dialog: FormDialog) -> int:
        dialog.show()
        label = next(lb for lb in dialog.findChildren(QLabel) if lb.text() == "Pindahkan ke bawah")
        seen["label_width"] = label.width()
        seen["label_hint"] = label.sizeHint().width()
        combo = dialog.form.fields["parent_id"]
        before = combo.count()
        combo.lineEdit().selectAll()
        qtbot.keyClicks(combo.lineEdit(), "Dinas yang tidak ada")
        qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
        seen["count_grew"] = combo.count() != before
        seen["value"] = combo.value()
        dialog.reject()
        return 0

    monkeypatch.setattr(FormDialog, "exec", fake_exec)
    page.move_unit()
    assert seen["label_width"] >= seen["label_hint"]  # type: ignore[operator]
    assert not seen["count_grew"] and seen["value"] == sub.parent_id


def test_an_opd_row_counts_the_pegawai_of_its_sub_units_too(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from mutasi_desktop.services.pegawai_query import PegawaiFilter, fetch_pegawai
    from mutasi_desktop.ui.labels import angka

    page = OrganisasiPage(demo_ctx)
    qtbot.addWidget(page)
    units = org.list_units(demo_ctx.db, demo_ctx.actor, include_closed=False)
    # the OPD whose staff sit mostly in sub-units (schools, puskesmas)
    opd = max((u for u in units if u.parent_id is None),
              key=lambda o: sum(u.pegawai_langsung for u in units if u.path.startswith(o.path)) - o.pegawai_langsung)
    expected = fetch_pegawai(demo_ctx.db, demo_ctx.actor, PegawaiFilter(unit_id=opd.id, hanya_aktif=True), limit=1,
                             with_total=True).total
    assert expected > opd.pegawai_langsung
    page.select_unit(opd.id)
    count = page.tree.currentIndex().siblingAtColumn(1)
    assert count.data() == angka(expected)
    assert f"{angka(opd.pegawai_langsung)} langsung" in count.data(Qt.ItemDataRole.ToolTipRole)


def test_rebuilding_the_tree_loads_the_formasi_once(demo_ctx: AppContext, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = OrganisasiPage(demo_ctx)
    qtbot.addWidget(page)
    calls: list[int] = []
    real = org.list_formasi
    monkeypatch.setattr(org, "list_formasi", lambda *a, **k: calls.append(1) or real(*a, **k))
    selected = page.current_unit_id()
    page.reload_units()  # after every add, rename, move or close
    # clearing the tree moved the current row through every OPD: one formasi + holders query each (~0.2 s)
    assert len(calls) == 1 and page.current_unit_id() == selected


def test_a_closed_unit_can_be_opened_again_from_the_tree(demo_ctx: AppContext, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    page = OrganisasiPage(demo_ctx)
    qtbot.addWidget(page)
    opd = next(u for u in page.units.values() if u.parent_id is None)
    page.select_unit(opd.id)
    # the clerk adds an empty seksi, then closes it by mistake
    seksi = org.add_unit(demo_ctx.db, demo_ctx.actor, parent_id=opd.id, values={"nama": "Seksi Keliru", "jenis": "SEKSI"})
    page.reload_units(select_id=seksi.id)
    assert page.close_button.text() == "Tutup unit"
    page.close_button.click()
    assert seksi.id not in page.units  # hidden with the closed units
    page.show_closed.setChecked(True)
    page.select_unit(seksi.id)
    assert page.close_button.text() == "Buka kembali"
    page.close_button.click()
    assert page.units[seksi.id].aktif and page.close_button.text() == "Tutup unit"


def test_a_clerk_limited_to_one_opd_is_not_offered_the_jabatan_catalogue_actions(  # type: ignore[no-untyped-def]
        demo_ctx: AppContext, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    from mutasi_desktop.domain.roles import Actor, Peran

    opd = next(u for u in org.list_units(demo_ctx.db, demo_ctx.actor) if u.parent_id is None)
    limited = Actor(username="op.opd", nama="Operator OPD", peran=frozenset({Peran.OPERATOR}),
                    batas_opd=frozenset({opd.id}))
    page = OrganisasiPage(AppContext(db=demo_ctx.db, actor=limited, tasks=demo_ctx.tasks))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.tabs.setCurrentIndex(1)
    texts = {b.text(): b for b in page.jabatan_buttons}
    assert set(texts) == {"Tambah jabatan", "Ubah", "Hapus"}
    for button in texts.values():
        assert button.isVisible() and not button.isEnabled()
        assert f"dibatasi pada OPD {opd.nama}" in button.toolTip()
        assert "akun tanpa batas OPD" in button.toolTip()
    assert page.catalogue_note.isVisible()
    # Enter / double click on a row and Ctrl+N on the tab do not open the form either
    opened: list[object] = []
    monkeypatch.setattr(OrganisasiPage, "_jabatan_dialog", lambda self, j: opened.append(j))
    page.jabatan_view.selectRow(0)
    page.edit_jabatan()
    page.create_new()
    assert opened == []
    # formasi of its own OPD stays the clerk's work: those buttons are enabled
    formasi_buttons = [b for b in page.findChildren(QPushButton) if b.text() in ("Tambah formasi", "Ubah kebutuhan")]
    assert formasi_buttons and all(b.isEnabled() for b in formasi_buttons)
    page.grab().save("/tmp/organisasi-jabatan-terbatas.png")

    # the same screen for an Operator without a limit: enabled, no tooltip, no note
    free = OrganisasiPage(AppContext(db=demo_ctx.db, actor=Actor(username="op", nama="Operator",
                                                                 peran=frozenset({Peran.OPERATOR})),
                                     tasks=demo_ctx.tasks))
    qtbot.addWidget(free)
    free.show()
    assert all(b.isEnabled() and not b.toolTip() for b in free.jabatan_buttons)
    assert not free.catalogue_note.isVisible()
