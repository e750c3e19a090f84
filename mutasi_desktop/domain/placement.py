"""Batch placement as an assignment problem.

Rows are candidates, columns are *slots* (a vacancy with three open seats is three slots). The
solver maximises the total score over pairs that are allowed, with each candidate placed at most
once and each slot filled at most once; some slots may stay empty and some candidates unplaced.

Why the zero trick is exact: :func:`scipy.optimize.linear_sum_assignment` on an n×m matrix
returns a full assignment of min(n, m) pairs. Giving forbidden pairs the weight 0 and allowed
pairs their (non-negative) score, every matching of allowed pairs extends to a full assignment of
the same weight, and dropping the forbidden pairs from any full assignment never lowers its
weight; so the optimum of the full problem, minus its forbidden pairs, is a maximum-weight
matching of the allowed pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mutasi_desktop.domain.errors import DomainError

FloatMatrix = npt.NDArray[np.float64]
BoolMatrix = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Slot:
    """One open seat: the ``kursi``-th vacancy (0-based) of a formasi."""

    formasi_id: int
    kursi: int = 0


def expand_slots(lowongan: Iterable[tuple[int, int]]) -> list[Slot]:
    """``[(formasi_id, open seats), ...]`` -> one Slot per seat, in input order."""
    slots: list[Slot] = []
    for formasi_id, jumlah in lowongan:
        if jumlah < 0:
            raise DomainError(f"Jumlah lowongan formasi {formasi_id} tidak boleh negatif ({jumlah})")
        slots.extend(Slot(formasi_id, k) for k in range(jumlah))
    return slots


@dataclass(frozen=True)
class Penempatan:
    """The solver's answer: (candidate index, slot index) pairs and their total score."""

    pasangan: tuple[tuple[int, int], ...]
    total: float
    disematkan: frozenset[tuple[int, int]]  # pairs that came from pins


def solve_placement(
    skor: FloatMatrix,
    boleh: BoolMatrix,
    *,
    pin: Sequence[tuple[int, int]] = (),
    kecuali: Iterable[int] = (),
) -> Penempatan:
    """Maximum-total placement.

    ``skor[i, j]`` is candidate i's score for slot j (non-negative where allowed); ``boleh[i, j]``
    says whether the pair meets every hard rule. ``pin`` forces pairs (each must be allowed, and a
    candidate or slot may appear in one pin only); candidates in ``kecuali`` are never placed.
    """
    skor = np.asarray(skor, dtype=np.float64)
    boleh = np.asarray(boleh, dtype=bool)
    if skor.ndim != 2 or skor.shape != boleh.shape:
        raise DomainError("Matriks skor dan matriks kelayakan harus berukuran sama (kandidat × lowongan)")
    n, m = skor.shape
    allowed = boleh & np.isfinite(skor)
    if np.any(skor[allowed] < 0):
        raise DomainError("Skor penempatan tidak boleh negatif")
    excluded = set(kecuali)
    pinned_rows: set[int] = set()
    pinned_cols: set[int] = set()
    for i, j in pin:
        if not (0 <= i < n and 0 <= j < m):
            raise DomainError(f"Penyematan ({i}, {j}) di luar daftar kandidat/lowongan")
        if i in excluded:
            raise DomainError("Pegawai yang dikecualikan tidak dapat sekaligus disematkan")
        if i in pinned_rows:
            raise DomainError("Seorang pegawai hanya dapat disematkan pada satu lowongan")
        if j in pinned_cols:
            raise DomainError("Satu lowongan hanya dapat disematkan untuk satu pegawai")
        if not allowed[i, j]:
            raise DomainError("Pegawai yang disematkan tidak memenuhi syarat untuk lowongan tersebut")
        pinned_rows.add(i)
        pinned_cols.add(j)

    rows = np.array([i for i in range(n) if i not in excluded and i not in pinned_rows], dtype=np.intp)
    cols = np.array([j for j in range(m) if j not in pinned_cols], dtype=np.intp)
    pairs: list[tuple[int, int]] = [(int(i), int(j)) for i, j in pin]
    if rows.size and cols.size:
        sub_allowed = allowed[np.ix_(rows, cols)]
        # Drop rows and columns with nothing allowed: they cannot take part and only cost time.
        keep_r = sub_allowed.any(axis=1)
        keep_c = sub_allowed.any(axis=0)
        rows, cols = rows[keep_r], cols[keep_c]
        if rows.size and cols.size:
            sub_allowed = sub_allowed[np.ix_(keep_r, keep_c)]
            weights = np.where(sub_allowed, skor[np.ix_(rows, cols)], 0.0)
            # Imported here: scipy.optimize takes ~0.6 s to load, which froze the window the first
            # time Analisis Kebutuhan opened although the planner runs only on request.
            from scipy.optimize import linear_sum_assignment

            r_idx, c_idx = linear_sum_assignment(weights, maximize=True)
            for a, b in zip(r_idx, c_idx, strict=True):
                if sub_allowed[a, b]:
                    pairs.append((int(rows[a]), int(cols[b])))
    pairs.sort(key=lambda p: (p[1], p[0]))
    total = float(sum(skor[i, j] for i, j in pairs))
    return Penempatan(pasangan=tuple(pairs), total=total, disematkan=frozenset((int(i), int(j)) for i, j in pin))
