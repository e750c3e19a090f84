"""Analisis Kebutuhan screens: vacancy list, live re-ranking, placement planner, aspirasi form."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from mutasi_desktop.db.models import Pegawai, UnitKerja
from mutasi_desktop.domain.scoring import KRITERIA
from mutasi_desktop.services.aspirasi_service import list_aspirasi
from mutasi_desktop.ui.app_context import AppContext


def _wait(ctx: AppContext, qtbot: Any, condition: Any) -> None:
    ctx.tasks.wait_idle()
    qtbot.waitUntil(condition, timeout=30_000)


@pytest.fixture
def page(demo_ctx: AppContext, qtbot: Any) -> Any:
    from mutasi_desktop.ui.seleksi.kebutuhan_page import KebutuhanPage

    widget = KebutuhanPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    _wait(demo_ctx, qtbot, lambda: widget.analisis is not None)
    return widget


def test_page_is_registered_in_navigation() -> None:
    import importlib

    from mutasi_desktop.ui.navigation import PAGES

    spec = next(p for p in PAGES if p.key == "kebutuhan")
    assert spec.factory_path is not None
    module, name = spec.factory_path.split(":")
    assert callable(getattr(importlib.import_module(module), name))


def test_vacancy_list_and_totals(page: Any, qtmodeltester: Any) -> None:
    assert page.model.rowCount() > 0
    assert all(b.lowongan or b.lowongan_proyeksi for b in page.model.rows)
    assert page.opd_model.rowCount() == len(page.analisis.per_opd)
    assert "kebutuhan" in page.summary.text()
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.opd_model)
    page.hanya_lowongan.setChecked(False)
    assert page.model.rowCount() == len(page.analisis.baris)


def test_the_candidate_pool_is_loaded_while_the_clerk_reads_the_vacancies(page: Any, demo_ctx: AppContext) -> None:
    from mutasi_desktop.services import selection_pool

    demo_ctx.tasks.wait_idle()
    pool = selection_pool._CACHE.get(demo_ctx.db.url)
    assert pool is not None and pool.n > 0
    # The first ranking takes that pool instead of loading its own.
    assert selection_pool.muat_kumpulan(demo_ctx.db) is pool


@contextmanager
def _no_database(ctx: AppContext) -> Any:
    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the database was opened while re-ranking")

    original = ctx.db.session
    ctx.db.session = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        ctx.db.session = original  # type: ignore[method-assign]


def test_ranking_re_ranks_live_without_the_database(page: Any, demo_ctx: AppContext, qtbot: Any, qtmodeltester: Any) -> None:
    page.table.selectRow(0)
    page._rank_selected()
    panel = page.ranking
    _wait(demo_ctx, qtbot, lambda: panel.hasil is not None)
    model = panel.model
    assert model.rowCount() == len(panel.hasil.kandidat) > 1
    qtmodeltester.check(model)
    assert "memenuhi syarat" in panel.info.text()
    with _no_database(demo_ctx):
        for kode, slider in panel.sliders.items():
            slider.setValue(100 if kode == "kinerja" else 0)
        ranked = [model.kandidat_at(r) for r in range(model.rowCount())]
        kinerja = [k.skor("kinerja") for k in ranked]
        assert kinerja == sorted(kinerja, reverse=True)
        assert panel.preset.currentData() is None  # custom weights
        assert "Kinerja" in panel.detail.toPlainText()
    panel.preset.setCurrentIndex(panel.preset.findData("SEIMBANG"))
    totals = [float(model.index(r, model.TOTAL_COL).data().replace(",", ".")) for r in range(model.rowCount())]
    assert totals == sorted(totals, reverse=True)
    # Header sorting by a criterion works on the model itself.
    model.sort(6 + KRITERIA.index("aspirasi"), Qt.SortOrder.DescendingOrder)
    asp = [model.kandidat_at(r).skor("aspirasi") for r in range(model.rowCount())]
    assert asp == sorted(asp, reverse=True)
    # Candidates failing a hard rule are listed apart, greyed, with the reason.
    assert panel.gugur_model.rowCount() > 0
    qtmodeltester.check(panel.gugur_model)
    assert panel.gugur_model.index(0, 4).data()
    # Warnings and failures read as the rules' names, never their codes (MASA_JABATAN).
    warned = [r for r in range(model.rowCount()) if model.kandidat_at(r).peringatan]
    assert warned, "the demo should have candidates with a warning"
    shown = model.index(warned[0], 10).data()
    assert shown == ", ".join(x.judul for x in model.kandidat_at(warned[0]).peringatan) and "_" not in shown
    tip = panel.gugur_model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert tip and not any(r.kode in tip for r in panel.hasil.gugur[0].gagal if "_" in r.kode)


def test_placement_planner_shows_before_and_after_and_respects_a_pin(page: Any, demo_ctx: AppContext, qtbot: Any) -> None:
    page.table.selectAll()
    chosen = [b for b in page.selected() if b.lowongan][:6]
    page.placement.set_lowongan(chosen)
    assert page.placement.lowongan_model.rowCount() == len(chosen)
    page.placement.compute()
    _wait(demo_ctx, qtbot, lambda: page.placement.rencana is not None)
    plan = page.placement.rencana
    assert page.placement.pasangan_model.rowCount() == len(plan.pasangan) > 0
    assert page.placement.dampak_model.rowCount() == len(plan.dampak)
    assert page.placement.terima.isEnabled()
    last = page.placement.pasangan_model.rowCount() - 1
    page.placement.pasangan_table.selectRow(last)
    pinned = page.placement.pasangan_model.row_at(last)
    page.placement._pin()
    page.placement.rencana = None
    page.placement.compute()
    _wait(demo_ctx, qtbot, lambda: page.placement.rencana is not None)
    again = {p.pegawai_id: p for p in page.placement.rencana.pasangan}
    assert again[pinned.pegawai_id].disematkan and again[pinned.pegawai_id].formasi_id == pinned.formasi_id


def test_aspirasi_dialog_shows_the_service_message_and_saves(demo_ctx: AppContext, qtbot: Any) -> None:
    from mutasi_desktop.ui.seleksi.aspirasi_dialog import AspirasiDialog

    with demo_ctx.db.session() as s:
        pid = s.scalars(select(Pegawai.id).order_by(Pegawai.id)).first()
        units = [(u.id, u.nama) for u in s.scalars(select(UnitKerja).where(UnitKerja.aktif.is_(True)).limit(5))]
    before = len(list_aspirasi(demo_ctx.db, demo_ctx.actor, pegawai_id=pid))
    dialog = AspirasiDialog(demo_ctx, pegawai_id=pid, units=units, jabatan=[])
    qtbot.addWidget(dialog)
    dialog.unit_combos[0].setCurrentIndex(1)
    dialog.kesediaan.setCurrentIndex(dialog.kesediaan.findData("BERSYARAT"))
    assert not dialog.save()
    assert "Syarat wajib diisi" in dialog.error.text() and dialog.error.isVisibleTo(dialog)
    dialog.syarat.setText("Tetap di kecamatan yang sama")
    assert dialog.save()
    assert dialog.result_view is not None and dialog.result_view.unit_pilihan[0][0] == units[0][0]
    assert len(list_aspirasi(demo_ctx.db, demo_ctx.actor, pegawai_id=pid)) == before + 1
    # Editing the saved aspirasi keeps its choices.
    edit = AspirasiDialog(demo_ctx, pegawai_id=pid, units=units, jabatan=[], existing=dialog.result_view)
    qtbot.addWidget(edit)
    assert edit.values().unit_pilihan_ids == (units[0][0],) and edit.values().syarat == "Tetap di kecamatan yang sama"


def test_aspirasi_list_widget(demo_ctx: AppContext, qtbot: Any, qtmodeltester: Any) -> None:
    from datetime import date

    from mutasi_desktop.services.aspirasi_service import AspirasiInput, create_aspirasi
    from mutasi_desktop.ui.seleksi.aspirasi_list import AspirasiListWidget

    with demo_ctx.db.session() as s:
        pid = s.scalars(select(Pegawai.id).order_by(Pegawai.id.desc())).first()
        unit = s.scalars(select(UnitKerja).where(UnitKerja.aktif.is_(True))).first()
    create_aspirasi(demo_ctx.db, demo_ctx.actor, AspirasiInput(pegawai_id=pid, tanggal=date(2026, 2, 1),
                                                               unit_pilihan_ids=(unit.id,)))  # fmt: skip
    widget = AspirasiListWidget(demo_ctx, choices=lambda: ([(unit.id, unit.nama)], []))
    qtbot.addWidget(widget)
    widget.set_pegawai(pid)
    assert widget.model.rowCount() == len(list_aspirasi(demo_ctx.db, demo_ctx.actor, pegawai_id=pid)) >= 1
    qtmodeltester.check(widget.model)
    assert unit.nama in widget.model.index(0, 2).data()


def test_office_default_weights_are_loaded_by_the_panel(demo_ctx: AppContext, qtbot: Any) -> None:
    from mutasi_desktop.services.ranking_service import simpan_bobot
    from mutasi_desktop.ui.seleksi.ranking_panel import RankingPanel

    simpan_bobot(demo_ctx.db, demo_ctx.actor, preset="KINERJA")
    panel = RankingPanel(demo_ctx)
    qtbot.addWidget(panel)
    assert panel.preset.currentData() == "KINERJA"
    assert panel.sliders["kinerja"].value() == 50


def test_ranking_header_peringkat_is_not_cut(demo_ctx: AppContext, qtbot: Any) -> None:
    from mutasi_desktop.ui.seleksi.ranking_panel import RankingPanel

    panel = RankingPanel(demo_ctx)
    qtbot.addWidget(panel)
    header = panel.table.horizontalHeader()
    # The whole word and its sort arrow fit (at 72 px it read "Peringka▾").
    assert header.fontMetrics().horizontalAdvance("Peringkat") + 16 < panel.table.columnWidth(0)
    assert panel.table.columnWidth(0) >= header.sectionSizeHint(0)


def test_kebutuhan_headers_are_not_cut(page: Any) -> None:
    for table in (page.table, page.opd_table, page.jenis_table):
        header = table.horizontalHeader()
        for column in range(header.count()):
            text = table.model().headerData(column, Qt.Orientation.Horizontal)
            # "Kebutuhan", "Bezetting", "Selisih proyeksi" and a sort arrow fit (they were cut at 66 px).
            assert table.columnWidth(column) >= header.fontMetrics().horizontalAdvance(text) + 16, text


def test_export_to_a_workbook_open_in_excel_is_explained_in_indonesian(page: Any, demo_ctx: AppContext, qtbot: Any,
                                                                       monkeypatch: Any, tmp_path: Any) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from mutasi_desktop.ui.seleksi import kebutuhan_page

    target = tmp_path / "analisis-kebutuhan.xlsx"

    def locked(*_a: Any, **_k: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(target))

    warned: list[str] = []
    monkeypatch.setattr(kebutuhan_page, "ekspor_kebutuhan", locked)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: warned.append(text)))
    page._export(".xlsx")
    _wait(demo_ctx, qtbot, lambda: bool(warned))
    assert "Tutup berkas itu" in warned[0] and "Errno" not in warned[0] and "Permission" not in warned[0]


def test_aspirasi_report_tab(page: Any, demo_ctx: AppContext, qtbot: Any, qtmodeltester: Any) -> None:
    page.show()
    page.tabs.setCurrentWidget(page.aspirasi)
    _wait(demo_ctx, qtbot, lambda: page.aspirasi.model.rowCount() > 0)
    qtmodeltester.check(page.aspirasi.model)
    rows = page.aspirasi.model.rows
    assert sum(r.jumlah for r in rows) > 0
    assert "aspirasi tercatat" in page.aspirasi.summary.text()


def test_ranking_shows_the_best_first_then_every_candidate(page: Any, demo_ctx: AppContext, qtbot: Any,
                                                           monkeypatch: Any) -> None:  # fmt: skip
    from mutasi_desktop.ui.seleksi import ranking_panel

    monkeypatch.setattr(ranking_panel, "QUICK_TOP", 3)
    shown: list[tuple[int, bool]] = []
    original = page.ranking.show_hasil

    def spy(hasil: Any) -> None:
        shown.append((len(hasil.kandidat), hasil.lengkap))
        original(hasil)

    monkeypatch.setattr(page.ranking, "show_hasil", spy)
    page.table.selectRow(0)
    page._rank_selected()
    qtbot.waitUntil(lambda: page.ranking.hasil is not None and page.ranking.hasil.lengkap, timeout=30_000)
    demo_ctx.tasks.wait_idle()
    assert shown[0] == (3, False)
    assert shown[-1][1] and shown[-1][0] > 3
    assert page.ranking.model.rowCount() == shown[-1][0]
    assert page.ranking.progress_label.text() == ""


def test_editing_an_aspirasi_whose_unit_was_closed_does_not_quietly_drop_that_choice(
        demo_ctx: AppContext, qtbot: Any) -> None:
    from datetime import date

    from mutasi_desktop.services import organisasi_service as org
    from mutasi_desktop.services.aspirasi_service import AspirasiInput, create_aspirasi
    from mutasi_desktop.ui.seleksi.aspirasi_dialog import AspirasiDialog

    with demo_ctx.db.session() as s:
        pid = s.scalars(select(Pegawai.id).order_by(Pegawai.id)).first()
        staffed = select(Pegawai.unit_id).where(Pegawai.unit_id.is_not(None))
        empty = s.scalars(select(UnitKerja).where(UnitKerja.aktif.is_(True), UnitKerja.id.not_in(staffed),
                                                  UnitKerja.parent_id.is_not(None))).first()
        other = s.scalars(select(UnitKerja).where(UnitKerja.aktif.is_(True), UnitKerja.id != empty.id)).first()
        empty_id, empty_nama, empty_version, other_id = empty.id, empty.nama, empty.version, other.id
    view = create_aspirasi(demo_ctx.db, demo_ctx.actor, AspirasiInput(
        pegawai_id=pid, tanggal=date(2026, 2, 1), unit_pilihan_ids=(empty_id, other_id)))
    org.close_unit(demo_ctx.db, demo_ctx.actor, empty_id, expected_version=empty_version)
    open_units = [(other_id, "Unit lain")]  # the form offers open units only
    dialog = AspirasiDialog(demo_ctx, pegawai_id=pid, units=open_units, jabatan=[], existing=view)
    qtbot.addWidget(dialog)
    assert dialog.unit_combos[0].currentText() == f"{empty_nama} (sudah ditutup)"
    assert dialog.values().unit_pilihan_ids == (empty_id, other_id)
    # Saving tells the clerk the first choice is closed instead of saving a shorter list.
    assert not dialog.save()
    assert "sudah tidak aktif" in dialog.error.text()
    assert list_aspirasi(demo_ctx.db, demo_ctx.actor, pegawai_id=pid)[0].unit_pilihan[0][0] == empty_id


def test_aspirasi_report_shows_every_column_on_a_1366_px_screen(demo_ctx: AppContext, qtbot: Any) -> None:
    from mutasi_desktop.ui.seleksi.aspirasi_report import AspirasiReportPanel

    panel = AspirasiReportPanel(demo_ctx)
    qtbot.addWidget(panel)
    panel.resize(1150, 600)  # what the tab gets in a 1366 × 768 main window
    panel.show()
    _wait(demo_ctx, qtbot, lambda: panel.model.rowCount() > 0)
    header = panel.table.horizontalHeader()
    last = panel.model.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= panel.table.viewport().width()
    for column in range(1, last + 1):  # no header is cut either
        text = panel.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(text) + 8, text


def test_placement_tables_fit_a_1366_px_screen_and_warnings_read_as_words(main_window: Any, demo_ctx: AppContext,
                                                                          qtbot: Any) -> None:
    main_window.resize(1366, 768)
    main_window.navigate("kebutuhan")
    page = main_window.current_page()
    _wait(demo_ctx, qtbot, lambda: page.analisis is not None)
    page.table.selectAll()
    page.placement.set_lowongan([b for b in page.selected() if b.lowongan][:6])
    page.tabs.setCurrentWidget(page.placement)
    page.placement.compute()
    _wait(demo_ctx, qtbot, lambda: page.placement.rencana is not None)
    qtbot.wait(20)
    # "Ke" (where the pegawai goes) and "Sesudah" (the formasi after the moves) were off screen.
    for view in (page.placement.lowongan_table, page.placement.pasangan_table, page.placement.dampak_table):
        header = view.horizontalHeader()
        last = view.model().columnCount() - 1
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= view.viewport().width() + 1
    warned = [p for p in page.placement.rencana.pasangan if p.peringatan]
    assert warned
    row = page.placement.rencana.pasangan.index(warned[0])
    text = page.placement.pasangan_model.index(row, 5).data()
    assert text and "_" not in text and text == ", ".join(r.judul for r in warned[0].peringatan)


def test_aspirasi_form_finds_a_school_by_typing_and_shows_every_label(demo_ctx: AppContext, qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    from mutasi_desktop.ui.pegawai.lookups import Lookups
    from mutasi_desktop.ui.seleksi.aspirasi_dialog import AspirasiDialog

    lookups = Lookups.load(demo_ctx.db, demo_ctx.actor)
    units = lookups.unit_items()
    school_id, school = next((uid, label.strip()) for uid, label in units if label.startswith(" ") and "SD " in label)
    with demo_ctx.db.session() as s:
        pid = s.scalars(select(Pegawai.id).order_by(Pegawai.id)).first()
    dialog = AspirasiDialog(demo_ctx, pegawai_id=pid, units=units, jabatan=lookups.jabatan_items())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(10)
    for label in dialog.findChildren(QLabel):  # "Jabatan yang diminati" was cut to "Jabatan yang dimin"
        if label.isVisible() and label.text() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width(), label.text()
    combo = dialog.unit_combos[0]
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), school.lower())  # indented in the list: type-ahead never reached it
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Tab)
    assert dialog.values().unit_pilihan_ids == (school_id,)
