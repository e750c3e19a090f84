"""The audit trail's detail reads column names as the clerk says them; the raw name stays a tooltip."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Pegawai
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.audit_service import AuditEntry
from mutasi_desktop.services.import_pegawai import COLUMN_LABELS
from mutasi_desktop.ui.labels import KOLOM_LABEL, kolom_label
from mutasi_desktop.ui.security.audit_page import AuditPage, describe_changes

SHOTS = Path("/tmp/mutasi-security-shots")


def test_detail_of_a_pegawai_change_shows_labels_and_keeps_the_raw_name_as_tooltip(demo_db: Database,
                                                                                    qtbot: Any) -> None:
    with demo_db.session(actor=SYSTEM, write=True) as s:
        pegawai = s.scalars(select(Pegawai).where(Pegawai.golongan_id.is_not(None)).limit(1)).one()
        pegawai_id = pegawai.id
        pegawai.tmt_jabatan = date(2024, 3, 1)
        pegawai.golongan_id = 32 if pegawai.golongan_id != 32 else 33  # III/b or III/c
    page = AuditPage(demo_db, SYSTEM)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    row = next(i for i, e in enumerate(page.model.rows)
               if e.entitas == "pegawai" and e.aksi == "UPDATE" and e.entitas_id == str(pegawai_id))
    cell = page.model.index(row, 6)  # Ringkasan: worded in the table too, the stored text as tooltip
    assert cell.data() == "Ubah Pegawai: Golongan, TMT jabatan"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Ubah pegawai: golongan_id, tmt_jabatan"
    page.table.selectRow(row)
    shown = page.detail.toPlainText()
    assert "TMT jabatan: " in shown and "Golongan: " in shown
    assert "Ubah Pegawai: Golongan, TMT jabatan" in shown  # the summary line too
    assert "tmt_jabatan" not in shown and "golongan_id" not in shown
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "audit-label-kolom.png"))
    # Hovering the TMT jabatan line tells support staff the database's column name.
    block = page.detail.document().find("TMT jabatan: ").block()
    assert block.isValid()
    rect = page.detail.blockBoundingGeometry(block).translated(page.detail.contentOffset())
    assert page.column_name_at(rect.center().toPoint()) == "tmt_jabatan"
    first_line = page.detail.blockBoundingGeometry(page.detail.document().firstBlock())
    assert page.column_name_at(first_line.translated(page.detail.contentOffset()).center().toPoint()) is None


def test_unlisted_columns_read_as_words_and_pegawai_labels_match_the_import() -> None:
    assert kolom_label("updated_by") == "Diubah oleh"
    assert kolom_label("unit_id") == "Unit kerja"
    assert kolom_label("kolom_yang_baru") == "Kolom yang baru"
    # One name per pegawai column across the app: the import's preview and the audit trail agree.
    assert {k: KOLOM_LABEL[k] for k in COLUMN_LABELS} == COLUMN_LABELS


def test_summaries_a_service_wrote_are_shown_as_stored() -> None:
    entry = AuditEntry(9, datetime(2025, 1, 2, 3, 4, 5), "budi", "UPDATE", "unit_kerja", "3",
                       "Pindahkan unit: parent_id", {"kolom": {"parent_id": {"lama": 1, "baru": 2},
                                                               "siasn_unor_id": {"baru": "X"}}}, "cd" * 32)
    text = describe_changes(entry)
    assert "Pindahkan unit: parent_id" in text
    assert "Unit induk: 1 → 2" in text and "ID unor SIASN: 'X'" in text


def test_searching_a_label_finds_the_entries_that_name_its_column(demo_db: Database, qtbot: Any) -> None:
    with demo_db.session(actor=SYSTEM, write=True) as s:
        pegawai = s.scalars(select(Pegawai).limit(1)).one()
        pegawai_id = pegawai.id
        pegawai.tmt_jabatan = date(2024, 3, 1)
    page = AuditPage(demo_db, SYSTEM)
    qtbot.addWidget(page)
    page.teks.setText("TMT jabatan")  # as the clerk reads it on the screen
    page.refresh()
    qtbot.waitUntil(lambda: any(e.entitas_id == str(pegawai_id) for e in page.model.rows), timeout=10_000)
    assert all("tmt_jabatan" in e.ringkasan.lower() or "tmt jabatan" in e.ringkasan.lower()
               for e in page.model.rows)
    page.teks.setText("tmt_jabatan")  # the raw name still works
    page.refresh()
    qtbot.waitUntil(lambda: any(e.entitas_id == str(pegawai_id) for e in page.model.rows), timeout=10_000)
