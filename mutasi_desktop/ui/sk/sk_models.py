"""Item models of the SK screens (dataclass rows, columns as data)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from mutasi_desktop.domain.dates import format_tanggal_angka
from mutasi_desktop.domain.nip import format_nip
from mutasi_desktop.domain.verification_code import format_code
from mutasi_desktop.services.sk_service import DIGANTIKAN, DRAF, SkPegawaiInfo, SkRingkas
from mutasi_desktop.services.sk_verification_service import PegawaiTerverifikasi
from mutasi_desktop.ui.record_table_model import Column, RecordTableModel


def _t(text: str) -> str:
    return QCoreApplication.translate("SkModels", text)


def _status_color(row: SkRingkas) -> QColor | None:
    if row.status == DRAF:
        return QColor("#8a6d00")
    if row.status == DIGANTIKAN:
        return QColor("#777777")
    return None


def sk_model(rows: Sequence[SkRingkas]) -> RecordTableModel:
    return RecordTableModel([
        Column(_t("Nomor"), lambda r: r.nomor or _t("(draf)"), sort_key=lambda r: (r.nomor or "", r.id)),
        Column(_t("Tanggal"), lambda r: format_tanggal_angka(r.tanggal_penetapan) if r.tanggal_penetapan else "",
               sort_key=lambda r: f"{r.tanggal_penetapan.isoformat() if r.tanggal_penetapan else 9999}-{r.id:09d}"),
        Column(_t("Status"), lambda r: r.status_label, foreground=_status_color),
        Column(_t("Pegawai"), lambda r: str(r.jumlah_pegawai), sort_key=lambda r: r.jumlah_pegawai, align_right=True),
        Column(_t("Jenis"), lambda r: r.jenis.title()),
        Column(_t("Tentang"), lambda r: r.tentang or _t("(teks bawaan)"), tooltip=lambda r: r.tentang),
    ], rows)  # fmt: skip


def pegawai_sk_model(rows: Sequence[SkPegawaiInfo]) -> RecordTableModel:
    return RecordTableModel([
        Column(_t("Nama"), lambda r: r.nama),
        Column(_t("NIP"), lambda r: format_nip(r.nip), sort_key=lambda r: r.nip),
        Column(_t("Jabatan lama"), lambda r: r.jabatan_lama, tooltip=lambda r: r.unit_lama),
        Column(_t("Jabatan baru"), lambda r: r.jabatan_baru, tooltip=lambda r: r.unit_baru),
        Column(_t("Unit kerja baru"), lambda r: r.unit_baru),
        Column(_t("Status usul"), lambda r: r.status_usul),
        Column(_t("Kode petikan"), lambda r: format_code(r.kode_petikan) if r.kode_petikan else ""),
    ], rows)  # fmt: skip


def verified_pegawai_model(rows: Sequence[PegawaiTerverifikasi]) -> RecordTableModel:
    return RecordTableModel([Column(_t("Nama"), lambda r: r.nama), Column(_t("NIP"), lambda r: r.nip)], rows)
