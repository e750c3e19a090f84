"""Batch placement: the assignment solver against brute force, pins and exclusions."""

from __future__ import annotations

from itertools import permutations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.placement import Slot, expand_slots, solve_placement


def brute_force(skor: np.ndarray, boleh: np.ndarray, pins: list[tuple[int, int]], kecuali: set[int]) -> float:
    """Best total over every matching of allowed pairs that contains the pins."""
    n, m = skor.shape
    best = -1.0
    rows = list(range(n))
    # Each slot j gets a candidate or None; enumerate injective maps slot -> candidate|None.
    options = [*rows, *[None] * m]
    seen: set[tuple[int | None, ...]] = set()
    for perm in permutations(options, m):
        if perm in seen:
            continue
        seen.add(perm)
        pairs = [(i, j) for j, i in enumerate(perm) if i is not None]
        if any(not boleh[i, j] or i in kecuali for i, j in pairs):
            continue
        if any(p not in pairs for p in pins):
            continue
        best = max(best, float(sum(skor[i, j] for i, j in pairs)))
    return best


@st.composite
def instances(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 5))
    m = draw(st.integers(1, 4))
    values = draw(st.lists(st.integers(0, 100), min_size=n * m, max_size=n * m))
    allowed = draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))
    return np.array(values, dtype=float).reshape(n, m), np.array(allowed, dtype=bool).reshape(n, m)


def _valid(result_pairs: tuple[tuple[int, int], ...], boleh: np.ndarray, kecuali: set[int]) -> None:
    rows = [i for i, _ in result_pairs]
    cols = [j for _, j in result_pairs]
    assert len(rows) == len(set(rows)), "a pegawai was placed twice"
    assert len(cols) == len(set(cols)), "a seat was filled twice"
    assert all(boleh[i, j] for i, j in result_pairs), "an ineligible pair was placed"
    assert not (set(rows) & kecuali), "an excluded pegawai was placed"


@settings(max_examples=150, deadline=None)
@given(instances())
def test_matches_brute_force_optimum(inst: tuple[np.ndarray, np.ndarray]) -> None:
    skor, boleh = inst
    result = solve_placement(skor, boleh)
    _valid(result.pasangan, boleh, set())
    assert result.total == pytest.approx(brute_force(skor, boleh, [], set()))


@settings(max_examples=120, deadline=None)
@given(instances(), st.data())
def test_respects_pins_and_exclusions(inst: tuple[np.ndarray, np.ndarray], data: st.DataObject) -> None:
    skor, boleh = inst
    n, m = skor.shape
    allowed_pairs = [(i, j) for i in range(n) for j in range(m) if boleh[i, j]]
    pin: list[tuple[int, int]] = []
    if allowed_pairs and data.draw(st.booleans()):
        pin = [data.draw(st.sampled_from(allowed_pairs))]
    pinned_rows = {i for i, _ in pin}
    kecuali = set(data.draw(st.lists(st.integers(0, n - 1), max_size=2))) - pinned_rows
    result = solve_placement(skor, boleh, pin=pin, kecuali=kecuali)
    _valid(result.pasangan, boleh, kecuali)
    assert all(p in result.pasangan for p in pin)
    assert result.disematkan == frozenset(pin)
    assert result.total == pytest.approx(brute_force(skor, boleh, pin, kecuali))


def test_pin_that_breaks_a_hard_rule_is_refused() -> None:
    skor = np.array([[50.0, 10.0]])
    boleh = np.array([[False, True]])
    with pytest.raises(DomainError, match="tidak memenuhi syarat"):
        solve_placement(skor, boleh, pin=[(0, 0)])
    with pytest.raises(DomainError, match="dikecualikan"):
        solve_placement(skor, boleh, pin=[(0, 1)], kecuali=[0])
    with pytest.raises(DomainError, match="Satu lowongan hanya"):
        solve_placement(np.ones((2, 1)), np.ones((2, 1), bool), pin=[(0, 0), (1, 0)])


def test_no_allowed_pair_gives_an_empty_plan() -> None:
    result = solve_placement(np.full((3, 2), 70.0), np.zeros((3, 2), bool))
    assert result.pasangan == () and result.total == 0.0


def test_prefers_higher_total_over_more_placements() -> None:
    # A fits both seats; B only the first. A in seat 0 (90) beats A->1 + B->0 (10 + 50).
    skor = np.array([[90.0, 10.0], [50.0, 0.0]])
    boleh = np.array([[True, True], [True, False]])
    assert solve_placement(skor, boleh).pasangan == ((0, 0),)


def test_expand_slots_gives_one_slot_per_open_seat() -> None:
    assert expand_slots([(7, 2), (9, 0), (3, 1)]) == [Slot(7, 0), Slot(7, 1), Slot(3, 0)]
    with pytest.raises(DomainError, match="tidak boleh negatif"):
        expand_slots([(1, -1)])


def test_shape_mismatch_and_negative_scores_are_refused() -> None:
    with pytest.raises(DomainError, match="berukuran sama"):
        solve_placement(np.zeros((2, 2)), np.zeros((2, 3), bool))
    with pytest.raises(DomainError, match="tidak boleh negatif"):
        solve_placement(np.array([[-1.0]]), np.array([[True]]))
