"""Exceptions raised by domain rules.

Every message is Indonesian and meant to be shown to the clerk as is. ``field`` names the
input field (or spreadsheet column) the message is about, so a form can put the message next
to the right widget and an import report can name the column.
"""

from __future__ import annotations


class DomainError(ValueError):
    """A value or an action breaks a domain rule. ``str(error)`` is the Indonesian message."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only constructor arguments are lost by the default exception pickling.
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type[DomainError], message: str, state: dict[str, object]) -> DomainError:
    error = cls.__new__(cls)
    ValueError.__init__(error, message)
    error.__dict__.update(state)
    return error


class NipError(DomainError):
    """A NIP / NI PPPK is malformed.

    ``part`` says which part is wrong: ``"panjang"``, ``"karakter"``, ``"tanggal_lahir"``,
    ``"tmt_cpns"``, ``"jenis_kelamin"`` or ``"nomor_urut"``.
    """

    def __init__(self, message: str, *, field: str | None = None, part: str | None = None) -> None:
        super().__init__(message, field=field)
        self.part = part


class TanggalError(DomainError):
    """A date is missing, malformed, impossible or out of order."""


class GolonganError(DomainError):
    """A golongan / pangkat is unknown or two golongan cannot be compared."""


class PendidikanError(DomainError):
    """A tingkat pendidikan is unknown."""
