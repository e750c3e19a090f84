"""Accounts: first-start setup, login, lockout with back-off, passwords, user management."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import AuditLog, Instansi, Pengguna
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.password_policy import PasswordError, PasswordPolicy
from mutasi_desktop.domain.roles import AksesDitolak, Peran
from mutasi_desktop.services import accounts_service as acc
from mutasi_desktop.services.accounts_service import InstansiProfil, LoginGagal
from tests.db.security_helpers import ADMIN_PASSWORD, USER_PASSWORD, add_user, setup_office, use_fast_hasher


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_hasher(monkeypatch)


def audit_actions(db: Database) -> list[tuple[str, str]]:
    with db.session() as s:
        return [(r.pengguna, r.aksi) for r in s.scalars(select(AuditLog).order_by(AuditLog.id))]


def test_setup_creates_instansi_and_first_admin_once(db: Database) -> None:
    assert acc.needs_setup(db)
    admin = setup_office(db)
    assert not acc.needs_setup(db)
    assert admin.peran == frozenset({Peran.ADMINISTRATOR})
    with db.session() as s:
        inst = s.scalars(select(Instansi)).one()
        assert inst.nama_daerah == "Kabupaten Sukamaju" and inst.kepala_daerah_jabatan == "BUPATI"
        user = s.scalars(select(Pengguna)).one()
        assert user.password_hash.startswith("$argon2id$")
        assert ADMIN_PASSWORD not in user.password_hash
    # The wizard cannot be replayed to take over the database.
    with pytest.raises(AksesDitolak, match="sudah pernah"):
        acc.complete_setup(db, instansi=InstansiProfil("Kota Lain", "KOTA"), username="penyusup",
                           nama="Penyusup", password="Sangat-Rahasia-99")


def test_setup_rejects_bad_input_and_writes_nothing(db: Database) -> None:
    with pytest.raises(PasswordError, match="minimal 10"):
        acc.complete_setup(db, instansi=InstansiProfil("Kabupaten Sukamaju"), username="admin",
                           nama="Admin", password="pendek")
    with pytest.raises(DomainError, match="Nama daerah wajib"):
        acc.complete_setup(db, instansi=InstansiProfil("  "), username="admin", nama="Admin",
                           password=ADMIN_PASSWORD)
    with pytest.raises(DomainError, match="Nama pengguna"):
        acc.complete_setup(db, instansi=InstansiProfil("Kabupaten X"), username="a b", nama="Admin",
                           password=ADMIN_PASSWORD)
    assert acc.needs_setup(db)
    with db.session() as s:
        assert s.scalars(select(Instansi)).first() is None


def test_login_success_and_wrong_password_message(any_db: Database) -> None:
    setup_office(any_db)
    sesi = acc.login(any_db, " Admin ", ADMIN_PASSWORD)
    assert sesi.actor.username == "admin" and not sesi.harus_ganti_password
    assert sesi.batas_diam_menit == 15
    with pytest.raises(LoginGagal, match=r"^Nama pengguna atau kata sandi salah\.$"):
        acc.login(any_db, "admin", "salah-sekali-123")
    # Unknown user: the same message (does not reveal which names exist).
    with pytest.raises(LoginGagal, match=r"^Nama pengguna atau kata sandi salah\.$"):
        acc.login(any_db, "tidakada", "apa-saja-1234")
    actions = audit_actions(any_db)
    assert ("admin", "LOGIN") in actions
    assert ("admin", "LOGIN_GAGAL") in actions and ("tidakada", "LOGIN_GAGAL") in actions


def test_lockout_with_exponential_back_off(any_db: Database) -> None:
    admin = setup_office(any_db)
    acc.set_policy(any_db, admin, PasswordPolicy(max_failures=3, lock_seconds=60, max_lock_seconds=3600))
    add_user(any_db, admin, "operator1", Peran.OPERATOR)
    now = utcnow()
    for _ in range(2):
        with pytest.raises(LoginGagal, match="salah"):
            acc.login(any_db, "operator1", "keliru-keliru-1", now=now)
    with pytest.raises(LoginGagal, match="dikunci selama 60 detik"):
        acc.login(any_db, "operator1", "keliru-keliru-1", now=now)
    # While locked even the right password is refused, with the waiting time.
    with pytest.raises(LoginGagal, match=r"terkunci.*Coba lagi dalam 30 detik"):
        acc.login(any_db, "operator1", USER_PASSWORD, now=now + timedelta(seconds=30))
    # After the lock a further failure doubles the lock.
    later = now + timedelta(seconds=61)
    with pytest.raises(LoginGagal, match="dikunci selama 2 menit karena 4 kali"):
        acc.login(any_db, "operator1", "keliru-keliru-1", now=later)
    sesi = acc.login(any_db, "operator1", USER_PASSWORD, now=later + timedelta(seconds=121))
    assert sesi.pengguna.gagal_login == 0 and sesi.pengguna.terkunci_sampai is None


def test_admin_unlocks(db: Database) -> None:
    admin = setup_office(db)
    acc.set_policy(db, admin, PasswordPolicy(max_failures=1, lock_seconds=600, max_lock_seconds=600))
    user = add_user(db, admin, "verif", Peran.VERIFIKATOR)
    with pytest.raises(LoginGagal, match="dikunci"):
        acc.login(db, "verif", "keliru-keliru-1")
    assert user.user_id is not None
    acc.unlock_user(db, admin, user.user_id)
    assert acc.login(db, "verif", USER_PASSWORD).actor.peran == frozenset({Peran.VERIFIKATOR})


def test_change_password(db: Database) -> None:
    admin = setup_office(db)
    with pytest.raises(DomainError, match="lama salah"):
        acc.change_password(db, admin, lama="bukan-ini-123", baru="Sandi-Baru-2026")
    with pytest.raises(PasswordError, match="terlalu pendek"):
        acc.change_password(db, admin, lama=ADMIN_PASSWORD, baru="pendek")
    acc.change_password(db, admin, lama=ADMIN_PASSWORD, baru="Sandi-Baru-2026")
    with pytest.raises(LoginGagal):
        acc.login(db, "admin", ADMIN_PASSWORD)
    acc.login(db, "admin", "Sandi-Baru-2026")
    with db.session() as s:
        entries = s.scalars(select(AuditLog).where(AuditLog.entitas == "pengguna")).all()
        # The hash never enters the trail, only the fact that it changed.
        assert all("$argon2" not in str(e.perubahan) for e in entries)
        assert any(e.perubahan and e.perubahan.get("kolom", {}).get("password_hash") for e in entries)


def test_reset_forces_change_at_next_login(any_db: Database) -> None:
    admin = setup_office(any_db)
    op = add_user(any_db, admin, "operator1", Peran.OPERATOR)
    assert op.user_id is not None
    acc.reset_password(any_db, admin, op.user_id, "Sementara-12345")
    sesi = acc.login(any_db, "operator1", "Sementara-12345")
    assert sesi.harus_ganti_password
    acc.change_password(any_db, sesi.actor, lama="Sementara-12345", baru="Pilihan-Sendiri-9")
    assert not acc.login(any_db, "operator1", "Pilihan-Sendiri-9").harus_ganti_password


def test_user_management_rules(any_db: Database) -> None:
    admin = setup_office(any_db)
    assert admin.user_id is not None
    with pytest.raises(DomainError, match="sudah dipakai"):
        add_user(any_db, admin, "admin", Peran.OPERATOR)
    with pytest.raises(DomainError, match="sedikitnya satu peran"):
        acc.create_user(any_db, admin, username="kosong", nama="Kosong", password=USER_PASSWORD, peran=set())
    with pytest.raises(DomainError, match="akun Anda sendiri"):
        acc.update_user(any_db, admin, admin.user_id, nama="Admin", peran={Peran.ADMINISTRATOR}, aktif=False)
    with pytest.raises(DomainError, match="satu Administrator aktif"):
        acc.update_user(any_db, admin, admin.user_id, nama="Admin", peran={Peran.OPERATOR}, aktif=True)

    multi = acc.create_user(any_db, admin, username="rina", nama="Rina", password=USER_PASSWORD,
                            peran={Peran.OPERATOR, Peran.VERIFIKATOR}, batas_opd=(4, 2))
    assert multi.peran == (Peran.OPERATOR, Peran.VERIFIKATOR) and multi.batas_opd == (2, 4)
    assert multi.harus_ganti_password  # a new account starts with a forced change
    changed = acc.update_user(any_db, admin, multi.id, nama="Rina Wulandari", peran={Peran.PEJABAT}, aktif=True)
    assert changed.peran == (Peran.PEJABAT,) and changed.batas_opd == ()
    acc.update_user(any_db, admin, multi.id, nama="Rina Wulandari", peran={Peran.PEJABAT}, aktif=False)
    with pytest.raises(LoginGagal, match="dinonaktifkan"):
        acc.login(any_db, "rina", USER_PASSWORD)
    names = [u.username for u in acc.list_users(any_db, admin)]
    assert names == ["admin", "rina"]
    with any_db.session() as s:
        role_entries = [e for e in s.scalars(select(AuditLog).where(AuditLog.aksi == "PENGGUNA"))
                        if e.perubahan and "peran" in e.perubahan]
        assert any(e.perubahan["peran"] == {"lama": ["OPERATOR", "VERIFIKATOR"], "baru": ["PEJABAT"]}
                   for e in role_entries if isinstance(e.perubahan["peran"], dict))


def test_real_argon2_parameters_are_strong() -> None:
    # The production hasher (not the test one) is Argon2id with at least the RFC 9106 low-memory profile.
    from argon2 import PasswordHasher, Type

    ph = PasswordHasher()
    assert ph.type is Type.ID and ph.memory_cost >= 19 * 1024 and ph.time_cost >= 2
