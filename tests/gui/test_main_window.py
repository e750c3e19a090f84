"""The whole window on the demo kabupaten: every screen opens, commands dispatch, click-throughs work,
and a screenshot of each screen is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from mutasi_desktop import __version__
from mutasi_desktop.services.pegawai_query import count_pegawai
from mutasi_desktop.ui import navigation
from mutasi_desktop.ui.main_window import MainWindow
from mutasi_desktop.ui.placeholder_page import PageErrorPage, UnavailablePage


def _settle(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.ctx.tasks.wait_idle()
    qtbot.wait(20)
    window.ctx.tasks.wait_idle()


def _distinct_colours(image: QImage, step: int = 23) -> int:
    colours = set()
    for x in range(0, image.width(), step):
        for y in range(0, image.height(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


def test_every_screen_opens_without_error_and_is_screenshotted(main_window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path) -> None:
    for spec in navigation.PAGES:
        main_window.navigate(spec.key)
        _settle(main_window, qtbot)
        page = main_window.current_page()
        assert page is not None
        assert not isinstance(page, PageErrorPage), spec.key
        if spec.factory_path is None:
            assert isinstance(page, UnavailablePage)
        path = tmp_path / f"{spec.key}.png"
        assert main_window.grab().save(str(path))
        image = QImage(str(path))
        assert image.width() >= 1000 and image.height() >= 600
        assert path.stat().st_size > 8_000, spec.key
        assert _distinct_colours(image) > 8, spec.key


def test_commands_dispatch_to_the_current_page(main_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    main_window.navigate("pegawai")
    _settle(main_window, qtbot)
    page = main_window.current_page()
    assert main_window.actions_by_command["find"].isEnabled()
    assert main_window.dispatch("find") is True
    assert page.search.hasFocus() or not main_window.isActiveWindow()  # type: ignore[union-attr]
    main_window.navigate("usul")
    spec = next(s for s in navigation.PAGES if s.key == "usul")
    if spec.factory_path is None:
        assert not main_window.actions_by_command["new"].isEnabled()
        assert main_window.dispatch("new") is False


def test_search_and_filters_on_the_pegawai_page(main_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    main_window.navigate("pegawai")
    page = main_window.current_page()
    model = page.model  # type: ignore[union-attr]
    total = model.total
    assert total > 0 and model.rowCount() > 0
    first = model.row_at(0)
    page.search.setText(first.nip)  # type: ignore[union-attr]
    page.apply_filter()  # type: ignore[union-attr]
    _settle(main_window, qtbot)
    assert model.total == 1 and model.row_at(0).id == first.id
    page.search.setText("")  # type: ignore[union-attr]
    page.status_combo.set_value("PPPK")  # type: ignore[union-attr]
    page.apply_filter()  # type: ignore[union-attr]
    _settle(main_window, qtbot)
    assert 0 < model.total < total
    assert all(model.row_at(r).status_kepegawaian == "PPPK" for r in range(model.rowCount()))
    assert "pegawai" in page.count_label.text()  # type: ignore[union-attr]
    page.reset_filters()  # type: ignore[union-attr]
    _settle(main_window, qtbot)
    assert model.total == total


def test_double_click_or_enter_opens_the_pegawai_form_once(main_window: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog

    opened: list[str] = []
    monkeypatch.setattr(PegawaiDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    main_window.navigate("pegawai")
    _settle(main_window, qtbot)
    table = main_window.current_page().table  # type: ignore[union-attr]
    centre = table.visualRect(table.model().index(1, 1)).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert len(opened) == 1  # was twice: closing the form brought it straight back
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert len(opened) == 2 and opened[0] == opened[1]


def test_beranda_list_clicks_through_to_the_filtered_pegawai_list(main_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    main_window.navigate("beranda")
    _settle(main_window, qtbot)
    beranda = main_window.current_page()
    assert beranda.data is not None  # type: ignore[union-attr]
    beranda.show_all_bup()  # type: ignore[union-attr]
    _settle(main_window, qtbot)
    assert main_window.current_key == "pegawai"
    model = main_window.current_page().model  # type: ignore[union-attr]
    assert model.filter.pensiun_dalam_bulan == 12
    assert model.total == beranda.data.mendekati_bup_total  # type: ignore[union-attr]
    assert "BUP" in main_window.current_page().extra_filter_label.text()  # type: ignore[union-attr]


def test_organisasi_formasi_drills_to_holders(main_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    main_window.navigate("organisasi")
    _settle(main_window, qtbot)
    page = main_window.current_page()
    model = page.formasi_model  # type: ignore[union-attr]
    row = next((r for r in range(model.rowCount()) if model.row_at(r).terisi > 0), None)
    assert row is not None
    formasi = model.row_at(row)
    proxy = page.formasi_view.model()  # type: ignore[union-attr]
    page.formasi_view.setCurrentIndex(proxy.mapFromSource(model.index(row, 1)))  # type: ignore[union-attr]
    assert page.holders_model.rowCount() == formasi.terisi  # type: ignore[union-attr]
    # Enter on a holder opens their form, like a double click (Enter did nothing).
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog

    opened: list[str] = []
    original_exec = PegawaiDialog.exec
    PegawaiDialog.exec = lambda self: opened.append(self.windowTitle()) or 0  # type: ignore[method-assign]
    try:
        holders = page.holders_view  # type: ignore[union-attr]
        holders.setFocus()
        holders.setCurrentIndex(holders.model().index(0, 1))
        QTest.keyClick(holders, Qt.Key.Key_Return)
    finally:
        PegawaiDialog.exec = original_exec  # type: ignore[method-assign]
    assert len(opened) == 1 and opened[0].startswith("Pegawai — ")
    page.holders_in_list()  # type: ignore[union-attr]
    _settle(main_window, qtbot)
    assert main_window.current_key == "pegawai"
    plist = main_window.current_page().model  # type: ignore[union-attr]
    assert plist.total == formasi.terisi
    assert plist.total == count_pegawai(main_window.ctx.db, main_window.ctx.actor, plist.filter)


def test_about_names_version_and_database(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda _p, _t, text: shown.append(text)))
    main_window.show_about()
    assert __version__ in shown[0] and str(main_window.ctx.db.path) in shown[0]


def test_geometry_and_splitter_are_remembered(demo_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(demo_ctx)
    qtbot.addWidget(first)
    first.resize(940, 650)  # within the offscreen screen (800x800 available; Qt clamps larger windows)
    first.show()
    first.splitter.setSizes([260, 851])
    first.save_ui_state()
    sidebar_width = first.splitter.sizes()[0]
    second = MainWindow(demo_ctx)
    qtbot.addWidget(second)
    second.show()
    assert second.height() == first.height() and abs(second.width() - first.width()) <= 140
    assert second.splitter.sizes()[0] == sidebar_width


def test_file_menu_leads_to_backup_and_restore(main_window: MainWindow, demo_ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from mutasi_desktop.domain.roles import Actor, Peran
    from mutasi_desktop.ui.app_context import AppContext

    assert main_window.backup_action.isVisible()
    main_window.backup_action.trigger()
    _settle(main_window, qtbot)
    page = main_window.current_page()
    assert main_window.current_key == "pengaturan"
    assert page.tabText(page.currentIndex()) == "Cadangan"  # type: ignore[union-attr]
    assert page.currentWidget().restore_button.text() == "Pulihkan dari cadangan…"  # type: ignore[union-attr]
    reader = MainWindow(AppContext(db=demo_ctx.db, actor=Actor(username="baca", nama="Pembaca",
                                                               peran=frozenset({Peran.PEMBACA})), tasks=demo_ctx.tasks))
    qtbot.addWidget(reader)
    assert not reader.backup_action.isVisible()
