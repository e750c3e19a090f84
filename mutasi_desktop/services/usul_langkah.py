"""Letters of the inter-instansi procedure (and the Mendagri approval) recorded on an usul.

Peraturan BKN 5/2019 and SE Kepala BKN 3/SE/VIII/2019: persetujuan of the home and receiving
PPK, pertimbangan teknis of BKN/Kanreg. Each is kept in its columns of ``usul_mutasi`` with the
letter number and date, and appears on the usul's timeline.
"""

from __future__ import annotations

from datetime import date

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services.concurrency import tracked_session
from mutasi_desktop.services.usul_dto import UsulDetail
from mutasi_desktop.services.usul_store import detail_of, get_usul_row, record_transition, require_any

LANGKAH: dict[str, tuple[str, str, str]] = {
    # code: (label, nomor column, tanggal column)
    "PERSETUJUAN_ASAL": ("Persetujuan PPK instansi asal", "persetujuan_asal_nomor", "persetujuan_asal_tanggal"),
    "PERSETUJUAN_TUJUAN": (
        "Persetujuan PPK instansi penerima", "persetujuan_tujuan_nomor", "persetujuan_tujuan_tanggal",
    ),
    "PERTEK": ("Pertimbangan teknis BKN/Kanreg BKN", "pertek_nomor", "pertek_tanggal"),
    "PERSETUJUAN_MENDAGRI": (
        "Persetujuan tertulis Menteri Dalam Negeri", "persetujuan_mendagri_nomor", "persetujuan_mendagri_tanggal",
    ),
}  # fmt: skip


def record_langkah(
    db: Database,
    usul_id: int,
    langkah: str,
    *,
    nomor: str,
    tanggal: date,
    by: Actor,
    catatan: str = "",
    today: date | None = None,
) -> UsulDetail:
    """Record a letter of the inter-instansi procedure (or the Mendagri approval) with its number
    and date; it appears on the timeline."""
    require_any(by, Izin.KELOLA_USUL, Izin.VERIFIKASI_USUL)
    if langkah not in LANGKAH:
        raise DomainError(f"Langkah '{langkah}' tidak dikenal", field="langkah")
    label, nomor_col, tanggal_col = LANGKAH[langkah]
    if not nomor.strip():
        raise DomainError(f"Nomor surat wajib diisi ({label})", field="nomor")
    if tanggal > (today or date.today()):
        raise DomainError(f"Tanggal surat tidak boleh di masa depan ({label})", field="tanggal")
    with tracked_session(db, actor=by, write=True) as s:
        usul = get_usul_row(s, usul_id)
        status = StatusUsul(usul.status)
        if status.is_final or status is StatusUsul.DRAF:
            raise DomainError(
                f"{label} tidak dapat dicatat pada usul berstatus {status.label}", field="status"
            )
        setattr(usul, nomor_col, nomor.strip())
        setattr(usul, tanggal_col, tanggal)
        note = f"{label}: {catatan.strip()}" if catatan.strip() else label
        record_transition(s, usul, status, by, catatan=note, nomor_surat=nomor.strip(), tanggal_surat=tanggal)
        s.flush()
        return detail_of(s, usul)
