"""Approved usul for the SK tests, inserted straight into a demo kabupaten (synthetic people).

The workflow that normally brings an usul to DISETUJUI is tested elsewhere; here we need many
approved usul quickly, with the *from* side frozen the way ``usul_service`` freezes it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Jabatan, Pegawai, UnitKerja, UsulMutasi

TMT = date(2025, 2, 1)


def make_approved_usul(db: Database, n: int, *, prefix: str = "UM") -> list[int]:
    """``n`` usul in state DISETUJUI: pegawai i moves to a formasi of another unit."""
    with db.session(write=True) as s:
        pegawai = list(s.scalars(select(Pegawai).where(Pegawai.unit_id.is_not(None), Pegawai.jabatan_id.is_not(None))
                                 .order_by(Pegawai.id).limit(n)))
        formasi = list(s.scalars(select(Formasi).order_by(Formasi.id)))
        assert len(pegawai) == n, f"demo has only {len(pegawai)} pegawai with a post"
        ids = []
        for i, p in enumerate(pegawai):
            target = next(f for k, f in enumerate(formasi[i * 7 % len(formasi):] + formasi) if f.unit_id != p.unit_id)
            unit = s.get(UnitKerja, p.unit_id)
            jabatan = s.get(Jabatan, p.jabatan_id)
            u = UsulMutasi(
                nomor=f"{prefix}-{i + 1:04d}", pegawai_id=p.id, jenis_mutasi="ANTAR_OPD", alasan="KEBUTUHAN_ORGANISASI",
                asal_jabatan_id=p.jabatan_id, asal_unit_id=p.unit_id, asal_jabatan_nama=jabatan.nama if jabatan else "",
                asal_unit_nama=unit.nama if unit else "", asal_golongan_id=p.golongan_id,
                tujuan_formasi_id=target.id, tmt_rencana=TMT, status="DISETUJUI",
            )
            s.add(u)
            s.flush()
            ids.append(u.id)
        return ids
