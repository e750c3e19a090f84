"""The workflow's rule check applied to many candidates, with the candidate's own part reused.

Of the rules of ``domain.eligibility``, most look only at the candidate and the mutasi context
(status, kedudukan, time in post, SKP, hukdis, the 10-year statement, other usul, Mendagri);
four compare the candidate with the target (BUP of the target jabatan, unit open, golongan,
pendidikan). Ranking several vacancies one after another re-runs only those four: the others
are kept with the candidate pool, keyed by the context and the rule settings, and dropped with
the pool when any source table changes. The FORMASI rule (a free seat) is about the vacancy and
is reported once by the ranking, not per candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from mutasi_desktop.domain.eligibility import (
    LULUS,
    RULES,
    CandidateFacts,
    MutasiContext,
    RuleCache,
    RuleResult,
    RuleSettings,
    TargetFacts,
)
from mutasi_desktop.services.candidate_facts import FILTER_IN_PYTHON_ABOVE, load_candidate_facts
from mutasi_desktop.services.selection_pool import KumpulanKandidat

# Rules that depend only on the candidate and the context (a test checks this stays true).
ATURAN_KANDIDAT = frozenset(
    {"STATUS", "KEDUDUKAN", "MASA_JABATAN", "SKP", "HUKDIS", "PERNYATAAN_10_TAHUN", "USUL_LAIN", "PERSETUJUAN_MENDAGRI"}
)
CANDIDATE_RULES = tuple(r for r in RULES if r.kode != "FORMASI")
RULES_KANDIDAT = tuple(r for r in CANDIDATE_RULES if r.kode in ATURAN_KANDIDAT)
RULES_SASARAN = tuple(r for r in CANDIDATE_RULES if r.kode not in ATURAN_KANDIDAT)
_ORDER = {r.kode: i for i, r in enumerate(CANDIDATE_RULES)}


def _key(context: MutasiContext, settings: RuleSettings) -> tuple[Any, ...]:
    return (astuple(context), tuple(sorted(settings.to_dict().items())))


def siapkan_calon(
    session: Session, pool: KumpulanKandidat, rows: Sequence[int], context: MutasiContext, settings: RuleSettings
) -> dict[int, tuple[CandidateFacts, tuple[RuleResult, ...]]]:
    """Facts and candidate-only rule results of the pool ``rows``: the cache of row -> (facts,
    failed or warned candidate rules), filled for the rows not seen yet.

    Facts come in one bulk read. When thousands are missing, each table is read whole anyway
    (``load_candidate_facts``), so the facts of every pool member are kept at once: the next
    vacancy, with other survivors, then reads nothing.
    """
    # A screen may prepare the pool in the background while a ranking runs on it: every shared
    # dict is only touched by single operations (get, setdefault, item set, list()), which do not
    # interleave in CPython; at worst a few facts are read twice.
    key = _key(context, settings)
    cache: dict[int, tuple[CandidateFacts, tuple[RuleResult, ...]]]
    cache = pool.cek_kandidat.setdefault(key, {})
    missing = [r for r in rows if r not in cache]
    if not missing:
        return cache
    # Facts depend only on the data (the pool's fingerprint) and on which SKP years are read.
    facts: dict[int, CandidateFacts]
    facts = pool.cek_kandidat.setdefault(("fakta", date.today(), settings.skp_tahun), {})
    unread = [r for r in missing if r not in facts]
    if unread:
        if len(unread) > FILTER_IN_PYTHON_ABOVE:
            everyone = np.ones(pool.n, dtype=bool)
            everyone[list(facts)] = False
            unread = np.nonzero(everyone)[0].tolist()
        loaded = load_candidate_facts(session, pool.ids[unread].tolist())
        for row in unread:
            fact = loaded.get(int(pool.ids[row]))
            if fact is not None:
                facts[row] = fact
    own_rules = pool.cek_kandidat.get(("aturan_kandidat", key))
    if own_rules is None:
        # These rules ignore the target (tested), so one cache serves every vacancy.
        own_rules = pool.cek_kandidat[("aturan_kandidat", key)] = RuleCache(None, context, settings)
    for row in missing:
        fact = facts.get(row)
        if fact is not None:
            results = own_rules.check(fact, RULES_KANDIDAT)
            cache[row] = (fact, tuple([r for r in results if r.hasil != LULUS]))
    return cache


def periksa_calon(
    session: Session,
    pool: KumpulanKandidat,
    rows: Sequence[int],
    target: TargetFacts,
    context: MutasiContext,
    settings: RuleSettings,
) -> dict[int, tuple[RuleResult, ...]]:
    """The candidate rules for the pool ``rows`` against ``target``, in the order of RULES.

    Passed candidate-only rules are not kept (only failures and warnings are shown, and keeping
    every "lulus" text for 100,000 pegawai costs memory); target rules come complete. Rows whose
    pegawai no longer exists are left out. Every rule runs once per distinct value of what it
    reads (``domain.eligibility.RuleCache``), for this vacancy and across calls.
    """
    key = _key(context, settings)
    cache = siapkan_calon(session, pool, rows, context, settings)
    # One cache per vacancy; only the latest is kept (a few thousand results).
    slot = pool.cek_kandidat.get("aturan_sasaran")
    if slot is None or slot[0] != (key, target):
        slot = pool.cek_kandidat["aturan_sasaran"] = ((key, target), RuleCache(target, context, settings))
    target_rules: RuleCache = slot[1]
    out: dict[int, tuple[RuleResult, ...]] = {}
    order = _ORDER.__getitem__
    for row in rows:
        found = cache.get(row)
        if found is None:
            continue
        fact, own = found
        combined = [*own, *target_rules.check(fact, RULES_SASARAN)]
        if own:
            combined.sort(key=lambda r: order(r.kode))
        out[row] = tuple(combined)
    return out
