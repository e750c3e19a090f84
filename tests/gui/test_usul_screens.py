"""Usul screens: item models, filters, role-dependent buttons, the form and an action flow."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from mutasi_desktop.domain.roles import Actor, Peran
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services import usul_service
from mutasi_desktop.services.usul_batch import batch_formasi, list_batches
from mutasi_desktop.services.usul_dto import UsulFilter
from mutasi_desktop.services.usul_query import list_usul
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.usul import usul_models as m
from mutasi_desktop.ui.usul.usul_form import UsulFormDialog
from mutasi_desktop.ui.usul.usul_page import UsulPage

VERIFIKATOR = Actor(username="verif", nama="Verifikator", peran=frozenset({Peran.VERIFIKATOR}))
PEMBACA = Actor(username="baca", nama="Pembaca", peran=frozenset({Peran.PEMBACA}))


def _page(ctx: AppContext, qtbot: Any) -> UsulPage:
    page = UsulPage(AppContext(db=ctx.db, actor=ctx.actor, tasks=None))
    qtbot.addWidget(page)
    return page


def _first(ctx: AppContext, status: StatusUsul) -> int:
    return list_usul(ctx.db, UsulFilter(status=(status.value,)), by=ctx.actor)[0].id


def test_item_models_pass_the_model_tester(demo_ctx: AppContext, qtmodeltester: Any) -> None:
    db, actor = demo_ctx.db, demo_ctx.actor
    rows = list_usul(db, by=actor)
    detail = usul_service.get_usul(db, _first(demo_ctx, StatusUsul.DISETUJUI), by=actor)
    assert detail.hasil_cek is not None
    batches = list_batches(db, by=actor)
    for model in (
        m.usul_model(rows),
        m.rule_model(list(detail.hasil_cek.hasil)),
        m.persyaratan_model(list(detail.persyaratan)),
        m.transisi_model(list(detail.transisi)),
        m.batch_model(batches),
        m.formasi_batch_model(batch_formasi(db, batches[0].id, by=actor)),
    ):
        qtmodeltester.check(model)


def test_list_filters_by_status_and_text(demo_ctx: AppContext, qtbot: Any) -> None:
    page = _page(demo_ctx, qtbot)
    assert page.model.rowCount() == len(list_usul(demo_ctx.db, by=demo_ctx.actor)) >= 11
    page.status.set_value("DILAKSANAKAN")
    assert page.model.rowCount() >= 3
    assert {r.status for r in page.model.rows} == {"DILAKSANAKAN"}
    page.status.set_value(None)
    first = page.model.rows[0]
    page.search.setText(first.nip)
    page.refresh()
    assert [r.id for r in page.model.rows] == [first.id]


def test_filter_row_wraps_on_a_narrow_window_so_search_and_dates_stay_readable(demo_ctx: AppContext,
                                                                              qtbot: Any) -> None:
    page = _page(demo_ctx, qtbot)
    page.resize(840, 600)  # the page beside the sidebar on a 1024 px screen
    page.show()
    qtbot.waitUntil(lambda: page.search.width() > 0)
    assert page.search.width() >= 200  # "Cari nomor usul…" readable, not "C…"
    assert page.dari.width() >= 110 and page.sampai.width() >= 110  # hh-bb-tttt fits
    assert page.status.y() > page.search.y()  # the lists moved to a second row
    page.resize(1250, 600)  # a wide window keeps one row
    qtbot.waitUntil(lambda: page.status.y() == page.search.y())
    assert page.search.width() >= 200


def test_buat_usul_from_a_pegawai_opens_the_form_with_that_pegawai(demo_ctx: AppContext, qtbot: Any,
                                                                    monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QDialog

    from mutasi_desktop.services.pegawai_service import get_pegawai

    busy = {r.pegawai_id for r in list_usul(demo_ctx.db, by=demo_ctx.actor)}
    pegawai_id = next(i for i in range(1, 400) if i not in busy)
    detail = get_pegawai(demo_ctx.db, demo_ctx.actor, pegawai_id)
    shown: list[str] = []
    monkeypatch.setattr(UsulFormDialog, "exec",
                        lambda self: shown.append(self.pegawai.currentText()) or QDialog.DialogCode.Rejected)
    page = _page(demo_ctx, qtbot)
    # The pegawai form's "Buat usul mutasi…" sends this (it crashed: PegawaiDetail has no .nip).
    page.apply_navigation({"pegawai_id": pegawai_id})
    assert shown == [f"{detail.values['nip']} — {detail.nama_lengkap}"]


def test_toolbar_baru_is_grey_on_the_usul_page_for_roles_that_cannot_draft(demo_ctx: AppContext, qtbot: Any) -> None:
    from mutasi_desktop.ui.main_window import MainWindow

    for actor, can in ((VERIFIKATOR, False), (PEMBACA, False), (demo_ctx.actor, True)):
        window = MainWindow(AppContext(db=demo_ctx.db, actor=actor, tasks=demo_ctx.tasks))
        qtbot.addWidget(window)
        window.navigate("usul")
        demo_ctx.tasks.wait_idle()
        # "Usul baru…" on the page is disabled for them; Ctrl+N / "Baru" did nothing instead of greying out.
        assert window.actions_by_command["new"].isEnabled() is can, actor.username


def test_rule_panel_shows_colours_reasons_and_regulations(demo_ctx: AppContext, qtbot: Any) -> None:
    page = _page(demo_ctx, qtbot)
    usul_id = _first(demo_ctx, StatusUsul.TIDAK_MEMENUHI_SYARAT)
    page.select(usul_id)
    rules = page.detail.rules.rows
    status_rule = next(r for r in rules if r.kode == "STATUS")
    assert status_rule.hasil == "TIDAK_LULUS"
    index = page.detail.rules.index(rules.index(status_rule), 0)
    assert page.detail.rules.data(index, 9) == m.RED  # ForegroundRole
    text = page.detail.rules.data(page.detail.rules.index(rules.index(status_rule), 2))
    assert "CPNS" in text and "Dasar: PP 11/2017" in text
    assert "Tidak lulus" in page.detail.rule_summary.text()


@pytest.mark.parametrize(
    ("actor", "expected"),
    [(VERIFIKATOR, {"VERIFIKASI", "BERKAS_TIDAK_LENGKAP", "TIDAK_MEMENUHI_SYARAT"}), (PEMBACA, set())],
)
def test_only_allowed_transition_buttons_are_shown(demo_ctx: AppContext, qtbot: Any, actor: Actor,
                                                   expected: set[str]) -> None:
    ctx = AppContext(db=demo_ctx.db, actor=actor, tasks=None)
    page = _page(ctx, qtbot)
    page.select(_first(demo_ctx, StatusUsul.DIAJUKAN))
    assert set(page.detail.action_buttons) == expected
    assert not page.new_button.isEnabled()


def test_form_creates_a_draft_and_shows_errors(demo_ctx: AppContext, qtbot: Any) -> None:
    dialog = UsulFormDialog(AppContext(db=demo_ctx.db, actor=demo_ctx.actor, tasks=None))
    qtbot.addWidget(dialog)
    assert not dialog.save()
    assert "Pilih pegawai" in dialog.error.text()
    drafts = list_usul(demo_ctx.db, UsulFilter(status=("DRAF",)), by=demo_ctx.actor)
    busy = {r.pegawai_id for r in list_usul(demo_ctx.db, by=demo_ctx.actor)}
    from mutasi_desktop.services.pegawai_query import PegawaiFilter, fetch_pegawai

    free = next(p for p in fetch_pegawai(demo_ctx.db, demo_ctx.actor, PegawaiFilter(hanya_aktif=True)).rows
                if p.id not in busy)
    dialog.cari.setText(free.nip)
    dialog.search_pegawai()
    assert dialog.pegawai.value() == free.id
    assert not dialog.save()
    assert "Formasi tujuan" in dialog.error.text()
    dialog.formasi.setCurrentIndex(5)
    saved: list[int] = []
    dialog.saved.connect(saved.append)
    assert dialog.save(), dialog.error.text()
    after = list_usul(demo_ctx.db, UsulFilter(status=("DRAF",)), by=demo_ctx.actor)
    assert len(after) == len(drafts) + 1 and saved == [after[0].id]


def test_keluar_shows_instansi_fields_instead_of_formasi(demo_ctx: AppContext, qtbot: Any) -> None:
    dialog = UsulFormDialog(AppContext(db=demo_ctx.db, actor=demo_ctx.actor, tasks=None))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.jenis.set_value("KELUAR_ANTAR_PROVINSI")
    assert dialog.tujuan_instansi.isVisible() and not dialog.formasi.isVisible()
    dialog.jenis.set_value("ANTAR_OPD")
    assert dialog.formasi.isVisible() and not dialog.tujuan_instansi.isVisible()


def test_action_button_moves_the_usul_and_refusals_are_explained(demo_ctx: AppContext, qtbot: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(demo_ctx, qtbot)
    usul_id = _first(demo_ctx, StatusUsul.DIAJUKAN)
    page.select(usul_id)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: warnings.append(text)))
    monkeypatch.setattr(page.detail, "ask", lambda spec: {"nomor": "", "tanggal": None, "catatan": "Cek"})
    page.detail.action_buttons["VERIFIKASI"].click()  # checklist still incomplete: refused with the reason
    assert warnings and "Berkas wajib belum lengkap" in warnings[0]
    assert usul_service.get_usul(demo_ctx.db, usul_id, by=demo_ctx.actor).status == "DIAJUKAN"
    page.detail.action_buttons["BERKAS_TIDAK_LENGKAP"].click()
    assert usul_service.get_usul(demo_ctx.db, usul_id, by=demo_ctx.actor).status == "BERKAS_TIDAK_LENGKAP"
    assert page.detail.title.text().endswith("Berkas Tidak Lengkap")
    assert set(page.detail.action_buttons) == {"AJUKAN", "BATALKAN"}


def test_checklist_editor_marks_items(demo_ctx: AppContext, qtbot: Any) -> None:
    page = _page(demo_ctx, qtbot)
    usul_id = _first(demo_ctx, StatusUsul.DIAJUKAN)
    page.select(usul_id)
    editor = page.detail.checklist
    editor.table.selectRow(0)
    editor.ada.click()
    detail = usul_service.get_usul(demo_ctx.db, usul_id, by=demo_ctx.actor)
    assert detail.persyaratan[0].status == "ADA"
    assert "1 dari" in editor.summary.text()


def test_form_rule_panel_checks_values_before_saving(demo_ctx: AppContext, qtbot: Any) -> None:
    usul_id = _first(demo_ctx, StatusUsul.DRAF)
    detail = usul_service.get_usul(demo_ctx.db, usul_id, by=demo_ctx.actor)
    dialog = UsulFormDialog(AppContext(db=demo_ctx.db, actor=demo_ctx.actor, tasks=None), detail)
    qtbot.addWidget(dialog)
    dialog.tmt.setText("01-01-2000")  # far before the TMT jabatan: the time-in-post rule fails
    dialog.preview()
    rules = {r.kode: r for r in dialog.rules.rows}
    assert rules["MASA_JABATAN"].hasil == "TIDAK_LULUS"
    assert "Tidak lulus" in dialog.check_summary.text()
    after = usul_service.get_usul(demo_ctx.db, usul_id, by=demo_ctx.actor)
    assert after.version == detail.version and after.tmt_rencana == detail.tmt_rencana  # nothing saved


def test_action_dialog_requires_what_the_action_needs(qtbot: Any) -> None:
    from mutasi_desktop.ui.usul.action_dialog import ActionDialog, ActionSpec

    dialog = ActionDialog(ActionSpec("Koreksi", nomor_label="Nomor SK koreksi", tanggal_label="Tanggal SK koreksi",
                                     catatan_wajib=True, catatan_label="Alasan"))
    qtbot.addWidget(dialog)
    dialog._accept()
    assert dialog.error.text() == "Nomor SK koreksi wajib diisi." and not dialog.result()
    qtbot.keyClicks(dialog.nomor, "800/12/BKPSDM/2026")
    qtbot.keyClicks(dialog.tanggal, "31-02-2026")
    dialog._accept()
    assert "Tanggal SK koreksi wajib diisi dengan tanggal yang benar" in dialog.error.text()
    dialog.tanggal.clear()
    qtbot.keyClicks(dialog.tanggal, "20-12-2026")
    dialog._accept()
    assert dialog.error.text() == "Alasan wajib diisi."
    qtbot.keyClicks(dialog.catatan, "Salah orang")
    dialog._accept()
    assert dialog.result() == ActionDialog.DialogCode.Accepted
    assert dialog.values()["nomor"] == "800/12/BKPSDM/2026" and str(dialog.values()["tanggal"]) == "2026-12-20"
