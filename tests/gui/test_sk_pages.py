"""SK screens: list and detail, preview, setting an SK, batch petikan, verification, settings, laporan."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from qt_wait import wait_for

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "db"))
from sk_world import make_approved_usul

from mutasi_desktop.domain.roles import Actor, Peran
from mutasi_desktop.services import sk_print_service, sk_service
from mutasi_desktop.services.sk_verification_service import verifikasi_kode
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.sk import sk_models
from mutasi_desktop.ui.sk.laporan_page import LaporanPage
from mutasi_desktop.ui.sk.sk_page import SkPage

PEMBACA = Actor(username="baca", nama="Pembaca", peran=frozenset({Peran.PEMBACA}))
SHOTS = Path("/tmp/mutasi-sk-screens")


@pytest.fixture(autouse=True)
def _no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: seen.append(str(a[2])) or QMessageBox.StandardButton.Ok)
    return seen


def _shot(widget: Any, name: str) -> None:
    from PySide6.QtTest import QTest

    QTest.qWait(700)  # QPdfView renders pages in the background
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def _draft(ctx: AppContext, n: int = 3) -> sk_service.SkRingkas:
    return sk_service.buat_sk(ctx.db, by=ctx.actor, usul_ids=make_approved_usul(ctx.db, n, prefix="G"))


def test_item_models_pass_the_model_tester(demo_ctx: AppContext, qtmodeltester: Any) -> None:
    draft = _draft(demo_ctx)
    sk = sk_service.tetapkan_sk(demo_ctx.db, draft.id, tanggal=__import__("datetime").date(2025, 1, 7), by=demo_ctx.actor)
    qtmodeltester.check(sk_models.sk_model(sk_service.daftar_sk(demo_ctx.db, by=demo_ctx.actor)))
    qtmodeltester.check(sk_models.pegawai_sk_model(list(sk_service.detail_sk(demo_ctx.db, sk.id, by=demo_ctx.actor).pegawai)))
    hasil = verifikasi_kode(demo_ctx.db, sk.kode_verifikasi, by=demo_ctx.actor)
    qtmodeltester.check(sk_models.verified_pegawai_model(list(hasil.pegawai)))


def test_select_draft_previews_then_set_and_print_petikan(demo_ctx: AppContext, qtbot: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          _no_message_boxes: list[str]) -> None:
    from datetime import date

    from mutasi_desktop.ui.sk import sk_page

    draft = _draft(demo_ctx, 4)
    page = SkPage(demo_ctx)
    qtbot.addWidget(page)
    page.resize(1400, 850)
    page.show()
    tab = page.list_tab
    assert tab.select_sk(draft.id)
    qtbot.waitUntil(lambda: tab.preview.path is not None, timeout=20_000)
    assert tab.preview.document.pageCount() >= 3
    assert tab.set_button.isEnabled() and not tab.petikan_button.isEnabled()
    assert tab.people_model.rowCount() == 4
    _shot(page, "sk_draf")
    assert tab.nota_button.isEnabled() and not tab.spmt_button.isEnabled()
    tab.people.selectRow(0)
    tab.people.setCurrentIndex(tab.people.model().index(0, 0))
    assert tab.notice_button.isEnabled()
    assert tab.show_letter("nota") is not None and "Nota dinas" in tab.preview.title.text()
    assert tab.show_letter("pemberitahuan") is not None

    from mutasi_desktop.ui.sk.sk_dialogs import EditDraftDialog

    dialog = EditDraftDialog(demo_ctx, tab.current.sk, tab)
    dialog.tentang.setText("Mutasi Pegawai Negeri Sipil Antar Perangkat Daerah")
    monkeypatch.setattr(dialog, "exec", lambda: QDialog.DialogCode.Accepted)
    tab.edit_draft(dialog)
    assert tab.current.sk.tentang == "Mutasi Pegawai Negeri Sipil Antar Perangkat Daerah"

    monkeypatch.setattr(sk_page.SetSkDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(sk_page.SetSkDialog, "value", lambda self: (date(2025, 1, 7), "Sukamaju"))
    tab.set_sk()
    # Setting runs in the background: nothing can be set, edited or deleted twice meanwhile.
    assert tab.setting_sk and not tab.set_button.isEnabled() and not tab.edit_button.isEnabled()
    assert not tab.delete_button.isEnabled() and not tab.new_button.isEnabled()
    assert wait_for(lambda: not tab.setting_sk, 30)
    assert tab.current is not None and tab.current.sk.status == sk_service.DITETAPKAN
    assert _no_message_boxes[-1] == f"SK ditetapkan dengan nomor {tab.current.sk.nomor}."
    assert tab.new_button.isEnabled()
    assert tab.current.sk.nomor.startswith("800.1.3.3/Kep.")
    assert tab.petikan_button.isEnabled() and not tab.set_button.isEnabled()
    qtbot.waitUntil(lambda: tab.preview.path is not None and tab.preview.title.text() == tab.current.sk.nomor,
                    timeout=20_000)
    _shot(page, "sk_ditetapkan")
    tab.people.setCurrentIndex(tab.people.model().index(1, 0))
    assert tab.spmt_button.isEnabled() and not tab.nota_button.isEnabled()
    spmt = tab.show_letter("spmt")
    assert spmt is not None and tab.preview.path == spmt

    tab.start_petikan(tmp_path / "petikan")
    assert demo_ctx.tasks.wait_idle(60_000)
    assert len(list((tmp_path / "petikan").glob("petikan_0*.pdf"))) == 4
    assert tab.last_petikan.gabungan is not None and tab.preview.path == tab.last_petikan.gabungan


def test_setting_a_draft_changed_meanwhile_reports_in_indonesian_and_unlocks(
        demo_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch, _no_message_boxes: list[str]) -> None:
    from datetime import date

    from mutasi_desktop.ui.sk import sk_page

    draft = _draft(demo_ctx, 2)
    page = SkPage(demo_ctx)
    qtbot.addWidget(page)
    tab = page.list_tab
    assert tab.select_sk(draft.id)
    # Another clerk edits the draft after this screen loaded it: the stale version is refused.
    sk_service.ubah_draf(demo_ctx.db, draft.id, by=demo_ctx.actor, tentang="Diubah di meja lain")
    monkeypatch.setattr(sk_page.SetSkDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(sk_page.SetSkDialog, "value", lambda self: (date(2025, 1, 7), ""))
    tab.set_sk()
    assert not tab.set_button.isEnabled()
    assert wait_for(lambda: not tab.setting_sk, 30)
    assert _no_message_boxes == ["Draf SK telah diubah pengguna lain; muat ulang lalu ulangi"]
    assert tab.set_button.isEnabled() and tab.edit_button.isEnabled() and tab.new_button.isEnabled()
    assert sk_service.detail_sk(demo_ctx.db, draft.id, by=demo_ctx.actor).sk.status == sk_service.DRAF
    assert demo_ctx.tasks.wait_idle(30_000)  # the preview render ends before the page is deleted


def test_verification_screen(demo_ctx: AppContext, qtbot: Any) -> None:
    from datetime import date

    sk = sk_service.tetapkan_sk(demo_ctx.db, _draft(demo_ctx, 2).id, tanggal=date(2025, 1, 7), by=demo_ctx.actor)
    page = SkPage(demo_ctx)
    qtbot.addWidget(page)
    tab = page.verify_tab
    tab.code.setText(sk.kode_verifikasi.lower())
    tab.check_button.click()
    assert tab.last is not None and tab.last.status == "ASLI"
    assert sk.nomor in tab.details.text() and tab.people_model.rowCount() == 2
    page.resize(1000, 500)
    _shot(tab, "verifikasi_asli")
    tab.code.setText(sk.kode_verifikasi[:-1] + ("0" if sk.kode_verifikasi[-1] != "0" else "1"))
    tab.check_button.click()
    assert tab.last.status == "KODE_TIDAK_SAH" and "tidak sah" in tab.result.text()
    assert tab.people_model.rowCount() == 0


def test_reader_sees_no_setting_or_printing_actions(demo_ctx: AppContext, qtbot: Any) -> None:
    page = SkPage(AppContext(db=demo_ctx.db, actor=PEMBACA, tasks=None))
    qtbot.addWidget(page)
    assert page.settings_tab is None
    assert not page.list_tab.new_button.isVisibleTo(page)
    assert not page.list_tab.set_button.isVisibleTo(page)


def test_document_settings_sample_preview_and_validation(demo_ctx: AppContext, qtbot: Any,
                                                         _no_message_boxes: list[str]) -> None:
    page = SkPage(demo_ctx)
    qtbot.addWidget(page)
    settings = page.settings_tab
    assert settings is not None
    settings.kertas.setCurrentIndex(settings.kertas.findData("A4"))
    settings.ordinal.setCurrentIndex(settings.ordinal.findData("PERTAMA"))
    assert settings.save_settings()
    from mutasi_desktop.services.office_settings_service import get_pengaturan_dokumen

    stored = get_pengaturan_dokumen(demo_ctx.db, by=demo_ctx.actor)
    assert stored.kertas == "A4" and stored.gaya_ordinal == "PERTAMA"
    path = settings.show_sample()
    assert path is not None and settings.preview.document.pageCount() >= 2
    settings.resize(1400, 900)
    _shot(settings, "pengaturan_dokumen")

    settings.text_key.setCurrentIndex(settings.text_key.findData("tentang"))
    settings.text_edit.setPlainText("Pemindahan {jenis_asn} {tidak_ada}")
    assert not settings.save_texts()
    assert "{tidak_ada}" in _no_message_boxes[-1]
    settings.pola.setText("{kode}/{unit}/{tahun}")
    assert "{urut}" in settings.contoh.text()
    assert not settings.save_template()


def test_laporan_page_shows_and_saves(demo_ctx: AppContext, qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from openpyxl import load_workbook

    from mutasi_desktop.services import report_service as report_service_module

    page = LaporanPage(demo_ctx)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.show_report()
    qtbot.waitUntil(lambda: page.preview.path is not None, timeout=20_000)
    assert page.laporan is not None and page.laporan.judul == "Rekapitulasi Mutasi Pegawai"
    _shot(page, "laporan_rekap")
    xlsx = page.save(".xlsx", tmp_path / "rekap.xlsx")
    assert xlsx is not None and "Menurut jenis mutasi" in load_workbook(xlsx).sheetnames
    # The clerk saves again while rekap.xlsx is still open in Excel: an Indonesian warning, not silence.
    warned: list[str] = []

    def locked(*_a: Any, **_k: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(tmp_path / "rekap.xlsx"))

    with monkeypatch.context() as m:
        m.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: warned.append(text)))
        m.setattr(report_service_module, "simpan_laporan", locked)
        assert page.save(".xlsx", tmp_path / "rekap.xlsx") is None
    assert len(warned) == 1 and "Tutup berkas itu" in warned[0] and "Errno" not in warned[0]
    page.kind.setCurrentIndex(2)
    page.show_report()
    qtbot.waitUntil(lambda: page.laporan is not None and page.laporan.judul == "Daftar Nominatif Pegawai",
                    timeout=20_000)


def test_print_path_renders_every_page(qtbot: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from mutasi_desktop.documents.pdf.sample import sample_sk
    from mutasi_desktop.documents.pdf.sk_pdf import render_sk
    from mutasi_desktop.ui.sk.pdf_preview import PdfPreview, print_pdf

    source = render_sk(sample_sk(12), tmp_path / "sk.pdf")
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.show_file(source)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_pdf(preview.document, printer)
    printed = PdfReader(str(tmp_path / "printed.pdf")).pages
    assert len(printed) == len(PdfReader(str(source)).pages)
    first, last = printed[0].mediabox, printed[-1].mediabox
    assert first.height > first.width and last.width > last.height, "lampiran pages print landscape"


def test_tetapkan_dialog_shows_its_hints_whole(qtbot: Any) -> None:
    from mutasi_desktop.ui.sk.sk_dialogs import SetSkDialog

    dialog = SetSkDialog("berikutnya, saat ini 800.1.3.3/Kep.3/BKPSDM/2026,")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    hint = dialog.tempat.placeholderText()
    # The clerk reads the whole hint ("kosongkan: ibu kota daerah"), not "kosongkan: ibu k…".
    assert dialog.tempat.width() > dialog.tempat.fontMetrics().horizontalAdvance(hint) + 12


def test_window_commands_reach_the_sk_list(main_window: Any, monkeypatch: Any) -> None:
    from mutasi_desktop.ui.sk.sk_page import NewSkDialog

    main_window.navigate("sk")
    page = main_window.current_page()
    page.tabs.setCurrentWidget(page.verify_tab)
    for command in ("find", "refresh", "new"):  # Ctrl+F, F5, Ctrl+N were greyed out here
        assert main_window.actions_by_command[command].isEnabled(), command
    assert main_window.dispatch("find")
    assert page.tabs.currentWidget() is page.list_tab
    opened: list[str] = []
    monkeypatch.setattr(NewSkDialog, "exec", lambda self: opened.append("SK baru") or QDialog.DialogCode.Rejected)
    assert main_window.dispatch("new") and opened == ["SK baru"]
    assert main_window.dispatch("refresh")
    reader = SkPage(AppContext(db=page.list_tab.ctx.db, actor=PEMBACA, tasks=None))
    assert reader.can_create is False  # "Baru" greys out for a Pembaca
    reader.deleteLater()


def test_saving_over_a_document_still_open_warns_in_indonesian(demo_ctx: AppContext, qtbot: Any, tmp_path: Path,
                                                               monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QFileDialog

    from mutasi_desktop.ui.sk import pdf_preview

    target = tmp_path / "petikan.docx"

    def locked(*_a: Any, **_k: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(target))

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: warned.append(text)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    page = SkPage(demo_ctx)
    qtbot.addWidget(page)
    tab = page.list_tab
    tab.table.selectRow(0)
    qtbot.waitUntil(lambda: tab.current is not None and tab.preview.path is not None, timeout=20_000)
    monkeypatch.setattr(sk_print_service, "ekspor_docx", locked)
    tab.export_docx()  # the .docx is still open in Word: was silent (the error escaped the slot)
    preview = pdf_preview.PdfPreview()
    qtbot.addWidget(preview)
    source = tmp_path / "sk.pdf"
    source.write_bytes(b"%PDF-1.4\n%%EOF\n")
    preview._path = source
    monkeypatch.setattr(pdf_preview.shutil, "copyfile", locked)
    preview.save_as()  # was "Berkas tidak dapat disimpan: [Errno 13] Permission denied: …"
    assert len(warned) == 2, warned
    assert all("Tutup berkas itu" in text and "Errno" not in text for text in warned), warned


def test_ctrl_s_on_laporan_asks_to_show_the_report_first(main_window: Any, monkeypatch: Any) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _p, _t, text, *a, **k: told.append(text)))
    main_window.navigate("laporan")
    assert main_window.actions_by_command["save"].isEnabled()
    assert main_window.dispatch("save")  # raised TypeError: save() missing 'suffix'
    assert told == ["Tampilkan laporan lebih dulu."]



def test_document_settings_texts_are_not_cut_on_a_1366_px_screen(main_window: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    main_window.resize(1366, 768)
    main_window.navigate("sk")
    page = main_window.current_page()
    settings = page.settings_tab
    assert settings is not None
    page.tabs.setCurrentWidget(settings)
    for index in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        for label in settings.tabs.currentWidget().findChildren(QLabel):
            if label.isVisible() and label.text() and not label.wordWrap():
                assert label.sizeHint().width() <= label.width(), (settings.tabs.tabText(index), label.text())


def test_a_saved_paper_size_shows_in_the_draft_preview_on_return(demo_ctx: AppContext, qtbot: Any,
                                                                 _no_message_boxes: list[str]) -> None:
    from pypdf import PdfReader

    def page_mm(path: Path) -> tuple[int, int]:
        box = PdfReader(str(path)).pages[0].mediabox
        return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)

    draft = _draft(demo_ctx, 2)
    page = SkPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    tab = page.list_tab
    assert tab.select_sk(draft.id)
    qtbot.waitUntil(lambda: tab.preview.path is not None, timeout=20_000)
    before = tab.preview.path
    settings = page.settings_tab
    page.tabs.setCurrentWidget(settings)
    other = "A4" if page_mm(before) != (210, 297) else "F4"
    settings.kertas.setCurrentIndex(settings.kertas.findData(other))
    assert settings.save_settings()
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.preview.path not in (None, before), timeout=20_000)
    assert page_mm(tab.preview.path) == ((210, 297) if other == "A4" else (215, 330))


def test_restoring_the_default_text_can_be_undone(demo_ctx: AppContext, qtbot: Any) -> None:
    page = SkPage(demo_ctx)
    qtbot.addWidget(page)
    settings = page.settings_tab
    settings.text_key.setCurrentIndex(settings.text_key.findData("tentang"))
    own = "Pemindahan {jenis_asn} antar-OPD di Lingkungan Pemerintah {daerah}"
    settings.text_edit.setPlainText(own)
    settings.reset_text.click()
    assert settings.text_edit.toPlainText() != own
    settings.text_edit.undo()  # Ctrl+Z after a misclick
    assert settings.text_edit.toPlainText() == own
    assert settings._texts["tentang"] == " ".join(own.split())  # what Simpan teks would store
