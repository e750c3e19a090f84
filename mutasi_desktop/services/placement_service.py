"""Batch placement: fill many vacancies from a candidate pool with the best total score.

The plan is an assignment problem (``domain.placement``) on a candidates × seats score matrix.
Hard rules are enforced by *lazy verification*: the matrix starts from the vectorised pre-screen,
the solver proposes a placement, every proposed pair is checked with the workflow's
``check_candidate``, failing pairs (or whole candidates, when the failed rule is about the
candidate alone) are forbidden, and the problem is solved again until every proposed pair passes.
Forbidding only pairs that truly fail keeps the final answer optimal over the eligible pairs.

Nothing is saved until :func:`terima_penempatan`, which drafts every usul in one batch and one
transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from sqlalchemy import or_, select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Pegawai, UnitKerja, UsulBatch
from mutasi_desktop.domain.eligibility import PERINGATAN, TIDAK_LULUS, RuleResult, check_candidate
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi, JenisMutasi
from mutasi_desktop.domain.placement import expand_slots, solve_placement
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.scoring import Bobot, Masukan, skor_bagian, skor_seleksi_document, skor_total
from mutasi_desktop.services.candidate_checks import ATURAN_KANDIDAT, CANDIDATE_RULES
from mutasi_desktop.services.candidate_facts import (
    filled_counts,
    load_candidate_facts,
    load_mutasi_context,
    load_rule_settings,
    load_target_facts,
)
from mutasi_desktop.services.concurrency import tracked_session
from mutasi_desktop.services.ranking_service import muat_bobot
from mutasi_desktop.services.selection_inputs import masukan_baris, masukan_untuk, prasaring, sasaran_formasi
from mutasi_desktop.services.selection_pool import bagian_kumpulan, muat_kumpulan
from mutasi_desktop.services.selection_usul import draf_dalam_sesi
from mutasi_desktop.services.usul_store import next_nomor

MAKS_KANDIDAT = 20_000
MAKS_LOWONGAN = 2_000
_MAKS_PUTARAN = 500


@dataclass(frozen=True)
class Pasangan:
    pegawai_id: int
    nip: str
    nama: str
    asal_unit: str
    asal_jabatan: str
    formasi_id: int
    tujuan_unit: str
    tujuan_jabatan: str
    skor: float
    disematkan: bool
    peringatan: tuple[RuleResult, ...]
    masukan: Masukan


@dataclass(frozen=True)
class DampakFormasi:
    """One unit × jabatan touched by the plan: strength before and after."""

    unit_id: int
    unit_nama: str
    jabatan_id: int
    jabatan_nama: str
    formasi_id: int | None
    kebutuhan: int
    sebelum: int
    masuk: int
    keluar: int

    @property
    def sesudah(self) -> int:
        return self.sebelum + self.masuk - self.keluar

    @property
    def selisih_sebelum(self) -> int:
        return self.kebutuhan - self.sebelum

    @property
    def selisih_sesudah(self) -> int:
        return self.kebutuhan - self.sesudah

    @property
    def keadaan(self) -> str:
        s = self.selisih_sesudah
        return "KURANG" if s > 0 else "LEBIH" if s < 0 else "SESUAI"

    @property
    def ditinggalkan_kosong(self) -> bool:
        """The moves open (or widen) a vacancy here."""
        return self.keluar > self.masuk and self.selisih_sesudah > 0


@dataclass(frozen=True)
class RencanaPenempatan:
    pasangan: tuple[Pasangan, ...]
    total: float
    bobot: Bobot
    tmt: date
    kursi: int  # seats offered
    tidak_terisi: tuple[tuple[int, str, int], ...]  # (formasi_id, "unit — jabatan", seats left empty)
    dampak: tuple[DampakFormasi, ...]
    jumlah_kandidat: int
    putaran: int  # solver rounds (1 + rounds that forbade failing pairs)
    catatan: tuple[str, ...] = ()  # seats the plan could not offer, and why

    @property
    def ditinggalkan(self) -> tuple[DampakFormasi, ...]:
        return tuple(d for d in self.dampak if d.ditinggalkan_kosong)


def rencanakan_penempatan(
    db: Database,
    actor: Actor,
    *,
    lowongan: Sequence[tuple[int, int]],
    kandidat_ids: Sequence[int] | None = None,
    pin: Sequence[tuple[int, int]] = (),
    kecuali: Sequence[int] = (),
    bobot: Bobot | None = None,
    tmt: date | None = None,
    pada: date | None = None,
) -> RencanaPenempatan:
    """Best placement of ``kandidat_ids`` (None: every pegawai) into ``lowongan`` [(formasi_id,
    seats)]. ``pin``: (pegawai_id, formasi_id) pairs that must be part of the plan; ``kecuali``:
    pegawai never placed."""
    require(actor, Izin.LIHAT_DATA)
    pada = pada or date.today()
    tmt = tmt or pada
    if bobot is None:
        bobot, _ = muat_bobot(db, actor)
    diminta: dict[int, int] = defaultdict(int)
    for formasi_id, jumlah in lowongan:
        if jumlah < 0:
            raise DomainError(f"Jumlah kursi formasi {formasi_id} tidak boleh negatif ({jumlah})", field="lowongan")
        diminta[formasi_id] += jumlah
    if not sum(diminta.values()):
        raise DomainError("Pilih paling sedikit satu lowongan dengan kursi kosong", field="lowongan")
    if sum(diminta.values()) > MAKS_LOWONGAN:
        raise DomainError(f"Paling banyak {MAKS_LOWONGAN} kursi lowongan dalam satu rencana", field="lowongan")
    pool = muat_kumpulan(db, pada=pada)
    if kandidat_ids is None:
        rows = np.arange(pool.n, dtype=np.int64)
    else:
        rows = np.array(sorted({pool.row_of(pid) for pid in kandidat_ids}), dtype=np.int64)
    if rows.shape[0] > MAKS_KANDIDAT:
        raise DomainError(
            f"Kumpulan calon terlalu besar ({rows.shape[0]:,} pegawai; paling banyak {MAKS_KANDIDAT:,}). "
            "Batasi calon, misalnya hanya pegawai di OPD lowongan.".replace(",", "."),
            field="kandidat",
        )
    sub = bagian_kumpulan(pool, rows)

    with db.session() as session:
        settings = load_rule_settings(session)
        context = load_mutasi_context(session, jenis_mutasi=JenisMutasi.ANTAR_OPD.value,
                                      alasan=AlasanMutasi.KEBUTUHAN_ORGANISASI.value, tmt=tmt, today=pada)  # fmt: skip
        targets = load_target_facts(session, list(diminta))
        missing = [f for f in diminta if f not in targets]
        if missing:
            raise DomainError(f"Formasi id {', '.join(map(str, missing))} tidak ditemukan", field="lowongan")
        # The FORMASI rule for the batch as a whole: never more seats than the formasi has left
        # once approved usul are counted.
        catatan: list[str] = []
        for f, jumlah in diminta.items():
            sisa = max(targets[f].sisa, 0)
            if jumlah > sisa:
                t = targets[f]
                catatan.append(f"{t.jabatan_nama} — {t.unit_nama}: diminta {jumlah} kursi, tersisa {sisa} "
                               "setelah usul yang sudah disetujui")  # fmt: skip
                diminta[f] = sisa
        slots = expand_slots(diminta.items())
        formasi_ids = [f for f, jumlah in diminta.items() if jumlah > 0]
        col_of_formasi: dict[int, list[int]] = defaultdict(list)
        for j, slot in enumerate(slots):
            col_of_formasi[slot.formasi_id].append(j)
        sasaran = {f: sasaran_formasi(session, f) for f in formasi_ids}
        n, m = sub.n, len(slots)
        skor = np.zeros((n, m))
        boleh = np.zeros((n, m), dtype=bool)
        arrays_of = {}
        for f in formasi_ids:
            arrays = masukan_untuk(sub, sasaran[f])
            arrays_of[f] = arrays
            total = skor_total(skor_bagian(arrays), bobot)
            sas = sasaran[f]
            ok = ~prasaring(sub, sas, min_bulan_di_jabatan=settings.min_bulan_di_jabatan, tmt=tmt)
            ok &= ~((sub.unit_id == sas.unit_id) & (sub.jabatan_id == sas.jabatan_id))
            cols = col_of_formasi[f]
            skor[:, cols] = total[:, None]
            boleh[:, cols] = ok[:, None]
        row_of_pid = {int(p): i for i, p in enumerate(sub.ids.tolist())}
        excluded = set()
        for pid in kecuali:
            if pid in row_of_pid:
                excluded.add(row_of_pid[pid])
        pin_pairs: list[tuple[int, int]] = []
        used_cols: set[int] = set()
        for pid, fid in pin:
            if pid not in row_of_pid:
                raise DomainError(f"Pegawai id {pid} yang disematkan tidak ada dalam kumpulan kandidat", field="pin")
            free = [j for j in col_of_formasi.get(fid, []) if j not in used_cols]
            if not free:
                raise DomainError(f"Formasi id {fid} yang disematkan tidak punya kursi tersisa dalam rencana", field="pin")
            used_cols.add(free[0])
            pin_pairs.append((row_of_pid[pid], free[0]))

        facts = load_candidate_facts(session, sub.ids.tolist())
        verdict: dict[tuple[int, int], tuple[RuleResult, ...]] = {}

        def verify(i: int, f: int) -> tuple[RuleResult, ...]:
            key = (i, f)
            if key not in verdict:
                fact = facts.get(int(sub.ids[i]))
                if fact is None:
                    verdict[key] = (RuleResult("DATA", "Data pegawai", TIDAK_LULUS, "Data pegawai tidak ditemukan.", ""),)
                else:
                    verdict[key] = tuple(check_candidate(fact, targets[f], context, settings, rules=CANDIDATE_RULES))
            return verdict[key]

        def forbid(i: int, f: int, results: tuple[RuleResult, ...]) -> None:
            failed = {r.kode for r in results if r.hasil == TIDAK_LULUS}
            if failed and failed <= ATURAN_KANDIDAT:
                boleh[i, :] = False
            else:
                boleh[i, col_of_formasi[f]] = False

        for i, j in pin_pairs:
            f = slots[j].formasi_id
            results = verify(i, f)
            bad = [r for r in results if r.hasil == TIDAK_LULUS]
            if bad:
                raise DomainError(
                    f"Pegawai {sub.nama[i]} (NIP {sub.nip[i]}) yang disematkan tidak memenuhi syarat: "
                    + "; ".join(r.alasan for r in bad), field="pin",
                )  # fmt: skip
            boleh[i, j] = True

        rounds = 0
        while True:
            rounds += 1
            if rounds > _MAKS_PUTARAN:
                raise DomainError("Penempatan tidak dapat diselesaikan: terlalu banyak pasangan yang gugur saat diperiksa")
            plan = solve_placement(skor, boleh, pin=pin_pairs, kecuali=excluded)
            clean = True
            for i, j in plan.pasangan:
                f = slots[j].formasi_id
                results = verify(i, f)
                if any(r.hasil == TIDAK_LULUS for r in results):
                    forbid(i, f, results)
                    clean = False
            if clean:
                break

        counts = filled_counts(session)
        kebutuhan: dict[tuple[int, int], tuple[int, int]] = {(r[0], r[1]): (r[2], r[3]) for r in session.execute(
            select(Formasi.unit_id, Formasi.jabatan_id, Formasi.id, Formasi.kebutuhan))}  # fmt: skip

    pasangan: list[Pasangan] = []
    masuk: dict[tuple[int, int], int] = defaultdict(int)
    keluar: dict[tuple[int, int], int] = defaultdict(int)
    filled_per_formasi: dict[int, int] = defaultdict(int)
    for i, j in plan.pasangan:
        f = slots[j].formasi_id
        t = targets[f]
        masuk[(t.unit_id, t.jabatan_id)] += 1
        filled_per_formasi[f] += 1
        src = (int(sub.unit_id[i]), int(sub.jabatan_id[i]))
        keluar[src] += 1
        pasangan.append(Pasangan(
            pegawai_id=int(sub.ids[i]), nip=sub.nip[i], nama=sub.nama[i],
            asal_unit=sub.units.get(src[0], ("", "", ""))[0], asal_jabatan=sub.jabatan.get(src[1], ("", "", ""))[0],
            formasi_id=f, tujuan_unit=t.unit_nama, tujuan_jabatan=t.jabatan_nama, skor=float(skor[i, j]),
            disematkan=(i, j) in plan.disematkan,
            peringatan=tuple(r for r in verify(i, f) if r.hasil == PERINGATAN),
            masukan=masukan_baris(sub, sasaran[f], arrays_of[f], i),
        ))  # fmt: skip
    pasangan.sort(key=lambda p: (p.tujuan_unit, p.tujuan_jabatan, -p.skor, p.nip))
    seats: dict[int, int] = defaultdict(int)
    for slot in slots:
        seats[slot.formasi_id] += 1
    tidak_terisi = tuple(
        (f, f"{targets[f].unit_nama} — {targets[f].jabatan_nama}", seats[f] - filled_per_formasi[f])
        for f in formasi_ids if seats[f] > filled_per_formasi[f]
    )  # fmt: skip
    dampak = []
    for key in sorted(set(masuk) | set(keluar)):
        found = kebutuhan.get(key)
        formasi_asal: int | None = found[0] if found else None
        keb = found[1] if found else 0
        dampak.append(DampakFormasi(
            unit_id=key[0], unit_nama=sub.units.get(key[0], ("", "", ""))[0], jabatan_id=key[1],
            jabatan_nama=sub.jabatan.get(key[1], ("", "", ""))[0], formasi_id=formasi_asal, kebutuhan=keb or 0,
            sebelum=counts.get(key, 0), masuk=masuk.get(key, 0), keluar=keluar.get(key, 0),
        ))  # fmt: skip
    dampak.sort(key=lambda d: (d.unit_nama, d.jabatan_nama))
    return RencanaPenempatan(
        pasangan=tuple(pasangan), total=round(plan.total, 2), bobot=bobot, tmt=tmt, kursi=len(slots),
        tidak_terisi=tidak_terisi, dampak=tuple(dampak), jumlah_kandidat=n, putaran=rounds, catatan=tuple(catatan),
    )  # fmt: skip


@dataclass(frozen=True)
class HasilTerima:
    batch_id: int
    batch_nomor: str
    usul_ids: tuple[int, ...]


def terima_penempatan(
    db: Database,
    actor: Actor,
    rencana: RencanaPenempatan,
    *,
    judul: str,
    alasan: str = AlasanMutasi.KEBUTUHAN_ORGANISASI.value,
    tanggal: date | None = None,
) -> HasilTerima:
    """Draft one usul per pair, all in a new batch, in one transaction (all or nothing)."""
    require(actor, Izin.KELOLA_USUL)
    if not rencana.pasangan:
        raise DomainError("Rencana penempatan kosong: tidak ada usul yang dibuat")
    if not judul.strip():
        raise DomainError("Judul kelompok usul wajib diisi", field="judul")
    tanggal = tanggal or date.today()
    stamp = datetime.now().isoformat(timespec="seconds")
    with tracked_session(db, actor=actor, write=True) as session:
        batch = UsulBatch(nomor=next_nomor(session, UsulBatch, "BU", tanggal.year), judul=judul.strip(),
                          tanggal=tanggal, catatan="Dibuat dari rencana penempatan", created_by=actor.username)  # fmt: skip
        session.add(batch)
        session.flush()
        ids: list[int] = []
        for p in rencana.pasangan:
            doc = skor_seleksi_document(masukan=p.masukan, bobot=rencana.bobot, formasi_id=p.formasi_id,
                                        peringkat=None, jumlah_kandidat=rencana.jumlah_kandidat, dihitung_pada=stamp)  # fmt: skip
            doc["penempatan"] = {"total_rencana": rencana.total, "disematkan": p.disematkan}
            ids.append(draf_dalam_sesi(session, by=actor, pegawai_id=p.pegawai_id, formasi_id=p.formasi_id,
                                       skor_seleksi=doc, alasan=alasan, tmt=rencana.tmt, batch_id=batch.id,
                                       today=tanggal))  # fmt: skip
        return HasilTerima(batch_id=batch.id, batch_nomor=batch.nomor, usul_ids=tuple(ids))


def pegawai_di_opd(db: Database, actor: Actor, opd_ids: Iterable[int | None]) -> list[int]:
    """Ids of pegawai holding a post in the given OPD (including their sub-units)."""
    require(actor, Izin.LIHAT_DATA)
    wanted = sorted({o for o in opd_ids if o is not None})
    if not wanted:
        return []
    with db.session() as session:
        condition = or_(*(UnitKerja.path.like(f"%/{o}/%") for o in wanted))
        return list(session.scalars(
            select(Pegawai.id).join(UnitKerja, UnitKerja.id == Pegawai.unit_id).where(condition).order_by(Pegawai.id)
        ))  # fmt: skip
