"""Matching spreadsheet headers to import fields.

SIASN exports spell headers ``NIP BARU``, newer tools slugify them to ``nip_baru``, clerks type
``Nip Baru``: headers are compared after :func:`normalize_header` (case, spaces, underscores,
dots and dashes ignored), in any order; extra columns are ignored and missing optional ones are
tolerated. Title rows above the header (``DAFTAR PEGAWAI ...``) are skipped by
:func:`find_header_row`. For a layout nobody declared, :func:`suggest_mapping` proposes the
closest field for each header with a score, and the clerk confirms it in the mapping dialog.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Below this similarity a suggestion is not worth showing.
SUGGESTION_THRESHOLD = 0.6
HEADER_SCAN_ROWS = 30


def normalize_header(text: object) -> str:
    """``" Nip_Baru "`` -> ``"nipbaru"``; ``None`` -> ``""``."""
    if text is None:
        return ""
    return _NON_ALNUM.sub("", str(text).casefold())


@dataclass(frozen=True)
class FieldSpec:
    """One importable field. ``label`` is the app's own header (template and export);
    ``aliases`` are other headers seen in the wild, best first (when two columns match the same
    field, the one matching the earlier alias wins)."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: str = "text"  # text / nip / digits / date / int / number: how the template formats it
    description: str = ""
    width: int = 0  # column width in the template; 0 = from the label

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class HeaderMatch:
    """The result of matching one header row against a field list."""

    mapping: dict[int, str]  # column index -> field key
    headers: tuple[str, ...]  # header texts as written (index = column)
    unmatched: tuple[int, ...]  # columns with a header that maps to nothing
    missing_required: tuple[str, ...]  # field keys
    missing_optional: tuple[str, ...] = ()
    duplicates: tuple[tuple[int, str], ...] = ()  # (column, field key) ignored in favour of another

    @property
    def matched_count(self) -> int:
        return len(self.mapping)

    def column_of(self, key: str) -> int | None:
        for column, field_key in self.mapping.items():
            if field_key == key:
                return column
        return None


@dataclass(frozen=True)
class Suggestion:
    column: int
    header: str
    field_key: str | None
    score: float  # 1.0 exact (after normalisation)
    alternatives: tuple[tuple[str, float], ...] = field(default=())


def _alias_index(fields: Sequence[FieldSpec]) -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for spec in fields:
        for rank, name in enumerate(spec.names()):
            index.setdefault(normalize_header(name), (spec.key, rank))
    return index


def match_headers(
    headers: Sequence[object],
    fields: Sequence[FieldSpec],
    *,
    profile: Mapping[str, str] | None = None,
) -> HeaderMatch:
    """Map columns to fields by exact normalised name (label or alias).

    ``profile`` (normalised header -> field key, as saved in ``profil_impor``) takes precedence
    over the built-in names; a profile value of ``""`` means "ignore this column".
    """
    texts = tuple("" if h is None else str(h).strip() for h in headers)
    index = _alias_index(fields)
    known = {spec.key for spec in fields}
    chosen: dict[str, tuple[int, int]] = {}  # field key -> (column, rank)
    duplicates: list[tuple[int, str]] = []
    unmatched: list[int] = []
    for column, text in enumerate(texts):
        norm = normalize_header(text)
        if not norm:
            continue
        hit: tuple[str, int] | None
        if profile is not None and norm in profile:
            key = profile[norm]
            hit = (key, -1) if key in known else None
            if hit is None:
                continue
        else:
            hit = index.get(norm)
        if hit is None:
            unmatched.append(column)
            continue
        key, rank = hit
        previous = chosen.get(key)
        if previous is None or rank < previous[1]:
            if previous is not None:
                duplicates.append((previous[0], key))
            chosen[key] = (column, rank)
        else:
            duplicates.append((column, key))
    mapping = {column: key for key, (column, _rank) in sorted(chosen.items(), key=lambda kv: kv[1][0])}
    missing_required = tuple(s.key for s in fields if s.required and s.key not in chosen)
    missing_optional = tuple(s.key for s in fields if not s.required and s.key not in chosen)
    return HeaderMatch(
        mapping=mapping,
        headers=texts,
        unmatched=tuple(unmatched),
        missing_required=missing_required,
        missing_optional=missing_optional,
        duplicates=tuple(duplicates),
    )


def find_header_row(
    rows: Sequence[Sequence[object]],
    fields: Sequence[FieldSpec],
    *,
    profile: Mapping[str, str] | None = None,
    min_matches: int = 2,
) -> int | None:
    """Index in ``rows`` of the header row: the row (among the first ``HEADER_SCAN_ROWS``) that
    matches most fields, at least ``min_matches``. Title rows above it are thereby skipped.
    None when no row qualifies (an unknown layout: the caller offers the mapping dialog)."""
    best: tuple[int, int] | None = None  # (matches, -index)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [cell for cell in row if isinstance(cell, str) and cell.strip()]
        if len(texts) < min_matches:
            continue
        count = match_headers(list(row), fields, profile=profile).matched_count
        if count >= min_matches and (best is None or count > best[0]):
            best = (count, i)
    return None if best is None else best[1]


def first_text_row(rows: Sequence[Sequence[object]]) -> int | None:
    """For an unknown layout: the first row that is mostly text and wider than a title row."""
    widest = max((sum(1 for c in r if c not in (None, "")) for r in rows[:HEADER_SCAN_ROWS]), default=0)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        filled = [c for c in row if c not in (None, "")]
        if filled and len(filled) >= max(2, widest // 2) and all(isinstance(c, str) for c in filled):
            return i
    return None


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    if len(a) >= 3 and len(b) >= 3 and (a in b or b in a):
        ratio = max(ratio, 0.75 + 0.2 * min(len(a), len(b)) / max(len(a), len(b)))
    return ratio


def suggest_mapping(
    headers: Sequence[object],
    fields: Sequence[FieldSpec],
    *,
    profile: Mapping[str, str] | None = None,
) -> list[Suggestion]:
    """For each non-empty header: the best field with a score, plus the runners-up.

    Exact matches (score 1.0) come from :func:`match_headers`; other headers get the most
    similar unused field above :data:`SUGGESTION_THRESHOLD`, each field suggested once.
    """
    exact = match_headers(headers, fields, profile=profile)
    used = set(exact.mapping.values())
    suggestions: dict[int, Suggestion] = {}
    for column, key in exact.mapping.items():
        suggestions[column] = Suggestion(column, exact.headers[column], key, 1.0)
    candidates: list[tuple[float, int, str, tuple[tuple[str, float], ...]]] = []
    for column, text in enumerate(exact.headers):
        if column in suggestions or not normalize_header(text):
            continue
        norm = normalize_header(text)
        scored = sorted(
            (
                (max(_similarity(norm, normalize_header(n)) for n in spec.names()), spec.key)
                for spec in fields
                if spec.key not in used
            ),
            reverse=True,
        )
        alternatives = tuple((key, round(score, 2)) for score, key in scored[:3] if score >= 0.4)
        if scored and scored[0][0] >= SUGGESTION_THRESHOLD:
            candidates.append((scored[0][0], column, scored[0][1], alternatives))
        else:
            suggestions[column] = Suggestion(column, text, None, 0.0, alternatives)
    for score, column, key, alternatives in sorted(candidates, reverse=True):
        if key in used:
            suggestions[column] = Suggestion(column, exact.headers[column], None, 0.0, alternatives)
            continue
        used.add(key)
        suggestions[column] = Suggestion(column, exact.headers[column], key, round(score, 2), alternatives)
    return [suggestions[c] for c in sorted(suggestions)]


def profile_from_mapping(headers: Sequence[object], mapping: Mapping[int, str | None]) -> dict[str, str]:
    """A saveable profile: normalised header -> field key ("" = ignore the column)."""
    profile: dict[str, str] = {}
    for column, header in enumerate(headers):
        norm = normalize_header(header)
        if norm:
            profile[norm] = mapping.get(column) or ""
    return profile


def labels_for(keys: Iterable[str], fields: Sequence[FieldSpec]) -> list[str]:
    by_key = {spec.key: spec.label for spec in fields}
    return [by_key.get(k, k) for k in keys]
