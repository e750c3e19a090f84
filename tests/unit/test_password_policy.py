from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.password_policy import (
    PasswordError,
    PasswordPolicy,
    check_new_password,
    describe_wait,
    lock_duration,
)

POLICY = PasswordPolicy()


def test_minimum_length_from_policy() -> None:
    check_new_password("Kopi-Tubruk-9", POLICY)
    with pytest.raises(PasswordError, match="minimal 10 karakter"):
        check_new_password("Kopi-9xyz", POLICY)
    check_new_password("Kopi-9xyz", PasswordPolicy(min_length=8))


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("budi.santoso-2025", "nama pengguna"),
        ("aaaaaaaaaaaaaa", "mudah ditebak"),
        (" spasi-di-depan12", "spasi"),
        ("Santoso-ku-2025", "nama pemilik"),
    ],
)
def test_weak_passwords_refused_with_reason(password: str, fragment: str) -> None:
    with pytest.raises(PasswordError, match=fragment):
        check_new_password(password, POLICY, username="budi.santoso", nama="Santoso Wibowo")


def test_lock_doubles_after_threshold_and_is_capped() -> None:
    p = PasswordPolicy(max_failures=3, lock_seconds=30, max_lock_seconds=200)
    assert lock_duration(2, p) == timedelta(0)
    assert lock_duration(3, p) == timedelta(seconds=30)
    assert lock_duration(4, p) == timedelta(seconds=60)
    assert lock_duration(5, p) == timedelta(seconds=120)
    assert lock_duration(6, p) == timedelta(seconds=200)
    assert lock_duration(500, p) == timedelta(seconds=200)


def test_describe_wait() -> None:
    now = datetime(2025, 1, 1, 8, 0, 0)
    assert describe_wait(now + timedelta(seconds=30), now) == "30 detik"
    assert describe_wait(now + timedelta(minutes=10), now) == "10 menit"


def test_policy_validation_names_the_setting() -> None:
    with pytest.raises(DomainError) as err:
        PasswordPolicy(min_length=4).validated()
    assert err.value.field == "min_length"
    with pytest.raises(DomainError):
        PasswordPolicy(lock_seconds=100, max_lock_seconds=50).validated()
    assert PasswordPolicy().validated() == PasswordPolicy()
