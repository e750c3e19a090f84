"""One mutasi cycle as BKPSDM clerks do it, through the real main window's widgets.

Operator drafts three usul (form, rule check), submits them and fills the checklist with a scan;
the Verifikator verifies two and returns one as Berkas Tidak Lengkap, which the Operator resubmits;
the Pejabat approves; the Operator groups them in a kelompok and drafts the SK from it; the Pejabat
sets it (number assigned), prints every petikan with progress, the SPMT and the surat pemberitahuan
are produced, the SPMT is recorded so the mutasi applies, the pegawai's post and riwayat jabatan
change, the printed code verifies, and one mutasi is corrected (reversed).

Dialogs run without a nested event loop: ``QDialog.exec`` is replaced by a driver that shows the
real dialog, lets the step fill in its widgets and press its buttons, and returns the result.
Set ``MUTASI_E2E_SHOTS=/some/dir`` to keep a screenshot of every step.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)
from qt_wait import wait_for

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.dates import format_tanggal_angka
from mutasi_desktop.domain.eligibility import TIDAK_LULUS, summarize
from mutasi_desktop.domain.roles import Actor, Peran
from mutasi_desktop.services import usul_service
from mutasi_desktop.services.pegawai_query import PegawaiFilter, fetch_pegawai
from mutasi_desktop.services.pegawai_service import get_pegawai
from mutasi_desktop.services.usul_query import formasi_options
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.main_window import MainWindow
from mutasi_desktop.ui.record_table_model import ROW_ROLE

pytestmark = pytest.mark.slow

OPERATOR = Actor(username="sari", nama="Sari Operator", peran=frozenset({Peran.OPERATOR}))
VERIFIKATOR = Actor(username="budi", nama="Budi Verifikator", peran=frozenset({Peran.VERIFIKATOR}))
PEJABAT = Actor(username="pejabat", nama="Drs. Pejabat", peran=frozenset({Peran.PEJABAT}))
NOMOR_SK = re.compile(r"^[\d.]+/Kep\.\d+/BKPSDM/\d{4}$")  # e.g. 800.1.3.3/Kep.3/BKPSDM/2026


# ------------------------------------------------------------------ harness
class Desk:
    """The dialogs, message boxes and file pickers the clerks meet, answered by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.steps: deque[Callable[[QDialog], None]] = deque()
        self.messages: list[tuple[str, str, str]] = []
        self.save_to: Path = tmp_path / "unnamed.pdf"
        self.open_file: Path = tmp_path / "none.pdf"
        self.folder: Path = tmp_path
        self.batch_title = ""
        desk = self

        def exec_dialog(dialog: QDialog) -> int:
            assert desk.steps, f"unexpected dialog {type(dialog).__name__}: {dialog.windowTitle()}"
            dialog.show()
            QApplication.processEvents()
            desk.steps.popleft()(dialog)
            QApplication.processEvents()
            if dialog.isVisible():  # the step left it open: the clerk gives up
                dialog.reject()
            return dialog.result()

        monkeypatch.setattr(QDialog, "exec", exec_dialog)
        for kind in ("information", "warning", "critical", "question"):
            def box(*args: Any, _kind: str = kind, **_kw: Any) -> QMessageBox.StandardButton:
                desk.messages.append((_kind, str(args[1]), str(args[2])))
                return QMessageBox.StandardButton.Yes if _kind == "question" else QMessageBox.StandardButton.Ok
            monkeypatch.setattr(QMessageBox, kind, staticmethod(box))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(desk.save_to), "")))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(desk.open_file), "")))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(desk.folder)))
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (desk.batch_title, True)))

    def then(self, step: Callable[[QDialog], None]) -> None:
        self.steps.append(step)

    def warnings(self) -> list[str]:
        return [text for kind, _t, text in self.messages if kind in ("warning", "critical")]


def settle(window: MainWindow) -> None:
    window.ctx.tasks.wait_idle()
    QApplication.processEvents()
    window.ctx.tasks.wait_idle()


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("MUTASI_E2E_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def press(dialog: QDialog, text: str) -> None:
    """Click the dialog's button labelled ``text`` (as the clerk reads it)."""
    buttons = [b for b in dialog.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert buttons, f"no button '{text}' in {dialog.windowTitle()}: {[b.text() for b in dialog.findChildren(QPushButton)]}"
    buttons[0].click()


def ok(dialog: QDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def scan_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "Pindaian rekomendasi kepala OPD (contoh sintetis)")
    c.save()
    return path


def pick_moves(db: Database, n: int) -> list[tuple[Any, Any]]:
    """Pegawai PNS and a vacant formasi of the same jabatan elsewhere that pass the rules (the clerk's
    knowledge of who moves where; everything after this goes through the screens)."""
    vacancies = [f for f in formasi_options(db, by=OPERATOR, hanya_lowong=True) if f.sisa > 0]
    people = fetch_pegawai(db, OPERATOR, PegawaiFilter(hanya_aktif=True, status_kepegawaian="PNS"), limit=400).rows
    moves: list[tuple[Any, Any]] = []
    taken: set[int] = set()
    for p in people:
        for f in vacancies:
            if f.formasi_id in taken or f.jabatan_nama != p.jabatan or f.unit_nama == p.unit:
                continue
            results = usul_service.preview_check(db, usul_service.UsulInput(
                pegawai_id=p.id, jenis_mutasi="ANTAR_OPD", alasan="KEBUTUHAN_ORGANISASI", tmt_rencana=date.today(),
                tujuan_formasi_id=f.formasi_id), by=OPERATOR)
            if summarize(results) != TIDAK_LULUS:
                moves.append((p, f))
                taken.add(f.formasi_id)
            break
        if len(moves) == n:
            return moves
    pytest.skip("the demo kabupaten has too few eligible moves")


# ------------------------------------------------------------------ the cycle
@pytest.fixture
def windows(demo_db: Database, tasks: Any, qtbot: Any) -> dict[str, MainWindow]:
    out = {}
    for key, actor in (("op", OPERATOR), ("ver", VERIFIKATOR), ("pej", PEJABAT)):
        window = MainWindow(AppContext(db=demo_db, actor=actor, tasks=tasks))
        qtbot.addWidget(window)
        window.resize(1400, 860)
        window.show()
        out[key] = window
    for window in out.values():
        settle(window)
    return out


def usul_page(window: MainWindow, usul_id: int | None = None) -> Any:
    window.navigate("usul")
    settle(window)
    page = window.current_page()
    page.tabs.setCurrentIndex(0)
    page.refresh(keep=True)
    settle(window)
    if usul_id is not None:
        page.select(usul_id)
        assert page.detail.usul is not None and page.detail.usul.id == usul_id
    return page


def status_in_list(page: Any, usul_id: int) -> str:
    return next(r.status_label for r in page.model.rows if r.id == usul_id)


def act(window: MainWindow, desk: Desk, usul_id: int, aksi: str, *, note: str = "", nomor: str = "",
        tanggal: date | None = None) -> Any:
    page = usul_page(window, usul_id)
    button = page.detail.action_buttons.get(aksi)
    assert button is not None, f"{window.ctx.actor.username} sees no {aksi}: {list(page.detail.action_buttons)}"

    def fill(dialog: QDialog) -> None:
        if nomor:
            dialog.nomor.setText(nomor)
        if tanggal is not None:
            dialog.tanggal.setText(format_tanggal_angka(tanggal))
        dialog.catatan.setPlainText(note)
        press(dialog, "Lanjutkan")
        assert not dialog.isVisible(), dialog.error.text()

    desk.then(fill)
    button.click()
    settle(window)
    return page


def test_mutasi_cycle_from_usul_to_applied_and_corrected(windows: dict[str, MainWindow], demo_db: Database,
                                                        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    desk = Desk(monkeypatch, tmp_path)
    op, ver, pej = windows["op"], windows["ver"], windows["pej"]
    today = date.today()
    moves = pick_moves(demo_db, 3)

    # 1. Operator drafts three usul from the Usul Mutasi page.
    page = usul_page(op)
    shot(op, "01_usul_operator")
    assert page.new_button.isEnabled()
    ids: list[int] = []
    for n, (pegawai, formasi) in enumerate(moves):
        def draft(dialog: QDialog, p: Any = pegawai, f: Any = formasi, first: bool = n == 0) -> None:
            assert dialog.width() <= 1366, "the usul form must fit a laptop screen"
            dialog.cari.setFocus()
            dialog.cari.setText(p.nip)
            QTest.keyClick(dialog.cari, Qt.Key.Key_Return)  # Enter searches; it must not press Simpan draf
            assert dialog.isVisible() and not dialog.error.isVisible()
            assert p.nama in dialog.pegawai.currentText()
            dialog.jenis.set_value("ANTAR_OPD")
            dialog.alasan.set_value("KEBUTUHAN_ORGANISASI")
            dialog.hanya_lowong.setChecked(True)
            assert all("tidak ada lowongan" not in dialog.formasi.itemText(i) for i in range(1, dialog.formasi.count()))
            dialog.formasi.set_value(f.formasi_id)
            assert "lowong" in dialog.formasi.currentText()
            dialog.tmt.setText(format_tanggal_angka(today))
            dialog.catatan.setPlainText("Pengisian formasi lowong")
            press(dialog, "Periksa syarat")
            assert dialog.rules.rowCount() >= 10
            assert "Kesimpulan" in dialog.check_summary.text() and "Tidak lulus" not in dialog.check_summary.text()
            if first:
                shot(dialog, "02_usul_form_checked")
            press(dialog, "Simpan draf")
            assert not dialog.isVisible(), dialog.error.text()

        desk.then(draft)
        page.new_button.click()
        settle(op)
        assert page.detail.usul is not None and pegawai.nama in page.detail.usul.nama
        ids.append(page.detail.usul.id)
        assert page.selected_id() == ids[-1], "the saved usul is selected in the list"
        assert page.detail.rule_summary.text().startswith("Kesimpulan"), "the check run on the form is kept"
        assert status_in_list(page, ids[-1]) == "Draf"
    shot(op, "03_usul_drafted")

    # 2. Operator submits; roles decide which buttons exist.
    for usul_id in ids:
        page = act(op, desk, usul_id, "AJUKAN", note="Diajukan oleh OPD")
        assert status_in_list(page, usul_id) == "Diajukan"
        assert set(page.detail.action_buttons) == {"BATALKAN"}
    assert page.detail.rule_summary.text().startswith("Kesimpulan"), "the check is stored at submission"

    # 3. The checklist, with a scan attached to the first item.
    desk.open_file = scan_pdf(tmp_path / "rekomendasi.pdf")

    def fill_checklist(window: MainWindow, usul_id: int, attach: bool = False) -> None:
        page = usul_page(window, usul_id)
        page.detail.tabs.setCurrentIndex(1)
        editor = page.detail.checklist
        for row in range(editor.model.rowCount()):
            editor.table.selectRow(row)
            editor.ada.click()
            settle(window)
        if attach:
            editor.table.selectRow(0)
            editor.lampirkan.click()
            settle(window)
            editor.table.selectRow(0)
            assert editor.buka.isEnabled() and editor.current().lampiran_nama == "rekomendasi.pdf"
        done, total = re.findall(r"\d+", editor.summary.text())
        assert done == total != "0", editor.summary.text()

    fill_checklist(op, ids[0], attach=True)
    shot(op, "04_checklist")

    # 4. Verifikator: verifies one, returns one as Berkas Tidak Lengkap (a reason is required).
    page = usul_page(ver, ids[1])
    assert not page.new_button.isEnabled()
    assert set(page.detail.action_buttons) == {"VERIFIKASI", "BERKAS_TIDAK_LENGKAP", "TIDAK_MEMENUHI_SYARAT"}
    act(ver, desk, ids[0], "VERIFIKASI")

    def return_without_reason(dialog: QDialog) -> None:
        press(dialog, "Lanjutkan")
        assert dialog.isVisible() and dialog.error.text() == "Alasan wajib diisi."
        dialog.catatan.setPlainText("Rekomendasi kepala OPD asal belum dilampirkan")
        press(dialog, "Lanjutkan")

    page = usul_page(ver, ids[1])
    desk.then(return_without_reason)
    page.detail.action_buttons["BERKAS_TIDAK_LENGKAP"].click()
    settle(ver)
    assert status_in_list(usul_page(ver), ids[1]) == "Berkas Tidak Lengkap"

    # The Operator sees why, on top, and resubmits.
    page = usul_page(op, ids[1])
    assert page.detail.last_note.isVisible()
    assert "Rekomendasi kepala OPD asal belum dilampirkan" in page.detail.last_note.text()
    assert page.detail.edit_button.isEnabled()
    shot(op, "05_berkas_tidak_lengkap")
    act(op, desk, ids[1], "AJUKAN", note="Rekomendasi sudah dilampirkan")
    for usul_id in ids[1:]:
        fill_checklist(ver, usul_id)
        page = act(ver, desk, usul_id, "VERIFIKASI")
        assert status_in_list(page, usul_id) == "Diverifikasi"

    # 5. Pejabat approves.
    page = usul_page(pej, ids[0])
    assert not page.new_button.isEnabled()
    assert set(page.detail.action_buttons) == {"SETUJUI", "TOLAK"}
    for usul_id in ids:
        page = act(pej, desk, usul_id, "SETUJUI")
        assert status_in_list(page, usul_id) == "Disetujui"
    shot(pej, "06_disetujui")

    # The pegawai is told of the planned move (surat pemberitahuan), before the SK.
    moved, target = moves[0]
    page = usul_page(op, ids[0])
    desk.save_to = tmp_path / "pemberitahuan.pdf"
    page.detail.surat_button.click()
    letter = pdf_text(desk.save_to)
    assert "Pemberitahuan Rencana Mutasi" in letter and moved.nama.split(",")[0] in letter
    assert target.unit_nama.split()[0] in letter

    # 6. Operator groups them in a kelompok (one SK).
    page = usul_page(op)
    page.tabs.setCurrentIndex(1)
    batches = page.batch_view
    before = batches.batches.rowCount()
    desk.batch_title = "Mutasi antar OPD (uji)"
    next(b for b in batches.findChildren(QPushButton) if b.text() == "Kelompok baru…").click()
    assert batches.batches.rowCount() == before + 1
    new_batch = max((batches.batch_proxy.data(batches.batch_proxy.index(r, 0), ROW_ROLE)
                     for r in range(batches.batch_proxy.rowCount())), key=lambda b: b.id)
    add = next(b for b in batches.findChildren(QPushButton) if b.text() == "Masukkan usul terpilih")
    for usul_id in ids:
        page.tabs.setCurrentIndex(0)
        page.select(usul_id)
        page.tabs.setCurrentIndex(1)
        settle(op)
        row = next(r for r in range(batches.batch_proxy.rowCount())
                   if batches.batch_proxy.data(batches.batch_proxy.index(r, 0), ROW_ROLE).id == new_batch.id)
        batches.batch_table.selectRow(row)
        add.click()
        settle(op)
    assert sorted(r.id for r in batches.members.rows) == sorted(ids)
    assert "tetap dalam batas kebutuhan" in batches.note.text()
    next(b for b in batches.findChildren(QPushButton) if b.text() == "Periksa seluruh kelompok").click()
    assert re.match(r"Diperiksa 3 usul yang masih berjalan: \d lulus, \d peringatan, 0 tidak lulus\.",
                    batches.note.text()), batches.note.text()
    shot(op, "07_kelompok")

    # 7. The SK: drafted by the Operator from the kelompok, set by the Pejabat.
    op.navigate("sk")
    settle(op)
    sk_op = op.current_page().list_tab
    assert sk_op.new_button.isVisible() and not sk_op.set_button.isVisible()

    def new_sk(dialog: QDialog) -> None:
        dialog.kelompok.setCurrentIndex(dialog.kelompok.findData(new_batch.id))
        assert sorted(dialog.chosen_ids()) == sorted(ids)
        shot(dialog, "08_sk_baru")
        press(dialog, "Buat draf SK")

    desk.then(new_sk)
    sk_op.new_button.click()
    settle(op)
    assert sk_op.current is not None and sk_op.current.sk.status == "DRAF"
    assert sorted(p.usul_id for p in sk_op.current.pegawai) == sorted(ids)
    sk_id = sk_op.current.sk.id

    pej.navigate("sk")
    settle(pej)
    sk_page = pej.current_page()
    tab = sk_page.list_tab
    tab.reload()
    assert tab.select_sk(sk_id)
    settle(pej)
    assert tab.set_button.isVisible() and tab.set_button.isEnabled()
    announced: list[str] = []
    desk.then(lambda dialog: (shot(dialog, "09_tetapkan"), announced.append(
        dialog.findChild(QLabel, "keteranganTetapkan").text()), press(dialog, "Tetapkan dan beri nomor")))
    tab.set_button.click()
    settle(pej)
    sk = tab.current.sk
    assert sk.status == "DITETAPKAN" and NOMOR_SK.match(sk.nomor), sk.nomor
    assert f"nomor berikutnya, saat ini {sk.nomor}," in announced[0], "the Pejabat saw the number beforehand"
    assert ("information", "Tetapkan SK", f"SK ditetapkan dengan nomor {sk.nomor}.") in desk.messages
    assert not tab.set_button.isEnabled() and tab.petikan_button.isEnabled()
    assert wait_for(lambda: tab.preview.document.pageCount() > 0, 15), "the SK preview shows"
    assert tab.preview.stack.currentWidget() is tab.preview.view
    shot(pej, "10_sk_ditetapkan")

    # 8. Every petikan, in the background with progress.
    desk.folder = tmp_path / "petikan"
    desk.folder.mkdir()
    tab.petikan_button.click()
    assert wait_for(lambda: any("petikan disimpan" in m[2] for m in desk.messages), 120), desk.messages
    settle(pej)
    files = sorted(desk.folder.glob("petikan_*.pdf"))
    assert len(files) == len(ids) + 1  # one per pegawai and the combined file
    names = {p.nip: p.nama for p, _f in moves}
    for path in files:
        text = pdf_text(path)
        assert sk.nomor in text
        if "semua" not in path.name:
            assert any(nip in path.name and nama.split(",")[0] in text for nip, nama in names.items()), path.name

    # 9. SPMT and surat pemberitahuan.
    tab.people.selectRow(0)
    person = tab.selected_person()
    assert tab.spmt_button.isEnabled()
    tab.spmt_button.click()
    desk.save_to = tmp_path / "spmt.pdf"
    tab.preview.save_button.click()
    spmt = pdf_text(desk.save_to)
    assert "SURAT PERNYATAAN MELAKSANAKAN TUGAS" in spmt and sk.nomor in spmt
    assert person.nama.split(",")[0] in spmt
    shot(pej, "11_spmt")
    page = usul_page(op, person.usul_id)
    assert not page.detail.surat_button.isEnabled(), "after the SK the pegawai gets the petikan, not a plan letter"

    # 10. SPMT recorded: the mutasi applies.
    for usul_id in ids:
        page = act(pej, desk, usul_id, "LAKSANAKAN", tanggal=today, note="SPMT diterima")
        assert status_in_list(page, usul_id) == "Dilaksanakan"
    assert not desk.warnings(), desk.warnings()
    shot(pej, "12_dilaksanakan")

    # 11. The pegawai's record, as the Pegawai page opens it.
    pej.navigate("pegawai")
    settle(pej)
    pegawai_page = pej.current_page()
    pegawai_page.search.setText(moved.nip)
    pegawai_page.apply_filter()
    settle(pej)
    assert wait_for(lambda: pegawai_page.model.total == 1, 10)
    pegawai_page.table.selectRow(0)
    seen: dict[str, Any] = {}

    def look(dialog: QDialog) -> None:
        seen["detail"] = dialog.detail
        shot(dialog, "13_pegawai_sesudah")
        dialog.tabs.setCurrentIndex(1)  # Riwayat jabatan
        shot(dialog, "13b_riwayat_jabatan")

    desk.then(look)
    pegawai_page.open_selected()
    detail = seen["detail"]
    assert (detail.jabatan, detail.unit) == (target.jabatan_nama, target.unit_nama)
    latest = max(detail.riwayat["jabatan"], key=lambda r: (r.values["tmt_jabatan"], r.id))
    assert latest.values["nomor_sk"] == sk.nomor and latest.values["unit_nama"] == target.unit_nama

    # 12. The printed code verifies; a mistyped one does not.
    pej.navigate("sk")
    settle(pej)
    sk_page.tabs.setCurrentWidget(sk_page.verify_tab)
    verify = sk_page.verify_tab
    verify.code.setText(sk.kode_verifikasi)
    QTest.keyClick(verify.code, Qt.Key.Key_Return)
    assert "asli" in verify.result.text().lower() and sk.nomor in verify.result.text()
    assert {r.nama for r in verify.people_model.rows} == {p.nama for p in sk_op.current.pegawai}
    shot(pej, "14_verifikasi")
    verify.code.setText(sk.kode_verifikasi[:-1] + ("A" if sk.kode_verifikasi[-1] != "A" else "B"))
    verify.check_button.click()
    assert "tidak sah" in verify.result.text()

    # 13. A mistaken mutasi is corrected: history stays, the post goes back.
    page = act(pej, desk, ids[0], "KOREKSI", nomor="800.1.3.3/Kep.99/BKPSDM/2026", tanggal=today,
               note="Salah unit tujuan")
    assert status_in_list(page, ids[0]) == "Dikoreksi"
    assert "Salah unit tujuan" in page.detail.last_note.text()
    after = get_pegawai(demo_db, PEJABAT, moved.id)
    assert (after.jabatan, after.unit) == (moved.jabatan, moved.unit)
    assert any(r.values["nomor_sk"] == sk.nomor for r in after.riwayat["jabatan"]), "history is not deleted"
    shot(pej, "15_dikoreksi")
    assert not desk.steps, "every expected dialog appeared"


def test_clerk_keyboard_and_discard_prompt_on_the_usul_form(windows: dict[str, MainWindow],
                                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Escape on a filled form asks first; Ctrl+Enter continues an action dialog from the note field."""
    desk = Desk(monkeypatch, tmp_path)
    op = windows["op"]
    page = usul_page(op)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[2]) or next(answers)))

    def type_then_escape(dialog: QDialog) -> None:
        dialog.catatan.setPlainText("draf setengah jadi")
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible(), "No keeps the form open"
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    desk.then(type_then_escape)
    page.new_button.click()
    assert asked == ["Isian usul belum disimpan. Tutup dan buang perubahan?"] * 2

    draft = next(r for r in page.model.rows if r.status == "DRAF")
    page.select(draft.id)

    def ctrl_enter(dialog: QDialog) -> None:
        dialog.catatan.setFocus()
        QTest.keyClick(dialog.catatan, Qt.Key.Key_Return)
        assert dialog.isVisible(), "Enter in the note is a new line"
        QTest.keyClick(dialog.catatan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted

    desk.then(ctrl_enter)
    page.detail.action_buttons["AJUKAN"].click()
    settle(op)
    assert status_in_list(usul_page(op), draft.id) == "Diajukan"


def test_unexpected_petikan_failure_reads_as_indonesian(windows: dict[str, MainWindow], demo_db: Database,
                                                        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A crash inside the petikan batch is reported in Indonesian, not as a Python exception text."""
    from mutasi_desktop.services import sk_print_service

    desk = Desk(monkeypatch, tmp_path)
    pej = windows["pej"]
    pej.navigate("sk")
    settle(pej)
    tab = pej.current_page().list_tab
    ditetapkan = next(r for r in tab.model.rows if r.status == "DITETAPKAN")
    assert tab.select_sk(ditetapkan.id)
    settle(pej)

    def broken(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("An attempt has been made to start a new process before bootstrapping")

    monkeypatch.setattr(sk_print_service, "cetak_petikan", broken)
    tab.petikan_button.click()
    assert wait_for(lambda: bool(desk.warnings()), 30)
    settle(pej)
    (text,) = desk.warnings()
    assert text.startswith("Terjadi kesalahan tak terduga (RuntimeError)") and "attempt" not in text


def test_tab_walks_the_usul_form_in_reading_order(windows: dict[str, MainWindow], monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    desk = Desk(monkeypatch, tmp_path)
    page = usul_page(windows["op"])
    order: list[str] = []

    def walk(dialog: QDialog) -> None:
        dialog.cari.setFocus()
        for _ in range(14):
            widget = QApplication.focusWidget()
            order.append(widget.objectName() or type(widget).__name__)
            QTest.keyClick(widget, Qt.Key.Key_Tab)
        dialog.reject()

    desk.then(walk)
    page.new_button.click()
    wanted = ["usulCariPegawai", "usulPegawai", "usulJenis", "usulAlasan", "usulFormasi", "usulHanyaLowong",
              "usulTmt", "usulCatatan", "usulFormPeriksa"]
    positions = [order.index(name) for name in wanted]
    assert positions == sorted(positions), order


@pytest.mark.parametrize(("who", "visible"), [
    ("op", {"SK baru…", "Ubah draf…", "Hapus draf", "Cetak semua petikan…", "Ekspor .docx…", "Buat SK pengganti"}),
    ("ver", set()),
    ("pej", {"SK baru…", "Tetapkan SK…", "Ubah draf…", "Hapus draf", "Cetak semua petikan…", "Ekspor .docx…",
             "Buat SK pengganti"}),
])
def test_sk_page_shows_each_role_only_its_buttons(windows: dict[str, MainWindow], who: str, visible: set[str]) -> None:
    window = windows[who]
    window.navigate("sk")
    settle(window)
    tab = window.current_page().list_tab
    assert tab.preview.stack.currentWidget() is tab.preview.hint, "an empty preview says why"
    assert tab.preview.hint.text() == "Belum ada dokumen untuk dipratinjau"
    assert tab.select_sk(tab.model.rows[0].id)
    settle(window)
    buttons = {b.text() for b in (tab.new_button, tab.set_button, tab.edit_button, tab.delete_button,
                                  tab.petikan_button, tab.docx_button, tab.replace_button) if b.isVisibleTo(tab)}
    assert buttons == visible
    assert tab.preview.print_button.isVisibleTo(tab) == (who != "ver")
    assert tab.spmt_button.isVisibleTo(tab) == (who != "ver")


def test_catat_surat_offers_only_letters_that_apply(windows: dict[str, MainWindow], monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    """Inside the kabupaten only the Mendagri approval can apply; between instansi all four letters."""
    Desk(monkeypatch, tmp_path)
    page = usul_page(windows["op"])
    offered: dict[bool, list[str]] = {}

    def get_item(_parent: Any, _title: str, _label: str, items: list[str], *_a: Any, **_k: Any) -> tuple[str, bool]:
        offered[page.detail.usul.antar_instansi] = list(items)
        return "", False

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    for antar in (False, True):
        row = next(r for r in page.model.rows if r.status in ("DIAJUKAN", "DIVERIFIKASI", "DISETUJUI", "SK_DITETAPKAN")
                   and usul_service.get_usul(page.ctx.db, r.id, by=OPERATOR).antar_instansi is antar)
        page.select(row.id)
        assert page.detail.langkah_button.isEnabled()
        page.detail.langkah_button.click()
    assert offered[False] == ["Persetujuan tertulis Menteri Dalam Negeri"]
    assert len(offered[True]) == 4


def test_a_mistyped_period_is_pointed_out_not_silently_ignored(windows: dict[str, MainWindow]) -> None:
    page = usul_page(windows["op"])
    total = page.model.rowCount()
    page.dari.setText("31-13-2026")
    page.refresh()
    settle(windows["op"])
    assert page.model.rowCount() == total
    assert "Tanggal awal periode '31-13-2026' tidak benar" in page.count.text()
    page.dari.setText("01-01-2000")
    page.refresh()
    settle(windows["op"])
    assert "tidak benar" not in page.count.text()
