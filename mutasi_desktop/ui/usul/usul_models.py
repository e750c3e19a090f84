"""Item models of the usul screens: column lists over the service dataclasses.

Every model is a :class:`RecordTableModel` (rows are frozen dataclasses, ``ROW_ROLE`` returns the
row, ``SORT_ROLE`` a native value); this module only says which columns each list shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from mutasi_desktop.domain.eligibility import RuleResult
from mutasi_desktop.domain.persyaratan import StatusBerkas
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services.usul_batch import FormasiBatch
from mutasi_desktop.services.usul_dto import BatchInfo, PersyaratanInfo, TransisiInfo, UsulRingkas
from mutasi_desktop.ui.labels import tanggal
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel

GREEN = QColor("#2f855a")
RED = QColor("#c53030")
AMBER = QColor("#b7791f")
GREY = QColor("#4a5568")

HASIL_COLOR = {"LULUS": GREEN, "TIDAK_LULUS": RED, "PERINGATAN": AMBER}


def _t(text: str) -> str:
    return QCoreApplication.translate("Usul", text)


def hasil_label(hasil: str | None) -> str:
    labels = {"LULUS": _t("Lulus"), "TIDAK_LULUS": _t("Tidak lulus"), "PERINGATAN": _t("Peringatan")}
    return labels.get(hasil or "", _t("Belum diperiksa"))


def hasil_symbol(hasil: str | None) -> str:
    return {"LULUS": "✔", "TIDAK_LULUS": "✖", "PERINGATAN": "▲"}.get(hasil or "", "·")


def status_color(status: str) -> QColor:
    try:
        s = StatusUsul(status)
    except ValueError:
        return GREY
    if s in (StatusUsul.DITOLAK, StatusUsul.TIDAK_MEMENUHI_SYARAT, StatusUsul.BERKAS_TIDAK_LENGKAP):
        return RED
    if s in (StatusUsul.DISETUJUI, StatusUsul.SK_DITETAPKAN, StatusUsul.DILAKSANAKAN):
        return GREEN
    return GREY


def usul_columns() -> list[Column]:
    return [
        Column(_t("Nomor"), lambda r: r.nomor),
        Column(_t("Status"), lambda r: r.status_label, foreground=lambda r: status_color(r.status)),
        Column(_t("NIP"), lambda r: r.nip),
        Column(_t("Nama"), lambda r: r.nama),
        Column(_t("Jenis mutasi"), lambda r: r.jenis_label),
        Column(_t("Asal"), lambda r: " — ".join(x for x in (r.asal_jabatan_nama, r.asal_unit_nama) if x)),
        Column(_t("Tujuan"), lambda r: r.tujuan_text),
        Column(_t("TMT"), lambda r: tanggal(r.tmt_rencana), sort_key=lambda r: r.tmt_rencana.toordinal()
               if r.tmt_rencana else 0),
        Column(_t("Syarat"), lambda r: f"{hasil_symbol(r.hasil_cek)} {hasil_label(r.hasil_cek)}",
               foreground=lambda r: HASIL_COLOR.get(r.hasil_cek or "", GREY)),
        Column(_t("Kelompok"), lambda r: r.batch_nomor),
        Column(_t("Dibuat"), lambda r: tanggal(r.created_at.date()), sort_key=lambda r: r.created_at.isoformat()),
    ]


def rule_columns() -> list[Column]:
    def color(r: RuleResult) -> Any:
        return HASIL_COLOR.get(r.hasil, GREY)

    return [
        Column(_t("Hasil"), lambda r: f"{hasil_symbol(r.hasil)} {hasil_label(r.hasil)}", foreground=color),
        Column(_t("Syarat"), lambda r: r.judul, tooltip=lambda r: r.kode),
        Column(_t("Alasan dan dasar hukum"), lambda r: f"{r.alasan}\n{_t('Dasar')}: {r.dasar_hukum}",
               tooltip=lambda r: r.dasar_hukum),
    ]


def berkas_label(status: str) -> str:
    try:
        return StatusBerkas(status).label
    except ValueError:
        return status


def persyaratan_columns() -> list[Column]:
    def color(r: PersyaratanInfo) -> Any:
        return {"ADA": GREEN, "PERBAIKAN": RED}.get(r.status, AMBER if r.wajib else GREY)

    return [
        Column(_t("No"), lambda r: str(r.urutan), sort_key=lambda r: r.urutan, align_right=True),
        Column(_t("Persyaratan"), lambda r: r.nama, tooltip=lambda r: r.nama),
        Column(_t("Wajib"), lambda r: _t("Wajib") if r.wajib else _t("Tambahan")),
        Column(_t("Status"), lambda r: berkas_label(r.status), foreground=color),
        Column(_t("Lampiran"), lambda r: r.lampiran_nama or ""),
        Column(_t("Catatan"), lambda r: r.catatan, tooltip=lambda r: r.catatan),
    ]


def transisi_columns() -> list[Column]:
    return [
        Column(_t("Waktu"), lambda r: r.waktu_lokal_text, sort_key=lambda r: r.waktu.isoformat()),
        Column(_t("Peristiwa"), lambda r: r.judul),
        Column(_t("Oleh"), lambda r: r.oleh),
        Column(_t("Surat"), lambda r: " ".join(x for x in (r.nomor_surat, tanggal(r.tanggal_surat)) if x)),
        Column(_t("Catatan"), lambda r: r.catatan, tooltip=lambda r: r.catatan),
    ]


def batch_columns() -> list[Column]:
    return [
        Column(_t("Nomor"), lambda r: r.nomor),
        Column(_t("Judul"), lambda r: r.judul),
        Column(_t("Tanggal"), lambda r: tanggal(r.tanggal), sort_key=lambda r: r.tanggal.toordinal()),
        Column(_t("Jumlah"), lambda r: str(r.jumlah_usul), sort_key=lambda r: r.jumlah_usul, align_right=True),
        Column(_t("Status"), lambda r: ", ".join(f"{StatusUsul(k).label} {v}" for k, v in sorted(r.status_counts.items()))),
    ]


def formasi_batch_columns() -> list[Column]:
    def color(r: FormasiBatch) -> Any:
        return RED if r.sisa < 0 else GREEN

    return [
        Column(_t("Unit kerja"), lambda r: r.unit_nama),
        Column(_t("Jabatan"), lambda r: r.jabatan_nama),
        Column(_t("Kebutuhan"), lambda r: str(r.kebutuhan), sort_key=lambda r: r.kebutuhan, align_right=True),
        Column(_t("Terisi"), lambda r: str(r.terisi), sort_key=lambda r: r.terisi, align_right=True),
        Column(_t("Masuk"), lambda r: str(r.masuk), sort_key=lambda r: r.masuk, align_right=True),
        Column(_t("Keluar"), lambda r: str(r.keluar), sort_key=lambda r: r.keluar, align_right=True),
        Column(_t("Sisa"), lambda r: str(r.sisa), sort_key=lambda r: r.sisa, align_right=True, foreground=color),
    ]


def usul_model(rows: list[UsulRingkas] | None = None, parent: Any = None) -> RecordTableModel:
    return RecordTableModel(usul_columns(), rows or [], parent)


def rule_model(rows: list[RuleResult] | None = None, parent: Any = None) -> RecordTableModel:
    return RecordTableModel(rule_columns(), rows or [], parent)


def persyaratan_model(rows: list[PersyaratanInfo] | None = None, parent: Any = None) -> RecordTableModel:
    return RecordTableModel(persyaratan_columns(), rows or [], parent)


def transisi_model(rows: list[TransisiInfo] | None = None, parent: Any = None) -> RecordTableModel:
    return RecordTableModel(transisi_columns(), rows or [], parent)


def batch_model(rows: list[BatchInfo] | None = None, parent: Any = None) -> RecordTableModel:
    return RecordTableModel(batch_columns(), rows or [], parent)


def formasi_batch_model(rows: list[FormasiBatch] | None = None, parent: Any = None) -> RecordTableModel:
    return RecordTableModel(formasi_batch_columns(), rows or [], parent)
