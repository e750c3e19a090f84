"""Ranking every pegawai for one formasi: hard rules first, then an explained score.

1. The pool (``selection_pool``) gives every pegawai who still holds a post, as arrays.
2. A vectorised pre-screen drops those that certainly fail a hard rule (CPNS, not aktif, too
   short in post, golongan/pendidikan outside the jabatan's range, another open usul).
3. Everyone else is scored (four criteria, ``domain.scoring``) and taken best first; each one is
   checked with the workflow's own ``domain.eligibility.check_candidate`` before it is listed as
   eligible. Those that fail are listed apart with the rules they fail. So a candidate failing a
   hard rule is never ranked as eligible, whatever the pre-screen says.

The FORMASI rule (is there a free seat?) is about the vacancy, not the candidate: it is reported
once in :class:`InfoFormasi` instead of failing every candidate of a formasi that is full now but
will open soon.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import UnitKerja
from mutasi_desktop.domain.eligibility import (
    PERINGATAN,
    RULES,
    TIDAK_LULUS,
    CandidateFacts,
    MutasiContext,
    RuleResult,
    check_candidate,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi, JenisMutasi
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.scoring import (
    DEFAULT_BOBOT,
    KRITERIA,
    SETTING_BOBOT,
    Bobot,
    Masukan,
    MasukanArrays,
    SkorKandidat,
    bobot_preset,
    nilai_kandidat,
    peringkat_ulang,
    skor_bagian,
    skor_total,
    urutan_peringkat,
)
from mutasi_desktop.services.candidate_checks import periksa_calon, siapkan_calon
from mutasi_desktop.services.candidate_facts import (
    gc_paused,
    load_mutasi_context,
    load_rule_settings,
    load_target_facts,
)
from mutasi_desktop.services.selection_inputs import (
    Sasaran,
    masukan_baris,
    masukan_untuk,
    prasaring,
    sasaran_formasi,
)
from mutasi_desktop.services.selection_pool import KumpulanKandidat, muat_kumpulan, nip_angka
from mutasi_desktop.services.settings_service import get_setting, set_setting

_CHUNK_MIN = 64
_CHUNK_SEMUA = 2_000


# --------------------------------------------------------------------------- weights setting


def muat_bobot(db: Database, actor: Actor) -> tuple[Bobot, str | None]:
    """The office's weights and the preset they came from (None for custom weights)."""
    require(actor, Izin.LIHAT_DATA)
    with db.session() as session:
        stored = get_setting(session, SETTING_BOBOT, {})
    if isinstance(stored, dict):
        if stored.get("preset"):
            return bobot_preset(str(stored["preset"])), str(stored["preset"]).upper()
        if isinstance(stored.get("bobot"), dict):
            return Bobot.from_mapping(stored["bobot"]), None
    return DEFAULT_BOBOT, "SEIMBANG"


def simpan_bobot(db: Database, actor: Actor, *, preset: str | None = None, bobot: Bobot | None = None) -> None:
    """Store a preset name or custom weights as the office default."""
    require(actor, Izin.KELOLA_PENGATURAN)
    if (preset is None) == (bobot is None):
        raise DomainError("Pilih salah satu: preset bobot atau bobot sendiri")
    value: dict[str, Any]
    if preset is not None:
        bobot_preset(preset)  # refuses an unknown name
        value = {"preset": preset.strip().upper()}
    else:
        assert bobot is not None
        value = {"bobot": bobot.as_dict()}
    with db.session(actor=actor, write=True) as session:
        set_setting(session, SETTING_BOBOT, value, by=actor.username)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class InfoFormasi:
    formasi_id: int
    unit_id: int
    unit_nama: str
    jabatan_id: int
    jabatan_nama: str
    jenis_jabatan: str
    kebutuhan: int
    terisi: int
    sisa: int  # after approved usul
    lowongan: RuleResult  # the FORMASI rule for this vacancy (LULUS when a seat is free)


@dataclass(frozen=True)
class Kandidat:
    pegawai_id: int
    nip: str
    nama: str
    unit_nama: str
    jabatan_nama: str
    golongan: str
    total: float
    bagian: tuple[float, float, float, float]  # in KRITERIA order
    peringatan: tuple[RuleResult, ...] = ()
    peringkat: int = 0

    def skor(self, kode: str) -> float:
        return self.bagian[KRITERIA.index(kode)]


@dataclass(frozen=True)
class KandidatGugur:
    pegawai_id: int
    nip: str
    nama: str
    unit_nama: str
    jabatan_nama: str
    total: float
    gagal: tuple[RuleResult, ...]


@dataclass(frozen=True)
class HasilPeringkat:
    formasi: InfoFormasi
    bobot: Bobot
    pada: date
    tmt: date
    kandidat: tuple[Kandidat, ...]  # eligible, best first
    gugur: tuple[KandidatGugur, ...]  # checked and failed, best score first
    jumlah_pegawai: int  # the pool (pegawai who hold a post), minus the holders of this formasi
    jumlah_gugur_prasaring: int
    jumlah_diperiksa: int  # checked with check_candidate
    lengkap: bool  # every pre-screen survivor was checked and every eligible one is listed
    _pool: KumpulanKandidat = field(repr=False, compare=False)
    _sasaran: Sasaran = field(repr=False, compare=False)
    _arrays: MasukanArrays = field(repr=False, compare=False)

    def masukan(self, pegawai_id: int) -> Masukan:
        """The stored inputs of one candidate (for explanations and for an usul)."""
        return masukan_baris(self._pool, self._sasaran, self._arrays, self._pool.row_of(pegawai_id))

    def rincian(self, pegawai_id: int, bobot: Bobot | None = None) -> SkorKandidat:
        """Every part with its explanation, recomputed from :meth:`masukan`."""
        return nilai_kandidat(self.masukan(pegawai_id), bobot or self.bobot)

    def matriks_bagian(self) -> npt.NDArray[np.float64]:
        """(n, 4) parts of the eligible candidates, in KRITERIA order."""
        return np.array([k.bagian for k in self.kandidat], dtype=np.float64).reshape(len(self.kandidat), 4)

    def urutkan_ulang(self, bobot: Bobot) -> HasilPeringkat:
        """Same candidates, new weights: totals and order recomputed in memory (no database)."""
        if not self.kandidat:
            return replace(self, bobot=bobot)
        total, order = peringkat_ulang(self.matriks_bagian(), nip_angka([k.nip for k in self.kandidat]), bobot)
        ranked = tuple(
            replace(self.kandidat[i], total=float(total[i]), peringkat=r)
            for r, i in enumerate(order.tolist(), start=1)
        )
        return replace(self, bobot=bobot, kandidat=ranked)


# --------------------------------------------------------------------------- ranking


def _units(session: Session) -> dict[int, str]:
    return dict(session.execute(select(UnitKerja.id, UnitKerja.nama)).all())


def siapkan_peringkat(db: Database, actor: Actor, *, pada: date | None = None) -> None:
    """Prepare the first ranking ahead of time (a screen calls this in the background while the
    clerk is still choosing a vacancy): the candidate pool, every candidate's facts and the rule
    results that do not depend on the vacancy. All cached until a source table changes."""
    require(actor, Izin.LIHAT_DATA)
    pada = pada or date.today()
    pool = muat_kumpulan(db, pada=pada)
    with db.session() as session, gc_paused():
        context = _konteks(session, tmt=pada, pada=pada)
        siapkan_calon(session, pool, range(pool.n), context, load_rule_settings(session))


def _konteks(session: Session, *, tmt: date, pada: date) -> MutasiContext:
    # A ranking proposes a move between OPD for the needs of the organisation.
    return load_mutasi_context(
        session, jenis_mutasi=JenisMutasi.ANTAR_OPD.value, alasan=AlasanMutasi.KEBUTUHAN_ORGANISASI.value,
        tmt=tmt, today=pada,
    )  # fmt: skip


@lru_cache(maxsize=256)
def _golongan(gid: int) -> str:
    try:
        return golongan_by_id(gid).kode
    except DomainError:
        return ""


def hitung_peringkat(
    db: Database,
    actor: Actor,
    formasi_id: int,
    *,
    bobot: Bobot | None = None,
    top: int | None = 50,
    tmt: date | None = None,
    pada: date | None = None,
    gugur_maks: int = 50,
    progress: Callable[[int, int, str], None] | None = None,
) -> HasilPeringkat:
    """Rank every pegawai for ``formasi_id``.

    ``top``: stop once this many eligible candidates are found (None: check every survivor of
    the pre-screen, which the screen needs for live re-ranking). ``gugur_maks`` candidates that
    fail are reported with their failed rules (best scores first). ``progress(done, total,
    label)`` is called between chunks of checks (a background task may raise from it to cancel).
    """
    # Tens of thousands of small result objects, none in a cycle: without pausing the collector
    # each burst of them makes it walk every cached fact and rule result again.
    with gc_paused():
        return _hitung_peringkat(db, actor, formasi_id, bobot=bobot, top=top, tmt=tmt, pada=pada,
                                 gugur_maks=gugur_maks, progress=progress)  # fmt: skip


def _hitung_peringkat(
    db: Database,
    actor: Actor,
    formasi_id: int,
    *,
    bobot: Bobot | None = None,
    top: int | None = 50,
    tmt: date | None = None,
    pada: date | None = None,
    gugur_maks: int = 50,
    progress: Callable[[int, int, str], None] | None = None,
) -> HasilPeringkat:
    require(actor, Izin.LIHAT_DATA)
    if top is not None and top < 1:
        raise DomainError("Jumlah kandidat yang ditampilkan harus lebih dari 0", field="top")
    pada = pada or date.today()
    tmt = tmt or pada
    if bobot is None:
        bobot, _preset = muat_bobot(db, actor)
    pool = muat_kumpulan(db, pada=pada)
    with db.session() as session:
        sasaran = sasaran_formasi(session, formasi_id)
        target = load_target_facts(session, [formasi_id])[formasi_id]
        settings = load_rule_settings(session)
        context = _konteks(session, tmt=tmt, pada=pada)
        unit_names = _units(session)

        arrays = masukan_untuk(pool, sasaran)
        parts = skor_bagian(arrays)
        total = skor_total(parts, bobot)
        holder = (pool.unit_id == sasaran.unit_id) & (pool.jabatan_id == sasaran.jabatan_id)
        gagal_awal = prasaring(pool, sasaran, min_bulan_di_jabatan=settings.min_bulan_di_jabatan, tmt=tmt)
        order = urutan_peringkat(total, [-parts["kinerja"], pool.nip_num])
        order = order[~holder[order]]
        survivors = order[~gagal_awal[order]]
        screened_out = order[gagal_awal[order]]

        eligible: list[int] = []
        warnings: dict[int, tuple[RuleResult, ...]] = {}
        failed: list[tuple[int, tuple[RuleResult, ...]]] = []
        checked = 0
        pos = 0
        terpotong = False  # an eligible candidate was left out because ``top`` was reached
        if top is None and survivors.shape[0]:
            # Every survivor will be checked: read their facts in one pass over each table.
            if progress is not None:
                progress(0, int(survivors.shape[0]), "Memuat data calon…")
            siapkan_calon(session, pool, survivors.tolist(), context, settings)
        while pos < survivors.shape[0] and (top is None or len(eligible) < top):
            need = _CHUNK_SEMUA if top is None else max(_CHUNK_MIN, 2 * (top - len(eligible)))
            if progress is not None:
                progress(pos, int(survivors.shape[0]), "Memeriksa syarat mutasi calon…")
            chunk = survivors[pos : pos + need]
            pos += chunk.shape[0]
            results_of = periksa_calon(session, pool, chunk.tolist(), target, context, settings)
            for row in chunk.tolist():
                results = results_of.get(row)
                if results is None:
                    continue
                checked += 1
                bad = [r for r in results if r.hasil == TIDAK_LULUS]
                if bad:
                    failed.append((row, tuple(bad)))
                    continue
                if top is None or len(eligible) < top:
                    eligible.append(row)
                    warnings[row] = tuple([r for r in results if r.hasil == PERINGATAN])
                else:
                    terpotong = True
        # Explain a few pre-screened failures too, best scores first, with the real rules.
        room = max(gugur_maks - len(failed), 0)
        if room:
            extra = screened_out[:room].tolist()
            for row, results in periksa_calon(session, pool, extra, target, context, settings).items():
                gagal = tuple(r for r in results if r.hasil == TIDAK_LULUS)
                if gagal:  # always, as long as the pre-screen copies the rules faithfully (tested)
                    failed.append((row, gagal))

    def who(row: int) -> tuple[int, str, str, str, str]:
        jid = int(pool.jabatan_id[row])
        uid = int(pool.unit_id[row])
        return (int(pool.ids[row]), pool.nip[row], pool.nama[row], unit_names.get(uid, ""),
                pool.jabatan.get(jid, ("", "", ""))[0])  # fmt: skip

    # Plain Python numbers for the eligible rows, taken from the arrays in one go.
    rows_e = np.asarray(eligible, dtype=np.int64)
    totals = total[rows_e].tolist()
    bagian = list(zip(*(parts[k][rows_e].tolist() for k in KRITERIA), strict=True)) if eligible else []
    golongan = pool.golongan_id[rows_e].tolist()
    kandidat = tuple(
        Kandidat(*who(row), golongan=_golongan(gid), total=t, bagian=b, peringatan=warnings[row], peringkat=rank)
        for rank, (row, gid, t, b) in enumerate(zip(eligible, golongan, totals, bagian, strict=True), start=1)
    )
    failed.sort(key=lambda fr: (-float(total[fr[0]]), pool.nip[fr[0]]))
    gugur = tuple(KandidatGugur(*who(row), total=float(total[row]), gagal=bad) for row, bad in failed[:gugur_maks])
    lowongan = next(r for r in check_candidate(_dummy_candidate(), target, context, settings,
                                               rules=[x for x in RULES if x.kode == "FORMASI"]))  # fmt: skip
    info = InfoFormasi(
        formasi_id=formasi_id, unit_id=target.unit_id, unit_nama=target.unit_nama, jabatan_id=target.jabatan_id,
        jabatan_nama=target.jabatan_nama, jenis_jabatan=target.jenis_jabatan, kebutuhan=target.kebutuhan,
        terisi=target.terisi, sisa=target.sisa, lowongan=lowongan,
    )  # fmt: skip
    return HasilPeringkat(
        formasi=info, bobot=bobot, pada=pada, tmt=tmt, kandidat=kandidat, gugur=gugur,
        jumlah_pegawai=int((~holder).sum()), jumlah_gugur_prasaring=int(screened_out.shape[0]),
        jumlah_diperiksa=checked, lengkap=pos >= survivors.shape[0] and not terpotong,
        _pool=pool, _sasaran=sasaran, _arrays=arrays,
    )  # fmt: skip


def _dummy_candidate() -> CandidateFacts:
    # The FORMASI rule only compares the candidate's post with the target; a candidate without a
    # post turns it into a pure vacancy check.
    return CandidateFacts(
        pegawai_id=0, nip="", nama="", status_kepegawaian="PNS", kedudukan="AKTIF", tanggal_lahir=date(1980, 1, 1),
        golongan_id=None, pendidikan_tingkat=None, unit_id=None, jabatan_id=None, tmt_jabatan=None, tmt_cpns=None,
        skp=(), hukdis=(), open_usul_ids=(),
    )  # fmt: skip


def skor_untuk_pasangan(
    pool: KumpulanKandidat, sasaran: Sasaran, rows: npt.NDArray[np.int64], bobot: Bobot
) -> tuple[npt.NDArray[np.float64], MasukanArrays]:
    """Totals of the given pool rows for one vacancy (used by batch placement)."""
    arrays = masukan_untuk(pool, sasaran)
    return skor_total(skor_bagian(arrays), bobot)[rows], arrays


def ringkas_peringkat(hasil: HasilPeringkat, jumlah: int | None = None) -> list[dict[str, Any]]:
    """Plain rows for JSON/CLI output: each candidate with total, parts and explanations."""
    out: list[dict[str, Any]] = []
    for k in hasil.kandidat[:jumlah]:
        rinci = hasil.rincian(k.pegawai_id)
        out.append({
            "peringkat": k.peringkat, "pegawai_id": k.pegawai_id, "nip": k.nip, "nama": k.nama,
            "unit": k.unit_nama, "jabatan": k.jabatan_nama, "golongan": k.golongan, "total": k.total,
            "bagian": [{"kode": b.kode, "nama": b.nama, "skor": b.skor, "bobot_persen": b.bobot,
                        "penjelasan": b.penjelasan} for b in rinci.bagian],
            "peringatan": [{"kode": r.kode, "alasan": r.alasan} for r in k.peringatan],
        })  # fmt: skip
    return out


def gugur_json(gugur: Sequence[KandidatGugur]) -> list[dict[str, Any]]:
    return [
        {"pegawai_id": g.pegawai_id, "nip": g.nip, "nama": g.nama, "unit": g.unit_nama, "jabatan": g.jabatan_nama,
         "total": g.total, "gagal": [{"kode": r.kode, "judul": r.judul, "alasan": r.alasan,
                                      "dasar_hukum": r.dasar_hukum} for r in g.gagal]}
        for g in gugur
    ]  # fmt: skip
