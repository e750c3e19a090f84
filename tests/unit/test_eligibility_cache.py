"""RuleCache: each rule reads only the candidate fields it declares, so sharing results is exact."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any, cast

from hypothesis import given, settings
from hypothesis import strategies as st

from mutasi_desktop.domain.eligibility import (
    RULES,
    CandidateFacts,
    HukdisFact,
    MutasiContext,
    RuleCache,
    SkpFact,
    check_candidate,
)
from tests.unit.test_eligibility import BASE, CTX, SETTINGS, TARGET


class _Recorder:
    """Stands in for a CandidateFacts and notes which fields a rule reads."""

    def __init__(self, facts: CandidateFacts) -> None:
        self._facts = facts
        self.read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self._facts, name)


_dates = st.one_of(st.none(), st.dates(min_value=date(1960, 1, 1), max_value=date(2030, 12, 31)))
_candidates = st.builds(
    lambda status, kedudukan, lahir, gol, pend, tmt, cpns, skp, hukdis, usul, unit: replace(
        BASE,
        status_kepegawaian=status,
        kedudukan=kedudukan,
        tanggal_lahir=lahir,
        golongan_id=gol,
        pendidikan_tingkat=pend,
        tmt_jabatan=tmt,
        tmt_cpns=cpns,
        skp=skp,
        hukdis=hukdis,
        open_usul_ids=usul,
        unit_id=unit,
        jabatan_id=unit and 21,
    ),
    st.sampled_from(["PNS", "CPNS", "PPPK", "pns", "X"]),
    st.sampled_from(["AKTIF", "CLTN", "tugas belajar", "MPP", "?"]),
    st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)),
    st.one_of(st.none(), st.sampled_from([11, 21, 31, 32, 34, 41, 45, 999])),
    st.one_of(st.none(), st.sampled_from(["20", "30", "40", "50", "??"])),
    _dates,
    _dates,
    st.lists(
        st.builds(
            SkpFact,
            st.sampled_from([2024, 2025]),
            st.sampled_from(["ANGKA", "PREDIKAT"]),
            st.one_of(st.none(), st.floats(50, 100)),
            st.sampled_from(["", "BAIK", "KURANG", "SANGAT_BAIK"]),
        ),
        max_size=3,
    ).map(tuple),
    st.lists(
        st.builds(
            HukdisFact,
            st.sampled_from(["RINGAN", "BERAT"]),
            st.sampled_from(["PROSES", "DIJALANI", "SELESAI"]),
            _dates,
            _dates,
        ),
        max_size=2,
    ).map(tuple),
    st.lists(st.integers(1, 5), max_size=2).map(tuple),
    st.sampled_from([None, 10, 11]),
)
_contexts = st.builds(
    lambda jenis, alasan, status: replace(
        CTX, jenis_mutasi=jenis, alasan=alasan, kepala_daerah_status=status
    ),
    st.sampled_from(
        ["ANTAR_OPD", "ANTAR_UNIT_OPD", "KELUAR_KABKOTA_PROVINSI", "KELUAR_ANTAR_PROVINSI", "BUKAN_JENIS"]
    ),
    st.sampled_from(["KEBUTUHAN_ORGANISASI", "PERMINTAAN_SENDIRI", "IKUT_PASANGAN"]),
    st.sampled_from(["DEFINITIF", "PJ"]),
)


@settings(max_examples=300, deadline=None)
@given(_candidates, _contexts, st.booleans())
def test_every_rule_reads_only_the_fields_it_declares(
    candidate: CandidateFacts, ctx: MutasiContext, no_target: bool
) -> None:
    target = None if no_target else TARGET
    for rule in RULES:
        assert rule.reads is not None, f"{rule.kode} declares what it reads"
        recorder = _Recorder(candidate)
        rule.check(cast(CandidateFacts, recorder), target, ctx, SETTINGS)
        assert recorder.read <= set(rule.reads), (rule.kode, recorder.read - set(rule.reads))


def test_declared_fields_exist() -> None:
    names = {f.name for f in fields(CandidateFacts)}
    for rule in RULES:
        assert set(rule.reads or ()) <= names, rule.kode


@settings(max_examples=50, deadline=None)
@given(st.lists(_candidates, min_size=1, max_size=40), _contexts)
def test_shared_results_equal_check_candidate(candidates: list[CandidateFacts], ctx: MutasiContext) -> None:
    cache = RuleCache(TARGET, ctx, SETTINGS)
    for candidate in candidates:
        assert cache.check(candidate) == check_candidate(candidate, TARGET, ctx, SETTINGS)


def test_one_evaluation_per_distinct_value() -> None:
    calls: list[str] = []

    def counting(c: CandidateFacts, t: Any, x: Any, s: Any) -> tuple[Any, str]:
        calls.append(c.status_kepegawaian)
        return "LULUS", "ok"

    rule = replace(RULES[0], check=counting)
    cache = RuleCache(TARGET, CTX, SETTINGS)
    people = [replace(BASE, pegawai_id=i, status_kepegawaian="PNS" if i % 3 else "PPPK") for i in range(30)]
    results = [cache.result(rule, p) for p in people]
    assert sorted(calls) == ["PNS", "PPPK"]
    assert results[1] is results[2]  # the same immutable result, shared
