"""Shared helpers for the security tests (accounts, audit, backup): cheap hashing, ready users."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import Actor, Peran
from mutasi_desktop.services import accounts_service
from mutasi_desktop.services.accounts_service import InstansiProfil

ADMIN_PASSWORD = "Rahasia-Kantor-2025"
USER_PASSWORD = "Teh-Manis-Hangat-77"


def use_fast_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with tiny cost: same code path, milliseconds instead of ~50 ms per hash."""
    monkeypatch.setattr(accounts_service, "PASSWORD_HASHER",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setattr(accounts_service, "_dummy_hash", None)


def setup_office(db: Database, *, nama_daerah: str = "Kabupaten Sukamaju", kode: str = "3299") -> Actor:
    sesi = accounts_service.complete_setup(
        db, instansi=InstansiProfil(nama_daerah=nama_daerah, jenis="KABUPATEN", kode=kode, provinsi="Jawa Barat"),
        username="admin", nama="Administrator Utama", password=ADMIN_PASSWORD,
    )
    return sesi.actor


def add_user(db: Database, admin: Actor, username: str, *roles: Peran) -> Actor:
    info = accounts_service.create_user(db, admin, username=username, nama=f"Pengguna {username.title()}",
                                        password=USER_PASSWORD, peran=set(roles), harus_ganti_password=False)
    return info.to_actor()
