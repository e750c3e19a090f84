"""Links to one pegawai: ``navigate("pegawai", {"pegawai_id": ...})`` opens that pegawai's form.

The form's ``exec`` is replaced by a recorder: a real modal loop would wait for a click (and, once
another test has run ``app.exec()``, Qt 6 returns from nested loops at once anyway).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from qt_wait import wait_for

from mutasi_desktop.services.pegawai_service import get_pegawai
from mutasi_desktop.ui.main_window import MainWindow
from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "db"))
from sk_world import make_approved_usul

SHOTS = Path("/tmp/mutasi-pegawai-nav")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every PegawaiDialog that would have been shown: its pegawai, the NIP in its form, its title."""
    seen: list[dict[str, Any]] = []

    def record(dialog: PegawaiDialog) -> int:
        seen.append({"id": dialog.pegawai_id, "nip": dialog.form.nip.text(), "title": dialog.windowTitle()})
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / f"pegawai_{dialog.pegawai_id}.png"))
        return 0

    monkeypatch.setattr(PegawaiDialog, "exec", record)
    return seen


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: seen.append(f"{a[1]}: {a[2]}") or QMessageBox.StandardButton.Ok)
    return seen


def _settle(window: MainWindow) -> None:
    window.ctx.tasks.wait_idle()
    wait_for(lambda: False, 0.05)
    window.ctx.tasks.wait_idle()


def test_usul_detail_links_to_the_pegawai_form_with_the_right_nip(main_window: MainWindow, opened: list[dict[str, Any]],
                                                                  warnings: list[str]) -> None:
    usul_id = make_approved_usul(main_window.ctx.db, 1, prefix="NAV")[0]
    main_window.navigate("usul")
    _settle(main_window)
    usul_page = main_window.current_page()
    usul_page.select(usul_id)  # type: ignore[union-attr]
    detail = usul_page.detail  # type: ignore[union-attr]
    assert detail.usul is not None and detail.usul.id == usul_id
    link = detail.labels["pegawai"]
    assert 'href="pegawai"' in link.text() and detail.usul.nip in link.text()
    main_window.resize(1280, 800)
    SHOTS.mkdir(exist_ok=True)
    main_window.grab().save(str(SHOTS / "usul_link_pegawai.png"))

    link.linkActivated.emit("pegawai")  # the clerk clicks the pegawai's name
    assert wait_for(lambda: bool(opened), 5), "the pegawai form did not open"
    assert main_window.current_key == "pegawai"
    expected = get_pegawai(main_window.ctx.db, main_window.ctx.actor, detail.usul.pegawai_id)
    assert opened == [{"id": expected.id, "nip": expected.values["nip"],
                       "title": f"Pegawai — {expected.nama_lengkap}"}]
    assert not warnings


def test_navigation_selects_the_loaded_row_and_opens_that_pegawai(main_window: MainWindow,
                                                                  opened: list[dict[str, Any]]) -> None:
    main_window.navigate("pegawai")
    _settle(main_window)
    page = main_window.current_page()
    target = page.model.row_at(3)  # type: ignore[union-attr]
    main_window.navigate("beranda")
    main_window.navigate("pegawai", {"pegawai_id": target.id})
    assert wait_for(lambda: bool(opened), 5)
    assert [(o["id"], o["nip"]) for o in opened] == [(target.id, target.nip)]
    assert page.selected_id() == target.id  # type: ignore[union-attr]


def test_a_deleted_pegawai_is_reported_in_indonesian(main_window: MainWindow, opened: list[dict[str, Any]],
                                                     warnings: list[str]) -> None:
    main_window.navigate("pegawai", {"pegawai_id": 987_654_321})
    assert wait_for(lambda: bool(warnings), 5), "no message for a missing pegawai"
    assert warnings == ["Pegawai tidak ditemukan: Data pegawai yang dituju tidak ada lagi; mungkin sudah dihapus "
                        "oleh pengguna lain. Daftar pegawai dimuat ulang."]
    assert opened == []
    assert main_window.current_key == "pegawai"


def test_a_filter_payload_still_filters(main_window: MainWindow, opened: list[dict[str, Any]]) -> None:
    from mutasi_desktop.services.pegawai_query import PegawaiFilter

    main_window.navigate("pegawai", {"filter": PegawaiFilter(status_kepegawaian="PPPK"), "judul": "PPPK"})
    _settle(main_window)
    page = main_window.current_page()
    assert page.model.filter.status_kepegawaian == "PPPK"  # type: ignore[union-attr]
    assert page.extra_filter_label.text() == "PPPK" and opened == []  # type: ignore[union-attr]
