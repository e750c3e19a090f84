"""Password and login rules: minimum length, lockout with exponential back-off, idle timeout.

The thresholds are office settings (``keamanan`` in the ``setting`` table); this module holds the
pure rules and their Indonesian explanations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mutasi_desktop.domain.errors import DomainError

MAX_PASSWORD_LENGTH = 256  # beyond this Argon2 work is wasted and a paste accident is likely


class PasswordError(DomainError):
    """A new password breaks the policy."""


@dataclass(frozen=True)
class PasswordPolicy:
    """Account rules. Defaults follow common guidance (NIST SP 800-63B: length over complexity)."""

    min_length: int = 10
    max_failures: int = 5  # failed logins in a row before the account locks
    lock_seconds: int = 30  # first lock; doubles with every further failure
    max_lock_seconds: int = 3600
    idle_minutes: int = 15  # 0 = never end the session on idle

    def validated(self) -> PasswordPolicy:
        """Raise a DomainError naming the setting that is out of range."""
        if not 8 <= self.min_length <= 128:
            raise DomainError("Panjang minimum kata sandi harus 8 sampai 128 karakter.", field="min_length")
        if not 1 <= self.max_failures <= 100:
            raise DomainError("Batas percobaan gagal harus 1 sampai 100.", field="max_failures")
        if not 1 <= self.lock_seconds <= 86_400:
            raise DomainError("Lama penguncian awal harus 1 detik sampai 1 hari.", field="lock_seconds")
        if not self.lock_seconds <= self.max_lock_seconds <= 7 * 86_400:
            raise DomainError(
                "Lama penguncian maksimum harus antara lama awal dan 7 hari.", field="max_lock_seconds"
            )
        if not 0 <= self.idle_minutes <= 24 * 60:
            raise DomainError("Batas waktu diam harus 0 sampai 1440 menit.", field="idle_minutes")
        return self


def check_new_password(password: str, policy: PasswordPolicy, *, username: str = "", nama: str = "") -> None:
    """Raise :class:`PasswordError` when ``password`` may not be used."""
    if len(password) < policy.min_length:
        raise PasswordError(
            f"Kata sandi terlalu pendek: minimal {policy.min_length} karakter (saat ini {len(password)}).",
            field="password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordError(f"Kata sandi terlalu panjang: maksimal {MAX_PASSWORD_LENGTH} karakter.",
                            field="password")
    if password.strip() != password or not password.strip():
        raise PasswordError("Kata sandi tidak boleh diawali atau diakhiri spasi.", field="password")
    lowered = password.casefold()
    if username and username.casefold() in lowered:
        raise PasswordError("Kata sandi tidak boleh memuat nama pengguna.", field="password")
    if len(set(password)) < 4:
        raise PasswordError("Kata sandi terlalu mudah ditebak: gunakan lebih banyak karakter berbeda.",
                            field="password")
    first_name = nama.split()[0].casefold() if nama.split() else ""
    if len(first_name) >= 4 and first_name in lowered:
        raise PasswordError("Kata sandi tidak boleh memuat nama pemilik akun.", field="password")


def lock_duration(failures: int, policy: PasswordPolicy) -> timedelta:
    """How long the account locks after ``failures`` failed attempts in a row (zero: no lock).

    The first lock comes at ``max_failures``; each further failure doubles it, up to the cap, so a
    guessing script slows to a crawl while a clerk who mistyped waits half a minute.
    """
    if failures < policy.max_failures:
        return timedelta(0)
    exponent = min(failures - policy.max_failures, 20)
    seconds = min(policy.lock_seconds * (2**exponent), policy.max_lock_seconds)
    return timedelta(seconds=seconds)


def describe_wait(until: datetime, now: datetime) -> str:
    """ "3 menit" / "45 detik": how long until a locked account opens again."""
    remaining = max(0, int((until - now).total_seconds() + 0.999))
    if remaining >= 120:
        return f"{(remaining + 59) // 60} menit"
    return f"{remaining} detik"
