"""Field-level validation errors that a form shows next to each field."""

from __future__ import annotations

from collections.abc import Mapping

from mutasi_desktop.domain.errors import DomainError


class ValidasiGagal(DomainError):
    """One or more fields are wrong. ``errors`` maps a field name to its Indonesian message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        first_field, first = next(iter(self.errors.items())) if self.errors else (None, "Isian tidak valid")
        more = len(self.errors) - 1
        message = first if more <= 0 else f"{first} (dan {more} kesalahan lain)"
        super().__init__(message, field=first_field)


class FieldErrors:
    """Collects errors while validating; ``raise_if_any()`` at the end."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidasiGagal(self.errors)
