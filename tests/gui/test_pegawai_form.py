"""Pegawai form flows: NIP decoding, validation next to fields, unsaved-changes prompt, delete."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from mutasi_desktop.db.models import Pegawai
from mutasi_desktop.services import pegawai_service as ps
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog
from mutasi_desktop.ui.pegawai.riwayat_widgets import RiwayatRowDialog

NIP = "199002142015031002"  # born 14-02-1990, male


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def fake(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(f"{title}: {text}")
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(fake))
    return asked


def _first_id(ctx: AppContext) -> int:
    with ctx.db.session() as s:
        return int(s.scalar(select(Pegawai.id).order_by(Pegawai.id).limit(1)))  # type: ignore[arg-type]


def test_typing_a_nip_fills_birth_date_and_sex(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PegawaiDialog(demo_ctx, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.form.nip, NIP)
    assert dialog.form.tanggal_lahir.value() == date(1990, 2, 14)
    assert dialog.form.jenis_kelamin.value() == "L"
    assert "NIP valid" in dialog.form.nip_info.text()
    dialog.form.jenis_kelamin.set_value("P")
    dialog._show_nip_info()
    assert "Jenis kelamin pada NIP" in dialog.form.nip_info.text()


def test_bad_nip_and_missing_fields_are_shown_next_to_the_fields(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PegawaiDialog(demo_ctx, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.form.nip, "19900214201503100")  # 17 digits
    assert "18 digit" in dialog.form.nip_info.text()
    assert dialog.save() is False
    assert "18 digit" in dialog.form.error_text("nip")
    assert "wajib diisi" in dialog.form.error_text("nama")
    assert "wajib diisi" in dialog.form.error_text("tanggal_lahir")
    assert dialog.general_error.isVisibleTo(dialog)
    assert dialog.pegawai_id is None
    # fixing the fields clears the messages and saves
    dialog.form.nip.clear()
    qtbot.keyClicks(dialog.form.nip, NIP)
    qtbot.keyClicks(dialog.form.fields["nama"], "Bima Sakti")
    assert dialog.save() is True
    assert dialog.pegawai_id is not None
    assert dialog.form.error_text("nip") == ""
    assert ps.get_pegawai(demo_ctx.db, demo_ctx.actor, dialog.pegawai_id).values["nama"] == "Bima Sakti"


def test_unsaved_changes_prompt_cancel_keeps_editing_discard_closes(demo_ctx: AppContext, qtbot,  # type: ignore[no-untyped-def]
                                                                    monkeypatch) -> None:
    pegawai_id = _first_id(demo_ctx)
    original = ps.get_pegawai(demo_ctx.db, demo_ctx.actor, pegawai_id).values["nama"]
    dialog = PegawaiDialog(demo_ctx, pegawai_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.dirty
    qtbot.keyClicks(dialog.form.fields["nama"], " Berubah")
    assert dialog.dirty
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    dialog.reject()
    assert asked and "belum disimpan" in asked[0]
    assert dialog.isVisible()
    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible()
    assert ps.get_pegawai(demo_ctx.db, demo_ctx.actor, pegawai_id).values["nama"] == original


def test_unsaved_changes_prompt_save_saves(demo_ctx: AppContext, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pegawai_id = _first_id(demo_ctx)
    dialog = PegawaiDialog(demo_ctx, pegawai_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.fields["telepon"].clear()
    qtbot.keyClicks(dialog.form.fields["telepon"], "081234567890")
    _answer(monkeypatch, QMessageBox.StandardButton.Save)
    dialog.close()
    assert not dialog.isVisible()
    assert ps.get_pegawai(demo_ctx.db, demo_ctx.actor, pegawai_id).values["telepon"] == "081234567890"


def test_delete_asks_first(demo_ctx: AppContext, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    values = ps.empty_values()
    values.update(nip=NIP, nama="Hapus Saya", tanggal_lahir=date(1990, 2, 14), jenis_kelamin="L")
    created = ps.create_pegawai(demo_ctx.db, demo_ctx.actor, values)
    dialog = PegawaiDialog(demo_ctx, created.id)
    qtbot.addWidget(dialog)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    dialog.delete()
    assert "Hapus Saya" in asked[0]
    with demo_ctx.db.session() as s:
        assert s.get(Pegawai, created.id) is not None
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    changed: list[bool] = []
    dialog.changed.connect(lambda: changed.append(True))
    dialog.delete()
    assert changed
    with demo_ctx.db.session() as s:
        assert s.get(Pegawai, created.id) is None


def test_history_row_dialog_shows_errors_and_saves(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    pegawai_id = _first_id(demo_ctx)
    before = len(ps.get_pegawai(demo_ctx.db, demo_ctx.actor, pegawai_id).riwayat["hukuman"])
    dialog = RiwayatRowDialog(demo_ctx, "hukuman", pegawai_id, None, None)
    qtbot.addWidget(dialog)
    form = dialog.form
    form.fields["tingkat"].set_value("RINGAN")  # type: ignore[attr-defined]
    form.fields["status"].set_value("SELESAI")  # type: ignore[attr-defined]
    qtbot.keyClicks(form.fields["tmt_mulai"], "01-02-2024")
    qtbot.keyClicks(form.fields["tmt_selesai"], "01-01-2024")
    assert dialog.save() is False
    assert "wajib diisi" in form.error_text("jenis")
    qtbot.keyClicks(form.fields["jenis"], "Teguran lisan")
    assert dialog.save() is False
    assert "tidak boleh sebelum" in form.error_text("tmt_selesai")
    form.fields["tmt_selesai"].clear()
    qtbot.keyClicks(form.fields["tmt_selesai"], "01-03-2024")
    assert dialog.save() is True
    after = ps.get_pegawai(demo_ctx.db, demo_ctx.actor, pegawai_id).riwayat["hukuman"]
    assert len(after) == before + 1


def test_adding_history_does_not_let_simpan_overwrite_another_clerks_change(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    pegawai_id = _first_id(demo_ctx)
    dialog = PegawaiDialog(demo_ctx, pegawai_id)
    qtbot.addWidget(dialog)

    def other_clerk_sets(tempat: str) -> None:
        detail = ps.get_pegawai(demo_ctx.db, demo_ctx.actor, pegawai_id)
        ps.update_pegawai(demo_ctx.db, demo_ctx.actor, pegawai_id, {**detail.values, "tempat_lahir": tempat},
                          expected_version=detail.version)

    # Nothing typed yet: after a history row is added the form shows the other clerk's change.
    other_clerk_sets("Bogor")
    dialog.riwayat_tabs["hukuman"].changed.emit()
    assert dialog.form.fields["tempat_lahir"].text() == "Bogor" and not dialog.dirty
    # Typing, then someone else saves, then a history row: Simpan reports the conflict, overwrites nothing.
    dialog.form.fields["telepon"].clear()
    qtbot.keyClicks(dialog.form.fields["telepon"], "081234567890")
    other_clerk_sets("Depok")
    dialog.riwayat_tabs["hukuman"].changed.emit()
    assert dialog.form.fields["telepon"].text() == "081234567890" and dialog.dirty
    assert dialog.save() is False
    assert "telah diubah" in dialog.general_error.text()
    with demo_ctx.db.session() as s:
        assert s.get(Pegawai, pegawai_id).tempat_lahir == "Depok"  # type: ignore[union-attr]


def test_riwayat_tab_lists_history(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    pegawai_id = _first_id(demo_ctx)
    dialog = PegawaiDialog(demo_ctx, pegawai_id)
    qtbot.addWidget(dialog)
    detail = ps.get_pegawai(demo_ctx.db, demo_ctx.actor, pegawai_id)
    tab = dialog.riwayat_tabs["pangkat"]
    assert tab.model.rowCount() == len(detail.riwayat["pangkat"]) > 0
    assert tab.model.index(0, 1).data(Qt.ItemDataRole.DisplayRole)  # golongan shown as its code
    assert dialog.tabs.count() == 9


def test_reader_sees_no_write_buttons(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from mutasi_desktop.domain.roles import Actor, Peran

    reader = replace(demo_ctx, actor=Actor(username="baca", nama="Pembaca", peran=frozenset({Peran.PEMBACA})))
    dialog = PegawaiDialog(reader, _first_id(demo_ctx))
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isVisibleTo(dialog) and not dialog.delete_button.isVisibleTo(dialog)
    assert not dialog.riwayat_tabs["skp"].add_button.isVisibleTo(dialog)
    with demo_ctx.db.session() as s:
        nik = s.get(Pegawai, _first_id(demo_ctx)).nik  # type: ignore[union-attr]
    shown = dialog.form.fields["nik"].text()
    assert nik and shown != nik and "*" in shown  # NIK masked as in the exports
    # The data utama is read-only: typing changes nothing, so closing asks nothing.
    nama = dialog.form.fields["nama"]
    before = nama.text()
    qtbot.keyClicks(nama, "x")
    assert nama.text() == before and not dialog.dirty
    assert not dialog.form.fields["jenis_kelamin"].isEnabled()
    assert dialog.save() is False  # Ctrl+S
    # A double click / Enter on a history row opens no edit form for a reader.
    from mutasi_desktop.ui.pegawai.riwayat_widgets import RiwayatRowDialog

    opened: list[str] = []
    original_exec = RiwayatRowDialog.exec
    RiwayatRowDialog.exec = lambda self: opened.append(self.windowTitle()) or 0  # type: ignore[method-assign]
    try:
        tab = dialog.riwayat_tabs["jabatan"]
        tab.table.selectRow(0)
        tab.table.activated.emit(tab.table.model().index(0, 0))
    finally:
        RiwayatRowDialog.exec = original_exec  # type: ignore[method-assign]
    assert opened == []
    from mutasi_desktop.ui.organisasi.organisasi_page import OrganisasiPage

    page = OrganisasiPage(reader)
    qtbot.addWidget(page)
    assert page.formasi_model.rowCount() >= 0 and not page.can_edit


def test_riwayat_mutasi_leads_to_the_usul_page(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from mutasi_desktop.db.models import UsulMutasi

    pegawai_id = _first_id(demo_ctx)
    with demo_ctx.db.session() as s:
        s.add(UsulMutasi(nomor="USUL-GUI-1", pegawai_id=pegawai_id, jenis_mutasi="ANTAR_OPD", alasan="LAINNYA"))
    calls: list[tuple[str, object]] = []
    demo_ctx.navigate = lambda key, payload=None: calls.append((key, payload))
    dialog = PegawaiDialog(demo_ctx, pegawai_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.usul_model.rowCount() >= 1
    usul = next(u for u in dialog.usul_model.rows if u.nomor == "USUL-GUI-1")
    dialog._open_usul(usul)
    assert calls == [("usul", {"usul_id": usul.id})]
    assert not dialog.isVisible()


def test_a_pegawai_of_another_opd_opens_read_only_for_a_limited_clerk(demo_ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from tests.opd_world import opd_world

    world = opd_world(demo_ctx.db)
    mine, theirs = world.mine, world.theirs
    clerk = replace(demo_ctx, actor=world.clerk)
    dialog = PegawaiDialog(clerk, theirs)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isVisibleTo(dialog) and not dialog.delete_button.isVisibleTo(dialog)
    assert not dialog.riwayat_tabs["skp"].add_button.isVisibleTo(dialog)
    assert "di luar OPD" in dialog.general_error.text() and dialog.general_error.isVisibleTo(dialog)
    assert dialog.save() is False
    own_dialog = PegawaiDialog(clerk, mine)
    qtbot.addWidget(own_dialog)
    assert own_dialog.save_button.isVisibleTo(own_dialog) and not own_dialog.general_error.isVisibleTo(own_dialog)
