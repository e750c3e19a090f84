"""Eligibility rules for a mutasi (reference §1.3), as data plus small pure functions.

Each rule is one function ``(candidate, target, context, settings) -> (hasil, alasan)`` and one
row of :data:`RULES` with its code, Indonesian title and legal basis. :func:`check_candidate`
runs them all and returns one :class:`RuleResult` per rule; :func:`is_eligible` says whether none
failed. A new rule is a new function and a new row; thresholds live in :class:`RuleSettings`
(stored in the office settings under ``aturan_mutasi``).

Facts are plain frozen dataclasses filled by ``services.candidate_facts`` so the same rules serve
the usul workflow and the candidate ranking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict
from datetime import date
from functools import lru_cache
from operator import attrgetter

from mutasi_desktop.domain.dates import add_months, add_years, months_between, nama_bulan, usia
from mutasi_desktop.domain.eligibility_facts import (
    HASIL_LABEL,
    KEDUDUKAN_AKTIF,
    KEDUDUKAN_PENGHALANG,
    LULUS,
    PERINGATAN,
    TIDAK_LULUS,
    CandidateFacts,
    Hasil,
    HukdisFact,
    MutasiContext,
    Outcome,
    Rule,
    RuleFn,
    RuleResult,
    RuleSettings,
    SkpFact,
    TargetFacts,
)
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.golongan import compare_golongan, golongan_by_id
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi, ArahMutasi, JenisMutasi
from mutasi_desktop.domain.pendidikan import is_at_least, tingkat_by_kode
from mutasi_desktop.domain.pension import tanggal_pensiun
from mutasi_desktop.domain.skp import SkpThresholds, predikat_efektif

__all__ = [
    "HASIL_LABEL",
    "KEDUDUKAN_AKTIF",
    "KEDUDUKAN_PENGHALANG",
    "LULUS",
    "PERINGATAN",
    "RULES",
    "RULES_BY_KODE",
    "TIDAK_LULUS",
    "CandidateFacts",
    "Hasil",
    "HukdisFact",
    "MutasiContext",
    "Outcome",
    "Rule",
    "RuleCache",
    "RuleFn",
    "RuleResult",
    "RuleSettings",
    "SkpFact",
    "TargetFacts",
    "check_candidate",
    "is_eligible",
    "results_from_json",
    "results_to_json",
    "summarize",
]

# --------------------------------------------------------------------------- helpers


def format_tanggal(d: date) -> str:
    """``7 Januari 2025``, like ``domain.dates.format_tanggal`` but without Babel: the ranking runs
    these rules for 100,000 pegawai and each explanation carries dates."""
    return f"{d.day} {nama_bulan(d.month)} {d.year}"


@lru_cache(maxsize=16)
def _skp_thresholds(baik: float) -> SkpThresholds:
    return SkpThresholds(baik=baik, sangat_baik=max(91.0, baik + 1))


def _code(value: str | None) -> str:
    return "_".join((value or "").strip().upper().replace("/", " ").split())


def _jenis(context: MutasiContext) -> JenisMutasi | None:
    try:
        return JenisMutasi(context.jenis_mutasi)
    except ValueError:
        return None


def _bulan(n: int) -> str:
    years, months = divmod(n, 12)
    if years and months:
        return f"{years} tahun {months} bulan"
    if years:
        return f"{years} tahun"
    return f"{months} bulan"


_NOT_APPLICABLE = "Tidak diperiksa: tujuan mutasi berada di luar instansi ini."


# --------------------------------------------------------------------------- rules


def rule_status(c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings) -> Outcome:
    status = _code(c.status_kepegawaian)
    jenis = _jenis(ctx)
    if status == "CPNS":
        return TIDAK_LULUS, "Pegawai masih CPNS; CPNS tidak dapat dimutasi sebelum diangkat menjadi PNS."
    if status == "PPPK":
        if jenis is not None and jenis.antar_instansi:
            return TIDAK_LULUS, (
                "PPPK tidak dapat pindah ke instansi lain selama masa perjanjian kerja; "
                "hanya penugasan di dalam instansi yang diperbolehkan."
            )
        return LULUS, "PPPK: penugasan di dalam instansi yang sama diperbolehkan."
    if status == "PNS":
        return LULUS, "Pegawai berstatus PNS."
    return TIDAK_LULUS, f"Status kepegawaian '{c.status_kepegawaian}' tidak dikenal."


def rule_kedudukan(c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings) -> Outcome:
    kedudukan = _code(c.kedudukan)
    if kedudukan == KEDUDUKAN_AKTIF:
        return LULUS, "Pegawai berkedudukan aktif."
    reason = KEDUDUKAN_PENGHALANG.get(kedudukan, f"berkedudukan '{c.kedudukan}', bukan aktif")
    return TIDAK_LULUS, f"Pegawai {reason}; tidak dapat dimutasi."


def rule_masa_jabatan(
    c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings
) -> Outcome:
    if c.tmt_jabatan is None:
        return PERINGATAN, "TMT jabatan sekarang belum tercatat; masa di jabatan tidak dapat dihitung."
    months = months_between(c.tmt_jabatan, ctx.tmt)
    since = f"sejak {format_tanggal(c.tmt_jabatan)}"
    if months < s.min_bulan_di_jabatan:
        return TIDAK_LULUS, (
            f"Baru {_bulan(max(months, 0))} di jabatan sekarang ({since}) pada TMT "
            f"{format_tanggal(ctx.tmt)}; minimal {_bulan(s.min_bulan_di_jabatan)}."
        )
    if months > s.rotasi_bulan:
        return PERINGATAN, (
            f"Sudah {_bulan(months)} di jabatan sekarang ({since}), lebih dari "
            f"{_bulan(s.rotasi_bulan)}: sudah waktunya dirotasi."
        )
    return (
        LULUS,
        f"Sudah {_bulan(months)} di jabatan sekarang ({since}); minimal {_bulan(s.min_bulan_di_jabatan)}.",
    )


def rule_skp(c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings) -> Outcome:
    if s.skp_tahun == 0:
        return LULUS, "Syarat SKP tidak diberlakukan (pengaturan 0 tahun)."
    thresholds = _skp_thresholds(s.skp_nilai_min_baik)
    by_year = {f.tahun: f for f in c.skp}
    years = [ctx.today.year - i for i in range(1, s.skp_tahun + 1)]
    missing: list[int] = []
    bad: list[str] = []
    good: list[str] = []
    for year in years:
        fact = by_year.get(year)
        if fact is None:
            missing.append(year)
            continue
        try:
            predikat = predikat_efektif(fact.skala, fact.nilai, fact.predikat, thresholds)
        except (DomainError, ValueError):
            bad.append(f"{year}: predikat '{fact.predikat}' tidak dikenal")
            continue
        shown = f"{predikat.label}" + (f" ({fact.nilai:g})" if fact.nilai is not None else "")
        if predikat.value in ("SANGAT_BAIK", "BAIK"):
            good.append(f"{year}: {shown}")
        else:
            bad.append(f"{year}: {shown}")
    if bad:
        return TIDAK_LULUS, "SKP di bawah Baik — " + "; ".join(bad) + "."
    if missing:
        text = "SKP tahun " + ", ".join(str(y) for y in missing) + " belum tercatat"
        if s.skp_wajib_tercatat:
            return TIDAK_LULUS, text + "."
        return PERINGATAN, text + "; periksa berkas penilaian kinerja."
    return LULUS, "SKP minimal Baik — " + "; ".join(good) + "."


def rule_hukdis(c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings) -> Outcome:
    for h in c.hukdis:
        status = _code(h.status)
        tingkat = h.tingkat.lower()
        if status == "PROSES":
            return TIDAK_LULUS, f"Sedang dalam proses pemeriksaan hukuman disiplin tingkat {tingkat}."
        if status == "SELESAI":
            continue
        if h.tmt_selesai is None or h.tmt_selesai >= ctx.today:
            until = f" sampai {format_tanggal(h.tmt_selesai)}" if h.tmt_selesai else ""
            return TIDAK_LULUS, f"Sedang menjalani hukuman disiplin tingkat {tingkat}{until}."
    return LULUS, "Tidak sedang diperiksa atau menjalani hukuman disiplin."


def rule_usia_bup(c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings) -> Outcome:
    if t is None:
        return LULUS, _NOT_APPLICABLE
    pensiun = tanggal_pensiun(c.tanggal_lahir, t.bup)
    basis = f"BUP jabatan tujuan {t.bup} tahun, TMT pensiun {format_tanggal(pensiun)}"
    if pensiun <= ctx.tmt:
        return TIDAK_LULUS, f"Sudah mencapai batas usia pensiun pada TMT mutasi ({basis})."
    age = usia(c.tanggal_lahir, ctx.tmt)
    if s.margin_bup_tahun and age > t.bup - s.margin_bup_tahun:
        return TIDAK_LULUS, (
            f"Usia {age} tahun pada TMT melebihi batas {t.bup - s.margin_bup_tahun} tahun "
            f"(BUP dikurangi {s.margin_bup_tahun} tahun; {basis})."
        )
    if add_months(ctx.tmt, s.peringatan_bup_bulan) >= pensiun:
        return PERINGATAN, f"Pensiun dalam {s.peringatan_bup_bulan} bulan setelah TMT ({basis})."
    return LULUS, f"Usia memenuhi ({basis})."


def rule_pernyataan_10_tahun(
    c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings
) -> Outcome:
    jenis = _jenis(ctx)
    own_request = ctx.alasan in (AlasanMutasi.PERMINTAAN_SENDIRI.value, AlasanMutasi.IKUT_PASANGAN.value)
    if jenis is None or jenis.arah is not ArahMutasi.KELUAR or not own_request:
        return LULUS, "Tidak berlaku: bukan pindah ke instansi lain atas permintaan sendiri."
    if c.tmt_cpns is None:
        return PERINGATAN, "TMT CPNS belum tercatat; periksa surat pernyataan tidak pindah 10 tahun."
    if c.tmt_cpns.year < s.pernyataan_tahun_mulai:
        return LULUS, f"Diangkat sebelum {s.pernyataan_tahun_mulai}; tidak terikat pernyataan 10 tahun."
    bebas = add_years(c.tmt_cpns, s.pernyataan_masa_tahun)
    if ctx.tmt < bebas:
        return TIDAK_LULUS, (
            f"Terikat pernyataan tidak pindah instansi selama {s.pernyataan_masa_tahun} tahun sejak TMT CPNS "
            f"{format_tanggal(c.tmt_cpns)} (sampai {format_tanggal(bebas)})."
        )
    return (
        LULUS,
        f"Masa {s.pernyataan_masa_tahun} tahun sejak TMT CPNS sudah lewat ({format_tanggal(bebas)}).",
    )


def rule_formasi(c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings) -> Outcome:
    if t is None:
        return LULUS, _NOT_APPLICABLE
    if c.unit_id == t.unit_id and c.jabatan_id == t.jabatan_id:
        return TIDAK_LULUS, "Pegawai sudah menduduki formasi tujuan ini."
    counts = (
        f"kebutuhan {t.kebutuhan}, terisi {t.terisi}, usul masuk {t.incoming_pending}, "
        f"usul keluar {t.outgoing_pending}; dihitung usul yang disetujui atau satu kelompok"
    )
    if t.sisa <= 0:
        return TIDAK_LULUS, f"Formasi tujuan tidak memiliki lowongan ({counts})."
    if t.incoming_diproses >= t.sisa:
        return PERINGATAN, (
            f"Sisa lowongan {t.sisa} ({counts}), tetapi ada {t.incoming_diproses} usul lain yang sedang "
            "diproses ke formasi ini."
        )
    return LULUS, f"Tersedia {t.sisa} lowongan ({counts})."


def rule_unit_tujuan(
    c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings
) -> Outcome:
    if t is None:
        return LULUS, _NOT_APPLICABLE
    if not t.unit_aktif:
        return TIDAK_LULUS, f"Unit tujuan {t.unit_nama or ''} sudah ditutup/tidak aktif.".replace("  ", " ")
    return LULUS, "Unit tujuan aktif."


def rule_golongan(c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings) -> Outcome:
    if t is None:
        return LULUS, _NOT_APPLICABLE
    if t.golongan_min_id is None and t.golongan_max_id is None:
        return LULUS, "Jabatan tujuan tidak mensyaratkan golongan."
    if c.golongan_id is None:
        return PERINGATAN, "Golongan pegawai belum tercatat."
    try:
        own = golongan_by_id(c.golongan_id)
        low = golongan_by_id(t.golongan_min_id) if t.golongan_min_id is not None else None
        high = golongan_by_id(t.golongan_max_id) if t.golongan_max_id is not None else None
        if low is not None and compare_golongan(own, low) < 0:
            return TIDAK_LULUS, f"Golongan {own.kode} di bawah syarat minimal {low.kode}."
        if high is not None and compare_golongan(own, high) > 0:
            return TIDAK_LULUS, f"Golongan {own.kode} di atas batas {high.kode} jabatan tujuan."
    except DomainError as exc:
        return PERINGATAN, f"Golongan tidak dapat dibandingkan: {exc.message}."
    span = " – ".join(g.kode for g in (low, high) if g is not None)
    return LULUS, f"Golongan {own.kode} sesuai syarat jabatan ({span})."


def rule_pendidikan(c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings) -> Outcome:
    if t is None:
        return LULUS, _NOT_APPLICABLE
    if not t.pendidikan_min:
        return LULUS, "Jabatan tujuan tidak mensyaratkan pendidikan minimal."
    if not c.pendidikan_tingkat:
        return PERINGATAN, "Pendidikan terakhir pegawai belum tercatat."
    try:
        own = tingkat_by_kode(c.pendidikan_tingkat)
        minimum = tingkat_by_kode(t.pendidikan_min)
    except DomainError as exc:
        return PERINGATAN, f"Pendidikan tidak dapat dibandingkan: {exc.message}."
    if not is_at_least(own, minimum):
        return TIDAK_LULUS, f"Pendidikan {own.nama} di bawah syarat minimal {minimum.nama}."
    return LULUS, f"Pendidikan {own.nama} memenuhi syarat minimal {minimum.nama}."


def rule_usul_lain(c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings) -> Outcome:
    others = [i for i in c.open_usul_ids if i != ctx.usul_id]
    if others:
        return (
            TIDAK_LULUS,
            f"Pegawai masih memiliki usul mutasi lain yang belum selesai (id {', '.join(map(str, others))}).",
        )
    return LULUS, "Tidak ada usul mutasi lain yang sedang berjalan."


def rule_persetujuan_mendagri(
    c: CandidateFacts, t: TargetFacts | None, ctx: MutasiContext, s: RuleSettings
) -> Outcome:
    status = _code(ctx.kepala_daerah_status)
    if status in ("PJ", "PLT", "PLH"):
        return PERINGATAN, (
            f"Kepala daerah berstatus {ctx.kepala_daerah_status}: mutasi memerlukan persetujuan tertulis "
            "Menteri Dalam Negeri."
        )
    pelantikan = ctx.kepala_daerah_tmt_pelantikan
    if pelantikan is not None:
        until = add_months(pelantikan, s.bulan_setelah_pelantikan)
        if ctx.today < until:
            return PERINGATAN, (
                f"Kepala daerah dilantik {format_tanggal(pelantikan)}, kurang dari "
                f"{s.bulan_setelah_pelantikan} bulan: perlu persetujuan tertulis Menteri Dalam Negeri "
                f"(sampai {format_tanggal(until)})."
            )
    return LULUS, "Tidak memerlukan persetujuan Menteri Dalam Negeri."


RULES: tuple[Rule, ...] = (
    Rule(
        "STATUS", "Status kepegawaian", "PP 11/2017 Pasal 190; PP 49/2018; Peraturan BKN 5/2019", rule_status,
        reads=("status_kepegawaian",),
    ),
    Rule(
        "KEDUDUKAN", "Kedudukan aktif (bukan tugas belajar/CLTN/MPP)", "Peraturan BKN 5/2019", rule_kedudukan,
        reads=("kedudukan",),
    ),
    Rule(
        "MASA_JABATAN", "Masa di jabatan sekarang",
        "PP 11/2017 Pasal 190(3); Peraturan BKN 5/2019 Pasal 2(3)", rule_masa_jabatan, reads=("tmt_jabatan",),
    ),
    Rule(
        "SKP", "Kinerja (SKP) minimal Baik", "Peraturan BKN 5/2019; PermenPANRB 6/2022; PP 46/2011", rule_skp,
        reads=("skp",),
    ),
    Rule(
        "HUKDIS", "Tidak sedang menjalani hukuman disiplin", "PP 94/2021; Peraturan BKN 5/2019", rule_hukdis,
        reads=("hukdis",),
    ),
    Rule(
        "USIA_BUP", "Usia terhadap batas usia pensiun", "UU 20/2023 Pasal 55; PP 11/2017 Pasal 239", rule_usia_bup,
        reads=("tanggal_lahir",),
    ),
    Rule(
        "PERNYATAAN_10_TAHUN", "Pernyataan tidak pindah 10 tahun",
        "PermenPANRB 27/2021 Pasal 52; PermenPANRB 6/2024 Pasal 59", rule_pernyataan_10_tahun, reads=("tmt_cpns",),
    ),
    Rule("UNIT_TUJUAN", "Unit tujuan aktif", "PP 11/2017 Pasal 190(4)", rule_unit_tujuan, reads=()),
    Rule(
        "FORMASI", "Lowongan formasi tujuan (Anjab/ABK)", "PP 11/2017 Pasal 190(4)", rule_formasi,
        reads=("unit_id", "jabatan_id"),
    ),
    Rule(
        "GOLONGAN", "Golongan sesuai jabatan tujuan", "PP 11/2017 Pasal 190(5)", rule_golongan,
        reads=("golongan_id",),
    ),
    Rule(
        "PENDIDIKAN", "Pendidikan sesuai jabatan tujuan", "PP 11/2017 Pasal 190(5)", rule_pendidikan,
        reads=("pendidikan_tingkat",),
    ),
    Rule("USUL_LAIN", "Tidak ada usul mutasi lain", "Tata kerja BKPSDM", rule_usul_lain, reads=("open_usul_ids",)),
    Rule(
        "PERSETUJUAN_MENDAGRI", "Persetujuan Menteri Dalam Negeri",
        "UU 10/2016 Pasal 71(2); SE Mendagri tentang mutasi oleh Pj/Plt", rule_persetujuan_mendagri, reads=(),
    ),
)  # fmt: skip

RULES_BY_KODE: Mapping[str, Rule] = {rule.kode: rule for rule in RULES}


def check_candidate(
    candidate: CandidateFacts,
    target: TargetFacts | None,
    context: MutasiContext,
    settings: RuleSettings,
    *,
    rules: Iterable[Rule] = RULES,
) -> list[RuleResult]:
    """Run every rule; one result per rule, in the order of :data:`RULES`."""
    results: list[RuleResult] = []
    for rule in rules:
        hasil, alasan = rule.check(candidate, target, context, settings)
        results.append(RuleResult(rule.kode, rule.judul, hasil, alasan, rule.dasar_hukum))
    return results


class RuleCache:
    """:func:`check_candidate` for many candidates against one target, context and settings.

    Each rule runs once per distinct value of the fields it reads (:attr:`Rule.reads`), and the
    candidates sharing that value share the (immutable) result: 100,000 pegawai have a few
    thousand birth dates, a dozen golongan, three statuses. The results equal those of
    :func:`check_candidate` (tested, together with what each rule really reads).
    """

    def __init__(self, target: TargetFacts | None, context: MutasiContext, settings: RuleSettings) -> None:
        self.target = target
        self.context = context
        self.settings = settings
        self._seen: dict[str, dict[object, RuleResult]] = {}
        # Per rule list (by identity): each rule with its key function and its results so far.
        self._plans: dict[int, tuple[Iterable[Rule], list[_Step]]] = {}

    def _plan(self, rules: Iterable[Rule]) -> list[_Step]:
        found = self._plans.get(id(rules))
        if found is not None and found[0] is rules:
            return found[1]
        steps: list[_Step] = []
        for rule in rules:
            reads = rule.reads
            key_of = None if reads is None else (attrgetter(*reads) if reads else _no_key)
            steps.append((rule, key_of, self._seen.setdefault(rule.kode, {})))
        self._plans[id(rules)] = (rules, steps)
        return steps

    def result(self, rule: Rule, candidate: CandidateFacts) -> RuleResult:
        """The result of one rule for ``candidate``."""
        if rule.reads is None:
            return _run(rule, candidate, self.target, self.context, self.settings)
        key = attrgetter(*rule.reads)(candidate) if rule.reads else None
        seen = self._seen.setdefault(rule.kode, {})
        found = seen.get(key)
        if found is None:
            found = seen[key] = _run(rule, candidate, self.target, self.context, self.settings)
        return found

    def check(self, candidate: CandidateFacts, rules: Iterable[Rule] = RULES) -> list[RuleResult]:
        """Like :func:`check_candidate`: one result per rule, in the order of ``rules``."""
        out: list[RuleResult] = []
        for rule, key_of, seen in self._plan(rules):
            if key_of is None:
                out.append(_run(rule, candidate, self.target, self.context, self.settings))
                continue
            key = key_of(candidate)
            found = seen.get(key)
            if found is None:
                found = seen[key] = _run(rule, candidate, self.target, self.context, self.settings)
            out.append(found)
        return out


_Step = tuple[Rule, "Callable[[CandidateFacts], object] | None", dict[object, RuleResult]]


def _no_key(candidate: CandidateFacts) -> object:
    return None


def _run(
    rule: Rule,
    candidate: CandidateFacts,
    target: TargetFacts | None,
    context: MutasiContext,
    settings: RuleSettings,
) -> RuleResult:
    hasil, alasan = rule.check(candidate, target, context, settings)
    return RuleResult(rule.kode, rule.judul, hasil, alasan, rule.dasar_hukum)


def is_eligible(results: Iterable[RuleResult]) -> bool:
    """True when no rule failed (warnings do not block)."""
    return all(r.hasil != TIDAK_LULUS for r in results)


def summarize(results: Iterable[RuleResult]) -> Hasil:
    """TIDAK_LULUS if any failed, else PERINGATAN if any warned, else LULUS."""
    kinds = {r.hasil for r in results}
    if TIDAK_LULUS in kinds:
        return TIDAK_LULUS
    if PERINGATAN in kinds:
        return PERINGATAN
    return LULUS


def results_to_json(results: Iterable[RuleResult]) -> list[dict[str, str]]:
    return [asdict(r) for r in results]


def results_from_json(data: object) -> list[RuleResult]:
    """Stored results back into dataclasses; malformed entries are skipped."""
    out: list[RuleResult] = []
    if not isinstance(data, list):
        return out
    for row in data:
        if not isinstance(row, dict):
            continue
        hasil = row.get("hasil")
        if hasil not in (LULUS, TIDAK_LULUS, PERINGATAN):
            continue
        out.append(
            RuleResult(
                kode=str(row.get("kode", "")),
                judul=str(row.get("judul", "")),
                hasil=hasil,
                alasan=str(row.get("alasan", "")),
                dasar_hukum=str(row.get("dasar_hukum", "")),
            )
        )
    return out
