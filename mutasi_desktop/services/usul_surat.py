"""Surat pemberitahuan: a letter telling the pegawai about the planned mutasi and its reasons.

The data comes from the usul (frozen *from* side, target, TMT, reason) and the office profile;
the PDF is drawn by the documents module's ``render_surat_pemberitahuan``. When that renderer is
not installed, :func:`renderer_tersedia` says so and the screen disables the action.
"""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Instansi, Pegawai, Penandatangan
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.usul_store import AUDIT_ENTITAS, get_usul_row

RENDERER_MODULE = "mutasi_desktop.documents.pdf.letters_pdf"
RENDERER_NAME = "render_surat_pemberitahuan"


def _renderer() -> Any:
    try:
        module = importlib.import_module(RENDERER_MODULE)
    except ImportError:
        return None
    return getattr(module, RENDERER_NAME, None)


def renderer_tersedia() -> bool:
    """True when the documents module can draw the letter."""
    return _renderer() is not None


def _alasan_text(alasan: str, keterangan: str) -> str:
    try:
        label = AlasanMutasi(alasan).label
    except ValueError:
        label = alasan
    return f"{label}. {keterangan}".strip() if keterangan else label


def cetak_surat_pemberitahuan(
    db: Database, usul_id: int, out_path: Path, *, by: Actor, nomor: str = "", tanggal: date | None = None
) -> Path:
    """Write the letter for ``usul_id`` to ``out_path`` (PDF)."""
    require(by, Izin.CETAK_SK)
    render = _renderer()
    if render is None:
        raise DomainError("Pencetak surat pemberitahuan belum tersedia pada versi ini")
    letters = importlib.import_module(RENDERER_MODULE)
    sk_data = importlib.import_module("mutasi_desktop.documents.pdf.sk_data")
    with db.session(actor=by, write=True) as s:
        usul = get_usul_row(s, usul_id)
        if StatusUsul(usul.status) in (
            StatusUsul.DIBATALKAN,
            StatusUsul.DITOLAK,
            StatusUsul.TIDAK_MEMENUHI_SYARAT,
        ):
            raise DomainError(
                f"Usul {usul.nomor} berstatus {StatusUsul(usul.status).label}; tidak perlu diberitahukan"
            )
        pegawai = s.get(Pegawai, usul.pegawai_id)
        assert pegawai is not None
        instansi = s.scalars(select(Instansi).order_by(Instansi.id).limit(1)).first()
        signer = s.scalars(
            select(Penandatangan).where(Penandatangan.aktif.is_(True)).order_by(Penandatangan.id)
        ).all()
        chosen = next((p for p in signer if p.cara_tanda_tangan == "AN"), signer[0] if signer else None)
        nama_daerah = instansi.nama_daerah if instansi else "Kabupaten"
        golongan = pangkat = ""
        if usul.asal_golongan_id:
            try:
                g = golongan_by_id(usul.asal_golongan_id)
                golongan, pangkat = g.kode, g.pangkat or ""
            except DomainError:
                golongan = str(usul.asal_golongan_id)
        nama = " ".join(x for x in (pegawai.gelar_depan, pegawai.nama) if x)
        if pegawai.gelar_belakang:
            nama = f"{nama}, {pegawai.gelar_belakang}"
        unit_baru = ", ".join(x for x in (usul.tujuan_unit_nama, usul.tujuan_instansi_nama) if x)
        data = letters.PemberitahuanData(
            kop=sk_data.Kop(
                jenis="DINAS",
                baris=(
                    f"PEMERINTAH {nama_daerah.upper()}",
                    (instansi.nama_bkpsdm if instansi else "").upper(),
                ),
                alamat=tuple(x for x in ((instansi.alamat if instansi else ""),) if x),
            ),
            nomor=nomor or f"800.1.3.3/…/BKPSDM/{(tanggal or date.today()).year}",
            tanggal=tanggal or date.today(),
            tempat=(instansi.ibu_kota if instansi else "") or nama_daerah,
            pegawai=sk_data.PegawaiBaris(
                nama=nama,
                nip=pegawai.nip,
                pangkat=pangkat,
                golongan=golongan,
                jabatan_lama=usul.asal_jabatan_nama,
                unit_lama=usul.asal_unit_nama,
                jabatan_baru=usul.tujuan_jabatan_nama,
                unit_baru=unit_baru,
            ),
            isi=(
                "Dengan hormat, bersama ini kami beritahukan bahwa Saudara direncanakan untuk dimutasi "
                "dengan rincian sebagai berikut."
            ),
            alasan=_alasan_text(usul.alasan, usul.alasan_keterangan),
            tmt_rencana=usul.tmt_rencana,
            penutup=(
                "Rencana ini masih menunggu penetapan keputusan pejabat yang berwenang. Demikian "
                "pemberitahuan ini disampaikan untuk diketahui."
            ),
            penandatangan=sk_data.Penandatangan(
                cara=chosen.cara_tanda_tangan if chosen else "KEPALA_DAERAH",
                jabatan=chosen.jabatan if chosen else f"BUPATI {nama_daerah.upper()}",
                nama=chosen.nama if chosen else (instansi.kepala_daerah_nama if instansi else ""),
                atas_nama=chosen.atas_nama if chosen else "",
                pangkat=chosen.pangkat if chosen else "",
                nip=(chosen.nip or "") if chosen else "",
            ),
        )
        path = Path(render(data, Path(out_path)))
        audit_service.record(
            s, by, audit_service.Aksi.CETAK_SK, AUDIT_ENTITAS, usul.id,
            f"Surat pemberitahuan usul {usul.nomor} dicetak", {"berkas": path.name},
        )  # fmt: skip
        return path
