"""A tiny synthetic kabupaten for the usul workflow tests (no real people).

Two OPD with one sub-unit each plus a closed unit; three jabatan; formasi with known kebutuhan;
pegawai whose current post is also in their riwayat jabatan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    Formasi,
    Instansi,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    Skp,
    UnitKerja,
    UsulBatch,
    UsulMutasi,
    UsulPersyaratan,
    UsulTransisi,
)
from mutasi_desktop.domain.roles import Actor, Peran

TODAY = date(2026, 11, 28)
OPERATOR = Actor(username="operator1", nama="Operator Satu", peran=frozenset({Peran.OPERATOR}))
VERIFIKATOR = Actor(username="verif1", nama="Verifikator Satu", peran=frozenset({Peran.VERIFIKATOR}))
PEJABAT = Actor(username="pejabat1", nama="Pejabat Satu", peran=frozenset({Peran.PEJABAT}))
PEMBACA = Actor(username="baca1", nama="Pembaca", peran=frozenset({Peran.PEMBACA}))


@dataclass
class World:
    units: dict[str, int] = field(default_factory=dict)
    jabatan: dict[str, int] = field(default_factory=dict)
    formasi: dict[str, int] = field(default_factory=dict)
    pegawai: dict[str, int] = field(default_factory=dict)


def _unit(s: Any, nama: str, parent: UnitKerja | None, aktif: bool = True) -> UnitKerja:
    unit = UnitKerja(nama=nama, jenis="OPD" if parent is None else "BIDANG", parent_id=parent.id if parent else None,
                     aktif=aktif, level=0 if parent is None else 1)
    s.add(unit)
    s.flush()
    unit.path = (parent.path if parent else "/") + f"{unit.id}/"
    return unit


def build_world(db: Database, *, kebutuhan: dict[str, int] | None = None) -> World:
    """Units A (OPD), A1; B (OPD), B1; C closed. Jabatan: analis (III/a-III/d, S1), pengelola
    (II/a-III/b, SLTA), kepala seksi (pengawas, III/c+, S1). Formasi keys like "A1.analis"."""
    w = World()
    need = {"A1.analis": 1, "A1.pengelola": 2, "B1.analis": 1, "B1.pengelola": 1, "B1.kasi": 1,
            "C.analis": 1, "A.analis": 1}
    need.update(kebutuhan or {})
    with db.session(write=True) as s:
        s.add(Instansi(nama_daerah="Kabupaten Contoh", jenis="KABUPATEN", provinsi="Provinsi Contoh",
                       kepala_daerah_status="DEFINITIF", kepala_daerah_tmt_pelantikan=date(2025, 2, 20)))
        a = _unit(s, "Dinas Alpha", None)
        a1 = _unit(s, "Bidang Alpha Satu", a)
        b = _unit(s, "Dinas Beta", None)
        b1 = _unit(s, "Bidang Beta Satu", b)
        c = _unit(s, "Kantor Gamma (ditutup)", None, aktif=False)
        w.units = {"A": a.id, "A1": a1.id, "B": b.id, "B1": b1.id, "C": c.id}
        jab = {
            "analis": Jabatan(nama="Analis Kepegawaian", jenis="PELAKSANA", golongan_min_id=31, golongan_max_id=34,
                              pendidikan_min="40"),
            "pengelola": Jabatan(nama="Pengelola Data", jenis="PELAKSANA", golongan_min_id=21, golongan_max_id=32,
                                 pendidikan_min="15"),
            "kasi": Jabatan(nama="Kepala Seksi Data", jenis="PENGAWAS", eselon="41", golongan_min_id=33,
                            pendidikan_min="40"),
        }
        s.add_all(jab.values())
        s.flush()
        w.jabatan = {k: v.id for k, v in jab.items()}
        for key, n in need.items():
            unit_key, jab_key = key.split(".")
            f = Formasi(unit_id=w.units[unit_key], jabatan_id=w.jabatan[jab_key], kebutuhan=n)
            s.add(f)
            s.flush()
            w.formasi[key] = f.id
    return w


def add_pegawai(db: Database, w: World, key: str, *, post: str, nip: str, golongan_id: int = 32,
                pendidikan: str = "40", status: str = "PNS", kedudukan: str = "AKTIF",
                tmt_jabatan: date = date(2022, 1, 3), lahir: date = date(1985, 6, 15),
                tmt_cpns: date = date(2010, 3, 1), skp: tuple[str, str] = ("BAIK", "BAIK")) -> int:
    unit_key, jab_key = post.split(".")
    with db.session(write=True) as s:
        p = Pegawai(nip=nip, nama=f"Pegawai {key.upper()}", tanggal_lahir=lahir, jenis_kelamin="L",
                    status_kepegawaian=status, kedudukan=kedudukan, golongan_id=golongan_id,
                    jabatan_id=w.jabatan[jab_key], unit_id=w.units[unit_key], tmt_jabatan=tmt_jabatan,
                    pendidikan_tingkat=pendidikan, tmt_cpns=tmt_cpns)
        s.add(p)
        s.flush()
        s.add(RiwayatJabatan(pegawai_id=p.id, jabatan_id=w.jabatan[jab_key], unit_id=w.units[unit_key],
                             jabatan_nama=jab_key, unit_nama=unit_key, tmt_jabatan=tmt_jabatan,
                             nomor_sk=f"821/{p.id}/2022"))
        for offset, predikat in enumerate(skp, start=1):
            s.add(Skp(pegawai_id=p.id, tahun=TODAY.year - offset, skala="PREDIKAT", predikat=predikat))
        w.pegawai[key] = p.id
        return p.id


def snapshot(db: Database) -> dict[str, Any]:
    """Everything the usul workflow may write, for "nothing changed" assertions."""
    with db.session() as s:
        def rows(model: Any, *cols: Any) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in s.execute(select(*cols).order_by(model.id))]

        return {
            "usul": rows(UsulMutasi, UsulMutasi.id, UsulMutasi.status, UsulMutasi.version, UsulMutasi.hasil_cek,
                         UsulMutasi.batch_id, UsulMutasi.sk_id, UsulMutasi.tmt_pelaksanaan),
            "transisi": s.scalar(select(func.count()).select_from(UsulTransisi)),
            "persyaratan": rows(UsulPersyaratan, UsulPersyaratan.id, UsulPersyaratan.status,
                                UsulPersyaratan.lampiran_sha256),
            "batch": s.scalar(select(func.count()).select_from(UsulBatch)),
            "riwayat": rows(RiwayatJabatan, RiwayatJabatan.id, RiwayatJabatan.dibatalkan,
                            RiwayatJabatan.membatalkan_id),
            "pegawai": rows(Pegawai, Pegawai.id, Pegawai.unit_id, Pegawai.jabatan_id, Pegawai.tmt_jabatan,
                            Pegawai.kedudukan),
        }


def post_of(db: Database, pegawai_id: int) -> tuple[int | None, int | None, date | None]:
    with db.session() as s:
        p = s.get(Pegawai, pegawai_id)
        assert p is not None
        return p.unit_id, p.jabatan_id, p.tmt_jabatan
